"""The tender in the app: the inkoper's flow, the assessors' pages (never a price), isolation."""

import io
import re
import zipfile

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER, RAADPLEGER
from wijkwerk.tendering.models import Assessment, Tender

from .helpers import METHOD_YAML

pytestmark = pytest.mark.django_db

BIDS = {  # name: (unit prices, SW partner) -> fictitious price
    "Groen BV": ((40, 25.5, 12.25), "Werkbedrijf"),  # 688293.63
    "Wijkteam Noord": ((38, 24, 10), "Werkbedrijf"),  # 651505.00
    "Stad en Co": ((45, 30, 15), "Werkbedrijf"),  # 785257.50
    "Laagbod": ((20, 10, 5), "Werkbedrijf"),  # 321752.50
    "Solo BV": ((30, 20, 10), ""),  # knocked out: no SW partner
}
PRICE_TEXTS = ["688293.63", "688.293,63", "651505", "651.505", "785257", "785.257", "321752", "321.752",
               "12.25", "12,25", "25.5", "25,5", "€", "EUR", "400000", "400.000", "250000", "250.000",
               "Fictieve", "fictieve prijs", "Eindprijs", "rang"]


def filled(template: bytes, name: str, prices, sw: str) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    for row, price in enumerate(prices, start=2):
        wb["Inschrijving"].cell(row=row, column=5, value=price)
    for row, value in enumerate((name, "12345678", sw, "87654321"), start=1):
        wb["Inschrijver"].cell(row=row, column=2, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def world():
    g = GemeenteFactory(slug="utrecht", name="Utrecht")
    other = GemeenteFactory(slug="amersfoort", name="Amersfoort")
    users = {name: UserFactory(username=name) for name in ("ingrid", "bea", "ben", "rob", "olga")}
    make_member(users["ingrid"], g, INKOPER)
    make_member(users["bea"], g, BEOORDELAAR)
    make_member(users["ben"], g, BEOORDELAAR)
    make_member(users["rob"], g, RAADPLEGER)
    make_member(users["olga"], other, INKOPER)
    return g, other, users


def run_tender(client, world) -> Tender:
    g, _, users = world
    client.force_login(users["ingrid"])
    base = "/g/utrecht/aanbestedingen/"
    response = client.post(base + "nieuw", {"method_text": METHOD_YAML.replace("\n", "\r\n")})
    assert response.status_code == 302
    tender = Tender.objects.get(gemeente=g)
    assert client.post(f"{base}{tender.pk}/publiceren").status_code == 302
    tender.refresh_from_db()
    assert tender.status == "gepubliceerd" and len(tender.method_sha256) == 64
    template = client.get(f"{base}{tender.pk}/inschrijfbiljet.xlsx").content
    files = []
    for name, (prices, sw) in BIDS.items():
        upload = io.BytesIO(filled(template, name, prices, sw))
        upload.name = f"{name}.xlsx"
        files.append(upload)
    broken = io.BytesIO(b"geen excel")
    broken.name = "kapot.xlsx"
    files.append(broken)
    assert client.post(f"{base}{tender.pk}/inschrijvingen", {"files": files}).status_code == 302
    assert tender.bids.count() == 6
    assert client.post(f"{base}{tender.pk}/beoordeling-starten").status_code == 302
    assert client.post(f"{base}{tender.pk}/voorzitter", {"chair": users["bea"].pk}).status_code == 302
    return tender


def test_a_published_method_is_locked(client, world):
    tender = run_tender(client, world)
    sha = tender.method_sha256
    response = client.post(f"/g/utrecht/aanbestedingen/{tender.pk}/methode",
                           {"method_text": METHOD_YAML.replace("shortlist: 3", "shortlist: 5")})
    assert response.status_code == 400
    tender.refresh_from_db()
    assert tender.method_sha256 == sha and "shortlist: 3" in tender.method_text
    # the downloaded method has exactly the published fingerprint (LF line endings)
    import hashlib

    download = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/methode.yaml").content
    assert hashlib.sha256(download).hexdigest() == sha == hashlib.sha256(METHOD_YAML.encode()).hexdigest()


def test_invalid_method_shows_dutch_messages(client, world):
    client.force_login(world[2]["ingrid"])
    response = client.post("/g/utrecht/aanbestedingen/nieuw",
                           {"method_text": METHOD_YAML.replace("mode: consensus", "mode: loting")})
    assert response.status_code == 400
    assert "onbekende mode" in response.content.decode()


def test_the_whole_flow_to_the_award_letters(client, world):
    g, _, users = world
    tender = run_tender(client, world)
    base = f"/g/utrecht/aanbestedingen/{tender.pk}/"
    shortlist = {b.name: b for b in tender.bids.all()}
    scores = {"Laagbod": ("1", "0"), "Wijkteam Noord": ("3", "2"), "Groen BV": ("2", "NR")}
    for who in ("bea", "ben"):
        client.force_login(users[who])
        for name, (k1, k2) in scores.items():
            url = f"{base}beoordelen/{shortlist[name].pk}"
            # a score without motivation is refused
            response = client.post(url, {"K1-score": k1, "K1-motivation": "", "K2-score": k2, "K2-motivation": "x"})
            assert response.status_code == 400 and "zonder motivering" in response.content.decode()
            response = client.post(url, {"K1-score": k1, "K1-motivation": f"{who}: onderbouwing K1",
                                         "K2-score": k2, "K2-motivation": f"{who}: onderbouwing K2"})
            assert response.status_code == 302
    assert Assessment.objects.filter(is_consensus=False).count() == 12
    # ben is not the chair: no consensus
    assert client.get(f"{base}consensus/{shortlist['Groen BV'].pk}").status_code == 403
    client.force_login(users["bea"])
    for name, (k1, k2) in scores.items():
        response = client.post(f"{base}consensus/{shortlist[name].pk}",
                               {"K1-score": k1, "K1-motivation": "Commissie: K1", "K2-score": k2,
                                "K2-motivation": "Commissie: K2"})
        assert response.status_code == 302
    client.force_login(users["ingrid"])
    report = client.get(f"{base}rapport").content.decode()
    assert "Winnaar: <strong>Wijkteam Noord</strong>" in report
    assert "kapot.xlsx" in report and "Inschrijver!B3" in report
    assert "€ 101.505,00" in report  # final price of the winner
    laag = shortlist["Laagbod"]
    assert client.post(f"{base}inschrijvingen/{laag.pk}/onderzoek",
                       {"note": "Prijsopbouw opgevraagd en ontvangen.", "conclusion": "Prijs verklaard"}).status_code == 302
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}brieven.zip?send_date=2026-03-02").content))
    assert len(archive.namelist()) == 12
    pdf = client.get(f"{base}brieven/{shortlist['Groen BV'].pk}.pdf?send_date=2026-03-02")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    actions = set(AuditLogEntry.objects.filter(gemeente=g).values_list("action", flat=True))
    assert {"tender.created", "tender.published", "tender.bid_uploaded", "tender.assessment_started",
            "tender.score_recorded", "tender.consensus_recorded", "tender.followup_recorded"} <= actions


def _tender_routes():
    for entry in get_resolver("wijkwerk.tendering.urls").url_patterns:
        yield str(entry.pattern), entry.name


def test_an_assessors_session_never_receives_a_price(client, world):
    g, _, users = world
    tender = run_tender(client, world)
    bids = list(tender.bids.all())
    client.force_login(users["bea"])  # assessor and chair
    seen = 0
    for route, name in _tender_routes():
        for bid in bids:
            values = {"slug": "utrecht", "tender_id": tender.pk, "bid_id": bid.pk}
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), route)
            for method in ("get", "post"):
                response = getattr(client, method)(url, follow=True)
                body = response.content.decode("utf-8", errors="replace")
                for text in PRICE_TEXTS:
                    assert text not in body, f"{method.upper()} {url} ({name}) shows '{text}'"
                seen += response.status_code == 200
            if "bid_id" not in route:
                break
    assert seen > 5
    # the assessor's own pages do work
    page = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen").content.decode()
    assert "Laagbod" in page and "Groen BV" in page and "Stad en Co" not in page


@pytest.mark.parametrize("who", ["olga", "rob"])
def test_outsiders_and_other_roles_see_no_tender(client, world, who):
    tender = run_tender(client, world)
    bid = tender.bids.first()
    client.force_login(world[2][who])
    for route, name in _tender_routes():
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str({"slug": "utrecht", "tender_id": tender.pk,
                                                              "bid_id": bid.pk}[m.group(1)]), route)
        expected = 404 if who == "olga" else 403
        assert client.get(url).status_code == expected, (url, name)
