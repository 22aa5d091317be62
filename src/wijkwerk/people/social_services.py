"""Social return (writes): contracts, purchases from an SW-bedrijf and PSO levels, each validated
and written with its audit line in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.municipalities.models import Gemeente, Organisation

from .models import Contract, PsoLevel, SocialPurchase, SocialReturnTable
from .social_selectors import table_latest
from .tables import tables_load

MAX_AMOUNT = Decimal("999999999999.99")  # max_digits 14, 2 decimals
MAX_PURCHASE = Decimal("9999999999.99")  # max_digits 12
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _amount(value, label: str, maximum: Decimal) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("%(label)s: ‘%(value)s’ is geen bedrag.") % {"label": label, "value": value}) from None
    if not amount.is_finite() or amount < 0 or amount > maximum:
        raise ValidationError(_("%(label)s moet tussen 0 en %(max)s euro liggen.") % {"label": label, "max": maximum})
    return amount


@transaction.atomic
def default_tables_ensure() -> int:
    """Loads the default valuation tables (tables.DEFAULT_TABLES) that are missing, as migration 0002
    does: for a database emptied since (a test that flushes it). Returns how many were made."""
    return tables_load(SocialReturnTable)


@transaction.atomic
def contract_create(*, gemeente: Gemeente, code: str, name: str, value_per_year: Decimal | int | str,
                    obligation: Decimal | str = Decimal("0.05"), table: SocialReturnTable | None = None,
                    parent: Contract | None = None, organisation: Organisation | None = None, actor=None,
                    origin: str = "system") -> Contract:
    """A contract (or, with `parent`, a subcontract) with its value per year and its social-return
    obligation as a fraction (0.05 is 5 %). Without `table`: the newest Haaglanden table."""
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 50:
        raise ValidationError(_("Geef het contract een code van hoogstens 50 tekens."))
    if not name or len(name) > 200:
        raise ValidationError(_("Geef het contract een naam van hoogstens 200 tekens."))
    if Contract.objects.filter(gemeente=gemeente, code=code).exists():
        raise ValidationError(_("Er is al een contract met de code ‘%(code)s’ in deze gemeente.") % {"code": code})
    value = _amount(value_per_year, _("De waarde per jaar"), MAX_AMOUNT)
    try:
        share = Decimal(str(obligation))
    except (InvalidOperation, ValueError, TypeError):
        share = Decimal(-1)
    if not share.is_finite() or not 0 <= share <= 1 or share != share.quantize(Decimal("0.0001")):
        raise ValidationError(_("De verplichting is een deel van de contractwaarde tussen 0 en 1 met hoogstens vier "
                                "decimalen: schrijf 0,05 voor 5 %%. Gekregen: ‘%(value)s’.") % {"value": obligation})
    table = table or table_latest() or (default_tables_ensure() and table_latest())
    if table is None:
        raise ValidationError(_("Er is geen waarderingstabel voor social return: laad de standaardtabellen "
                                "(wijkwerk migrate)."))
    if parent is not None and parent.gemeente_id != gemeente.pk:
        raise ValidationError(_("Het hoofdcontract hoort bij een andere gemeente."))
    if organisation is not None and organisation.gemeente_id != gemeente.pk:
        raise ValidationError(_("De opdrachtnemer hoort bij een andere gemeente."))
    contract = Contract.objects.create(gemeente=gemeente, code=code, name=name, value_per_year=value,
                                       obligation=share, table=table, parent=parent, organisation=organisation)
    audit_log(action="people.contract_create", actor=actor, gemeente=gemeente, obj=contract, origin=origin,
              detail={"code": code, "value_per_year": str(value), "obligation": str(share),
                      "table": str(table), "parent": parent.code if parent else None,
                      "organisation": organisation.pk if organisation else None})
    return contract


@transaction.atomic
def purchase_add(*, contract: Contract, year: int, supplier: Organisation, invoice_value: Decimal | int | str,
                 description: str = "", actor=None, origin: str = "system") -> SocialPurchase:
    """Work bought from an SW-bedrijf under `contract` in `year`, at its invoice value excluding VAT."""
    if supplier.gemeente_id != contract.gemeente_id:
        raise ValidationError(_("De leverancier hoort bij een andere gemeente."))
    if supplier.kind != Organisation.Kind.SW_BEDRIJF:
        raise ValidationError(_("Alleen inkoop bij een SW-bedrijf telt mee; ‘%(name)s’ is geen SW-bedrijf.")
                              % {"name": supplier.name})
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("Het jaar moet tussen %(first)s en %(last)s liggen.")
                              % {"first": FIRST_YEAR, "last": LAST_YEAR})
    value = _amount(invoice_value, _("De factuurwaarde"), MAX_PURCHASE)
    purchase = SocialPurchase.objects.create(contract=contract, year=year, supplier=supplier,
                                             description=(description or "").strip()[:200], invoice_value=value)
    audit_log(action="people.social_purchase_add", actor=actor, gemeente=contract.gemeente, obj=purchase,
              origin=origin, detail={"contract": contract.code, "year": year, "supplier": supplier.pk,
                                     "invoice_value": str(value)})
    return purchase


@transaction.atomic
def pso_level_record(*, organisation: Organisation, level: str, date: datetime.date, actor=None,
                     origin: str = "system") -> PsoLevel:
    """The PSO level (Prestatieladder Socialer Ondernemen) an organisation has from `date`; earlier
    levels stay as its history."""
    if level not in PsoLevel.Level.values:
        raise ValidationError(_("‘%(level)s’ is geen PSO-niveau; kies uit: %(levels)s.")
                              % {"level": level, "levels": ", ".join(PsoLevel.Level.values)})
    if not isinstance(date, datetime.date) or not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValidationError(_("Geef de datum van het PSO-niveau op."))
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        raise ValidationError(_("Een PSO-niveau hoort bij een partnerorganisatie, niet bij de gemeente zelf."))
    pso = PsoLevel.objects.create(organisation=organisation, level=level, date=date)
    audit_log(action="people.pso_level_record", actor=actor, gemeente=organisation.gemeente, obj=pso, origin=origin,
              detail={"organisation": organisation.pk, "level": level, "date": date.isoformat()})
    return pso
