"""Signing in and out on the pages (Dutch), and the health check."""

import pytest

from tests.assets.worlds import make_world
from tests.municipalities.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_and_logging_in_opens_the_only_gemeente(client):
    world = make_world()
    page = client.get("/login/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="nl">' in html and "Inloggen" in html and "Wachtwoord" in html
    response = client.post("/login/", {"username": "anna", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/g/{world.gemeente.slug}/"
    assert "Overzicht Utrecht" in response.content.decode()


def test_wrong_password_gives_a_dutch_message(client):
    make_world()
    response = client.post("/login/", {"username": "anna", "password": "fout"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client):
    world = make_world()
    client.force_login(world.beheerder)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get(f"/g/{world.gemeente.slug}/")["Location"].startswith("/login/")


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
