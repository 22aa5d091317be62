"""`wijkwerk import-activities`: code,name,unit,norm_hours,skills,certificates[,equipment]; skills
and certificates are `;`-separated codes the municipality has. An existing code is updated."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport

from ..catalogue import activity_save, codes_resolve, norm_hours_clean
from ..models import Activity, CertificateType, Skill
from .base import RowRefused, codes, rows_import, text

ACTIVITY_ALIASES = {
    "code": ("code", "activiteitcode"),
    "name": ("name", "naam", "omschrijving"),
    "unit": ("unit", "eenheid"),
    "norm_hours": ("norm_hours", "normuren", "norm", "uren_per_eenheid"),
    "skills": ("skills", "vaardigheden"),
    "certificates": ("certificates", "certificaten"),
    "equipment": ("equipment", "materieel"),
}
ACTIVITY_REQUIRED = ("code", "name", "unit", "norm_hours", "skills", "certificates")


def _field_check(field: str, check) -> object:
    try:
        return check()
    except ValidationError as exc:
        raise RowRefused(field, " ".join(exc.messages)) from None


def activities_import(*, gemeente, path, actor=None, origin: str = "cli") -> ImportReport:
    def write_row(row: dict, columns: dict[str, str]) -> str:
        code = text(row, columns, "code").lower()
        if not code:
            raise RowRefused("code", _("De code ontbreekt."))
        if not text(row, columns, "name"):
            raise RowRefused("name", _("De naam ontbreekt."))
        norm_raw = text(row, columns, "norm_hours")
        if not norm_raw:
            raise RowRefused("norm_hours", _("De normuren ontbreken."))
        norm = _field_check("norm_hours", lambda: norm_hours_clean(norm_raw))
        skills = codes(text(row, columns, "skills"))
        certificates = codes(text(row, columns, "certificates"))
        _field_check("skills", lambda: codes_resolve(model=Skill, gemeente=gemeente, codes=skills,
                                                     unknown=_("Onbekende vaardigheid ‘%(code)s’.")))
        _field_check("certificates", lambda: codes_resolve(model=CertificateType, gemeente=gemeente, codes=certificates,
                                                           unknown=_("Onbekend certificaat ‘%(code)s’.")))
        before = Activity.objects.filter(gemeente=gemeente, code=code).prefetch_related("skills", "certificates").first()
        unit = text(row, columns, "unit") or "st"
        equipment = text(row, columns, "equipment") if "equipment" in columns else None
        if before is not None and _same(before, row, columns, norm, unit, skills, certificates, equipment):
            return "unchanged"
        _activity, created = activity_save(
            gemeente=gemeente, code=code, name=text(row, columns, "name"), unit=unit, norm_hours=norm,
            skills=skills, certificates=certificates, equipment=equipment, actor=actor, origin=origin)
        return "created" if created else "updated"

    return rows_import(path=path, aliases=ACTIVITY_ALIASES, required=ACTIVITY_REQUIRED, write_row=write_row,
                       action="work.activities_import", gemeente=gemeente, actor=actor, origin=origin)


def _same(before: Activity, row, columns, norm, unit, skills, certificates, equipment) -> bool:
    return (before.name == text(row, columns, "name") and before.unit == unit and before.norm_hours == norm
            and before.active
            and sorted(s.code for s in before.skills.all()) == sorted({c.lower() for c in skills})
            and sorted(c.code for c in before.certificates.all()) == sorted({c.lower() for c in certificates})
            and (equipment is None or before.equipment == equipment))
