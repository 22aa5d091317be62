"""Demo tender: "Brede samenwerking wijkonderhoud", published, with six bid sheets made from the
generated template (two of them broken), in assessment with the consensus scores recorded, so
that demo-inkoper sees a full report (shortlist, final prices, winner, letters) and
demo-beoordelaar has bids to score. Idempotent (found by title) and quick (no files on disk)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from .billsheet import template_workbook
from .method import parse_method
from .models import Tender
from .selectors import shortlisted_bids, tender_evaluation
from .services import (
    assessments_save,
    bid_upload,
    followup_record,
    tender_chair_set,
    tender_create,
    tender_publish,
    tender_start_assessment,
)

DEMO_TITLE = "Brede samenwerking wijkonderhoud"
DEMO_METHOD = """\
title: Brede samenwerking wijkonderhoud
price_items:
  - {code: U01, description: Uurtarief vakkracht groen, unit: uur, fictive_quantity: 12000}
  - {code: U02, description: Uurtarief leerling-werknemer (SW), unit: uur, fictive_quantity: 8000}
  - {code: U03, description: Uurtarief voorman, unit: uur, fictive_quantity: 1500}
  - {code: E01, description: Maaien gazon per 100 m2, unit: 100 m2, fictive_quantity: 350.5}
  - {code: E02, description: Snoeien boom, unit: stuk, fictive_quantity: 820}
  - {code: E03, description: Afvoer groenafval, unit: ton, fictive_quantity: 75}
knockouts:
  - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
  - {code: KO2, description: Inschrijfbiljet volledig en ongewijzigd ingevuld}
abnormally_low: 0.80
shortlist: 4
assessment:
  mode: consensus
  scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
  criteria:
    - {code: K1, description: Visie op samenwerking, max_value: 400000}
    - {code: K2, description: Social return en leerwerkplekken, max_value: 250000}
    - {code: K3, description: Kwaliteit en duurzaamheid van het werk, max_value: 150000}
tie_break: lot
"""
SW = "Werkbedrijf Utrecht"
# (file, bidder, SW partner, unit prices in the method's order; a string is typed as text)
DEMO_BIDS = [
    ("01-groenkracht.xlsx", "Groenkracht Utrecht B.V.", SW, (41.5, 24.75, 55, 12.25, 95, 62.4)),
    ("02-wijkwerkers.xlsx", "De Wijkwerkers", "Pantar Utrecht", ("39,80", "23,50", 52, "11,90", 88, 60)),
    ("03-stadsgroen.xlsx", "Stadsgroen Midden", SW, (44, 26, 58.5, 13.1, 99.99, 65)),
    ("04-budgetgroen.xlsx", "Budget Groen", SW, (22, 12.5, 30, 6.5, 45, 30)),
    ("05-solo.xlsx", "Solo Hoveniers", "", (40, 24, 54, 12, 90, 61)),
    ("06-onvolledig.xlsx", "Groen & Meer", SW, (42, None, 56, 12.5, -5, 63)),
    ("07-buitenwerk.xlsx", "Buitenwerk Oost", "Pantar Utrecht", (47.25, 28, 60, 14, 105, 70.5)),
]
# Consensus scores for the bids on the shortlist: criterion -> (score, motivation)
DEMO_SCORES = {
    "Groenkracht Utrecht B.V.": {
        "K1": ("3", "Concreet plan met vaste teams per wijk, gedeelde planning met het SW-bedrijf en "
                    "maandelijkse evaluatie met de wijkbeheerder."),
        "K2": ("2", "Twintig leerwerkplekken met begeleiding; doorstroom naar regulier werk is wel "
                    "beschreven maar niet meetbaar gemaakt."),
        "K3": ("2", "Goede kwaliteitsborging via de schouw; elektrisch materieel pas vanaf het tweede jaar."),
    },
    "De Wijkwerkers": {
        "K1": ("2", "Heldere rolverdeling, maar weinig over samenwerking met bewoners."),
        "K2": ("3", "Sterk plan: vaste leerwerkplekken, jobcoach op locatie en meetbare doorstroom."),
        "K3": ("1", "Kwaliteitsplan is algemeen en noemt geen eigen controles."),
    },
    "Stadsgroen Midden": {
        "K1": ("1", "Visie blijft algemeen; de samenwerking met het SW-bedrijf is niet uitgewerkt."),
        "K2": ("1", "Aantal leerwerkplekken genoemd, geen begeleiding beschreven."),
        "K3": ("3", "Volledig elektrisch materieel en een uitgewerkt plan voor ecologisch beheer."),
    },
    "Budget Groen": {
        "K1": ("0", "Geen visie op samenwerking beschreven."),
        "K2": ("NR", "Plan verdringt bestaande banen bij het SW-bedrijf."),
        "K3": ("1", "Beperkte kwaliteitsborging."),
    },
}


def filled_bid_sheet(method, bidder: str, sw: str, prices) -> bytes:
    """A bid sheet as a bidder returns it: the tender's own template with prices and names filled in."""
    wb = template_workbook(method)
    ws = wb["Inschrijving"]
    for row, price in enumerate(prices, start=2):
        ws.cell(row=row, column=5, value=price)
    info = wb["Inschrijver"]
    for row, value in enumerate((bidder, "30012345", sw or None, "30098765" if sw else None), start=1):
        info.cell(row=row, column=2, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def demo_tender_ensure(*, gemeente, say=print) -> dict:
    """Makes the demo tender once; a second call changes nothing."""
    result = {"title": DEMO_TITLE, "created": False}
    if Tender.objects.filter(gemeente=gemeente, title=DEMO_TITLE).exists():
        return result
    inkoper, beoordelaar = _user("demo-inkoper"), _user("demo-beoordelaar")
    with transaction.atomic():
        tender = tender_create(gemeente=gemeente, method_text=DEMO_METHOD, actor=inkoper, origin="system")
        tender = tender_publish(tender=tender, actor=inkoper, origin="system")
        method = parse_method(tender.method_text.encode("utf-8"))
        for file_name, bidder, sw, prices in DEMO_BIDS:
            bid_upload(tender=tender, file_name=file_name, content=filled_bid_sheet(method, bidder, sw, prices), actor=inkoper,
                       origin="system")
        tender = tender_start_assessment(tender=tender, actor=inkoper, origin="system")
        if beoordelaar is not None:
            tender_chair_set(tender=tender, chair=beoordelaar, actor=inkoper, origin="system")
        if beoordelaar is not None:  # the chair records the consensus; the inkoper never scores
            tender.refresh_from_db()
            for bid in shortlisted_bids(tender=tender):
                scores = DEMO_SCORES.get(bid.name, {})
                if scores:
                    assessments_save(tender=tender, bid=bid, scores=scores, actor=beoordelaar, consensus=True,
                                     origin="system")
        if inkoper is not None:
            evaluation = tender_evaluation(tender=tender)
            low = {b["bidder"] for b in evaluation["bids"] if b["abnormally_low"]}
            for bid in tender.bids.all():
                if bid.name in low:
                    followup_record(bid=bid, actor=inkoper, origin="system",
                                    note="Inschrijver gevraagd de uurtarieven te onderbouwen; cao-loonkosten en "
                                         "begeleiding zijn in de toelichting meegenomen.",
                                    conclusion="Prijs verklaard; inschrijving blijft in de beoordeling.")
    result["created"] = True
    say(_("Demo-aanbesteding '%(title)s' aangemaakt met %(n)s inschrijvingen.") % {"title": DEMO_TITLE,
                                                                                   "n": len(DEMO_BIDS)})
    return result
