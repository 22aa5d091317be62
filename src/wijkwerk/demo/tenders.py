"""The demo's tenders at every stage before the award, made through the tender services (audit,
fingerprint and status as on the pages). With the tendering demo's own tender ("Brede
samenwerking wijkonderhoud": consensus recorded, winner known, award letters ready) the inkoper
sees each stage once:

- concept: the method can still change ("Onderhoud speelvoorzieningen 2027-2028");
- published: open for bids, three bid sheets read so far ("Veegwerk en zwerfafval binnenstad 2027");
- in assessment: demo-beoordelaar has submitted the assessment of one bid and saved a second one
  as a draft, the others are still to be scored ("Boomverzorging en snoei 2027-2030").

Idempotent (a tender is found by its title) and quick (bid sheets are made in memory).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.tendering.demo import filled_bid_sheet
from wijkwerk.tendering.models import Tender
from wijkwerk.tendering.selectors import shortlisted_bids, tender_method
from wijkwerk.tendering.services import (
    assessments_save,
    bid_upload,
    tender_chair_set,
    tender_create,
    tender_publish,
    tender_start_assessment,
)

INKOPER = "demo-inkoper"
BEOORDELAAR = "demo-beoordelaar"

_ASSESSMENT = """\
abnormally_low: 0.80
shortlist: {shortlist}
assessment:
  mode: consensus
  scale: {{"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}}
  criteria:
    - {{code: K1, description: Plan van aanpak en planning, max_value: {k1}}}
    - {{code: K2, description: Social return en leerwerkplekken, max_value: {k2}}}
    - {{code: K3, description: Duurzaamheid en hinder voor de buurt, max_value: {k3}}}
tie_break: lot
"""
_KNOCKOUTS = """\
knockouts:
  - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
  - {code: KO2, description: Inschrijfbiljet volledig en ongewijzigd ingevuld}
"""

CONCEPT_TITLE = "Onderhoud speelvoorzieningen 2027-2028"
CONCEPT_METHOD = f"""\
title: {CONCEPT_TITLE}
price_items:
  - {{code: S01, description: Inspectie speeltoestel (EN 1176), unit: stuk, fictive_quantity: 800}}
  - {{code: S02, description: Uurtarief monteur speeltoestellen, unit: uur, fictive_quantity: 2400}}
  - {{code: S03, description: Vervangen valondergrond rubbertegels, unit: m2, fictive_quantity: 650}}
  - {{code: S04, description: Aanvullen valzand, unit: m3, fictive_quantity: 120}}
{_KNOCKOUTS}{_ASSESSMENT.format(shortlist=3, k1=120000, k2=80000, k3=50000)}"""

OPEN_TITLE = "Veegwerk en zwerfafval binnenstad 2027"
OPEN_METHOD = f"""\
title: {OPEN_TITLE}
price_items:
  - {{code: V01, description: Machinaal vegen verharding per 1000 m2, unit: 1000 m2, fictive_quantity: 5200}}
  - {{code: V02, description: Handmatig zwerfafval rapen per uur, unit: uur, fictive_quantity: 9000}}
  - {{code: V03, description: Legen afvalbak, unit: stuk, fictive_quantity: 64000}}
  - {{code: V04, description: Verwijderen graffiti per m2, unit: m2, fictive_quantity: 900}}
{_KNOCKOUTS}{_ASSESSMENT.format(shortlist=3, k1=150000, k2=150000, k3=60000)}"""

ASSESS_TITLE = "Boomverzorging en snoei 2027-2030"
ASSESS_METHOD = f"""\
title: {ASSESS_TITLE}
price_items:
  - {{code: B01, description: Begeleidingssnoei jonge boom, unit: stuk, fictive_quantity: 3200}}
  - {{code: B02, description: Onderhoudssnoei volwassen boom, unit: stuk, fictive_quantity: 1800}}
  - {{code: B03, description: VTA-boomcontrole, unit: stuk, fictive_quantity: 8000}}
  - {{code: B04, description: Uurtarief boomverzorger (ETW), unit: uur, fictive_quantity: 2500}}
{_KNOCKOUTS}{_ASSESSMENT.format(shortlist=3, k1=300000, k2=200000, k3=100000)}"""

SW = "Werkbedrijf Utrecht"
# (file, bidder, SW partner, unit prices in the method's order)
OPEN_BIDS = [
    ("01-schoonstad.xlsx", "Schoon Stad B.V.", SW, ("18,50", 38.75, 0.95, 24)),
    ("02-veegkracht.xlsx", "Veegkracht Midden", "Pantar Utrecht", (17.9, 36.5, 1.05, 22.5)),
    ("03-puur-publiek.xlsx", "Puur Publiek", SW, (19.25, 40, 0.9, 26)),
]
ASSESS_BIDS = [
    ("01-boomzorg.xlsx", "Boomzorg Utrecht", SW, (38, 145, 12.5, 62)),
    ("02-de-snoeiers.xlsx", "De Snoeiers", "Pantar Utrecht", (35.5, 139, 11.75, 59.5)),
    ("03-kroonwerk.xlsx", "Kroonwerk Nederland", SW, (41, 152, 13, 65)),
    ("04-stamvast.xlsx", "Stamvast Bomendiensten", "", (33, 130, 11, 57)),  # no SW-bedrijf: knocked out
]
# demo-beoordelaar's own scores: one assessment submitted, one saved as a draft (K3 not yet scored)
SUBMITTED = ("Boomzorg Utrecht", {
    "K1": ("3", "Vaste ploegen per wijk, snoeiplanning afgestemd op broedseizoen en bewonersinformatie."),
    "K2": ("2", "Acht leerwerkplekken met een ETW-opleiding; doorstroom beschreven, niet meetbaar gemaakt."),
    "K3": ("2", "Elektrische hoogwerkers in de binnenstad; elders nog diesel."),
})
DRAFT = ("De Snoeiers", {
    "K1": ("2", "Duidelijke planning, weinig over afstemming met de wijkteams."),
    "K2": ("3", "Sterk: jobcoach in de ploeg en meetbare doorstroom naar regulier werk."),
    "K3": ("", "Nog navragen: welk materieel in de binnenstad?"),
})


def _bids_upload(tender: Tender, bids, inkoper) -> None:
    method = tender_method(tender)
    for file_name, bidder, sw, prices in bids:
        bid_upload(tender=tender, file_name=file_name, content=filled_bid_sheet(method, bidder, sw, prices), actor=inkoper,
                   origin="system")


def _concept(gemeente, inkoper, beoordelaar) -> Tender:
    return tender_create(gemeente=gemeente, method_text=CONCEPT_METHOD, actor=inkoper, origin="system")


def _open(gemeente, inkoper, beoordelaar) -> Tender:
    tender = tender_create(gemeente=gemeente, method_text=OPEN_METHOD, actor=inkoper, origin="system")
    tender = tender_publish(tender=tender, actor=inkoper, origin="system")
    _bids_upload(tender, OPEN_BIDS, inkoper)
    return tender


def _assessing(gemeente, inkoper, beoordelaar) -> Tender:
    tender = tender_create(gemeente=gemeente, method_text=ASSESS_METHOD, actor=inkoper, origin="system")
    tender = tender_publish(tender=tender, actor=inkoper, origin="system")
    _bids_upload(tender, ASSESS_BIDS, inkoper)
    tender = tender_start_assessment(tender=tender, actor=inkoper, origin="system")
    if beoordelaar is not None:
        tender = tender_chair_set(tender=tender, chair=beoordelaar, actor=inkoper, origin="system")
        bids = {b.name: b for b in shortlisted_bids(tender=tender)}
        for (name, scores), draft in ((SUBMITTED, False), (DRAFT, True)):
            if name in bids:
                assessments_save(tender=tender, bid=bids[name], scores=scores, actor=beoordelaar, draft=draft,
                                 origin="system")
    return tender


STAGES: list[tuple[str, Callable]] = [(CONCEPT_TITLE, _concept), (OPEN_TITLE, _open), (ASSESS_TITLE, _assessing)]


def demo_tenders_ensure(*, gemeente, say: Callable[[str], None]) -> dict:
    """Makes the concept, the open and the half-assessed demo tender (each once). Returns {title: created?}."""
    users = get_user_model().objects.filter(username__in=(INKOPER, BEOORDELAAR))
    by_name = {u.username: u for u in users}
    inkoper, beoordelaar = by_name.get(INKOPER), by_name.get(BEOORDELAAR)
    made = {}
    for title, make in STAGES:
        made[title] = False
        if Tender.objects.filter(gemeente=gemeente, title=title).exists():
            continue
        with transaction.atomic():
            tender = make(gemeente, inkoper, beoordelaar)
        made[title] = True
        say(_("Demo-aanbesteding '%(title)s': %(status)s, %(n)s inschrijvingen.")
            % {"title": title, "status": tender.get_status_display(), "n": tender.bids.count()})
    return made
