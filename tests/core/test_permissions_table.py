"""API and pages follow one permission table (`ROLE_PERMISSIONS`).

Every role in the table (one user per role), a member of another municipality and a superuser
ask every API endpoint of a municipality and the page that shows or changes the same data. Both
must answer alike (allowed / 403 / 404), and as the table says. A new API endpoint fails
`test_every_api_endpoint_is_in_the_table` until it is added to TABLE below.
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.assets.factories import make_asset
from tests.conftest import login_verified
from tests.inspections.helpers import make_town
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from tests.planning.helpers import plan_ids
from tests.tendering.helpers import tender_ids
from tests.work.factories import WorkOrderFactory
from wijkwerk.inspections.quality.services import round_plan
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.roles import ROLE_PERMISSIONS
from wijkwerk.municipalities.selectors import gemeente_get_for_action

pytestmark = pytest.mark.django_db

ANY_TENDER_ROLE = (roles.MANAGE_TENDER, roles.ASSESS_TENDER)

# API endpoints the table leaves out on purpose, with the reason. Keep this short.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("api-deelnemers-list", "get"): "per organisation, not per role: tests/people/test_participant_access.py",
    ("api-deelnemers-detail", "get"): "per organisation, not per role: tests/people/test_participant_access.py",
}


@dataclass(frozen=True)
class Row:
    """One API endpoint and method, the page that shows (or changes) the same data, and what the
    role table requires: an action, None (membership) or a tuple (any of these actions)."""

    api: str
    method: str
    page: str
    page_method: str
    requires: str | tuple | None
    page_query: str = ""


TABLE = [
    Row("api-gemeente-detail", "get", "gemeente-switch", "get", None),
    Row("api-gebieden-list", "get", "gemeente-overview", "get", roles.VIEW_ASSETS),
    Row("api-gebieden-detail", "get", "asset-map-areas", "get", roles.VIEW_ASSETS),
    Row("api-assettypes-list", "get", "asset-map", "get", roles.VIEW_ASSETS),
    Row("api-assets-list", "get", "asset-map-data", "get", roles.VIEW_ASSETS, "?bbox=5,52,5.2,52.2&zoom=12"),
    Row("api-assets-detail", "get", "asset-detail", "get", roles.VIEW_ASSETS),
    Row("api-assets-detail", "patch", "asset-detail", "post", roles.CHANGE_ASSETS),
    Row("api-schouwrondes-list", "get", "inspections-rounds", "get", roles.VIEW_INSPECTIONS),
    Row("api-schouwrondes-detail", "get", "inspections-round", "get", roles.VIEW_INSPECTIONS),
    Row("api-schouwrondes-uitslag", "get", "inspections-results", "get", roles.VIEW_INSPECTIONS),
    Row("api-meetlocaties-list", "get", "inspections-round-plots", "get", roles.VIEW_INSPECTIONS),
    Row("api-meetlocaties-detail", "get", "inspections-print", "get", roles.VIEW_INSPECTIONS),
    Row("api-meetlocaties-detail", "patch", "inspections-plot-save", "post", roles.RECORD_INSPECTIONS),
    Row("api-plannen-list", "get", "planning-plans", "get", roles.VIEW_PLANS),
    Row("api-plannen-detail", "get", "planning-plan", "get", roles.VIEW_PLANS),
    Row("api-plannen-status", "post", "planning-plan-archive", "post", roles.MANAGE_PLANS),
    Row("api-aanbestedingen-list", "get", "tender-list", "get", ANY_TENDER_ROLE),
    Row("api-aanbestedingen-detail", "get", "tender-detail", "get", ANY_TENDER_ROLE),
    Row("api-werkorders-list", "get", "work-orders", "get", roles.VIEW_WORK),
    Row("api-werkorders-detail", "get", "work-order", "get", roles.VIEW_WORK),
    Row("api-weekplannen-detail", "get", "work-weekplan", "get", roles.VIEW_WORK),
    Row("api-auditlog-list", "get", "audit-log", "get", roles.VIEW_AUDIT),
]

# What the write requests send: a change that changes nothing (allowed -> 200 / page answer).
API_BODY = {"patch": {"api-assets-detail": {}, "api-meetlocaties-detail": {"scores": {}}},
            # archives the plan; the page's archive that follows is refused with a message (302)
            "post": {"api-plannen-status": {"status": "archived"}}}
PAGE_BODY = {"inspections-plot-save": {"action": "save"}}


@dataclass
class Town:
    gemeente: object
    ids: dict
    users: dict


@pytest.fixture
def town() -> Town:
    gemeente, _wijk, b1, _b2 = make_town("rollenstad")
    other = GemeenteFactory(slug="elders", name="Elders")
    # First, while the municipality has no members: tender_ids gives every member tender roles.
    tender = tender_ids(gemeente)
    asset = make_asset(gemeente, type_code="tree", lon=5.05, lat=52.05, buurt=b1)
    rnd = round_plan(gemeente=gemeente, name="Rollen", plots_per_buurt=1, seed=1, buurt_codes=["B1"])
    order = WorkOrderFactory(gemeente=gemeente, code="WO-ROL-1")
    users = {}
    for role in ROLE_PERMISSIONS:
        users[role] = UserFactory(username=f"rol-{role}")
        make_member(users[role], gemeente, role)
    users["lid-elders"] = UserFactory(username="lid-elders")
    make_member(users["lid-elders"], other, roles.BEHEERDER)
    users["superuser"] = UserFactory(username="hoofdbeheer", is_superuser=True, is_staff=True)
    ids = {"slug": gemeente.slug, "code": b1.code, "asset_id": asset.pk, "round_id": rnd.pk,
           "plot_id": rnd.plots.get().pk, "plan_id": plan_ids(gemeente)["plan_id"], "tender_id": tender["tender_id"],
           "order_code": order.code}
    ids["week"] = "2026-W10"
    return Town(gemeente, ids, users)


def _kwargs(name: str, ids: dict) -> dict:
    pattern = next(p for _r, p in _api_and_page_patterns() if p.name == name)
    return {key: ids[key] for key in pattern.pattern.converters}


def _api_and_page_patterns():
    yield from _walk(get_resolver("wijkwerk.api_urls").url_patterns)
    yield from _walk(get_resolver("wijkwerk.web_urls").url_patterns)


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _outcome(response) -> str:
    code = response.status_code
    if code in (403, 404):
        return str(code)
    if code < 400:
        return "allowed"
    return f"unexpected {code}: {response.content[:200]!r}"


def _expected(requires, who: str) -> str:
    if who == "lid-elders":
        return "404"
    if who == "superuser" or requires is None:
        return "allowed"
    granted = ROLE_PERMISSIONS[who]
    wanted = requires if isinstance(requires, tuple) else (requires,)
    return "allowed" if granted & set(wanted) else "403"


def _ask_api(client: Client, row: Row, ids: dict):
    url = reverse(row.api, kwargs=_kwargs(row.api, ids))
    if row.method == "get":
        return client.get(url)
    return getattr(client, row.method)(url, data=API_BODY[row.method][row.api], content_type="application/json",
                                       HTTP_IF_MATCH="*")


def _ask_page(client: Client, row: Row, ids: dict):
    if row.page == "gemeente-switch":
        return client.get(reverse(row.page) + f"?gemeente={ids['slug']}")
    url = reverse(row.page, kwargs=_kwargs(row.page, ids)) + row.page_query
    if row.page_method == "get":
        return client.get(url)
    return client.post(url, PAGE_BODY.get(row.page, {}))


WHO = [*ROLE_PERMISSIONS, "lid-elders", "superuser"]


@pytest.mark.parametrize("who", WHO)
def test_api_and_page_answer_alike_and_as_the_role_table_says(town, who):
    client = Client()
    login_verified(client, town.users[who])  # jobcoach and fg give the second sign-in step first
    differences = []
    for row in TABLE:
        api = _outcome(_ask_api(client, row, town.ids))
        page = _outcome(_ask_page(client, row, town.ids))
        expected = _expected(row.requires, who)
        if not api == page == expected:
            differences.append(f"{row.method.upper()} {row.api}: API {api}, page {row.page} {page}, "
                               f"table says {expected}")
    assert differences == [], f"role {who}:\n" + "\n".join(differences)


def test_assessor_gets_no_register_through_the_api(town):
    """The reported case: a tender assessor read assets and areas through the API (200)."""
    client = Client()
    client.force_login(town.users[roles.BEOORDELAAR])
    slug = town.gemeente.slug
    for url in (f"/api/v1/gemeenten/{slug}/assets", f"/api/v1/gemeenten/{slug}/assets/{town.ids['asset_id']}",
                f"/api/v1/gemeenten/{slug}/gebieden", f"/api/v1/gemeenten/{slug}/gebieden/{town.ids['code']}",
                f"/api/v1/gemeenten/{slug}/assettypes"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"].startswith("application/problem+json")
        assert "register" in response.json()["detail"]
        assert "Boom" not in response.content.decode() and "Buurt Een" not in response.content.decode()
    assert client.get(f"/g/{slug}/").status_code == 403


def test_every_api_endpoint_is_in_the_table():
    in_table = {(row.api, row.method) for row in TABLE}
    missing = []
    for route, pattern in _walk(get_resolver("wijkwerk.api_urls").url_patterns):
        if "<slug:slug>" not in route:
            continue
        view = pattern.callback.view_class
        for method in ("get", "post", "put", "patch", "delete"):
            key = (pattern.name, method)
            if hasattr(view, method) and key not in in_table and key not in KNOWN_EXCEPTIONS:
                missing.append(f"{method.upper()} {route} ({pattern.name})")
    assert missing == [], "add these API endpoints to TABLE with their page and action:\n" + "\n".join(missing)


def test_the_selector_is_404_for_non_members_and_403_without_the_action(town):
    g = town.gemeente
    assert gemeente_get_for_action(user=town.users[roles.BEHEERDER], slug=g.slug, action=roles.MANAGE_PLANS) == g
    assert gemeente_get_for_action(user=town.users[roles.BEOORDELAAR], slug=g.slug, action=None) == g
    with pytest.raises(PermissionDenied, match="register"):
        gemeente_get_for_action(user=town.users[roles.BEOORDELAAR], slug=g.slug, action=roles.VIEW_ASSETS)
    with pytest.raises(Http404):
        gemeente_get_for_action(user=town.users["lid-elders"], slug=g.slug, action=None)
    with pytest.raises(Http404):
        gemeente_get_for_action(user=town.users[roles.BEHEERDER], slug="bestaat-niet", action=None)
