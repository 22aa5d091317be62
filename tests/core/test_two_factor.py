"""The second sign-in step (TOTP) for the roles that hold personal data (core/two_factor.py): after
the password a jobcoach or fg gives a code from an authenticator app, or sets the app up first; until
then only the second-step pages open; wrong codes are refused, throttled, audited and count towards
the lockout; `wijkwerk reset-two-factor` removes the app."""

import logging
import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.conftest import login_verified, totp_code, verified_device
from tests.core.http import assert_problem
from tests.municipalities.factories import PASSWORD, GemeenteFactory, UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db

VERIFY = "/account/tweede-stap/"
SETUP = "/account/tweede-stap/instellen/"
WRONG = "Deze code klopt niet"


@pytest.fixture
def gemeente():
    return GemeenteFactory(slug="utrecht", name="Utrecht")


@pytest.fixture
def coach(gemeente):
    user = UserFactory(username="coach")
    make_member(user, gemeente, roles.JOBCOACH)
    return user


def sign_in(username: str, next_url: str = "") -> tuple[Client, object]:
    client = Client()
    data = {"username": username, "password": PASSWORD, **({"next": next_url} if next_url else {})}
    return client, client.post("/login/", data)


def unthrottle(device: TOTPDevice) -> None:
    """As if the throttle's wait (1, 2, 4 ... seconds after wrong codes) had passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1))


def audited(action: str) -> list[AuditLogEntry]:
    return list(AuditLogEntry.objects.filter(action=action).order_by("id"))


# --- After the password --------------------------------------------------------------------------

def test_a_jobcoach_goes_from_the_password_to_the_setup_page_and_then_to_the_code_page(coach, gemeente):
    overview = f"/g/{gemeente.slug}/"
    client, response = sign_in("coach", next_url=overview)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fg%2Futrecht%2F"  # no app yet: set it up first
    assert client.get(overview)["Location"].startswith(SETUP)

    verified_device(coach)  # an app set up: the code page instead
    client, response = sign_in("coach", next_url=overview)
    assert response["Location"] == f"{VERIFY}?next=%2Fg%2Futrecht%2F"
    assert client.get(VERIFY).status_code == 200
    assert client.get(SETUP)["Location"] == VERIFY  # a password alone never replaces the app


def test_other_roles_sign_in_without_a_second_step(gemeente):
    make_member(UserFactory(username="bea"), gemeente, roles.BEHEERDER)
    client, response = sign_in("bea")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(f"/g/{gemeente.slug}/").status_code == 200
    assert client.get("/api/v1/gemeenten").status_code == 200
    assert "Tweede stap" not in client.get(f"/g/{gemeente.slug}/").content.decode()  # no link in the header


def test_the_roles_are_a_setting(gemeente, settings):
    make_member(UserFactory(username="bea"), gemeente, roles.BEHEERDER)
    settings.WIJKWERK_TWO_FACTOR_ROLES = ("jobcoach", "fg", "beheerder")
    assert sign_in("bea")[1]["Location"].startswith(SETUP)
    settings.WIJKWERK_TWO_FACTOR_ROLES = ("fg",)
    make_member(UserFactory(username="jan"), gemeente, roles.JOBCOACH)
    assert sign_in("jan")[1]["Location"] == "/"


def test_until_verified_only_the_second_step_logout_and_static_files_open(coach, gemeente):
    coach.is_staff = True
    coach.save()
    make_member(coach, GemeenteFactory(slug="huizen"), roles.FG)  # a role in any gemeente counts
    verified_device(coach)
    client, _ = sign_in("coach")
    for url in (f"/g/{gemeente.slug}/", f"/g/{gemeente.slug}/kaart/?buurt=B1", "/admin/", "/gemeenten/",
                "/account/wachtwoord/", "/login/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get(f"/g/{gemeente.slug}/kaart/?buurt=B1")["Location"] == f"{VERIFY}?next=%2Fg%2Futrecht%2Fkaart%2F%3Fbuurt%3DB1"
    # A form sent before the step is not kept as the page to return to.
    assert client.post(f"/g/{gemeente.slug}/import/")["Location"] == VERIFY
    # The API refuses the session with a problem in Dutch.
    body = assert_problem(client.get("/api/v1/gemeenten"), 403)
    assert "tweede stap" in body["detail"] and VERIFY in body["detail"]
    assert client.get("/static/css/wijkwerk.css").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": VERIFY})["Location"] == VERIFY
    assert client.post("/logout/")["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_the_page_to_return_to_is_a_local_path_only(coach):
    device = verified_device(coach)
    for next_url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "g/utrecht/"):
        client, _ = sign_in("coach")
        assert f'name="next" value="{next_url}' not in client.get(VERIFY, {"next": next_url}).content.decode()
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same code may be used again here
        response = client.post(VERIFY, {"code": totp_code(device), "next": next_url})
        assert response.status_code == 302 and response["Location"] == "/", next_url


# --- Setting the app up --------------------------------------------------------------------------

def test_setup_shows_a_qr_code_and_the_key_and_a_right_code_confirms_the_app(coach, gemeente, caplog):
    caplog.set_level(logging.DEBUG)
    client, _ = sign_in("coach", next_url=f"/g/{gemeente.slug}/kaart/")
    page = client.get(f"{SETUP}?next=/g/{gemeente.slug}/kaart/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    assert "authenticator-app" in html and "Installeer" in html
    assert re.search(r'<svg role="img" focusable="false" [^>]*><title>QR-code [^<]+</title>', html)
    secret = re.search(r'<code id="sleutel">([A-Z2-7 ]+)</code>', html).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    device = TOTPDevice.objects.get(user=coach)
    assert not device.confirmed and b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.get(SETUP).content.decode().count(secret) == 1  # reloading keeps the same key

    response = client.post(SETUP, {"code": totp_code(device), "next": f"/g/{gemeente.slug}/kaart/"})
    assert response.status_code == 302 and response["Location"] == f"/g/{gemeente.slug}/kaart/"
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(f"/g/{gemeente.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "De tweede stap is ingesteld." in html and "Tweede stap (authenticator-app)" in html
    [entry] = audited("auth.2fa_device_confirmed")
    assert entry.origin == "web" and entry.actor == coach and entry.detail == {"ip": "127.0.0.1", "replaced": 0}
    everything = str([e.detail for e in AuditLogEntry.objects.all()]) + caplog.text
    assert secret.replace(" ", "") not in everything and device.key not in everything


def test_a_wrong_code_at_setup_is_refused_with_a_message_and_throttled(coach, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # a slow test run stays within the wait
    client, _ = sign_in("coach")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=coach)
    wrong = f"{(int(totp_code(device)) + 1) % 10**6:06d}"
    html = client.post(SETUP, {"code": wrong}).content.decode()
    assert WRONG in html and 'aria-invalid="true"' in html
    throttled = client.post(SETUP, {"code": totp_code(device)}).content.decode()
    assert re.search(r"Te veel verkeerde codes na elkaar. Wacht \d+ seconden", throttled)
    assert "cijfers in" in client.post(SETUP, {"code": "12ab"}).content.decode()  # not a code at all
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    assert [e.detail["reason"] for e in audited("auth.2fa_failed")] == ["wrong", "throttled"]
    assert all(e.detail["step"] == "setup" and wrong not in str(e.detail) for e in audited("auth.2fa_failed"))


def test_a_verified_user_may_replace_the_app_and_the_old_one_stops_working(coach, gemeente):
    client = Client()
    old = login_verified(client, coach)
    html = client.get(SETUP).content.decode()
    assert "U gebruikt al een authenticator-app" in html
    new = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert client.post(SETUP, {"code": totp_code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=coach)) == [new]
    assert audited("auth.2fa_device_confirmed")[0].detail["replaced"] == 1
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


# --- Giving the code -----------------------------------------------------------------------------

def test_a_wrong_code_is_refused_audited_and_throttled_and_the_right_one_lets_the_user_in(
        coach, gemeente, caplog, settings):
    caplog.set_level(logging.DEBUG)
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # a slow test run stays within the wait
    device = verified_device(coach)
    client, _ = sign_in("coach", next_url=f"/g/{gemeente.slug}/")
    wrong = f"{(int(totp_code(device)) + 5) % 10**6:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": f"/g/{gemeente.slug}/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG in html and 'aria-invalid="true"' in html
    assert client.get(f"/g/{gemeente.slug}/").status_code == 302  # still not in
    throttled = client.post(VERIFY, {"code": totp_code(device)}).content.decode()
    assert re.search(r"Te veel verkeerde codes na elkaar. Wacht \d+ seconden", throttled)

    unthrottle(device)
    response = client.post(VERIFY, {"code": totp_code(device), "next": f"/g/{gemeente.slug}/"})
    assert response.status_code == 302 and response["Location"] == f"/g/{gemeente.slug}/"
    assert client.get(f"/g/{gemeente.slug}/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"  # verified: nothing more to do
    assert client.get("/api/v1/gemeenten").status_code == 200

    failed = audited("auth.2fa_failed")
    assert [e.detail["reason"] for e in failed] == ["wrong", "throttled"]
    assert failed[0].result == "failed" and failed[0].origin == "web" and failed[0].actor == coach
    assert failed[0].detail == {"ip": "127.0.0.1", "step": "sign-in", "reason": "wrong", "failures": 1}
    [verified] = audited("auth.2fa_verified")
    assert verified.detail == {"ip": "127.0.0.1"}
    # The codes are nowhere: not in the audit log, not in the lockout's records, not in the logs.
    stored = str([e.detail for e in AuditLogEntry.objects.all()]) + str(list(AccessAttempt.objects.values()))
    assert wrong not in stored and totp_code(device) not in stored and wrong not in caplog.text
    assert device.key not in caplog.text


def test_wrong_codes_count_towards_the_lockout_of_the_username(coach, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the lockout here
    device = verified_device(coach)
    client, _ = sign_in("coach")
    wrong = f"{(int(totp_code(device)) + 3) % 10**6:06d}"
    assert client.post(VERIFY, {"code": wrong}).status_code == 200
    assert client.post(VERIFY, {"code": wrong}).status_code == 200
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 429 and "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the password step is undone too
    assert sign_in("coach")[1].status_code == 429  # the right password is refused as well
    [lockout] = audited("auth.lockout")
    assert lockout.detail["username"] == "coach" and lockout.detail["failures"] == 3
    assert AccessAttempt.objects.get(username="coach").post_data.count("code=********************") == 3


def test_a_good_code_clears_the_count_of_wrong_ones(coach, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = verified_device(coach)
    client, _ = sign_in("coach")
    client.post(VERIFY, {"code": f"{(int(totp_code(device)) + 7) % 10**6:06d}"})
    assert AccessAttempt.objects.filter(username="coach").exists()
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username="coach").exists()


# --- The API -------------------------------------------------------------------------------------

def test_api_tokens_are_the_operators_key_and_need_no_second_step(coach):
    """An API token is a long random key that only an operator issues (`create-api-token`), for a
    script: it is not a sign-in, so a job coach's token works without an authenticator app."""
    out = StringIO()
    call_command("create_api_token", user="coach", stdout=out)
    key = out.getvalue().strip()
    assert APIClient().get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


# --- Recovery ------------------------------------------------------------------------------------

def test_reset_two_factor_removes_the_app_and_the_user_sets_it_up_again(coach, gemeente):
    client = Client()
    login_verified(client, coach)
    assert client.get(f"/g/{gemeente.slug}/").status_code == 200
    out = StringIO()
    call_command("reset_two_factor", user="coach", stdout=out)
    assert "De tweede stap van coach is verwijderd" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    [entry] = audited("auth.2fa_reset")
    assert entry.origin == "cli" and entry.object_id == str(coach.pk) and entry.detail == {"devices": 1}
    # The session verified with the removed app is not any more: set the app up again.
    assert client.get(f"/g/{gemeente.slug}/")["Location"].startswith(SETUP)
    assert sign_in("coach")[1]["Location"].startswith(SETUP)

    out = StringIO()
    call_command("reset_two_factor", user="coach", stdout=out)
    assert "had geen authenticator-app" in out.getvalue()
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("reset_two_factor", user="niemand")
