"""The signed-in user's own account: changing the password (`/account/wachtwoord/`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .audit import audit_log
from .auth import client_ip
from .models import AuditLogEntry


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with Dutch labels. The current password is checked through `authenticate()`,
    so wrong guesses count towards the sign-in lockout like wrong passwords on the login page (a
    stolen session cannot be used to guess the password at leisure)."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Uw huidige wachtwoord klopt niet. Probeer het opnieuw."),
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
    }

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = gettext("Huidig wachtwoord")
        self.fields["new_password1"].label = gettext("Nieuw wachtwoord")
        self.fields["new_password2"].label = gettext("Nieuw wachtwoord (nog een keer)")
        self.fields["new_password2"].help_text = ""

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (login required; the session stays valid after the change), audited."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log(action="auth.password_change", actor=self.request.user, obj=self.request.user,
                  origin=AuditLogEntry.Origin.WEB, detail={"ip": client_ip(self.request)})
        messages.success(self.request, gettext("Uw wachtwoord is gewijzigd."))
        return response
