"""The audit log page of a municipality (`/g/<slug>/logboek/`), for the data-protection officer:
newest first, per page, filtered on object, user, action and period. Reading it is audited too."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wijkwerk.core.models import AuditLogEntry

from . import roles
from .audit_access import AuditFilters, audit_entry_list, audit_filters_parse, audit_log_read
from .pages import gemeente_page, render_page

PAGE_SIZE = 100


def _described(name: str) -> dict:
    return {"aria-describedby": f"id_{name}-hulp"}


class AuditFilterForm(forms.Form):
    object = forms.CharField(
        label=_("Object"), required=False, max_length=150, widget=forms.TextInput(attrs=_described("object")),
        help_text=_("Soort en nummer, bijv. assets.asset:12, of alleen het nummer."))
    actor = forms.CharField(label=_("Gebruiker"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    action = forms.CharField(
        label=_("Handeling"), required=False, max_length=150, widget=forms.TextInput(attrs=_described("action")),
        help_text=_("Bijv. asset.update, of asset.* voor alle handelingen die zo beginnen."))
    since = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["filters"] = audit_filters_parse(
                object_ref=data.get("object", ""), actor=data.get("actor", ""), action=data.get("action", ""),
                since=data["since"].isoformat() if data.get("since") else "",
                until=data["until"].isoformat() if data.get("until") else "")
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        return data


@gemeente_page(roles.VIEW_AUDIT)
@require_http_methods(["GET"])
def audit_log_page(request: HttpRequest, gemeente) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() or not form.is_bound
    filters = form.cleaned_data.get("filters", AuditFilters()) if form.is_bound and valid else AuditFilters()
    entries = audit_entry_list(gemeente=gemeente, filters=filters)
    if not valid:  # a filter that cannot be read shows nothing rather than everything
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    entries = list(page.object_list)
    audit_log_read(gemeente=gemeente, actor=request.user, filters=filters, page=page.number, returned=len(entries),
                   origin=AuditLogEntry.Origin.WEB)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render_page(request, "municipalities/audit_log.html", {
        "nav": "audit", "form": form, "page": page, "entries": entries, "total": page.paginator.count,
        "query": query.urlencode()}, gemeente=gemeente)
