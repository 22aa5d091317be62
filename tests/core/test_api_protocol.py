"""What every API route shares, seen through the asset routes: unknown paths and methods answer
problem+json, a token authenticates (also for writes, without CSRF), a session write needs CSRF."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.assets.worlds import make_aadorp_bedum
from tests.core.http import assert_problem, client_for

ASSETS = "/api/v1/gemeenten/aadorp/assets"


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def detail_url(asset):
    return f"/api/v1/gemeenten/{asset.gemeente.slug}/assets/{asset.pk}"


def patch(client, asset, body, if_match='"1"'):
    return client.patch(detail_url(asset), data=json.dumps(body), content_type="application/json",
                        HTTP_IF_MATCH=if_match)


def test_unknown_api_path_is_problem(world):
    response = client_for(world.beheerder).get("/api/v1/bestaat-niet")
    body = assert_problem(response, 404)
    assert "openapi.json" in body["detail"]


def test_method_not_allowed_is_problem(world):
    assert_problem(client_for(world.beheerder).post(ASSETS, {}, format="json"), 405)
    assert_problem(client_for(world.beheerder).delete(detail_url(world.tree_a)), 405)


def test_token_auth(world):
    out = StringIO()
    call_command("create_api_token", user="beheerder-a", stdout=out)
    key = out.getvalue().strip()
    client = client_for(None)
    response = client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [g["slug"] for g in response.json()] == ["aadorp"]
    # A token works for writes without CSRF.
    response = client.patch(detail_url(world.tree_a), {"quantity": 3}, format="json",
                            HTTP_AUTHORIZATION=f"Token {key}", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert_problem(client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION="Token onzin"), 401)


def test_session_write_needs_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.beheerder)
    assert client.get(ASSETS).status_code == 200
    assert_problem(patch(client, world.tree_a, {"quantity": 3}), 403)
