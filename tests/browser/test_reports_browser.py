"""Reporting in a real browser: a resident on a phone (360 px) reports through the public page with
the map, lands on the tracking page, and the report (its script tags shown as text) appears in the
staff's triage list. axe-core finds no serious or critical problems on the public pages."""

import pytest

from tests.municipalities.factories import PASSWORD, GemeenteFactory, UserFactory, make_member
from wijkwerk.community.report_models import Report
from wijkwerk.municipalities import roles

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}
SCRIPT = "<script>window.hacked = 1</script> lamp kapot"


def fits_the_screen(page) -> bool:
    """Nothing in the content reaches past the right edge (the map clips its own tiles)."""
    return page.evaluate("Array.from(document.querySelectorAll('#inhoud *'))"
                         ".filter(e => !e.parentElement.closest('.leaflet-container'))"
                         ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)")


def test_public_report_reaches_the_triage_list(page):
    gemeente = GemeenteFactory(slug="meldstad", name="Meldstad")
    staff = UserFactory(username="meldstad-beheerder")
    make_member(staff, gemeente, roles.BEHEERDER)

    page.set_viewport_size(PHONE)
    page.goto("/melden/meldstad/")
    assert fits_the_screen(page)
    assert axe_serious(page) == []
    page.get_by_label("Waar gaat uw melding over?").select_option(label="Kapotte straatverlichting")
    page.locator("#report-map").click()  # the map's centre: a place in the Netherlands
    page.get_by_text("Er is een plaats gekozen.").wait_for()
    assert page.locator("#id_lat").input_value()
    page.get_by_label("Wat is er aan de hand? (verplicht)").fill(SCRIPT)
    page.get_by_label("E-mailadres (niet verplicht)").fill("bewoner@example.nl")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_url("**/melding/**")
    report = Report.objects.get()
    page.get_by_role("heading", name=f"Melding {report.number}").wait_for()
    page.get_by_text(SCRIPT).wait_for()  # shown as text, not run
    assert page.evaluate("window.hacked") is None
    assert fits_the_screen(page)
    assert axe_serious(page) == []

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill("meldstad-beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/g/meldstad/**")
    page.get_by_role("link", name="Meldingen").click()
    page.wait_for_url("**/g/meldstad/meldingen/")
    assert axe_serious(page) == []
    page.get_by_role("link", name=report.number).click()
    page.wait_for_url(f"**/meldingen/{report.number}/")
    page.get_by_text("bewoner@example.nl").wait_for()
    assert axe_serious(page) == []
    assert page.evaluate("window.hacked") is None
    assert page.js_errors == []
