"""Signing in: the lockout after 10 wrong passwords (django-axes), and the audit log of logins,
failed logins, lockouts and logouts."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory

from tests.municipalities.factories import UserFactory
from wijkwerk.core.auth import client_ip
from wijkwerk.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"  # the factories' password


def login(client: Client, username: str, password: str, ip: str = "127.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, ip: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = login(client, username, "fout-wachtwoord", ip)
        assert response.status_code in (200, 429)


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one():
    UserFactory(username="anna")
    attacker = Client()
    fail(attacker, "anna", 10)

    # The issue: after 40 wrong passwords the right one still worked.
    owner = Client()
    response = login(owner, "anna", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html and "15 minuten" in html
    assert not logged_in(owner)
    # The lock is per username, from every address: the real user elsewhere is refused too.
    other_place = Client()
    assert login(other_place, "anna", PASSWORD, ip="203.0.113.9").status_code == 429
    assert not logged_in(other_place)


def test_nine_wrong_passwords_do_not_lock_and_a_good_login_clears_the_count():
    UserFactory(username="anna")
    client = Client()
    fail(client, "anna", 9)
    assert login(client, "anna", PASSWORD).status_code == 302
    assert logged_in(client)
    # The count starts again: nine more wrong ones still leave the account open.
    fail(Client(), "anna", 9)
    assert login(Client(), "anna", PASSWORD).status_code == 302


def test_a_locked_out_attacker_cannot_lock_out_anyone_else():
    UserFactory(username="anna")
    UserFactory(username="bert")
    attacker = Client()
    fail(attacker, "anna", 12)
    # Same address (an office or a proxy), another account: not locked.
    colleague = Client()
    assert login(colleague, "bert", PASSWORD).status_code == 302
    assert logged_in(colleague)


def test_guessing_from_many_addresses_still_locks_the_account():
    UserFactory(username="anna")
    for n in range(10):
        fail(Client(), "anna", 1, ip=f"198.51.100.{n + 1}")
    assert login(Client(), "anna", PASSWORD, ip="192.0.2.50").status_code == 429


def test_the_lock_ends_after_the_cool_off_and_axes_reset_ends_it_at_once():
    UserFactory(username="anna")
    fail(Client(), "anna", 10)
    assert login(Client(), "anna", PASSWORD).status_code == 429
    # Attempts during the lock do not extend it: 16 minutes after the failures, it is open.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16))
    assert login(Client(), "anna", PASSWORD).status_code == 302

    fail(Client(), "anna", 10)
    assert login(Client(), "anna", PASSWORD).status_code == 429
    call_command("axes_reset")
    assert login(Client(), "anna", PASSWORD).status_code == 302


def test_unknown_usernames_are_locked_the_same_way():
    """The lockout page tells nothing about whether an account exists."""
    fail(Client(), "bestaat-niet", 10)
    response = login(Client(), "bestaat-niet", "wat-dan-ook")
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()


def test_the_admin_login_is_locked_too():
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(10):
        client.post("/admin/login/", {"username": "root", "password": "fout"})
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert not logged_in(client)


def test_login_failed_login_lockout_and_logout_are_audited_without_the_password():
    anna = UserFactory(username="anna")
    client = Client()
    assert login(client, "anna", PASSWORD, ip="192.0.2.7").status_code == 302
    entry = AuditLogEntry.objects.get(action="auth.login")
    assert (entry.actor, entry.origin, entry.object_id, entry.detail["ip"]) == (anna, "web", str(anna.pk), "192.0.2.7")

    client.post("/logout/", REMOTE_ADDR="192.0.2.7")
    entry = AuditLogEntry.objects.get(action="auth.logout")
    assert (entry.actor, entry.origin) == (anna, "web")

    fail(Client(), "anna", 10, ip="198.51.100.4")
    failed = AuditLogEntry.objects.filter(action="auth.login_failed")
    assert failed.count() == 10
    first = failed.last()
    assert (first.result, first.origin, first.actor) == ("failed", "web", None)
    assert first.detail == {"username": "anna", "ip": "198.51.100.4", "locked": False}
    lockout = AuditLogEntry.objects.get(action="auth.lockout")
    assert lockout.detail["username"] == "anna" and lockout.detail["ip"] == "198.51.100.4"
    assert lockout.result == "denied"

    # A refused attempt during the lock: a failed login marked locked, not a second lockout.
    login(Client(), "anna", PASSWORD, ip="198.51.100.4")
    assert AuditLogEntry.objects.filter(action="auth.lockout").count() == 1
    assert AuditLogEntry.objects.filter(action="auth.login_failed").first().detail["locked"] is True
    # Neither the wrong password nor the right one is anywhere in the audit log.
    for detail in AuditLogEntry.objects.values_list("detail", flat=True):
        assert "fout-wachtwoord" not in str(detail) and PASSWORD not in str(detail)


def test_the_test_clients_login_without_a_request_still_works():
    """authenticate() without a request (shell, scripts, Client.login) is not from the network."""
    UserFactory(username="anna")
    assert Client().login(username="anna", password=PASSWORD)
    assert not Client().login(username="anna", password="fout")


def test_client_ip_trusts_forwarded_for_only_behind_the_configured_proxies(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    settings.WIJKWERK_PROXY_COUNT = 0
    assert client_ip(spoofed) == "10.0.0.2"  # no proxy: the header is the client's own words
    settings.WIJKWERK_PROXY_COUNT = 1
    assert client_ip(spoofed) == "203.0.113.5"  # the entry our proxy added, not the client's "1.2.3.4"
    settings.WIJKWERK_PROXY_COUNT = 3
    assert client_ip(spoofed) == "10.0.0.2"  # fewer entries than proxies: do not guess
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="onzin, x")) == "10.0.0.2"
