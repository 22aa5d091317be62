"""The data-protection officer (role `fg`) reads the municipality's audit log, on the page
`/g/<slug>/logboek/` and through `GET /api/v1/gemeenten/{slug}/audit-log`: newest first, filtered on
object, user, action and period, only the entries of that municipality. Every other role is refused
(403), and reading the log is recorded in it too (`audit.read`)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import login_verified
from tests.core.http import assert_problem, client_for
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.core.audit import audit_log
from wijkwerk.core.audit_chain import chain_verify
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db

PAGE = "/g/{slug}/logboek/"
API = "/api/v1/gemeenten/{slug}/audit-log"


@pytest.fixture
def town():
    gemeente = GemeenteFactory(slug="logstad", name="Logstad")
    other = GemeenteFactory(slug="elders", name="Elders")
    fg = UserFactory(username="fg-logstad")
    make_member(fg, gemeente, roles.FG)
    editor = UserFactory(username="bewerker")
    make_member(editor, gemeente, roles.BEHEERDER)
    audit_log(action="asset.update", actor=editor, gemeente=gemeente, object_type="assets.asset", object_id=12,
              origin="web", detail={"fields": ["species"]})
    audit_log(action="asset.update", actor=editor, gemeente=gemeente, object_type="assets.asset", object_id=13,
              origin="api")
    audit_log(action="participant.read", actor=editor, gemeente=gemeente, object_type="people.participant",
              object_id=12, origin="web")
    audit_log(action="asset.update", actor=editor, gemeente=other, object_type="assets.asset", object_id=99,
              detail={"secret": "elders-geheim"})
    return {"gemeente": gemeente, "other": other, "fg": fg, "editor": editor}


def _table(response) -> str:
    """The rows of the log on a page (not the form, whose help text has an example)."""
    html = response.content.decode()
    return html[html.index("<tbody>"):html.index("</tbody>")] if "<tbody>" in html else ""


def _page_client(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def _api_client(user):
    client = client_for()
    login_verified(client, user)
    return client


def _api(town, **params):
    response = _api_client(town["fg"]).get(API.format(slug="logstad"), params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_fg_reads_the_log_of_the_municipality_newest_first_on_the_page(town):
    response = _page_client(town["fg"]).get(PAGE.format(slug="logstad"))
    assert response.status_code == 200
    html = _table(response)
    assert "participant.read" in html and "assets.asset:12" in html and "bewerker" in html
    assert html.index("people.participant:12") < html.index("assets.asset:13") < html.index("assets.asset:12")
    assert "assets.asset:99" not in html  # another municipality's entry
    assert 'href="/g/logstad/logboek/" aria-current="page"' in response.content.decode()  # the menu item


def test_the_fg_reads_the_log_through_the_api(town):
    data = _api(town)
    assert data["numberMatched"] == 3 and data["numberReturned"] == 3
    first = data["results"][0]
    assert (first["action"], first["object_type"], first["object_id"], first["actor"]) == (
        "participant.read", "people.participant", "12", "bewerker")
    assert [r["object_id"] for r in data["results"]] == ["12", "13", "12"]
    assert data["results"][2]["detail"] == {"fields": ["species"]}
    assert data["results"][1]["origin"] == "api" and len(first["hash"]) == 64
    assert "elders-geheim" not in str(data)


def test_reading_the_log_is_recorded_in_it(town):
    _page_client(town["fg"]).get(PAGE.format(slug="logstad"), {"action": "asset.*"})
    _api(town, object="assets.asset:12")
    reads = list(AuditLogEntry.objects.filter(action="audit.read").order_by("seq"))
    assert [(r.actor_id, r.gemeente_id, r.origin) for r in reads] == [
        (town["fg"].pk, town["gemeente"].pk, "web"), (town["fg"].pk, town["gemeente"].pk, "api")]
    assert reads[0].detail["filters"] == {"action": "asset.*"}
    assert reads[1].detail["filters"] == {"object_type": "assets.asset", "object_id": "12"}
    assert reads[1].detail["returned"] == 1
    # The next read shows the earlier one.
    assert _api(town, action="audit.read")["numberMatched"] == 2
    assert chain_verify().ok


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.FG])
def test_every_other_role_is_refused(town, role):
    user = UserFactory(username=f"rol-{role}")
    make_member(user, town["gemeente"], role)
    page = _page_client(user).get(PAGE.format(slug="logstad"))
    assert page.status_code == 403
    assert "logboek niet inzien" in page.content.decode()
    body = assert_problem(_api_client(user).get(API.format(slug="logstad")), 403)
    assert "logboek" in body["detail"]
    assert not AuditLogEntry.objects.filter(action="audit.read").exists()


def test_the_fg_of_another_municipality_sees_nothing_of_it(town):
    other_fg = UserFactory(username="fg-elders")
    make_member(other_fg, town["other"], roles.FG)
    assert _page_client(other_fg).get(PAGE.format(slug="logstad")).status_code == 404
    assert_problem(_api_client(other_fg).get(API.format(slug="logstad")), 404)
    data = _api_client(other_fg).get(API.format(slug="elders")).json()
    assert [r["object_id"] for r in data["results"]] == ["99"]


def test_anonymous_is_sent_to_log_in(town):
    assert Client().get(PAGE.format(slug="logstad")).status_code == 302
    assert_problem(client_for().get(API.format(slug="logstad")), 401)


def test_filters_on_object_user_action_and_period(town):
    assert [r["object_id"] for r in _api(town, object="assets.asset:12")["results"]] == ["12"]
    assert {r["object_type"] for r in _api(town, object="12")["results"]} == {"assets.asset", "people.participant"}
    assert _api(town, actor="BEWERKER")["numberMatched"] == 3
    assert _api(town, actor="iemand")["numberMatched"] == 0
    assert _api(town, action="asset.update")["numberMatched"] == 2
    assert _api(town, action="participant.*")["numberMatched"] == 1
    today = timezone.localdate()
    edits = {"action": "asset.update"}  # every call here adds an audit.read of its own
    assert _api(town, **edits, since=today.isoformat(), until=today.isoformat())["numberMatched"] == 2
    assert _api(town, **edits, until=(today - timedelta(days=1)).isoformat())["numberMatched"] == 0
    assert _api(town, **edits, since=(today + timedelta(days=1)).isoformat())["numberMatched"] == 0
    assert _api(town, **edits, since=(timezone.now() - timedelta(hours=1)).isoformat())["numberMatched"] == 2
    assert _api(town, **edits, until=(timezone.now() - timedelta(hours=1)).isoformat())["numberMatched"] == 0


def test_the_page_filters_too(town):
    client = _page_client(town["fg"])
    html = _table(client.get(PAGE.format(slug="logstad"), {"object": "assets.asset:13"}))
    assert "assets.asset:13" in html and "assets.asset:12" not in html and "participant.read" not in html
    today = timezone.localdate().isoformat()
    html = _table(client.get(PAGE.format(slug="logstad"), {"action": "participant.read", "since": today,
                                                           "until": today}))
    assert "people.participant:12" in html and "assets.asset" not in html


def test_a_wrong_filter_is_refused_with_its_reason(town):
    body = assert_problem(_api_client(town["fg"]).get(API.format(slug="logstad"), {"since": "gisteren"}), 400)
    assert body["invalid_params"][0]["name"] == "since"
    body = assert_problem(_api_client(town["fg"]).get(API.format(slug="logstad"), {"page_size": "0"}), 400)
    assert body["invalid_params"][0]["name"] == "page_size"
    response = _page_client(town["fg"]).get(PAGE.format(slug="logstad"), {"until": "2026-02-30"})
    assert "field__error" in response.content.decode() and _table(response) == ""


def test_the_log_is_paged(town):
    for i in range(5):
        audit_log(action="asset.view", gemeente=town["gemeente"], object_type="assets.asset", object_id=100 + i)
    first = _api(town, action="asset.view", page_size=2)
    assert first["numberMatched"] == 5 and [r["object_id"] for r in first["results"]] == ["104", "103"]
    assert first["links"]["prev"] is None and "page=2" in first["links"]["next"]
    last = _api(town, action="asset.view", page_size=2, page=3)
    assert [r["object_id"] for r in last["results"]] == ["100"] and last["links"]["next"] is None
