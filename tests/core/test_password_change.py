"""`/account/wachtwoord/`: a signed-in user changes their own password."""

import pytest
from django.test import Client

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

URL = "/account/wachtwoord/"
OLD = "geheim-wachtwoord-123"  # the factories' password
NEW = "Nieuw-Straatlantaarn-77"


@pytest.fixture
def anna():
    user = UserFactory(username="anna")
    make_member(user, GemeenteFactory(slug="utrecht", name="Utrecht"), "beheerder")
    return user


def signed_in(username: str = "anna", password: str = OLD) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


def change(client: Client, old: str, new1: str = NEW, new2: str | None = None):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_anonymous_users_are_sent_to_login():
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_page_is_dutch_and_linked_from_the_header(anna):
    client = signed_in()
    page = client.get(URL).content.decode()
    assert "Wachtwoord wijzigen" in page and "Huidig wachtwoord" in page and "Nieuw wachtwoord" in page
    assert 'autocomplete="new-password"' in page
    overview = client.get("/g/utrecht/").content.decode()
    assert f'href="{URL}"' in overview


def test_changing_the_password_keeps_the_session_and_is_audited(anna):
    client = signed_in()
    response = change(client, OLD)
    assert response.status_code == 302 and response["Location"] == "/"
    anna.refresh_from_db()
    assert anna.check_password(NEW) and not anna.check_password(OLD)
    # Still signed in (update_session_auth_hash), with a message on the next page.
    page = client.get("/", follow=True)
    assert page.wsgi_request.user == anna
    assert "Uw wachtwoord is gewijzigd." in page.content.decode()
    entry = AuditLogEntry.objects.get(action="auth.password_change")
    assert (entry.actor, entry.origin, entry.object_id) == (anna, "web", str(anna.pk))
    assert NEW not in str(entry.detail) and OLD not in str(entry.detail)
    # The new password works for a new login, the old one no more.
    assert Client().login(username="anna", password=NEW)
    assert not Client().login(username="anna", password=OLD)


def test_a_wrong_current_password_changes_nothing(anna):
    client = signed_in()
    response = change(client, "fout")
    assert response.status_code == 200
    assert "Uw huidige wachtwoord klopt niet" in response.content.decode()
    anna.refresh_from_db()
    assert anna.check_password(OLD)
    assert not AuditLogEntry.objects.filter(action="auth.password_change").exists()
    assert AuditLogEntry.objects.filter(action="auth.login_failed", detail__username="anna").exists()


def test_mismatch_and_weak_new_passwords_are_refused_in_dutch(anna):
    client = signed_in()
    html = change(client, OLD, NEW, NEW + "x").content.decode()
    assert "De twee nieuwe wachtwoorden zijn niet gelijk." in html
    html = change(client, OLD, "12345678").content.decode()
    assert "Dit wachtwoord is te algemeen." in html
    anna.refresh_from_db()
    assert anna.check_password(OLD)


def test_a_stolen_session_cannot_guess_the_password_at_leisure(anna):
    """Wrong current passwords count towards the sign-in lockout."""
    client = signed_in()
    for _ in range(9):
        assert change(client, "gok").status_code == 200
    locked = change(client, "gok")
    assert locked.status_code == 429
    # Now even the right current password is refused, and the password stays as it was.
    assert change(client, OLD).status_code == 429
    anna.refresh_from_db()
    assert anna.check_password(OLD)
