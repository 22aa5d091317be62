"""Social-return pages: the contracts with obligation and realised value of a year, a contract's
yearly report (page, Excel, PDF), purchases from an SW-bedrijf and the PSO levels of the partners.
VIEW_SOCIAL_RETURN to look, MANAGE_SOCIAL_RETURN to add. Aggregates only (`social_report`)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.numbers import parse_amount
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page
from wijkwerk.municipalities.selectors import memberships_for, organisation_list

from . import social_selectors as sel
from .models import PsoLevel
from .social_report import report_data, report_filename, report_pdf, report_xlsx
from .social_return import UnknownTargetGroup
from .social_services import contract_create, pso_level_record, purchase_add

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ContractForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=50)
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    value_per_year = forms.CharField(label=gettext_lazy("Waarde per jaar (euro)"), max_length=30)
    obligation = forms.CharField(label=gettext_lazy("Verplichting (procent van de waarde per jaar)"), max_length=10,
                                 initial="5")
    table = forms.ChoiceField(label=gettext_lazy("Waarderingstabel"))
    parent = forms.ChoiceField(label=gettext_lazy("Hoofdcontract (bij een subcontract)"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Opdrachtnemer"), required=False)

    def __init__(self, *args, tables=(), contracts=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [(str(t.pk), f"{t.name} {t.version}") for t in tables]
        self.fields["parent"].choices = [("", "-")] + [(str(c.pk), f"{c.code} {c.name}") for c in contracts]
        self.fields["organisation"].choices = [("", "-")] + [(str(o.pk), o.name) for o in organisations]


class PurchaseForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2100)
    supplier = forms.ChoiceField(label=gettext_lazy("SW-bedrijf"))
    description = forms.CharField(label=gettext_lazy("Omschrijving"), max_length=200, required=False)
    invoice_value = forms.CharField(label=gettext_lazy("Factuurwaarde excl. btw (euro)"), max_length=30)

    def __init__(self, *args, suppliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [(str(o.pk), o.name) for o in suppliers]


class PsoForm(forms.Form):
    organisation = forms.ChoiceField(label=gettext_lazy("Organisatie"))
    level = forms.ChoiceField(label=gettext_lazy("PSO-niveau"), choices=PsoLevel.Level.choices)
    date = forms.DateField(label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]


def _form_errors(form: forms.Form) -> list[str]:
    return [f"{form.fields[n].label}: {e}" if n in form.fields else str(e) for n, errs in form.errors.items() for e in errs]


def _year(request: HttpRequest) -> int:
    raw, this_year = request.GET.get("jaar", ""), timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 10 else this_year


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted(set(range(this_year + 1, this_year - 6, -1)) | {year}, reverse=True)


def _context(request: HttpRequest, gemeente, tab: str, year: int | None = None) -> dict:
    perms = request.wijkwerk_perms
    ctx = {"nav": "social", "social_tab": tab, "can_manage": perms.can_manage_social_return}
    if year is not None:
        ctx.update({"year": year, "years": _years(year)})
    return ctx


def coach_organisations(user, gemeente) -> frozenset[int]:
    """The organisations whose participants this user coaches (a job coach's membership bound to an
    organisation): their groups are not suppressed for this user."""
    return frozenset(m.organisation_id for m in memberships_for(user=user, gemeente=gemeente)
                     if m.organisation_id and roles.ACCESS_PARTICIPANTS in roles.ROLE_PERMISSIONS.get(m.role.name, ()))


def threshold() -> int:
    return int(getattr(settings, "WIJKWERK_SUPPRESSION_THRESHOLD", 5))


def _contract_or_404(gemeente, contract_id: int):
    contract = sel.contract_get(gemeente=gemeente, contract_id=contract_id)
    if contract is None:
        raise Http404(_("Contract niet gevonden."))
    return contract


def _contract_save(request, gemeente, form: ContractForm) -> list[str]:
    if not form.is_valid():
        return _form_errors(form)
    d = form.cleaned_data
    try:
        value, share = parse_amount(d["value_per_year"]), parse_amount(d["obligation"]) / 100
    except ValueError as exc:
        return [str(exc)]
    table = sel.table_list().filter(pk=int(d["table"])).first()
    parent = sel.contract_get(gemeente=gemeente, contract_id=int(d["parent"])) if d["parent"] else None
    organisation = organisation_list(gemeente=gemeente).filter(pk=int(d["organisation"])).first() \
        if d["organisation"] else None
    try:
        contract = contract_create(gemeente=gemeente, code=d["code"], name=d["name"], value_per_year=value,
                                   obligation=share, table=table, parent=parent, organisation=organisation,
                                   actor=request.user, origin="web")
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("Contract ‘%(code)s’ is opgeslagen.") % {"code": contract.code})
    return []


@gemeente_page(roles.VIEW_SOCIAL_RETURN)
@require_http_methods(["GET", "POST"])
def contract_list(request: HttpRequest, gemeente) -> HttpResponse:
    year = _year(request)
    ctx = _context(request, gemeente, "contracts", year)
    if request.method == "POST" and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    form, errors = None, []
    contracts = list(sel.contract_list(gemeente=gemeente))
    if ctx["can_manage"]:
        latest = sel.table_latest()
        form = ContractForm(request.POST or None, tables=sel.table_list(), contracts=contracts,
                            organisations=organisation_list(gemeente=gemeente),
                            initial={"table": str(latest.pk) if latest else ""})
        if request.method == "POST":
            errors = _contract_save(request, gemeente, form)
            if not errors:
                return redirect("social-return", slug=gemeente.slug)
    results, problem = [], ""
    try:
        results = sel.contracts_year(gemeente=gemeente, year=year)
    except UnknownTargetGroup as exc:
        problem = str(exc)
    codes = {c.pk: c.code for c in contracts}
    rows = [{"result": r, "parent": codes.get(r.contract.parent)} for r in results]
    ctx.update({"rows": rows, "form": form, "errors": errors + ([problem] if problem else []),
                "has_contracts": bool(contracts)})
    return render_page(request, "people/social_list.html", ctx, gemeente=gemeente, status=400 if errors else 200)


def _purchase_save(request, contract, form: PurchaseForm) -> list[str]:
    if not form.is_valid():
        return _form_errors(form)
    d = form.cleaned_data
    supplier = sel.sw_companies(gemeente=contract.gemeente).filter(pk=int(d["supplier"])).first()
    try:
        value = parse_amount(d["invoice_value"])
        purchase_add(contract=contract, year=d["year"], supplier=supplier, invoice_value=value,
                     description=d["description"], actor=request.user, origin="web")
    except ValueError as exc:  # not an amount
        return [str(exc)]
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("De inkoop is opgeslagen."))
    return []


def _report(request, gemeente, contract, year: int) -> dict:
    result = sel.contract_year(contract=contract, year=year)
    return report_data(result=result, threshold=threshold(),
                       coach_organisations=coach_organisations(request.user, gemeente))


@gemeente_page(roles.VIEW_SOCIAL_RETURN)
@require_http_methods(["GET", "POST"])
def contract_detail(request: HttpRequest, gemeente, contract_id: int) -> HttpResponse:
    contract = _contract_or_404(gemeente, contract_id)
    year = _year(request)
    ctx = _context(request, gemeente, "contracts", year)
    if request.method == "POST" and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    form, errors = None, []
    suppliers = list(sel.sw_companies(gemeente=gemeente))
    if ctx["can_manage"]:
        form = PurchaseForm(request.POST or None, suppliers=suppliers, initial={"year": year})
        if request.method == "POST":
            errors = _purchase_save(request, contract, form)
            if not errors:
                return redirect(f"{request.path}?jaar={form.cleaned_data['year']}")
    data, problem = None, ""
    try:
        data = _report(request, gemeente, contract, year)
    except UnknownTargetGroup as exc:
        problem = str(exc)
    ctx.update({"contract": contract, "data": data, "hidden_label": _("< %(n)s") % {"n": threshold()}, "form": form, "errors": errors + ([problem] if problem else []),
                "purchases": sel.purchase_list(contract=contract, year=year), "suppliers": suppliers,
                "subcontracts": [c for c in sel.contract_list(gemeente=gemeente) if c.parent_id == contract.pk]})
    return render_page(request, "people/social_contract.html", ctx, gemeente=gemeente, status=400 if errors else 200)


def _download(request, gemeente, contract_id: int, kind: str) -> HttpResponse:
    contract = _contract_or_404(gemeente, contract_id)
    try:
        data = _report(request, gemeente, contract, _year(request))
    except UnknownTargetGroup as exc:
        return render_page(request, "people/social_problem.html", {"nav": "social", "problem": str(exc),
                                                                   "contract": contract}, gemeente=gemeente,
                           status=409)
    if kind == "xlsx":
        response = HttpResponse(report_xlsx(data), content_type=XLSX)
    else:
        response = HttpResponse(report_pdf(data, gemeente_name=gemeente.name), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data, kind)}"'
    return response


@gemeente_page(roles.VIEW_SOCIAL_RETURN)
@require_GET
def contract_xlsx(request: HttpRequest, gemeente, contract_id: int) -> HttpResponse:
    return _download(request, gemeente, contract_id, "xlsx")


@gemeente_page(roles.VIEW_SOCIAL_RETURN)
@require_GET
def contract_pdf(request: HttpRequest, gemeente, contract_id: int) -> HttpResponse:
    return _download(request, gemeente, contract_id, "pdf")


def _pso_save(request, gemeente, form: PsoForm) -> list[str]:
    if not form.is_valid():
        return _form_errors(form)
    d = form.cleaned_data
    organisation = organisation_list(gemeente=gemeente).filter(pk=int(d["organisation"])).first()
    try:
        pso = pso_level_record(organisation=organisation, level=d["level"], date=d["date"], actor=request.user,
                               origin="web")
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("PSO-niveau van ‘%(name)s’ is opgeslagen.") % {"name": pso.organisation.name})
    return []


@gemeente_page(roles.VIEW_SOCIAL_RETURN)
@require_http_methods(["GET", "POST"])
def pso_levels(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = _context(request, gemeente, "pso")
    if request.method == "POST" and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    overview = sel.pso_overview(gemeente=gemeente)
    form, errors = None, []
    if ctx["can_manage"]:
        form = PsoForm(request.POST or None, organisations=[row["organisation"] for row in overview],
                       initial={"date": timezone.localdate()})
        if request.method == "POST":
            errors = _pso_save(request, gemeente, form)
            if not errors:
                return redirect("social-pso", slug=gemeente.slug)
    ctx.update({"overview": overview, "form": form, "errors": errors})
    return render_page(request, "people/social_pso.html", ctx, gemeente=gemeente, status=400 if errors else 200)
