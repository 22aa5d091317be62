"""Checks of participant fields, shared by the pages, the API and `import-participants`: each
raises ValidationError with a Dutch message a job coach understands."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership

from .models import Contract, SocialReturnTable
from .tables import DEFAULT_TABLE_NAME, DEFAULT_TABLES, FLAG_BONUSES

MAX_HOURS_PER_WEEK = Decimal("60")
HOURS_IN_A_YEAR = 24 * 366


def default_table() -> SocialReturnTable | None:
    return SocialReturnTable.objects.filter(name=DEFAULT_TABLE_NAME).order_by("-valid_from").first()


def known_target_groups(*, contract: Contract | None) -> set[str]:
    if contract is not None:
        return set(contract.table.values)
    table = default_table()
    spec = next(t for t in DEFAULT_TABLES if t["name"] == DEFAULT_TABLE_NAME)
    return set(table.values if table else spec["values"])


def target_group_clean(value: str, *, contract: Contract | None) -> str:
    code = (value or "").strip().lower()
    known = known_target_groups(contract=contract)
    if code not in known:
        raise ValidationError(_("Onbekende doelgroep ‘%(value)s’. Bekende doelgroepen: %(known)s.") % {
            "value": (value or "").strip(), "known": ", ".join(sorted(known))})
    return code


def hours_clean(value) -> Decimal:
    """Hours per week: 0..60; a figure of a whole year's hours (or more) is refused as such."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Uren per week ‘%(value)s’ is geen getal.") % {"value": value}) from None
    if not hours.is_finite() or hours < 0:
        raise ValidationError(_("Uren per week mag niet negatief zijn (%(value)s).") % {"value": value})
    if hours * 52 > HOURS_IN_A_YEAR:
        raise ValidationError(_("%(value)s uur per week is meer dan een jaar heeft.") % {"value": value})
    if hours > MAX_HOURS_PER_WEEK:
        raise ValidationError(_("Meer dan %(max)s uur per week kan niet (%(value)s).") % {
            "max": MAX_HOURS_PER_WEEK, "value": value})
    return hours.quantize(Decimal("0.1"))


def dates_clean(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError(_("De einddatum (uitstroom) %(end)s ligt vóór de startdatum (instroom) %(start)s.") % {
            "end": end.isoformat(), "start": start.isoformat()})


def birth_year_clean(value, *, start: datetime.date) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("Geboortejaar ‘%(value)s’ is geen jaartal.") % {"value": value}) from None
    if not start.year - 80 <= year <= start.year - 14:
        raise ValidationError(_("Geboortejaar %(year)s past niet bij een deelnemer die in %(start)s begint.") % {
            "year": year, "start": start.year})
    return year


def bonuses_clean(values) -> list[str]:
    codes = sorted({str(v).strip() for v in values or () if str(v).strip()})
    unknown = [c for c in codes if c not in FLAG_BONUSES]
    if unknown:
        raise ValidationError(_("Onbekende bonus ‘%(value)s’.") % {"value": ", ".join(unknown)})
    return codes


def coach_clean(coach, *, gemeente, organisation) -> None:
    """The coach must be a job coach of the participant's own organisation."""
    if coach is None:
        return
    ok = Membership.objects.filter(user=coach, gemeente=gemeente, role__name=roles.JOBCOACH,
                                   organisation=organisation).exists()
    if not ok:
        raise ValidationError(_("%(coach)s is geen jobcoach van %(organisation)s: een deelnemer krijgt alleen een "
                                "jobcoach van de eigen organisatie.") % {
            "coach": coach.get_username(), "organisation": organisation.name})


def contract_clean(contract: Contract | None, *, gemeente) -> None:
    if contract is not None and contract.gemeente_id != gemeente.pk:
        raise ValidationError(_("Dit contract hoort niet bij de gemeente."))
