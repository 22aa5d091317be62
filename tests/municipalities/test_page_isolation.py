"""A user sees nothing of a municipality they are not a member of: every page under
/g/<slug>/... answers 404. The URL list is read from the URL configuration, so a new page
is covered automatically (add a value for a new URL parameter to PARAM_VALUES)."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.assets.worlds import make_world
from tests.community.helpers import community_ids
from tests.community.initiative_helpers import initiative_ids
from tests.conftest import login_verified
from tests.inspections.helpers import inspection_ids
from tests.municipalities.factories import UserFactory, make_member
from tests.people.helpers import people_ids
from tests.planning.helpers import plan_ids
from tests.tendering.helpers import tender_ids
from tests.work.helpers import work_ids
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db

GEMEENTE_PREFIX = "g/<slug:slug>/"
FG_PAGES = {"audit-log"}  # pages of the data-protection officer alone


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name


def gemeente_routes() -> list[tuple[str, str]]:
    routes = sorted({(r, n) for r, n in _routes() if r.startswith(GEMEENTE_PREFIX)})
    assert routes, "no page routes under /g/<slug>/ found"
    return routes


def fill(route: str, values: dict) -> str:
    def replace(match):
        name = match.group(2)
        assert name in values, f"No test value for URL parameter '{name}' in {route}: add it to the isolation test"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def values_for(world, slug: str) -> dict:
    """Ids of objects of the municipality `slug` belongs to (so only membership decides)."""
    if slug == world.other.slug:
        return {"slug": slug, "week": "2026-W10", "asset_id": world.other_asset.pk, "job_id": world.other_job.pk,
                **inspection_ids(world.other), **tender_ids(world.other), **plan_ids(world.other),
                **work_ids(world.other), **_people(world.other)}
    return {"slug": slug, "week": "2026-W10", "asset_id": world.tree.pk, "job_id": world.job.pk, **inspection_ids(world.gemeente),
            **tender_ids(world.gemeente), **plan_ids(world.gemeente), **work_ids(world.gemeente),
            **_people(world.gemeente)}


def _people(gemeente) -> dict:
    people = {k: v for k, v in people_ids(gemeente).items() if k != "coach"}
    return {**people, **community_ids(gemeente), **initiative_ids(gemeente)}


def test_every_page_under_a_gemeente_is_404_for_a_non_member(client, settings):
    world = make_world()
    client.force_login(world.beheerder)  # member of utrecht, not of amersfoort
    checked = []
    for route, name in gemeente_routes():
        url = fill(route, values_for(world, world.other.slug))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, f"{method.upper()} {url} ({name}) gave {response.status_code}"
        checked.append(name)
    # the pages this helper ships must all be in the list
    for name in ("gemeente-overview", "asset-map", "asset-map-data", "asset-map-areas", "asset-detail",
                 "asset-import", "asset-import-job", "asset-import-status", "asset-import-confirm",
                 "asset-import-errors"):
        assert name in checked


def test_unknown_gemeente_is_404_like_a_foreign_one(client):
    world = make_world()
    client.force_login(world.beheerder)
    for route, name in gemeente_routes():
        url = fill(route, values_for(world, "bestaat-niet"))
        assert client.get(url).status_code == 404, f"{url} ({name})"


def test_ids_of_another_gemeente_are_404_under_ones_own_slug(client):
    world = make_world()
    client.force_login(world.beheerder)
    own = world.gemeente.slug
    assert client.get(f"/g/{own}/assets/{world.other_asset.pk}/").status_code == 404
    assert client.get(f"/g/{own}/import/{world.other_job.pk}/").status_code == 404
    assert client.get(f"/g/{own}/import/{world.other_job.pk}/status").status_code == 404
    assert client.post(f"/g/{own}/import/{world.other_job.pk}/bevestigen").status_code == 404
    world.other_job.refresh_from_db()
    assert world.other_job.status == "uploaded"


def test_the_same_pages_do_open_for_a_member(client, settings):
    """Control for the test above: the 404s come from membership, not from broken URLs."""
    world = make_world()
    report = settings.DATA_DIR / "reports" / "fouten.csv"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("rij,veld,melding\n")
    world.other_job.dry_run_report = {"read": 0, "report_csv": str(report)}
    world.other_job.save()
    client.force_login(world.outsider)  # member (beheerder) of amersfoort
    fg_client = Client()  # the audit log is only the data-protection officer's
    login_verified(fg_client, make_member(UserFactory(username="fg-amersfoort"), world.other, roles.FG).user)
    coach_client = Client()  # a participant is only its own job coach's
    login_verified(coach_client, people_ids(world.other)["coach"])
    for route, name in gemeente_routes():
        url = fill(route, values_for(world, world.other.slug))
        own = fg_client if name in FG_PAGES else coach_client if name.startswith("participant") else client
        response = own.get(url)
        assert response.status_code in (200, 302, 405), f"GET {url} ({name}) gave {response.status_code}"


def test_anonymous_users_are_sent_to_the_login_page(client):
    world = make_world()
    for route, name in gemeente_routes():
        url = fill(route, values_for(world, world.gemeente.slug))
        response = client.get(url)
        assert response.status_code == 302, f"{url} ({name})"
        assert response["Location"].startswith("/login/")
