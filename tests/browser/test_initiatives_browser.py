"""Residents' pages of initiatives, consultations and the neighbourhood's strengths in a real browser,
without logging in: axe finds nothing serious (nor duplicate landmark names) and the pages fit a
360 px phone; a proposal is sent from the page; the staff pages pass axe too."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.assets.worlds import make_world
from tests.community.initiative_helpers import make_consultation, make_initiative, make_strength
from tests.municipalities.factories import PASSWORD
from wijkwerk.community.initiative_models import Initiative, InitiativeStatus

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def problems(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    duplicates = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations if v["id"] == "landmark-unique"]
    return duplicates + axe_serious(page)


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def open_page(page, url: str) -> None:
    page.goto(url)
    if page.locator("#community-map").count():
        page.wait_for_function("document.getElementById('community-map').dataset.ready === 'true'")


def _world():
    world = make_world()
    world.beheerder.set_password(PASSWORD)
    world.beheerder.save()
    initiative = make_initiative(world.gemeente, status=InitiativeStatus.RUNNING,
                                 title="Een heel lang initiatief over de buurttuin aan de Lange Nieuwstraat",
                                 residents_maintain="Wieden", covered_assets=[world.tree.pk])
    consultation = make_consultation(world.gemeente)
    make_strength(world.gemeente, name="Buurthuis De Ster", kind="plek", lat=52.085, lon=5.105)
    return world, initiative, consultation


def test_public_pages_pass_axe_and_fit_a_phone(page):
    world, initiative, consultation = _world()
    slug = world.gemeente.slug
    urls = [f"/initiatieven/{slug}/", f"/initiatieven/{slug}/voorstellen/", f"/initiatieven/{slug}/{initiative.public_id}/",
            f"/raadplegingen/{slug}/", f"/raadplegingen/{slug}/{consultation.public_id}/",
            f"/buurtkracht/{slug}/", f"/buurtkracht/{slug}/toevoegen/"]
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for url in urls:
            open_page(page, url)
            assert problems(page) == [], (size["width"], url)
            assert fits(page, size["width"]), (size["width"], url)
    assert page.js_errors == []


def test_a_resident_proposes_from_the_page(page):
    world, _initiative, _consultation = _world()
    page.set_viewport_size(PHONE)
    open_page(page, f"/initiatieven/{world.gemeente.slug}/voorstellen/")
    page.get_by_label("Titel").fill("Opschoondag Domplein")
    page.get_by_label("Soort initiatief").select_option("opschoondag")
    page.get_by_label("Omschrijving").fill("Samen de straat schoon.")
    page.get_by_label("Breedtegraad (lat)").fill("52.085")
    page.get_by_label("Lengtegraad (lon)").fill("5.105")
    page.get_by_label("Uw naam").fill("Bea")
    page.get_by_label("Uw e-mailadres").fill("bea@example.org")
    page.get_by_role("button", name="Voorstel versturen").click()
    page.get_by_text("Bedankt voor uw voorstel").wait_for()
    assert Initiative.objects.filter(title="Opschoondag Domplein", status=InitiativeStatus.PROPOSED).exists()


def test_staff_pages_pass_axe(page):
    world, initiative, consultation = _world()
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(world.beheerder.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/g/**")
    base = f"/g/{world.gemeente.slug}"
    for url in (f"{base}/initiatieven/", f"{base}/initiatieven/{initiative.public_id}/", f"{base}/raadplegingen/",
                f"{base}/raadplegingen/{consultation.public_id}/", f"{base}/buurtkracht/"):
        open_page(page, url)
        assert problems(page) == [], url
