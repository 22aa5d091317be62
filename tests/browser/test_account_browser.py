"""The password page and the lockout page in a real browser: reachable from the header, errors
shown, the change keeps the user signed in; axe-core finds no serious problems."""

import pytest

from tests.assets.worlds import make_world
from tests.municipalities.factories import PASSWORD

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "Nieuw-Straatlantaarn-77"


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_change_password_from_the_header_and_the_lockout_page(page):
    world = make_world()
    login(page, "anna")
    page.wait_for_url(f"**/g/{world.gemeente.slug}/")

    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    page.wait_for_url("**/account/wachtwoord/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wachtwoord wijzigen"
    assert axe_serious(page) == []

    # A wrong current password: an error at the field, nothing changed.
    page.get_by_label("Huidig wachtwoord").fill("fout")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord (nog een keer)").fill(NEW)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    assert page.get_by_text("Uw huidige wachtwoord klopt niet").is_visible()
    assert page.get_by_label("Huidig wachtwoord").get_attribute("aria-invalid") == "true"
    assert axe_serious(page) == []

    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord (nog een keer)").fill(NEW)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.wait_for_url(f"**/g/{world.gemeente.slug}/")  # still signed in
    assert page.get_by_text("Uw wachtwoord is gewijzigd.").is_visible()

    # Sign out; ten wrong passwords lock the account, with a Dutch page.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    for _ in range(10):
        login(page, "anna", "fout-wachtwoord")
    login(page, "anna", NEW)
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen tijdelijk geblokkeerd"
    assert axe_serious(page) == []
