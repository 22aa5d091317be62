"""The second sign-in step in a real browser: a job coach sets up the authenticator app (QR code, the
key to type in, the first code) and later signs in with a code; axe-core finds no serious problems
on either page."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.municipalities.factories import PASSWORD, GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities import roles

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_key(key: str, steps_ahead: int = 0) -> str:
    """What an app that was given this key (as typed in from the page) shows now, or `steps_ahead`
    periods of 30 seconds later (a code is accepted once; the app may run one period ahead)."""
    otp = TOTP(b32decode(key.replace(" ", "")))
    otp.time = time.time() + 30 * steps_ahead
    return f"{otp.token():06d}"


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_job_coach_sets_up_the_app_and_signs_in_with_a_code(page, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a right code straight after a wrong one (the throttle: tests/core)
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    make_member(UserFactory(username="coach"), gemeente, roles.JOBCOACH)

    sign_in(page, "coach")
    page.wait_for_url(re.compile(r"/account/tweede-stap/instellen/\?next="))
    assert page.get_by_role("heading", level=1).inner_text() == "Tweede stap instellen"
    qr = page.get_by_role("img", name=re.compile("QR-code om Wijkwerk aan uw authenticator-app toe te voegen"))
    assert qr.is_visible()
    key = page.locator("#sleutel").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    assert axe_serious(page) == []

    # A wrong code: a message at the field, still on the setup page.
    wrong = f"{(int(code_from_key(key)) + 1) % 10**6:06d}"
    page.get_by_label("Code uit de app").fill(wrong)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Deze code klopt niet").first.is_visible()
    assert page.get_by_label("Code uit de app").get_attribute("aria-invalid") == "true"
    assert axe_serious(page) == []

    page.get_by_label("Code uit de app").fill(code_from_key(key))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"**/g/{gemeente.slug}/")
    assert page.get_by_text("De tweede stap is ingesteld.").is_visible()
    assert page.get_by_role("link", name="Tweede stap (authenticator-app)").is_visible()

    # Next time: the password, then the code.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    sign_in(page, "coach")
    page.wait_for_url(re.compile(r"/account/tweede-stap/\?next="))
    assert page.get_by_role("heading", level=1).inner_text() == "Tweede stap: code uit de app"
    assert axe_serious(page) == []
    page.get_by_label("Code uit de app").fill(code_from_key(key, steps_ahead=1))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"**/g/{gemeente.slug}/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.js_errors == []
