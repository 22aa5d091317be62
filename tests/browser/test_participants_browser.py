"""A job coach in a real browser: makes a participant, records their outflow, and sees the people
dashboard show the small group as "< 5"; axe-core finds no serious or critical problem on the list, the
form, the detail page and the dashboard; on a phone (360 px) the detail page does not scroll sideways;
and no URL the browser visits holds the participant's name."""

import re

import pytest

from tests.conftest import login_verified
from tests.people.factories import make_people_world
from wijkwerk.people.models import Participant, Phase

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def fits_the_screen(page) -> bool:
    """Nothing in the page's content reaches past the screen's right edge, except inside a table that
    scrolls on its own."""
    return page.evaluate("Array.from(document.querySelectorAll('#inhoud *')).filter(e => !e.closest('.table-wrap'))"
                         ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)")


def test_a_job_coach_records_a_participant_and_the_dashboard_hides_the_small_group(page):
    world = make_people_world("browserstad")
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    login_verified(page, world.coach)

    page.goto("/g/browserstad/deelnemers/")
    page.get_by_role("link", name="Priscilla Zwanenburg").wait_for()
    assert axe_serious(page) == []

    page.get_by_role("link", name="Nieuwe deelnemer").click()
    page.wait_for_url("**/deelnemers/nieuw/")
    assert axe_serious(page) == []
    page.get_by_label("Naam (verplicht)", exact=True).fill("Nina Nieuwkomer")
    page.get_by_label("E-mailadres").fill("nina.nieuwkomer@example.org")
    page.get_by_label("Doelgroep").select_option("participatiewet")
    page.get_by_label("Soort contract").select_option("proefplaatsing")
    page.get_by_label("Startdatum (instroom)").fill("2025-03-03")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_role("button", name="Deelnemer opslaan").click()
    page.wait_for_url(re.compile(r"/deelnemers/[0-9a-f]{16}/$"))
    page.get_by_text("De deelnemer is opgeslagen.").wait_for()
    assert axe_serious(page) == []

    outflow = page.locator("form", has=page.locator("#id_uitstroom-date"))
    outflow.get_by_label("Datum").fill("2025-09-01")
    outflow.get_by_label("Bestemming").select_option("regulier_werk")
    outflow.get_by_label("Werkgever of opleiding").fill("Hovenier De Groene Vinger")
    outflow.get_by_role("button", name="Stap opslaan").click()
    page.get_by_text("is vastgelegd").wait_for()
    assert page.get_by_role("cell", name="Hovenier De Groene Vinger").is_visible()
    assert axe_serious(page) == []
    nina = Participant.objects.get(name="Nina Nieuwkomer")
    assert nina.phase == Phase.OUTFLOW and nina.events.get(phase=Phase.OUTFLOW).destination == "regulier_werk"

    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_the_screen(page)
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Mensen en sociale waarde").click()
    page.wait_for_url("**/mensen/")
    page.get_by_label("Van jaar").select_option("2025")
    page.get_by_label("Tot en met jaar").select_option("2025")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**/mensen/?*")
    funnel = page.get_by_role("region", name="Instroom, doorstroom en uitstroom per jaar")
    assert funnel.get_by_role("row", name=re.compile(r"^2025")).get_by_role("cell").first.inner_text() == "< 5"
    assert "Nina" not in page.content() and "Priscilla" not in page.content()
    assert axe_serious(page) == []

    assert not [u for u in visited if re.search(r"nina|nieuwkomer|priscilla|zwanenburg", u, re.I)]
    assert page.js_errors == []
