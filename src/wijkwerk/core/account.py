"""The signed-in user's own account: changing the password (`/account/wachtwoord/`), and the second
sign-in step (`/account/tweede-stap/`: the code from the authenticator app; `.../instellen/`: setting
the app up). Who needs the second step, and the checks behind these pages: core/two_factor.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from . import two_factor
from .audit import audit_log
from .auth import client_ip, lockout_response
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


# --- The second step -----------------------------------------------------------------------------

class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(label=_("Code uit de app"), max_length=20, required=False)

    def __init__(self, *args, digits: int = 6, **kwargs):
        super().__init__(*args, **kwargs)
        self.digits = digits

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())  # "123 456" as some apps show it
        if not (code.isascii() and code.isdigit() and len(code) == self.digits):
            raise forms.ValidationError(
                gettext("Vul de code van %(n)s cijfers in die de app nu laat zien.") % {"n": self.digits})
        return code


def _refusal(check: two_factor.CodeCheck) -> str:
    if check.wait:
        return ngettext(
            "Te veel verkeerde codes na elkaar. Wacht %(n)s seconde en vul dan de nieuwe code uit de app in.",
            "Te veel verkeerde codes na elkaar. Wacht %(n)s seconden en vul dan de nieuwe code uit de app in.",
            check.wait,
        ) % {"n": check.wait}
    return gettext("Deze code klopt niet. Vul de code in die de app nu laat zien: hij verandert elke 30 seconden.")


@method_decorator(never_cache, name="dispatch")
class _TwoFactorPage(LoginRequiredMixin, View):
    template_name = ""

    def next_url(self) -> str:
        return two_factor.safe_next(self.request.POST.get("next") or self.request.GET.get("next"))

    def done(self):
        return redirect(self.next_url() or reverse("home"))

    def page(self, form, **context):
        return render(self.request, self.template_name,
                      {"form": form, "next": self.next_url(), "digits": form.digits, **context})


class TwoFactorVerifyView(_TwoFactorPage):
    """After the password: the code from the app. Without a confirmed device: to the setup page."""

    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # to the login page
        if two_factor.is_verified(request.user):
            return self.done()
        self.device = two_factor.confirmed_device(request.user)
        if self.device is None:
            return redirect(two_factor.two_factor_url(request.user, self.next_url()))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(TwoFactorCodeForm(digits=self.device.digits))

    def post(self, request):
        form = TwoFactorCodeForm(request.POST, digits=self.device.digits)
        if form.is_valid():
            check = two_factor.two_factor_verify(request=request, device=self.device, code=form.cleaned_data["code"])
            if check.locked:
                logout(request)  # the password step is undone too: the username is locked
                return lockout_response(request)
            if check.ok:
                return self.done()
            form.add_error("code", _refusal(check))
        return self.page(form)


class TwoFactorSetupView(_TwoFactorPage):
    """Setting up the app: explanation, QR code, the key to type in, and the first code to confirm.
    A user who has an app already comes here only after giving its code (to replace it, e.g. on a new
    phone); before that, to the code page, so that a password alone never changes the app."""

    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.current = two_factor.confirmed_device(request.user)
        if self.current is not None and not two_factor.is_verified(request.user):
            return redirect(two_factor.two_factor_url(request.user, self.next_url()))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        device = two_factor.two_factor_device_for_setup(user=request.user)
        return self.setup_page(TwoFactorCodeForm(digits=device.digits), device)

    def post(self, request):
        device = two_factor.unconfirmed_device(request.user)
        if device is None:  # confirmed in another tab, or reset meanwhile: start again
            return redirect(request.get_full_path())
        form = TwoFactorCodeForm(request.POST, digits=device.digits)
        if form.is_valid():
            check = two_factor.two_factor_confirm(request=request, device=device, code=form.cleaned_data["code"])
            if check.ok:
                messages.success(request, gettext("De tweede stap is ingesteld. Na uw wachtwoord vraagt Wijkwerk "
                                                  "voortaan om de code uit de app."))
                return self.done()
            form.add_error("code", _refusal(check))
        return self.setup_page(form, device)

    def setup_page(self, form, device):
        return self.page(
            form,
            qr_svg=two_factor.qr_svg(device, title=gettext(
                "QR-code om Wijkwerk aan uw authenticator-app toe te voegen. Kunt u hem niet scannen, typ dan "
                "de sleutel hieronder over.")),
            secret=two_factor.secret_for_typing(device),
            issuer=two_factor.issuer(),
            current=self.current,
        )
