"""Workers and teams (writes). Only what planning needs: name, organisation, skills, certificates
with expiry, learning goals, hours per week, working days, protected work, supervision, team."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.core.audit import audit_log

from .catalogue import codes_resolve
from .models import CertificateType, Skill, Team, Worker, WorkerCertificate
from .people_models import DAY_CODES

MAX_HOURS_PER_WEEK = Decimal("60")


def hours_per_week_clean(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Uren per week ‘%(value)s’ is geen getal.") % {"value": value}) from None
    if not hours.is_finite() or hours < 0:
        raise ValidationError(_("Uren per week mag niet negatief zijn (%(value)s).") % {"value": value})
    if hours > MAX_HOURS_PER_WEEK:
        raise ValidationError(_("Meer dan %(max)s uur per week kan niet (%(value)s).") % {
            "max": MAX_HOURS_PER_WEEK, "value": value})
    return hours.quantize(Decimal("0.1"))


def days_parse(value: str | Iterable) -> list[int]:
    """`ma;di;wo` (or a list of codes or weekday numbers) -> [0, 1, 2]."""
    items = value.replace(",", ";").split(";") if isinstance(value, str) else list(value)
    days = set()
    for item in items:
        if isinstance(item, int):
            day = item
        else:
            code = str(item).strip().lower()[:2]
            if not code:
                continue
            if code not in DAY_CODES:
                raise ValidationError(_("Onbekende dag ‘%(day)s’ (gebruik ma, di, wo, do, vr, za, zo).") % {
                    "day": str(item).strip()})
            day = DAY_CODES.index(code)
        if not 0 <= day <= 6:
            raise ValidationError(_("Onbekende dag ‘%(day)s’ (gebruik ma, di, wo, do, vr, za, zo).") % {"day": item})
        days.add(day)
    return sorted(days)


def certificates_clean(*, gemeente, certificates: Mapping[str, datetime.date],
                       today: datetime.date | None = None) -> list[tuple[CertificateType, datetime.date]]:
    """{code: valid_until} -> [(CertificateType, valid_until)]; an unknown code or an expired date
    is refused."""
    today = today or timezone.localdate()
    rows = codes_resolve(model=CertificateType, gemeente=gemeente, codes=list(certificates),
                         unknown=_("Onbekend certificaat ‘%(code)s’."))
    by_code = {c.strip().lower(): d for c, d in certificates.items()}
    out = []
    for cert in rows:
        valid_until = by_code[cert.code]
        if not isinstance(valid_until, datetime.date):
            raise ValidationError(_("De geldigheid van certificaat ‘%(code)s’ is geen datum.") % {"code": cert.code})
        if valid_until < today:
            raise ValidationError(_("Het certificaat ‘%(code)s’ is verlopen (geldig tot %(date)s).") % {
                "code": cert.code, "date": valid_until.isoformat()})
        out.append((cert, valid_until))
    return out


@transaction.atomic
def worker_save(*, gemeente, organisation, name: str, skills: Iterable[str] = (), learning: Iterable[str] = (),
                certificates: Mapping[str, datetime.date] | None = None, hours_per_week=36,
                days: str | Iterable = (0, 1, 2, 3, 4), protected: bool = False, may_supervise: bool = False,
                team: Team | None = None, worker: Worker | None = None, actor=None, origin: str = "system",
                today: datetime.date | None = None) -> tuple[Worker, bool]:
    """Creates the worker (by organisation and name) or updates it (`worker`, or the one with that
    organisation and name). Skills, learning goals and certificates are replaced by what is given
    (`certificates` None keeps them). Returns (worker, created)."""
    name = " ".join((name or "").split())[:150]
    if not name:
        raise ValidationError(_("Geef een naam op."))
    if organisation is None or organisation.gemeente_id != gemeente.pk:
        raise ValidationError(_("Deze organisatie hoort niet bij de gemeente."))
    if team is not None and team.gemeente_id != gemeente.pk:
        raise ValidationError(_("Dit team hoort niet bij de gemeente."))
    skill_rows = codes_resolve(model=Skill, gemeente=gemeente, codes=skills, unknown=_("Onbekende vaardigheid ‘%(code)s’."))
    learning_rows = codes_resolve(model=Skill, gemeente=gemeente, codes=learning,
                                  unknown=_("Onbekende vaardigheid ‘%(code)s’ bij de leerdoelen."))
    learning_rows = [s for s in learning_rows if s not in skill_rows]
    certs = None if certificates is None else certificates_clean(gemeente=gemeente, certificates=certificates,
                                                                 today=today)
    values = {"name": name, "organisation": organisation, "hours_per_week": hours_per_week_clean(hours_per_week),
              "days": days_parse(days), "protected": bool(protected), "may_supervise": bool(may_supervise),
              "team": team}
    if worker is None:
        worker = Worker.objects.filter(gemeente=gemeente, organisation=organisation, name=name).first()
    elif worker.gemeente_id != gemeente.pk:
        raise ValidationError(_("Deze medewerker hoort niet bij de gemeente."))
    created = worker is None
    if created:
        worker = Worker.objects.create(gemeente=gemeente, **values)
    else:
        clash = Worker.objects.filter(gemeente=gemeente, organisation=organisation, name=name).exclude(pk=worker.pk)
        if clash.exists():
            raise ValidationError(_("Er is al een medewerker ‘%(name)s’ bij deze organisatie.") % {"name": name})
        for field, value in values.items():
            setattr(worker, field, value)
        worker.save()
    worker.skills.set(skill_rows)
    worker.learning.set(learning_rows)
    if certs is not None:
        WorkerCertificate.objects.filter(worker=worker).delete()
        WorkerCertificate.objects.bulk_create([WorkerCertificate(worker=worker, certificate_type=c, valid_until=d)
                                               for c, d in certs])
    # only what planning needs is logged: no personal details beyond the name
    audit_log(action="work.worker_save", actor=actor, gemeente=gemeente, obj=worker, origin=origin,
              detail={"created": created, "organisation": organisation.name})
    return worker, created


@transaction.atomic
def worker_set_active(*, worker: Worker, active: bool, actor=None, origin: str = "web") -> Worker:
    """A worker who leaves is made inactive (kept for the hours they registered)."""
    worker.active = bool(active)
    worker.save(update_fields=["active"])
    audit_log(action="work.worker_active", actor=actor, gemeente=worker.gemeente, obj=worker, origin=origin,
              detail={"active": worker.active})
    return worker


@transaction.atomic
def worker_rename(*, worker: Worker, name: str, actor=None, origin: str = "system") -> Worker:
    """Renames a worker (a participant's data anonymised after retention); the old name is not logged."""
    name = " ".join((name or "").split())[:150]
    if not name:
        raise ValidationError(_("Geef een naam op."))
    worker.name = name
    worker.save(update_fields=["name"])
    audit_log(action="work.worker_rename", actor=actor, gemeente=worker.gemeente, obj=worker, origin=origin)
    return worker


@transaction.atomic
def team_save(*, gemeente, name: str, area_ids: Iterable[int] = (), team: Team | None = None, actor=None,
              origin: str = "system") -> tuple[Team, bool]:
    """Creates or updates a team with its areas (wijken or buurten of the municipality)."""
    name = " ".join((name or "").split())[:100]
    if not name:
        raise ValidationError(_("Geef een naam op."))
    ids = set(area_ids)
    areas = list(Area.objects.filter(gemeente=gemeente, pk__in=ids))
    if len(areas) != len(ids):
        raise ValidationError(_("Een gekozen gebied hoort niet bij de gemeente."))
    clash = Team.objects.filter(gemeente=gemeente, name=name)
    if team is not None:
        if team.gemeente_id != gemeente.pk:
            raise ValidationError(_("Dit team hoort niet bij de gemeente."))
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError(_("Er is al een team ‘%(name)s’.") % {"name": name})
    created = team is None
    if created:
        team = Team.objects.create(gemeente=gemeente, name=name)
    else:
        team.name = name
        team.save(update_fields=["name"])
    team.areas.set(areas)
    audit_log(action="work.team_save", actor=actor, gemeente=gemeente, obj=team, origin=origin,
              detail={"name": name, "areas": sorted(a.code for a in areas), "created": created})
    return team, created


@transaction.atomic
def team_members_set(*, team: Team, worker_ids: Iterable[int], actor=None, origin: str = "web") -> int:
    """Puts these workers (of the team's municipality) in the team; others leave it."""
    ids = set(worker_ids)
    workers = Worker.objects.filter(gemeente=team.gemeente, pk__in=ids)
    if workers.count() != len(ids):
        raise ValidationError(_("Een gekozen medewerker hoort niet bij de gemeente."))
    Worker.objects.filter(team=team).exclude(pk__in=ids).update(team=None)
    workers.update(team=team)
    audit_log(action="work.team_members", actor=actor, gemeente=team.gemeente, obj=team, origin=origin,
              detail={"members": len(ids)})
    return len(ids)
