"""The neighbourhood's strengths (ABCD): public register (no login, honeypot, rate limit, moderation),
consent for personal entries, private contact details, search, links to initiatives, staff roles."""

import pytest
from django.test import Client

from tests.assets.worlds import make_world
from tests.community.initiative_helpers import make_initiative, make_strength
from tests.core.http import login
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.community.abcd_models import CommunityAsset
from wijkwerk.community.initiative_models import InitiativeStatus
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db


def _entry(**extra):
    data = {"kind": "vaardigheid", "name": "Fietsen repareren", "description": "Ik repareer fietsen.",
            "buurt": "", "contact": "06-12345678", "lat": "", "lon": "", "registered_by": "Piet", "website": ""}
    data.update(extra)
    return data


def test_register_without_login_awaits_moderation_and_consent():
    world = make_world()
    client = Client()
    assert client.post("/buurtkracht/utrecht/toevoegen/", _entry(personal="on")).status_code == 302
    assert client.post("/buurtkracht/utrecht/toevoegen/",
                       _entry(name="Naaien <b>vet</b>", personal="on", consent="on", buurt=world.buurt_a.pk,
                              lat="52.085", lon="5.105")).status_code == 302
    assert CommunityAsset.objects.filter(moderation=CommunityAsset.Moderation.NEW).count() == 2
    assert "Fietsen" not in client.get("/buurtkracht/utrecht/").content.decode()
    staff = login(world.beheerder)
    for item in CommunityAsset.objects.all():
        assert staff.post("/g/utrecht/buurtkracht/", {"item": item.pk, "action": "approve"}).status_code == 302
    html = client.get("/buurtkracht/utrecht/").content.decode()
    assert "Fietsen repareren" not in html  # personal, no consent
    assert "Naaien &lt;b&gt;vet&lt;/b&gt;" in html and "<b>vet</b>" not in html
    assert "06-12345678" not in html
    staff_html = staff.get("/g/utrecht/buurtkracht/").content.decode()
    assert "Fietsen repareren" in staff_html and "06-12345678" in staff_html


def test_honeypot_and_rate_limit(settings):
    make_world()
    client = Client()
    assert client.post("/buurtkracht/utrecht/toevoegen/", _entry(website="http://x")).status_code == 400
    settings.WIJKWERK_PUBLIC_RATE_LIMIT = 1
    assert client.post("/buurtkracht/utrecht/toevoegen/", _entry()).status_code == 302
    assert client.post("/buurtkracht/utrecht/toevoegen/", _entry()).status_code == 429
    assert CommunityAsset.objects.count() == 1


def test_search_by_text_kind_and_buurt_and_rejected_hidden():
    world = make_world()
    make_strength(world.gemeente, name="Buurthuis De Ster", kind="plek", buurt=world.buurt_a)
    make_strength(world.gemeente, name="Voetbalclub", kind="vereniging", buurt=world.buurt_b)
    make_strength(world.gemeente, name="Weggestemd", moderation=CommunityAsset.Moderation.REJECTED)
    make_strength(world.other, name="Elders")
    client = Client()
    html = client.get("/buurtkracht/utrecht/").content.decode()
    assert "Buurthuis De Ster" in html and "Voetbalclub" in html
    assert "Weggestemd" not in html and "Elders" not in html
    html = client.get("/buurtkracht/utrecht/", {"q": "ster"}).content.decode()
    assert "Buurthuis De Ster" in html and "Voetbalclub" not in html
    html = client.get("/buurtkracht/utrecht/", {"kind": "vereniging"}).content.decode()
    assert "Voetbalclub" in html and "Buurthuis" not in html
    html = client.get("/buurtkracht/utrecht/", {"buurt": world.buurt_a.pk}).content.decode()
    assert "Buurthuis De Ster" in html and "Voetbalclub" not in html


def test_link_to_initiatives():
    world = make_world()
    item = make_strength(world.gemeente, name="Tuinclub")
    running = make_initiative(world.gemeente, status=InitiativeStatus.RUNNING, title="Buurttuin Oost")
    foreign = make_initiative(world.other, status=InitiativeStatus.RUNNING, title="Vreemd")
    staff = login(world.beheerder)
    staff.post("/g/utrecht/buurtkracht/", {"item": item.pk, "action": "link",
                                           "initiatives": [running.public_id, foreign.public_id]})
    assert list(item.initiatives.all()) == [running]
    assert "Buurttuin Oost" in Client().get("/buurtkracht/utrecht/").content.decode()


def test_reading_role_cannot_moderate_and_assessor_gets_403():
    world = make_world()
    item = make_strength(world.gemeente, moderation=CommunityAsset.Moderation.NEW)
    assert login(world.raadpleger).post("/g/utrecht/buurtkracht/",
                                        {"item": item.pk, "action": "approve"}).status_code == 403
    user = UserFactory()
    make_member(user, world.gemeente, roles.BEOORDELAAR)
    assert login(user).get("/g/utrecht/buurtkracht/").status_code == 403
