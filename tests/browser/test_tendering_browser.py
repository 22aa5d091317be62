"""The tender in a real browser: the inkoper writes and publishes the method, uploads bid sheets
and opens the report; an assessor scores a shortlisted bid and sees no price. Axe on each page."""

import pytest

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from tests.tendering.helpers import METHOD_YAML, fill_bid, method
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering.models import Tender

from .conftest import axe_serious
from .test_pages_browser import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tender_from_method_to_assessment(page, tmp_path):
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    make_member(UserFactory(username="ingrid"), gemeente, INKOPER)
    make_member(UserFactory(username="bea"), gemeente, BEOORDELAAR)

    login(page, "ingrid")
    page.goto("/g/utrecht/aanbestedingen/")
    assert axe_serious(page) == []
    page.get_by_role("link", name="Nieuwe aanbesteding").click()
    page.get_by_text("Geavanceerd: de methode als YAML-tekst").click()
    page.get_by_label("Methode (YAML)").fill(METHOD_YAML.replace("shortlist: 3", "shortlist: 2"))
    page.get_by_role("button", name="YAML-tekst controleren en opslaan").click()
    page.get_by_role("button", name="Publiceren (methode vastleggen)").click()
    assert page.get_by_text("de methode ligt vast", exact=False).first.is_visible()
    assert axe_serious(page) == []
    shot(page, "aanbesteding-detail")
    tender = Tender.objects.get()
    m = method(tender.method_text)
    files = [str(fill_bid(tmp_path / f"{n}.xlsx", m, name=n, prices=p))
             for n, p in (("Groen BV", (40, 25, 12)), ("Wijkteam Noord", (38, 24, 10)), ("Laagbod", (20, 10, 5)))]
    files.append(str(fill_bid(tmp_path / "solo.xlsx", m, name="Solo BV", sw="")))
    page.get_by_role("link", name="Inschrijvingen").click()
    page.locator("input[type=file]").set_input_files(files)
    page.get_by_role("button", name="Inlezen en controleren").click()
    # read in the background (inline in the tests): the received files with their outcome
    assert page.get_by_role("heading", name="Ontvangen bestanden").is_visible()
    assert page.get_by_text("Ontvangen: 4 bestand(en)", exact=False).is_visible()
    assert page.get_by_text("Inschrijver!B3", exact=False).is_visible()
    assert axe_serious(page) == []
    page.goto(f"/g/utrecht/aanbestedingen/{tender.pk}/")
    page.get_by_role("button", name="Inschrijving sluiten en beoordeling starten").click()
    page.goto(f"/g/utrecht/aanbestedingen/{tender.pk}/rapport")
    assert page.get_by_text("abnormaal laag").first.is_visible()
    assert axe_serious(page) == []
    shot(page, "aanbesteding-rapport")

    page.context.clear_cookies()
    login(page, "bea")
    page.goto("/g/utrecht/aanbestedingen/")
    page.get_by_role("link", name=tender.title).click()
    assert "€" not in page.content()
    assert axe_serious(page) == []
    page.get_by_role("link", name="Laagbod").click()
    page.locator("#id_K1-score").select_option("2")
    page.locator("#id_K1-motivation").fill("Heldere visie, maar weinig concreet.")
    page.locator("#id_K2-score").select_option("1")
    page.get_by_role("button", name="Beoordeling indienen").click()
    assert page.get_by_text("zonder motivering", exact=False).first.is_visible()
    assert axe_serious(page) == []
    page.locator("#id_K2-motivation").fill("Social return beperkt uitgewerkt.")
    page.get_by_role("button", name="Beoordeling indienen").click()
    assert page.get_by_text("Uw beoordeling van Laagbod is ingediend.").is_visible()
    assert page.get_by_role("row", name="Laagbod").get_by_text("ingediend").is_visible()
    assert "€" not in page.content()
    shot(page, "aanbesteding-beoordelen")
    assert page.js_errors == []
