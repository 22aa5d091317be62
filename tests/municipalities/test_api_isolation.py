"""A user sees nothing of a municipality they are not a member of: every API route under
/gemeenten/{slug}/ answers 404, for every method it has.

The routes are found by walking `wijkwerk.api_urls`, so a new gemeente-scoped endpoint is tested
as soon as it exists; when its URL has a parameter this file cannot fill yet, the test fails and
asks for a value in OBJECT_IN below.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.assets.worlds import make_aadorp_bedum
from tests.conftest import login_verified
from tests.core.http import assert_problem, client_for
from tests.inspections.helpers import inspection_ids
from tests.municipalities.factories import UserFactory, make_member
from tests.people.helpers import people_ids
from tests.planning.helpers import plan_ids
from tests.tendering.helpers import tender_ids
from tests.work.helpers import work_ids

API_PREFIX = "/api/v1/"
SCOPE_PARAM = "slug"
PARAM_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# For each URL parameter: how to get the value of an existing object of the given municipality.
OBJECT_IN = {
    "asset_id": lambda world, g: (world.tree_a if g == world.a else world.tree_b).pk,
    "code": lambda world, g: (world.buurt_a if g == world.a else world.buurt_b).code,
    "round_id": lambda world, g: inspection_ids(g)["round_id"],
    "plot_id": lambda world, g: inspection_ids(g)["plot_id"],
    "tender_id": lambda world, g: tender_ids(g)["tender_id"],
    "plan_id": lambda world, g: plan_ids(g)["plan_id"],
    "week": lambda world, g: "2026-W10",
    "order_code": lambda world, g: work_ids(g)["order_code"],
    "participant_id": lambda world, g: people_ids(g)["participant_id"],
}
WRITE_BODY = {"quantity": 2}
# URL parameters that name no object of a municipality (the same for every one): nothing to isolate there.
NOT_OBJECTS = {"week"}


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def api_routes():
    return list(_walk(get_resolver("wijkwerk.api_urls").url_patterns))


def scoped_routes():
    return [(route, p) for route, p in api_routes() if f":{SCOPE_PARAM}>" in route or f"<{SCOPE_PARAM}>" in route]


def _methods(pattern) -> list[str]:
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    assert view_class is not None, f"{pattern} is not a class-based view; add its methods to this test"
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]


def _url(route: str, world, gemeente, objects_of) -> str:
    def fill(match):
        name = match.group("name")
        if name == SCOPE_PARAM:
            return gemeente.slug
        if name not in OBJECT_IN:
            pytest.fail(
                f"The isolation test does not know how to fill <{name}> in the API route '{route}'. "
                f"Add an entry to OBJECT_IN in {__file__}."
            )
        return str(OBJECT_IN[name](world, objects_of))

    return API_PREFIX + PARAM_RE.sub(fill, route)


def _call(client, method: str, url: str):
    kwargs = {}
    if method in ("post", "put", "patch"):
        kwargs = {"data": WRITE_BODY, "format": "json", "HTTP_IF_MATCH": '"1"'}
    elif method == "delete":
        kwargs = {"HTTP_IF_MATCH": '"1"'}
    return getattr(client, method)(url, **kwargs)


SCOPED = scoped_routes()
SCOPED_IDS = [route for route, _ in SCOPED]


def test_the_walk_finds_the_known_routes():
    routes = {route for route, _ in SCOPED}
    expected = {
        "gemeenten/<slug:slug>",
        "gemeenten/<slug:slug>/gebieden",
        "gemeenten/<slug:slug>/gebieden/<str:code>",
        "gemeenten/<slug:slug>/assettypes",
        "gemeenten/<slug:slug>/assets",
        "gemeenten/<slug:slug>/assets/<int:asset_id>",
    }
    assert expected <= routes


@pytest.mark.parametrize(("route", "pattern"), SCOPED, ids=SCOPED_IDS)
def test_member_sees_own_municipality(world, route, pattern):
    """The control: the URLs below are real, a member gets them."""
    if "get" not in _methods(pattern):
        pytest.skip("no GET")
    member = world.beheerder
    if "aanbestedingen" in route:  # the tender is the procurement officer's, not the beheerder's
        member = UserFactory(username="inkoper-a")
        make_member(member, world.a, "inkoper")
    if "audit-log" in route:  # the audit log is only the data-protection officer's
        member = UserFactory(username="fg-a")
        make_member(member, world.a, "fg")
    if "deelnemers" in route:  # a participant is only its own job coach's
        member = people_ids(world.a)["coach"]
    client = client_for()
    login_verified(client, member)  # with the second sign-in step, for the roles that need it
    response = client.get(_url(route, world, world.a, world.a))
    assert response.status_code == 200, (route, response.status_code, response.content[:300])


@pytest.mark.parametrize(("route", "pattern"), SCOPED, ids=SCOPED_IDS)
def test_non_member_gets_404_for_every_method(world, route, pattern):
    client = client_for(world.beheerder)  # member of A, not of B
    url = _url(route, world, world.b, world.b)
    for method in _methods(pattern):
        response = _call(client, method, url)
        body = assert_problem(response, 404)
        assert world.b.name not in response.content.decode(), (method, url)
        # Indistinguishable from a municipality that does not exist.
        missing = _call(client, method, _url(route, world, world.b, world.b).replace(world.b.slug, "bestaat-niet", 1))
        assert assert_problem(missing, 404)["detail"] == body["detail"], (method, url)


@pytest.mark.parametrize(("route", "pattern"), SCOPED, ids=SCOPED_IDS)
def test_object_of_other_municipality_under_own_slug_gets_404(world, route, pattern):
    if not any(m.group("name") not in {SCOPE_PARAM, *NOT_OBJECTS} for m in PARAM_RE.finditer(route)):
        pytest.skip("no object in this route")
    client = client_for(world.beheerder)
    url = _url(route, world, world.a, world.b)  # own slug, objects of B
    for method in _methods(pattern):
        assert_problem(_call(client, method, url), 404)
    # Nothing of B changed.
    world.tree_b.refresh_from_db()
    assert world.tree_b.version == 1


@pytest.mark.parametrize(("route", "pattern"), api_routes(), ids=[r for r, _ in api_routes()])
def test_anonymous_gets_401_without_data(world, route, pattern):
    if route == "openapi.json":
        pytest.skip("public by design")
    url = _url(route, world, world.a, world.a)
    for method in _methods(pattern):
        response = _call(client_for(None), method, url)
        body = assert_problem(response, 401)
        assert "WWW-Authenticate" in response
        assert world.a.name not in response.content.decode()
        assert set(body) <= {"type", "title", "status", "detail", "instance"}


def test_gemeente_list_shows_only_memberships(world):
    slugs = [g["slug"] for g in client_for(world.beheerder).get("/api/v1/gemeenten").json()]
    assert slugs == ["aadorp"]
    slugs = [g["slug"] for g in client_for(world.outsider).get("/api/v1/gemeenten").json()]
    assert slugs == ["bedum"]


def test_asset_list_never_contains_other_municipality(world):
    data = client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/assets?bbox=-180,-90,180,90").json()
    ids = {f["id"] for f in data["features"]}
    assert world.tree_b.pk not in ids
    assert ids == {world.tree_a.pk, world.light_a.pk, world.outside_a.pk}


def test_area_filter_with_other_municipality_code_is_refused(world):
    response = client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/assets?buurt=B1-01")
    assert_problem(response, 400)
