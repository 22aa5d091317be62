"""The demo's participants and social return, made through the people app's services: the
SW-bedrijf's people in the teams become participants of its job coach (target groups, part time,
protected work, Participatieladder measurements, trainings), with a history of earlier participants
who progressed and left (to a regular job, education or otherwise, some of whom came back), and the
cooperation's contract with its social-return obligation under the Haaglanden table.

Dates count from the day the demo is made. Idempotent: nothing is made when the municipality has
participants already.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.municipalities.models import Organisation
from wijkwerk.people.models import Participant, Phase, Training
from wijkwerk.people.services import (
    ladder_step_record,
    participant_phase_record,
    participant_save,
    training_save,
)
from wijkwerk.people.social_services import contract_create, pso_level_record, purchase_add
from wijkwerk.work.models import Worker

CONTRACT = "WIJK-2024"
GROUPS = ["participatiewet", "banenafspraak", "ww", "wia", "jongere_zonder_startkwalificatie", "bbl_niveau_1_2",
          "geen_uitkering", "stagiair_vso_pro"]
# name, target group, months ago they started, months ago they left (None: still here), destination
EARLIER = [
    ("Rob Verhoeven", "participatiewet", 40, 20, "regulier_werk"),
    ("Nadia Bouzid", "banenafspraak", 36, 12, "regulier_werk"),
    ("Gert Wouters", "ww", 30, 18, "regulier_werk"),
    ("Ilse Timmer", "jongere_zonder_startkwalificatie", 28, 16, "opleiding"),
    ("Ozan Demir", "participatiewet", 26, 10, "anders"),
    ("Femke Roos", "bbl_niveau_1_2", 24, 6, "regulier_werk"),
    ("Hans Schouten", "wia", 34, 22, "anders"),
]


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def demo_people_ensure(*, gemeente, coach_username: str, say: Callable[[str], None]) -> int:
    """Makes the demo's participants once. Returns how many were made."""
    if Participant.objects.filter(gemeente=gemeente).exists():
        return 0
    sw = Organisation.objects.filter(gemeente=gemeente, kind=Organisation.Kind.SW_BEDRIJF).first()
    coach = get_user_model().objects.filter(username=coach_username).first()
    if sw is None:
        return 0
    today = timezone.localdate()
    say(_("Demo-deelnemers en social return klaarzetten ..."))
    with transaction.atomic():
        contractor = Organisation.objects.filter(gemeente=gemeente, kind=Organisation.Kind.CONTRACTOR).first()
        contract = contract_create(gemeente=gemeente, code=CONTRACT, name=_("Brede samenwerking wijkonderhoud"),
                                   organisation=contractor,
                                   value_per_year=2_400_000, obligation="0.05", actor=None, origin="system")
        purchase_add(contract=contract, year=today.year, supplier=sw, invoice_value=18_500,
                     description=_("Zwerfvuilrondes door het SW-bedrijf"), origin="system")
        if contractor is not None:
            pso_level_record(organisation=contractor, level="trede_2", date=_months_ago(today, 14), origin="system")
        pso_level_record(organisation=sw, level="trede_3", date=_months_ago(today, 20), origin="system")
        made = 0
        for i, worker in enumerate(Worker.objects.filter(gemeente=gemeente, organisation=sw).order_by("name")):
            start = _months_ago(today, 3 + (i * 5) % 30)
            p, _created = participant_save(
                gemeente=gemeente, organisation=sw, name=worker.name, target_group=GROUPS[i % len(GROUPS)],
                start=start, hours_per_week=worker.hours_per_week, birth_year=1965 + (i * 7) % 40,
                protected=worker.protected, contract=contract, coach=coach, actor=None, origin="system",
                bonuses=["ips"] if i % 6 == 0 else [])
            ladder_step_record(participant=p, date=start, step=2 + i % 3, origin="system")
            ladder_step_record(participant=p, date=min(today, start + datetime.timedelta(days=180)),
                               step=min(6, 3 + i % 3), origin="system")
            if i % 2 == 0:
                training_save(participant=p, name=_("VCA basis"), start=start + datetime.timedelta(days=30),
                              end=start + datetime.timedelta(days=31), provider="Opleidingscentrum Utrecht",
                              result=Training.Result.PASSED, cost=350, origin="system")
            if i % 3 == 0 and start + datetime.timedelta(days=200) < today:
                participant_phase_record(participant=p, phase=Phase.PROGRESSION,
                                         date=start + datetime.timedelta(days=200),
                                         description=_("Werkt zelfstandiger, meer taken in de wijk"), origin="system")
            made += 1
        for name, group, started, left, destination in EARLIER:
            start, end = _months_ago(today, started), _months_ago(today, left) - datetime.timedelta(days=1)
            p, _created = participant_save(gemeente=gemeente, organisation=sw, name=name, target_group=group,
                                           start=start, hours_per_week=32, birth_year=1970 + made % 30,
                                           contract=contract, works=False, actor=None, origin="system")
            ladder_step_record(participant=p, date=start, step=3, origin="system")
            participant_phase_record(participant=p, phase=Phase.OUTFLOW, date=end, destination=destination,
                                     employer="Hoveniersbedrijf Groen" if destination == "regulier_werk" else "",
                                     lasted=destination == "regulier_werk" or None, origin="system")
            ladder_step_record(participant=p, date=end, step=6 if destination == "regulier_werk" else 4,
                               origin="system")
            made += 1
    say("  " + _("%(count)s deelnemers, contract %(contract)s met 5 %% social return.") % {
        "count": made, "contract": CONTRACT})
    return made
