"""Odd input that used to answer 500 answers 400 (problem+json, Dutch) and changes nothing:
over-long or malformed ETag headers, deeply nested JSON, numbers beyond a float (1e400),
NaN/Infinity, empty or over-long attribute names, over-long text values; ids beyond 64 bits."""

import pytest

from tests.assets.worlds import make_aadorp_bedum
from tests.core.http import assert_problem, client_for
from tests.inspections.helpers import inspection_ids
from wijkwerk.assets.schemas import ATTRIBUTE_NAME_MAX_LENGTH, ATTRIBUTE_TEXT_MAX_LENGTH, clean_attributes
from wijkwerk.core.api import JSON_MAX_DEPTH, UnsafeJSON, json_loads_safe
from wijkwerk.inspections.models import Plot

LONG_DIGITS = "9" * 5000


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def asset_url(world, asset) -> str:
    return f"/api/v1/gemeenten/{world.a.slug}/assets/{asset.pk}"


def raw_patch(client, url: str, body: str, if_match: str = '"1"'):
    return client.generic("PATCH", url, body, content_type="application/json", HTTP_IF_MATCH=if_match)


def snapshot(asset) -> tuple:
    asset.refresh_from_db()
    return asset.version, asset.attributes, asset.quantity, asset.history.count()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- ETag headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [f'"{LONG_DIGITS}"', LONG_DIGITS, 'W/"1", ' * 100 + '"1"', '"1" garbage'])
def test_bad_if_match_on_an_asset_is_400(world, header):
    before = snapshot(world.tree_a)
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.tree_a), '{"quantity": 7}', header)
    body = assert_problem(response, 400)
    assert "If-Match" in body["detail"]
    assert snapshot(world.tree_a) == before


@pytest.mark.parametrize("header", [f'"{LONG_DIGITS}"', LONG_DIGITS, "geen-etag"])
def test_bad_if_none_match_on_an_asset_is_400(world, header):
    response = client_for(world.beheerder).get(asset_url(world, world.tree_a), HTTP_IF_NONE_MATCH=header)
    assert "If-None-Match" in assert_problem(response, 400)["detail"]


def test_if_match_with_a_version_beyond_any_real_one_is_just_stale(world):
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.tree_a), '{"quantity": 7}',
                         '"99999999999999999"')
    assert_problem(response, 412)


def test_bad_if_match_on_a_plot_is_400(world):
    ids = inspection_ids(world.a)
    url = f"/api/v1/gemeenten/{world.a.slug}/schouwrondes/{ids['round_id']}/meetlocaties/{ids['plot_id']}"
    response = raw_patch(client_for(world.beheerder), url, '{"skip_reason": "weg"}', f'"{LONG_DIGITS}"')
    assert "If-Match" in assert_problem(response, 400)["detail"]
    assert Plot.objects.get(pk=ids["plot_id"]).version == 1


# --- JSON bodies ----------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [30_000, JSON_MAX_DEPTH + 1])
def test_deeply_nested_json_on_an_asset_is_400(world, depth):
    before = snapshot(world.tree_a)
    body = '{"attributes": {"species": ' + nested(depth - 2) + "}}"
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.tree_a), body)
    assert "te diep genest" in assert_problem(response, 400)["detail"]
    assert snapshot(world.tree_a) == before


def test_deeply_nested_merge_patch_is_400(world):
    response = client_for(world.beheerder).generic(
        "PATCH", asset_url(world, world.tree_a), nested(30_000), content_type="application/merge-patch+json",
        HTTP_IF_MATCH='"1"')
    assert "te diep genest" in assert_problem(response, 400)["detail"]


def test_deeply_nested_json_on_a_plot_is_400(world):
    ids = inspection_ids(world.a)
    url = f"/api/v1/gemeenten/{world.a.slug}/schouwrondes/{ids['round_id']}/meetlocaties/{ids['plot_id']}"
    body = '{"scores": {"gras": ' + nested(30_000) + "}}"
    response = raw_patch(client_for(world.beheerder), url, body)
    assert "te diep genest" in assert_problem(response, 400)["detail"]
    plot = Plot.objects.get(pk=ids["plot_id"])
    assert (plot.version, plot.status, plot.scores.count()) == (1, Plot.Status.OPEN, 0)


@pytest.mark.parametrize(("body", "fragment"), [
    ('{"attributes": {"seats": 1e400}}', "te groot"),
    ('{"attributes": {"seats": -1e400}}', "te groot"),
    ('{"attributes": {"seats": NaN}}', "NaN"),
    ('{"attributes": {"seats": Infinity}}', "Infinity"),
    ('{"quantity": -Infinity}', "Infinity"),
    ('{"attributes": {"seats": ' + "1" * 5000 + "}}", "geen geldige JSON"),
])
def test_numbers_json_cannot_hold_are_400(world, body, fragment):
    before = snapshot(world.outside_a)
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.outside_a), body)
    assert fragment in assert_problem(response, 400)["detail"]
    assert snapshot(world.outside_a) == before


def test_a_number_beyond_a_float_in_an_attribute_is_a_field_error(world):
    """401 digits is valid JSON (and an int in Python) but no float: a field error, not a 500."""
    before = snapshot(world.outside_a)
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.outside_a),
                         '{"attributes": {"seats": 1' + "0" * 400 + "}}")
    params = assert_problem(response, 400)["invalid_params"]
    assert [p["name"] for p in params] == ["attributes.seats"]
    assert "Zitplaatsen" in params[0]["reason"]
    assert snapshot(world.outside_a) == before


# --- Attribute names and values -------------------------------------------------------------------

@pytest.mark.parametrize(("attributes", "fragment"), [
    ({"": "leeg"}, "lege naam"),
    ({"   ": "leeg"}, "lege naam"),
    ({"x" * (ATTRIBUTE_NAME_MAX_LENGTH + 1): "lang"}, f"hoogstens {ATTRIBUTE_NAME_MAX_LENGTH} tekens"),
    ({"species": "a" * (ATTRIBUTE_TEXT_MAX_LENGTH + 1)}, f"hoogstens {ATTRIBUTE_TEXT_MAX_LENGTH} tekens"),
    ({"opmerking": "a" * (ATTRIBUTE_TEXT_MAX_LENGTH + 1)}, f"hoogstens {ATTRIBUTE_TEXT_MAX_LENGTH} tekens"),
    ({"kenmerk": 10**20}, "te groot"),
])
def test_attribute_names_and_text_have_limits(world, attributes, fragment):
    import json

    before = snapshot(world.tree_a)
    response = raw_patch(client_for(world.beheerder), asset_url(world, world.tree_a),
                         json.dumps({"attributes": attributes}))
    params = assert_problem(response, 400)["invalid_params"]
    assert any(fragment in p["reason"] for p in params), params
    assert snapshot(world.tree_a) == before


def test_text_up_to_the_limit_is_kept(world):
    import json

    response = raw_patch(client_for(world.beheerder), asset_url(world, world.tree_a),
                         json.dumps({"attributes": {"species": "a" * ATTRIBUTE_TEXT_MAX_LENGTH}}))
    assert response.status_code == 200, response.content[:300]
    assert len(response.json()["properties"]["attributes"]["species"]) == ATTRIBUTE_TEXT_MAX_LENGTH


def test_schema_check_refuses_non_finite_numbers_from_any_source():
    schema = [{"name": "seats", "label": "Zitplaatsen", "type": "integer", "min": 1, "max": 50},
              {"name": "height", "label": "Hoogte", "type": "number"}]
    for raw in ({"seats": float("inf")}, {"seats": "1e400"}, {"height": float("nan")}, {"height": "-inf"},
                {"seats": 10**400}, {"extra": float("inf")}):
        cleaned, errors = clean_attributes(schema, raw)
        assert cleaned == {} and len(errors) == 1, (raw, cleaned, errors)


def test_safe_loader_limits():
    assert json_loads_safe(nested(JSON_MAX_DEPTH)) == json_loads_safe(nested(JSON_MAX_DEPTH))
    for text in (nested(JSON_MAX_DEPTH + 1), nested(100_000), "1e400", "[NaN]", "-Infinity", "{", "1" * 5000):
        with pytest.raises(UnsafeJSON):
            json_loads_safe(text)


# --- Ids beyond 64 bits ---------------------------------------------------------------------------

def test_ids_beyond_the_database_range_are_404_not_500(world):
    client = client_for(world.beheerder)
    huge = "99999999999999999999999"
    assert_problem(client.get(f"/api/v1/gemeenten/{world.a.slug}/assets/{huge}"), 404)
    assert_problem(raw_patch(client, f"/api/v1/gemeenten/{world.a.slug}/assets/{huge}", "{}"), 404)
    assert_problem(client.get(f"/api/v1/gemeenten/{world.a.slug}/schouwrondes/{huge}/meetlocaties"), 404)
    assert_problem(client.get(f"/api/v1/gemeenten/{world.a.slug}/plannen/{huge}"), 404)
    assert client.get(f"/g/{world.a.slug}/assets/{huge}/").status_code == 404
    assert client.get(f"/g/{world.a.slug}/schouw/{huge}/").status_code == 404
    assert client.get(f"/g/{world.a.slug}/planning/{huge}/").status_code == 404


def test_page_size_beyond_the_database_range_is_400(world):
    body = assert_problem(client_for(world.beheerder).get(
        f"/api/v1/gemeenten/{world.a.slug}/assets?page={LONG_DIGITS}"), 400)
    assert body["invalid_params"][0]["name"] == "page"
