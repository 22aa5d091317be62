"""`wijkwerk import-workers --organisation NAME`: name,skills,certificates,learning,hours_per_week,
days,protected,supervisor[,team]. Certificates `CODE:JJJJ-MM-DD;...` (valid up to and including
that day; an expired one is refused), days `ma;di;wo;do;vr;za;zo`, yes/no `ja`/`nee`. A worker of
the organisation with the same name is updated."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport

from ..catalogue import codes_resolve
from ..models import Skill, Team, Worker
from ..people import certificates_clean, days_parse, hours_per_week_clean, worker_save
from .base import RowRefused, codes, rows_import, text, yes_no

WORKER_ALIASES = {
    "name": ("name", "naam"),
    "skills": ("skills", "vaardigheden"),
    "certificates": ("certificates", "certificaten"),
    "learning": ("learning", "leerdoelen", "leren"),
    "hours_per_week": ("hours_per_week", "uren_per_week", "uren"),
    "days": ("days", "dagen", "werkdagen"),
    "protected": ("protected", "beschermd", "beschermd_werk"),
    "supervisor": ("supervisor", "begeleider", "mag_begeleiden"),
    "team": ("team",),
}
WORKER_REQUIRED = ("name", "skills", "certificates", "learning", "hours_per_week", "days", "protected", "supervisor")


def _check(field: str, check):
    try:
        return check()
    except ValidationError as exc:
        raise RowRefused(field, " ".join(exc.messages)) from None


def certificates_parse(value: str) -> dict[str, datetime.date]:
    """`VCA:2027-01-31;kettingzaag:2026-12-31` -> {"vca": date, "kettingzaag": date}."""
    out = {}
    for part in codes(value):
        code, sep, raw = part.partition(":")
        if not sep or not code.strip():
            raise RowRefused("certificates", _("‘%(value)s’: schrijf een certificaat als CODE:JJJJ-MM-DD.") % {
                "value": part})
        if not raw.strip():
            raise RowRefused("certificates", _("Certificaat ‘%(code)s’ heeft geen einddatum.") % {"code": code.strip()})
        try:
            out[code.strip().lower()] = datetime.date.fromisoformat(raw.strip())
        except ValueError:
            raise RowRefused("certificates", _("Certificaat ‘%(code)s’: ‘%(date)s’ is geen datum (JJJJ-MM-DD).") % {
                "code": code.strip(), "date": raw.strip()}) from None
    return out


def workers_import(*, gemeente, organisation, path, actor=None, origin: str = "cli",
                   today: datetime.date | None = None) -> ImportReport:
    today = today or timezone.localdate()
    teams = {t.name.lower(): t for t in Team.objects.filter(gemeente=gemeente)}

    def write_row(row: dict, columns: dict[str, str]) -> str:
        name = " ".join(text(row, columns, "name").split())
        if not name:
            raise RowRefused("name", _("De naam ontbreekt."))
        skills = codes(text(row, columns, "skills"))
        learning = codes(text(row, columns, "learning"))
        _check("skills", lambda: codes_resolve(model=Skill, gemeente=gemeente, codes=skills,
                                               unknown=_("Onbekende vaardigheid ‘%(code)s’.")))
        _check("learning", lambda: codes_resolve(model=Skill, gemeente=gemeente, codes=learning,
                                                 unknown=_("Onbekende vaardigheid ‘%(code)s’.")))
        certificates = certificates_parse(text(row, columns, "certificates"))
        _check("certificates", lambda: certificates_clean(gemeente=gemeente, certificates=certificates, today=today))
        hours_raw = text(row, columns, "hours_per_week")
        if not hours_raw:
            raise RowRefused("hours_per_week", _("Uren per week ontbreekt."))
        hours = _check("hours_per_week", lambda: hours_per_week_clean(hours_raw))
        days = _check("days", lambda: days_parse(text(row, columns, "days")))
        if not days:
            raise RowRefused("days", _("Geef minstens één werkdag op (ma;di;wo;do;vr;za;zo)."))
        protected = yes_no(text(row, columns, "protected"), "protected")
        supervisor = yes_no(text(row, columns, "supervisor"), "supervisor")
        if protected and supervisor:
            raise RowRefused("supervisor", _("Iemand in beschermd werk kan niet zelf begeleider zijn."))
        team = None
        team_name = text(row, columns, "team")
        if team_name:
            team = teams.get(team_name.lower())
            if team is None:
                raise RowRefused("team", _("Onbekend team ‘%(name)s’.") % {"name": team_name})
        existing = Worker.objects.filter(gemeente=gemeente, organisation=organisation, name=name).first()
        _worker, created = worker_save(
            gemeente=gemeente, organisation=organisation, name=name, skills=skills, learning=learning,
            certificates=certificates, hours_per_week=hours, days=days, protected=protected,
            may_supervise=supervisor, team=team if team_name else (existing.team if existing else None),
            worker=existing, actor=actor, origin=origin, today=today)
        return "created" if created else "updated"

    return rows_import(path=path, aliases=WORKER_ALIASES, required=WORKER_REQUIRED, write_row=write_row,
                       action="work.workers_import", gemeente=gemeente, actor=actor, origin=origin)

