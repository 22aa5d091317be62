"""The activity catalogue (writes): skills, certificate types and activities of a municipality, and
the default Dutch catalogue a new municipality starts with (`work.defaults`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.assets.types import ASSET_TYPES
from wijkwerk.core.audit import audit_log

from .defaults import DEFAULT_ACTIVITIES, DEFAULT_CERTIFICATES, DEFAULT_SKILLS
from .models import Activity, CertificateType, Skill

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
INTERVENTIONS = ("small", "large", "replace")
ASSET_TYPE_CODES = frozenset(t["code"] for t in ASSET_TYPES)
MAX_NORM_HOURS = Decimal("1000")


def catalogue_defaults_apply(*, gemeente_id: int, skill_model=Skill, certificate_model=CertificateType,
                             activity_model=Activity) -> dict:
    """Adds the default skills, certificates and activities a municipality does not have yet (by
    code; what it has is left as it is). The models are parameters so that the data migration can
    pass its historical ones. Returns {"skills", "certificates", "activities"}: how many were added."""
    have_skills = dict(skill_model.objects.filter(gemeente_id=gemeente_id).values_list("code", "pk"))
    new_skills = [skill_model(gemeente_id=gemeente_id, code=c, name=n) for c, n in DEFAULT_SKILLS if c not in have_skills]
    skill_model.objects.bulk_create(new_skills)
    have_certs = dict(certificate_model.objects.filter(gemeente_id=gemeente_id).values_list("code", "pk"))
    new_certs = [certificate_model(gemeente_id=gemeente_id, code=c, name=n)
                 for c, n in DEFAULT_CERTIFICATES if c not in have_certs]
    certificate_model.objects.bulk_create(new_certs)
    skills = dict(skill_model.objects.filter(gemeente_id=gemeente_id).values_list("code", "pk"))
    certs = dict(certificate_model.objects.filter(gemeente_id=gemeente_id).values_list("code", "pk"))
    have = set(activity_model.objects.filter(gemeente_id=gemeente_id).values_list("code", flat=True))
    added = 0
    for code, name, unit, norm, skill_codes, cert_codes, equipment, types, interventions, aspects in DEFAULT_ACTIVITIES:
        if code in have:
            continue
        activity = activity_model.objects.create(
            gemeente_id=gemeente_id, code=code, name=name, unit=unit, norm_hours=Decimal(norm), equipment=equipment,
            asset_types=list(types), interventions=list(interventions), aspects=list(aspects))
        activity.skills.set([skills[c] for c in skill_codes if c in skills])
        activity.certificates.set([certs[c] for c in cert_codes if c in certs])
        added += 1
    return {"skills": len(new_skills), "certificates": len(new_certs), "activities": added}


@transaction.atomic
def catalogue_defaults_ensure(*, gemeente, actor=None, origin: str = "system") -> dict:
    """The default catalogue for a municipality (set-up, `wijkwerk work-defaults`); audited when
    anything was added."""
    added = catalogue_defaults_apply(gemeente_id=gemeente.pk)
    if any(added.values()):
        audit_log(action="work.catalogue_defaults", actor=actor, gemeente=gemeente, origin=origin,
                  object_type="work.activity", detail=added)
    return added


def _clean_code(code: str, what: str) -> str:
    code = (code or "").strip().lower()
    if not CODE_RE.match(code):
        raise ValidationError(_("%(what)s: de code ‘%(code)s’ is ongeldig (kleine letters, cijfers, - of _, hoogstens "
                                "50 tekens).") % {"what": what, "code": code[:60]})
    return code


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Geef een naam op."))
    return name[:120]


@transaction.atomic
def skill_save(*, gemeente, code: str, name: str, actor=None, origin: str = "system") -> tuple[Skill, bool]:
    """Creates the skill or renames it; returns (skill, created)."""
    code = _clean_code(code, _("Vaardigheid"))
    skill, created = Skill.objects.update_or_create(gemeente=gemeente, code=code,
                                                    defaults={"name": _clean_name(name)[:100]})
    audit_log(action="work.skill_save", actor=actor, gemeente=gemeente, obj=skill, origin=origin,
              detail={"code": code, "created": created})
    return skill, created


@transaction.atomic
def certificate_type_save(*, gemeente, code: str, name: str, actor=None,
                          origin: str = "system") -> tuple[CertificateType, bool]:
    """Creates the certificate type or renames it; returns (certificate type, created)."""
    code = _clean_code(code, _("Certificaat"))
    cert, created = CertificateType.objects.update_or_create(gemeente=gemeente, code=code,
                                                             defaults={"name": _clean_name(name)[:100]})
    audit_log(action="work.certificate_type_save", actor=actor, gemeente=gemeente, obj=cert, origin=origin,
              detail={"code": code, "created": created})
    return cert, created


def codes_resolve(*, model, gemeente, codes: Iterable[str], unknown: str) -> list:
    """Rows of `model` (Skill or CertificateType) for these codes; ValidationError `unknown`
    (with %(code)s) for the first that the municipality does not have."""
    wanted = [c.strip().lower() for c in codes if c and c.strip()]
    found = {row.code: row for row in model.objects.filter(gemeente=gemeente, code__in=wanted)}
    for code in wanted:
        if code not in found:
            raise ValidationError(unknown % {"code": code})
    return list(dict.fromkeys(found[c] for c in wanted))


def norm_hours_clean(value) -> Decimal:
    try:
        norm = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("De normuren ‘%(value)s’ zijn geen getal.") % {"value": value}) from None
    if not norm.is_finite() or norm < 0:
        raise ValidationError(_("De normuren mogen niet negatief zijn (%(value)s).") % {"value": value})
    if norm > MAX_NORM_HOURS:
        raise ValidationError(_("De normuren zijn te groot (%(value)s uur per eenheid).") % {"value": value})
    return norm.quantize(Decimal("0.001"))


def _clean_lists(asset_types, interventions) -> tuple[list[str], list[str]]:
    types = [t.strip() for t in asset_types or [] if t and t.strip()]
    bad = [t for t in types if t not in ASSET_TYPE_CODES]
    if bad:
        raise ValidationError(_("Onbekend assettype ‘%(code)s’.") % {"code": bad[0]})
    ivs = [i.strip() for i in interventions or [] if i and i.strip()]
    bad = [i for i in ivs if i not in INTERVENTIONS]
    if bad:
        raise ValidationError(_("Onbekende maatregel ‘%(code)s’ (kies small, large of replace).") % {"code": bad[0]})
    return types, ivs


@transaction.atomic
def activity_save(*, gemeente, code: str, name: str, unit: str = "st", norm_hours, skills: Iterable[str] = (),
                  certificates: Iterable[str] = (), equipment: str | None = None,
                  asset_types: Iterable[str] | None = None, interventions: Iterable[str] | None = None,
                  aspects: Iterable[str] | None = None, active: bool = True, actor=None,
                  origin: str = "system") -> tuple[Activity, bool]:
    """Creates or updates the activity with this code (skills and certificates by code; unknown
    ones are refused). Lists left None keep what an existing activity has. Returns (activity, created)."""
    code = _clean_code(code, _("Activiteit"))
    values = {"name": _clean_name(name), "unit": (unit or "st").strip()[:20] or "st",
              "norm_hours": norm_hours_clean(norm_hours), "active": bool(active)}
    skill_rows = codes_resolve(model=Skill, gemeente=gemeente, codes=skills,
                               unknown=_("Onbekende vaardigheid ‘%(code)s’."))
    cert_rows = codes_resolve(model=CertificateType, gemeente=gemeente, codes=certificates,
                              unknown=_("Onbekend certificaat ‘%(code)s’."))
    if equipment is not None:
        values["equipment"] = equipment.strip()[:255]
    types, ivs = _clean_lists(asset_types, interventions)
    if asset_types is not None:
        values["asset_types"] = types
    if interventions is not None:
        values["interventions"] = ivs
    if aspects is not None:
        values["aspects"] = [a.strip() for a in aspects if a and a.strip()]
    before = Activity.objects.filter(gemeente=gemeente, code=code).first()
    activity, created = Activity.objects.update_or_create(gemeente=gemeente, code=code, defaults=values)
    activity.skills.set(skill_rows)
    activity.certificates.set(cert_rows)
    audit_log(action="work.activity_save", actor=actor, gemeente=gemeente, obj=activity, origin=origin,
              detail={"code": code, "created": created,
                      **({"old_norm_hours": str(before.norm_hours)} if before else {}),
                      "norm_hours": str(activity.norm_hours)})
    return activity, created
