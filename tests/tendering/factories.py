"""Tenders and bids for the tests, made directly with the ORM: a tender on a small method, a bid
whose content is the method's generated bid sheet filled in like a bidder would (read back with
the real reader, so its sheet, bidder and fingerprint are consistent)."""

import io

import factory

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.tendering.billsheet import template_workbook
from wijkwerk.tendering.method import Method, parse_method
from wijkwerk.tendering.models import Bid, Tender
from wijkwerk.tendering.sheetread import read_bid

METHOD_YAML = """\
title: Brede samenwerking wijkonderhoud
price_items:            # the rows of the bid sheet
  - {code: U01, description: Uurtarief vakkracht groen, unit: uur, fictive_quantity: 12000}
  - {code: U02, description: Uurtarief leerling-werknemer, unit: uur, fictive_quantity: 8000}
  - {code: E01, description: Maaien gazon per 100 m2, unit: 100 m2, fictive_quantity: 350.5}
knockouts:
  - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
  - {code: KO2, description: Inschrijfbiljet volledig en ongewijzigd ingevuld}
abnormally_low: 0.80
shortlist: 3
assessment:
  mode: consensus
  scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
  criteria:
    - {code: K1, description: Visie op samenwerking, max_value: 400000}
    - {code: K2, description: Social return, max_value: 250000}
tie_break: lot
"""


def method_titled(title: str) -> str:
    """METHOD_YAML with another title."""
    return METHOD_YAML.replace("title: Brede samenwerking wijkonderhoud", f"title: {title}")


def bid_sheet_bytes(method: Method, *, prices, name: str = "Groen BV", kvk: str = "1", sw: str = "Werkbedrijf",
                    sw_kvk: str = "2") -> bytes:
    """The method's bid sheet with a price per item and the bidder's details filled in, as .xlsx bytes.
    (A workbook saved a second later differs in its timestamp: reuse the bytes to upload the same file.)"""
    wb = template_workbook(method)
    for row, price in enumerate(prices, start=2):
        wb["Inschrijving"].cell(row=row, column=5, value=price)
    for row, value in enumerate((name, kvk, sw, sw_kvk), start=1):
        wb["Inschrijver"].cell(row=row, column=2, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class TenderFactory(factory.django.DjangoModelFactory):
    """A draft tender on `method_text` (METHOD_YAML unless given); its title is the method's."""

    class Meta:
        model = Tender

    class Params:
        method = factory.LazyAttribute(lambda o: parse_method(o.method_text.encode("utf-8")))

    gemeente = factory.SubFactory(GemeenteFactory)
    method_text = METHOD_YAML
    title = factory.LazyAttribute(lambda o: o.method.title)
    method_sha256 = factory.LazyAttribute(lambda o: o.method.sha256)
    status = Tender.Status.DRAFT


class BidFactory(factory.django.DjangoModelFactory):
    """A valid bid on `tender`: its filled-in bid sheet (`bidder_name`, `prices`, one per price item)."""

    class Meta:
        model = Bid

    class Params:
        method = factory.LazyAttribute(lambda o: parse_method(o.tender.method_text.encode("utf-8")))
        bidder_name = factory.Sequence(lambda n: f"Inschrijver {n} BV")
        prices = factory.LazyAttribute(lambda o: [40 - 5 * i for i in range(len(o.method.price_items))])
        read = factory.LazyAttribute(lambda o: read_bid(o.content, o.method, file_name=o.file_name))

    tender = factory.SubFactory(TenderFactory)
    file_name = factory.Sequence(lambda n: f"inschrijving-{n}.xlsx")
    content = factory.LazyAttribute(lambda o: bid_sheet_bytes(o.method, prices=o.prices, name=o.bidder_name))
    file_sha256 = factory.LazyAttribute(lambda o: o.read.file_sha256)
    bidder = factory.LazyAttribute(lambda o: o.read.bidder)
    sheet = factory.LazyAttribute(lambda o: o.read.as_json())
