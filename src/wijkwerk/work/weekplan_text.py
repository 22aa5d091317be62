"""Dutch (translatable) sentences for the week plan: why an order is not placed, and which hard rule a
change on the board breaks."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .scheduling import Reason, Violation
from .scheduling import check as c
from .scheduling import problem as p

ZERO_HOURS = "zero_hours"


def _name(names: dict, kind: str, code: str) -> str:
    return names.get((kind, code)) or code


def _hours(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def reason_text(reason: Reason, names: dict) -> str:
    kind, code = reason.kind, reason.subject
    if kind == p.NO_DAY:
        return _("Geen van de toegestane dagen valt in deze week.")
    if kind == p.SKILL_MISSING:
        return _("Niemand met de vaardigheid ‘%(name)s’ werkt deze week.") % {"name": _name(names, "skill", code)}
    if kind == p.CERTIFICATE_MISSING:
        text = _("Niemand met het certificaat ‘%(name)s’ dat deze week geldig is, werkt deze week.") % {
            "name": _name(names, "certificate", code)}
        expired = reason.detail.get("expired", 0)
        if expired:
            text += " " + _("Bij %(n)s medewerker(s) is het dan verlopen.") % {"n": expired}
        return text
    if kind == p.NO_SUPERVISOR:
        kind_of = reason.detail.get("kind") or "skill"
        return _("Geen begeleider beschikbaar voor ‘%(name)s’: alleen mensen in beschermd werk hebben het, en op "
                 "hun dagen werkt geen begeleider.") % {"name": _name(names, kind_of, code)}
    if kind == p.TOO_LARGE:
        return _("Te veel uren (%(hours)s) voor één dag met de mensen die er zijn (hoogstens 8 uur per persoon "
                 "per dag).") % {"hours": _hours(reason.detail.get("hours", 0))}
    if kind == p.NO_COMBINATION:
        return _("Op geen enkele dag hebben de mensen die er zijn samen alle vereiste vaardigheden en geldige "
                 "certificaten (en een begeleider voor wie in beschermd werk werkt).")
    if kind == p.CAPACITY:
        hours = _hours(reason.detail.get("hours", 0))
        if code:
            kind_of = reason.detail.get("kind") or "skill"
            return _("Onvoldoende capaciteit: geen ploeg die het kan, heeft deze week nog genoeg uren over (de mensen "
                     "met ‘%(name)s’ hebben op een dag hoogstens %(hours)s uur samen over).") % {
                "name": _name(names, kind_of, code), "hours": hours}
        return _("Onvoldoende capaciteit: niemand heeft deze week nog genoeg uren over op een dag waarop het kan "
                 "(hoogstens %(hours)s uur samen op een dag).") % {"hours": hours}
    if kind == p.FITS:
        return _("Nog niet ingepland, maar er is nog ruimte: plan de week opnieuw of zet de werkorder met de hand "
                 "in.")
    if kind == ZERO_HOURS:
        return _("De werkorder heeft geen uren.")
    return kind


def violation_text(v: Violation, names: dict) -> str:
    day = date_format(v.day, "l j F") if v.day else ""
    person = v.person
    if v.kind == c.DAY_NOT_IN_WEEK:
        return _("%(day)s valt niet in deze week.") % {"day": day}
    if v.kind == c.DAY_NOT_ALLOWED:
        return _("De werkorder mag niet op %(day)s.") % {"day": day}
    if v.kind == c.NOT_WORKING_DAY:
        return _("%(person)s werkt niet op %(day)s.") % {"person": person, "day": day}
    if v.kind == c.DAY_HOURS:
        return _("%(person)s zou op %(day)s %(hours)s uur werken; dat is meer dan 8 uur op een dag.") % {
            "person": person, "day": day, "hours": _hours(v.detail.get("hours", 0))}
    if v.kind == c.WEEK_HOURS:
        return _("%(person)s zou deze week %(hours)s uur werken; dat is meer dan zijn of haar uren per week.") % {
            "person": person, "hours": _hours(v.detail.get("hours", 0))}
    if v.kind == c.SKILL_UNCOVERED:
        return _("Niemand op de werkorder heeft de vaardigheid ‘%(name)s’.") % {
            "name": _name(names, "skill", v.subject)}
    if v.kind == c.CERTIFICATE_UNCOVERED:
        text = _("Niemand op de werkorder heeft op %(day)s een geldig certificaat ‘%(name)s’.") % {
            "day": day, "name": _name(names, "certificate", v.subject)}
        if v.detail.get("expired"):
            text += " " + _("Dat van %(people)s is dan verlopen.") % {"people": ", ".join(v.detail["expired"])}
        return text
    if v.kind == c.UNSUPERVISED:
        return _("%(person)s werkt in beschermd werk en mag niet zonder begeleider op een werkorder; zet er "
                 "iemand bij die mag begeleiden.") % {"person": person}
    if v.kind == c.SHARE_TOO_SMALL:
        return _("Met zoveel mensen krijgt ieder minder dan een uur; kies minder mensen.")
    if v.kind == c.EMPTY_CREW:
        return _("Kies minstens één medewerker.")
    if v.kind == c.DUPLICATE_PERSON:
        return _("Dezelfde medewerker staat er twee keer op.")
    if v.kind == c.UNKNOWN_PERSON:
        return _("Medewerker ‘%(person)s’ bestaat niet of is niet actief.") % {"person": person}
    return _("De wijziging breekt een regel van de weekplanning (%(rule)s).") % {"rule": v.kind}
