"""The assessment at 1280 px: an assessor sees what the scores 3/2/1/0/NR mean, saves a partial
assessment, leaves, comes back to what is still open and submits it once complete; axe finds no
serious problem on any tender page of the assessor and of the inkoper."""

import pytest

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from tests.tendering.factories import BidFactory, TenderFactory
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering import services
from wijkwerk.tendering.models import Assessment, Tender

from .conftest import axe_serious
from .test_pages_browser import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIDS = {"Groen BV": (40, 25.5, 12.25), "Wijkteam Noord": (38, 24, 10), "Laagbod": (20, 10, 5),
        "Stad en Co": (45, 30, 15)}  # shortlist 3: Stad en Co (the dearest) is not assessed


def _tender():
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    users = {name: UserFactory(username=name, first_name=name.title()) for name in ("ingrid", "bea", "ben")}
    make_member(users["ingrid"], gemeente, INKOPER)
    make_member(users["bea"], gemeente, BEOORDELAAR)
    make_member(users["ben"], gemeente, BEOORDELAAR)
    tender = TenderFactory(gemeente=gemeente, status=Tender.Status.ASSESSING, chair=users["bea"])
    bids = {name: BidFactory(tender=tender, bidder_name=name, prices=prices, file_name=f"{name}.xlsx")
            for name, prices in BIDS.items()}
    return tender, bids, users


def test_an_assessor_saves_a_partial_assessment_and_finishes_it_later(page):
    tender, bids, users = _tender()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "ben")
    page.goto("/g/utrecht/aanbestedingen/")
    page.get_by_role("link", name=tender.title).click()
    assert page.get_by_role("row", name="Laagbod").get_by_text("nog niet begonnen").is_visible()
    page.get_by_role("link", name="Laagbod").click()

    # the scale is explained where the assessor scores
    scale = page.get_by_role("region", name="Wat betekenen de scores?")
    for text in ("Uitstekend", "Goed", "Voldoende", "Geen meerwaarde", "Nadelig", "aftrek van 50 %"):
        assert scale.get_by_text(text, exact=False).first.is_visible(), text
    assert page.locator("#id_K1-score option", has_text="2 – Goed").count() == 1

    # K1 scored, K2 only a first note: saved for later
    page.locator("#id_K1-score").select_option("2")
    page.locator("#id_K1-motivation").fill("Heldere visie, maar weinig concreet.")
    page.locator("#id_K2-motivation").fill("Eerste indruk: social return beperkt")
    page.get_by_role("button", name="Tussentijds opslaan").click()
    assert page.get_by_text("Tussentijds opgeslagen als concept: 1 van 2 criteria gescoord.", exact=False).is_visible()
    assert page.get_by_text("Nog open: K2. U kunt later verder", exact=False).is_visible()
    assert page.get_by_role("group", name="K1").get_by_text("gescoord", exact=True).is_visible()
    assert page.get_by_role("group", name="K2").get_by_text("nog niet gescoord", exact=True).is_visible()
    assert axe_serious(page) == []
    shot(page, "aanbesteding-beoordeling-concept")
    records = Assessment.objects.filter(assessor=users["ben"])
    assert sorted(records.values_list("criterion", "score", "is_draft")) == [("K1", "2", True), ("K2", "", True)]

    # submitting an incomplete assessment is refused: nothing changes, the input stays
    page.locator("#id_K1-motivation").fill("Heldere visie, wel concreet genoeg.")
    page.get_by_role("button", name="Beoordeling indienen").click()
    assert page.get_by_text("Nog niet gescoord: kies een score (K2).").is_visible()
    assert page.get_by_text("Indienen kan pas als elk criterium een score met motivering heeft", exact=False).is_visible()
    assert page.locator("#id_K1-motivation").input_value() == "Heldere visie, wel concreet genoeg."
    assert Assessment.objects.get(assessor=users["ben"], criterion="K1").motivation == "Heldere visie, maar weinig concreet."
    assert axe_serious(page) == []

    # later: the list says what is open; the page comes back with what was saved
    page.goto("/g/utrecht/aanbestedingen/")
    page.get_by_role("link", name=tender.title).click()
    row = page.get_by_role("row", name="Laagbod")
    assert row.get_by_text("concept").is_visible() and "1 van 2 criteria gescoord; nog open: K2" in row.inner_text()
    page.get_by_role("link", name="Laagbod").click()
    assert page.locator("#id_K1-score").input_value() == "2"
    assert page.locator("#id_K2-motivation").input_value() == "Eerste indruk: social return beperkt"
    page.locator("#id_K2-score").select_option("1")
    page.locator("#id_K2-motivation").fill("Social return beperkt uitgewerkt.")
    page.get_by_role("button", name="Beoordeling indienen").click()
    assert page.get_by_text("Uw beoordeling van Laagbod is ingediend.").is_visible()
    assert page.get_by_role("row", name="Laagbod").get_by_text("ingediend").is_visible()
    assert sorted(Assessment.objects.filter(assessor=users["ben"]).values_list("criterion", "score", "is_draft")) == [
        ("K1", "2", False), ("K2", "1", False)]
    assert "€" not in page.content()
    assert page.js_errors == []


def test_every_tender_page_passes_axe_for_assessor_and_inkoper(page):
    tender, bids, users = _tender()
    base = f"/g/utrecht/aanbestedingen/{tender.pk}/"
    shortlist = ("Groen BV", "Wijkteam Noord", "Laagbod")
    services.assessments_save(tender=tender, bid=bids["Groen BV"], actor=users["ben"],
                              scores={"K1": ("3", "Sterk"), "K2": ("2", "Goed")})
    services.assessments_save(tender=tender, bid=bids["Laagbod"], actor=users["ben"], draft=True,
                              scores={"K1": ("1", "Matig"), "K2": ("", "")})
    page.set_viewport_size({"width": 1280, "height": 900})

    login(page, "bea")  # assessor and chair
    pages = ["/g/utrecht/aanbestedingen/", base + "beoordelen", f"{base}beoordelen/{bids['Groen BV'].pk}",
             f"{base}consensus/{bids['Laagbod'].pk}"]
    for url in pages:
        page.goto(url)
        assert axe_serious(page) == [], url
        assert "€" not in page.content(), url
    # the chair sees the submitted scores of the others, and who is not done yet
    page.goto(f"{base}consensus/{bids['Groen BV'].pk}")
    assert page.get_by_text("Ben: score 3: Sterk").is_visible()
    page.goto(f"{base}consensus/{bids['Laagbod'].pk}")
    assert page.get_by_text("Nog niet ingediend door: Ben", exact=False).is_visible()
    assert not page.get_by_text("Matig").count()
    for name, (k1, k2) in zip(shortlist, (("2", "NR"), ("3", "2"), ("1", "0")), strict=True):
        services.assessments_save(tender=tender, bid=bids[name], actor=users["bea"], consensus=True,
                                  scores={"K1": (k1, "Commissie K1"), "K2": (k2, "Commissie K2")})

    page.context.clear_cookies()
    login(page, "ingrid")
    pages = ["/g/utrecht/aanbestedingen/", "/g/utrecht/aanbestedingen/nieuw", base, base + "methode",
             base + "inschrijvingen", base + "rapport", f"{base}inschrijvingen/{bids['Laagbod'].pk}/onderzoek",
             base + "loting", base + "brieven"]
    for url in pages:
        page.goto(url)
        assert axe_serious(page) == [], url
    page.goto(base + "rapport")
    report = page.locator("main").inner_text()
    assert "Winnaar: Wijkteam Noord" in report
    assert "€ 651.505,00" in report and "€ 101.505,00" in report  # Dutch amounts, right-aligned columns
    assert "Wat betekenen de scores?" in report and "Nadelig" in report
    shot(page, "aanbesteding-rapport-schaal")
