"""The demo's mixed teams, made through the work app's services (`team_save`, `worker_save`): three
teams with their wijken and about thirty people from the partner organisations of the cooperation
(the municipality's own staff, the contractor, the SW-bedrijf, volunteers, residents and the welfare
organisation), with what the weekly plan reads: skills, certificates with their expiry dates (two
expiring within a month, one expired), learning goals, hours per week and working days, protected
work and who may supervise.

The only person holding NEN 3140 let it expire, so the street-light orders stay out of the week
plan with that reason on the board. Certificate dates count from the day the demo is made.
Idempotent: a team (by name) or a worker (by organisation and name) that exists is left alone.
"""

from __future__ import annotations

import datetime

from wijkwerk.areas.models import Area
from wijkwerk.municipalities.models import Organisation
from wijkwerk.work.models import Team, Worker
from wijkwerk.work.people import team_save, worker_save

K = Organisation.Kind
# team name -> the wijk codes it works in
TEAMS = {
    "Team Binnenstad": ["06"],
    "Team West": ["01", "02", "08"],
    "Team Oost": ["04", "05", "07"],
}
EXPIRED = "nen3140"  # the one certificate that expired (days < 0 below)
MA_VR, MA_DO = "ma;di;wo;do;vr", "ma;di;wo;do"

# name, organisation kind, team, skills, learning, {certificate: valid for days from today}, hours per week,
# days, protected (beschermd werk), may supervise
WORKERS = [
    ("Anouk de Vries", K.MUNICIPALITY, "Team Binnenstad", "maaien groenonderhoud snoeien zwerfafval", "",
     {"vca": 600, "rijbewijs-be": 900}, 36, MA_VR, False, True),
    ("Mehmet Yılmaz", K.CONTRACTOR, "Team Binnenstad", "boomverzorging snoeien machinist", "",
     {"vca": 400, "kettingzaag": 20, "boomverzorger-etw": 700, "rijbewijs-be": 500}, 38, MA_VR, False, True),
    ("Sanne Bakker", K.SW_BEDRIJF, "Team Binnenstad", "zwerfafval groenonderhoud", "snoeien", {}, 24,
     MA_DO, True, False),
    ("Kevin Jansen", K.SW_BEDRIJF, "Team Binnenstad", "zwerfafval onkruidbeheer", "maaien", {}, 32, MA_DO,
     True, False),
    ("Fatima El Amrani", K.SW_BEDRIJF, "Team Binnenstad", "groenonderhoud onkruidbeheer zwerfafval", "",
     {"vca": 300}, 36, MA_VR, False, True),
    ("Joost van Leeuwen", K.CONTRACTOR, "Team Binnenstad", "straatwerk machinist", "",
     {"vca": 250, "rijbewijs-be": 365, "veilig-langs-de-weg": 180}, 38, MA_VR, False, True),
    ("Ria Smit", K.VOLUNTEERS, "Team Binnenstad", "zwerfafval", "", {}, 8, "di;do", False, False),
    ("Henk Mulder", K.RESIDENTS, "Team Binnenstad", "groenonderhoud zwerfafval", "", {}, 6, "za", False, False),
    ("Daan Visser", K.SW_BEDRIJF, "Team Binnenstad", "meubilair", "straatwerk", {}, 32, MA_DO, True, False),
    ("Lotte Hendriks", K.MUNICIPALITY, "Team Binnenstad", "meubilair verlichting", "",
     {"vca": 500, EXPIRED: -20}, 36, MA_VR, False, True),
    ("Pieter de Boer", K.CONTRACTOR, "Team West", "maaien machinist groenonderhoud", "",
     {"vca": 420, "trekker": 800, "bosmaaier": 300}, 38, MA_VR, False, True),
    ("Ahmed Benali", K.SW_BEDRIJF, "Team West", "maaien zwerfafval", "groenonderhoud", {"bosmaaier": 14}, 32,
     MA_VR, True, False),
    ("Emma Dekker", K.MUNICIPALITY, "Team West", "snoeien boomverzorging groenonderhoud", "",
     {"vca": 200, "kettingzaag": 450}, 32, MA_DO, False, True),
    ("Bas Vermeulen", K.SW_BEDRIJF, "Team West", "groenonderhoud snoeien", "boomverzorging", {}, 28, MA_DO,
     True, False),
    ("Yusuf Kaya", K.SW_BEDRIJF, "Team West", "zwerfafval onkruidbeheer groenonderhoud", "maaien", {}, 32,
     MA_VR, True, False),
    ("Marieke Peters", K.SW_BEDRIJF, "Team West", "groenonderhoud maaien zwerfafval", "", {"vca": 90}, 36,
     MA_VR, False, True),
    ("Gerrit Bos", K.VOLUNTEERS, "Team West", "groenonderhoud", "", {}, 12, "wo;vr", False, False),
    ("Noor Willems", K.WELFARE, "Team West", "zwerfafval", "groenonderhoud", {}, 16, "ma;wo", True, False),
    ("Tim van Dijk", K.CONTRACTOR, "Team West", "straatwerk meubilair", "", {"vca": 25, "rijbewijs-be": 300},
     38, MA_VR, False, True),
    ("Sven Koster", K.SW_BEDRIJF, "Team West", "meubilair straatwerk", "", {}, 32, MA_VR, True, False),
    ("Ingrid Hoekstra", K.MUNICIPALITY, "Team Oost", "groenonderhoud snoeien maaien", "", {"vca": 365}, 32,
     MA_DO, False, True),
    ("Rachid Ouali", K.CONTRACTOR, "Team Oost", "boomverzorging machinist snoeien", "",
     {"vca": 150, "kettingzaag": 150, "boomverzorger-etw": 500, "rijbewijs-be": 365}, 38, MA_VR, False, True),
    ("Lisa Brouwer", K.SW_BEDRIJF, "Team Oost", "snoeien groenonderhoud", "boomverzorging", {}, 32, MA_VR,
     True, False),
    ("Mark de Graaf", K.SW_BEDRIJF, "Team Oost", "zwerfafval onkruidbeheer", "", {}, 32, MA_VR, True, False),
    ("Eva Kuipers", K.SW_BEDRIJF, "Team Oost", "meubilair zwerfafval groenonderhoud", "", {"vca": 400}, 36,
     MA_VR, False, True),
    ("Jan Prins", K.VOLUNTEERS, "Team Oost", "zwerfafval groenonderhoud", "", {}, 8, "wo", False, False),
    ("Thijs Vos", K.SW_BEDRIJF, "Team Oost", "maaien onkruidbeheer", "machinist", {"bosmaaier": 200}, 32,
     MA_VR, True, False),
    ("Kim Post", K.CONTRACTOR, "Team Oost", "verlichting meubilair", "", {"vca": 300}, 36, MA_VR, False, True),
    ("Wim Jacobs", K.RESIDENTS, "Team Oost", "groenonderhoud", "", {}, 4, "za", False, False),
    ("Sara Meijer", K.WELFARE, "Team Oost", "zwerfafval", "groenonderhoud", {}, 12, "di;do", True, False),
    ("Bram van der Linden", K.MUNICIPALITY, "", "straatwerk machinist maaien", "",
     {"vca": 700, "trekker": 365, "rijbewijs-be": 900, "veilig-langs-de-weg": 45}, 36, MA_VR, False, True),
]


def demo_teams_ensure(*, gemeente, actor=None) -> dict[str, Team]:
    """The three demo teams with their wijken (each made once). Returns {name: team}."""
    wijken = dict(Area.objects.filter(gemeente=gemeente, level="wijk").values_list("code", "pk"))
    teams = {t.name: t for t in Team.objects.filter(gemeente=gemeente, name__in=list(TEAMS))}
    for name, codes in TEAMS.items():
        if name not in teams:
            teams[name], _created = team_save(gemeente=gemeente, name=name, actor=actor, origin="system",
                                              area_ids=[wijken[c] for c in codes if c in wijken])
    return teams


def demo_workers_ensure(*, gemeente, teams: dict[str, Team], today: datetime.date, actor=None) -> int:
    """The demo's workers (each made once). Returns how many were made."""
    organisations = {}
    for organisation in Organisation.objects.filter(gemeente=gemeente).order_by("pk"):
        organisations.setdefault(organisation.kind, organisation)
    present = set(Worker.objects.filter(gemeente=gemeente).values_list("organisation_id", "name"))
    made = 0
    for name, kind, team, skills, learning, certs, hours, days, protected, supervise in WORKERS:
        organisation = organisations.get(kind)
        if organisation is None or (organisation.pk, name) in present:
            continue
        valid = {code: today + datetime.timedelta(days=n) for code, n in certs.items()}
        # registered while every certificate was still valid (the expired one lapsed since)
        registered = min([today, *valid.values()])
        worker_save(gemeente=gemeente, organisation=organisation, name=name, skills=skills.split(),
                    learning=learning.split(), certificates=valid, hours_per_week=hours, days=days,
                    protected=protected, may_supervise=supervise, team=teams.get(team), actor=actor,
                    origin="system", today=registered)
        made += 1
    return made
