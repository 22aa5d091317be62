"""Finding an asset by its source key or its street and number: the search keys, the selector (also
that it seeks an index instead of reading every asset), who writes the keys (import, edit, the
migration for existing assets), the results page and the map's search data."""

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.assets.factories import make_asset
from tests.assets.worlds import make_world
from tests.conftest import login_verified
from tests.core.http import login
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.assets.importing import ImportOptions, assets_import
from wijkwerk.assets.models import Asset
from wijkwerk.assets.search_keys import address_text, attributes_address_key, prefix_range, search_key
from wijkwerk.assets.selectors import asset_search
from wijkwerk.assets.services import asset_update
from wijkwerk.municipalities.roles import JOBCOACH

pytestmark = pytest.mark.django_db


# --- keys, without a database ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("03.11|Teun de Jagerdreef|1", "0311teundejagerdreef1"),
    ("DEMO-BOOM-000123", "demoboom000123"),
    ("Ëmmastraat 12a", "emmastraat12a"),
    (12.0, "12"),
    (None, ""),
    ("—", ""),
])
def test_a_search_key_ignores_case_accents_spaces_and_punctuation(text, key):
    assert search_key(text) == key


def test_the_prefix_range_holds_exactly_the_keys_that_start_with_it():
    assert prefix_range("ab9") == ("ab9", "aba")  # digits come before letters
    assert prefix_range("abz") == ("abz", "ac")
    assert prefix_range("zz") == ("zz", None)
    keys = ["ab", "ab9", "ab90", "ab9z", "aba", "ab8z", "b"]
    low, high = prefix_range("ab9")
    assert [k for k in sorted(keys) if low <= k < high] == ["ab9", "ab90", "ab9z"]


def test_the_address_key_takes_the_first_filled_street_and_number():
    assert attributes_address_key({"street": "Lange Nieuwstraat", "mast_number": "7"}) == "langenieuwstraat7"
    assert attributes_address_key({"STRAAT": "", "Adres": "Oudegracht", "Huisnummer": 12}) == "oudegracht12"
    assert attributes_address_key({"huisnummer": "12"}) == ""  # a number without a street finds nothing
    assert attributes_address_key({}) == ""
    assert address_text({"straatnaam": " Oudegracht ", "huisnr": "12"}) == "Oudegracht 12"


# --- the selector -----------------------------------------------------------------------------------


def test_search_finds_by_source_key_and_address_in_its_own_gemeente_only():
    world = make_world()  # BOOM-1, MAST-7 on Lange Nieuwstraat, BANK-9; Amersfoort has AMF-1
    g = world.gemeente

    def found(query, **kw):
        assets, more = asset_search(gemeente=g, query=query, **kw)
        return [a.external_id for a in assets], more

    assert found("BOOM-1") == (["BOOM-1"], False)
    assert found("boom 1") == (["BOOM-1"], False)  # case, spaces and dashes do not matter
    assert found("mast")[0] == ["MAST-7"]
    assert found("Lange Nieuwstr")[0] == ["MAST-7"]  # the street (the start is enough)
    assert found("AMF-1") == ([], False)  # another municipality's asset
    assert found("") == ([], False)
    assert found("  ") == ([], False)


def test_search_gives_the_exact_source_key_first_and_says_when_there_are_more():
    gemeente = GemeenteFactory()
    for i in range(12):
        make_asset(gemeente, "tree", f"B-{i:02d}")
    make_asset(gemeente, "tree", "b")
    assets, more = asset_search(gemeente=gemeente, query="b", limit=5)
    assert assets[0].external_id == "b"
    assert len(assets) == 5 and more
    assets, more = asset_search(gemeente=gemeente, query="b-1", limit=5)
    assert [a.external_id for a in assets] == ["B-10", "B-11"] and not more


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the query plan is read on SQLite")
def test_search_seeks_indexes_and_sorts_nothing():
    """Each query of a search is an index seek in the order of the index: with a million assets it still
    reads only the rows it returns."""
    gemeente = GemeenteFactory()
    make_asset(gemeente, "tree", "B-1", attributes={"straat": "Oudegracht"})
    with CaptureQueriesContext(connection) as queries:
        asset_search(gemeente=gemeente, query="Oude")
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append(" | ".join(str(row[-1]) for row in cursor.fetchall()))
    assert len(plans) == 3  # exact source key, source key prefix, address prefix
    assert "USING INDEX sqlite_autoindex_assets_asset" in plans[0]
    assert "USING INDEX asset_search_id (gemeente_id=? AND search_id>? AND search_id<?)" in plans[1]
    assert "USING INDEX asset_search_address (gemeente_id=? AND search_address>? AND search_address<?)" in plans[2]
    for plan in plans:
        assert f"SCAN {Asset._meta.db_table}" not in plan and "TEMP B-TREE" not in plan, plan


# --- who writes the keys ------------------------------------------------------------------------------


def _geojson(tmp_path, rows):
    features = [{"type": "Feature", "properties": props,
                 "geometry": {"type": "Point", "coordinates": [5.1 + i * 0.001, 52.09]}}
                for i, props in enumerate(rows)]
    path = tmp_path / "bomen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_the_import_fills_the_keys_and_keeps_them_up_to_date(tmp_path):
    gemeente = GemeenteFactory()
    options = ImportOptions(asset_type="tree", id_fields=("id",))
    path = _geojson(tmp_path, [{"id": "BOOM-01", "straat": "Oudegracht", "huisnummer": 12},
                               {"id": "BOOM-02"}])
    assets_import(gemeente=gemeente, path=path, options=options)
    assert dict(Asset.objects.values_list("external_id", "search_id")) == {"BOOM-01": "boom01", "BOOM-02": "boom02"}
    assert dict(Asset.objects.values_list("external_id", "search_address")) == {"BOOM-01": "oudegracht12",
                                                                                "BOOM-02": ""}
    assert [a.external_id for a in asset_search(gemeente=gemeente, query="Oudegracht 12")[0]] == ["BOOM-01"]

    path = _geojson(tmp_path, [{"id": "BOOM-01", "straat": "Drift", "huisnummer": 3}, {"id": "BOOM-02"}])
    report = assets_import(gemeente=gemeente, path=path, options=options)
    assert report.updated == 1
    assert Asset.objects.get(external_id="BOOM-01").search_address == "drift3"
    assert asset_search(gemeente=gemeente, query="Oudegracht")[0] == []


def test_editing_the_street_changes_the_address_key():
    world = make_world()
    asset_update(asset=world.light, changes={"attributes": {"street": "Drift"}}, actor=world.beheerder)
    world.light.refresh_from_db()
    assert world.light.search_address == "drift"
    assert asset_search(gemeente=world.gemeente, query="drift")[0] == [world.light]


def test_the_migration_fills_the_keys_of_existing_assets():
    gemeente = GemeenteFactory()
    asset = make_asset(gemeente, "street_light", "03.11|Teun de Jagerdreef|1",
                       attributes={"street": "Teun de Jagerdreef", "mast_number": "1"})
    Asset.objects.filter(pk=asset.pk).update(search_id="", search_address="")
    migration = importlib.import_module("wijkwerk.assets.migrations.0007_search_keys")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill_search_keys(apps, editor)
    asset.refresh_from_db()
    assert (asset.search_id, asset.search_address) == ("0311teundejagerdreef1", "teundejagerdreef1")


# --- pages -----------------------------------------------------------------------------------------------


def test_results_page_lists_type_label_buurt_and_links():
    world = make_world()
    client = login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/zoeken/", {"q": "mast"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 asset gevonden voor ‘mast’" in html
    assert f'href="/g/{world.gemeente.slug}/assets/{world.light.pk}/">MAST-7</a>' in html
    assert "<td>Lichtmast</td>" in html and "street_light" not in html
    assert "<td>Lange Nieuwstraat</td>" in html  # the buurt (and the address)
    assert f"/g/{world.gemeente.slug}/kaart/?asset={world.light.pk}" in html


def test_results_page_without_matches_and_without_a_query():
    world = make_world()
    client = login(world.raadpleger)
    html = client.get(f"/g/{world.gemeente.slug}/zoeken/", {"q": "bestaat niet"}).content.decode()
    assert "Niets gevonden voor ‘bestaat niet’" in html
    response = client.get(f"/g/{world.gemeente.slug}/zoeken/")
    assert response.status_code == 200
    assert "gevonden" not in response.content.decode()


def test_every_member_who_sees_assets_may_search():
    world = make_world()
    coach = UserFactory()
    make_member(coach, world.gemeente, JOBCOACH)
    client = Client()
    login_verified(client, coach)  # the second sign-in step done
    assert client.get(f"/g/{world.gemeente.slug}/zoeken/", {"q": "boom"}).status_code == 200
    assert client.get(f"/g/{world.gemeente.slug}/zoeken/data", {"q": "boom"}).status_code == 200


def test_map_search_data_gives_what_the_map_needs():
    world = make_world()
    client = login(world.raadpleger)
    data = client.get(f"/g/{world.gemeente.slug}/zoeken/data", {"q": "lange"}).json()
    assert data == {"more": False, "results": [{
        "id": world.light.pk, "type": "street_light", "label": "Lichtmast", "external_id": "MAST-7",
        "address": "Lange Nieuwstraat", "buurt": "Lange Nieuwstraat", "lon": 5.115, "lat": 52.085,
        "url": f"/g/{world.gemeente.slug}/assets/{world.light.pk}/"}]}


def test_the_map_opens_on_an_asset_from_the_results():
    world = make_world()
    client = login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/kaart/", {"asset": world.tree.pk})
    focus = response.context["map_config"]["focus"]
    assert (focus["id"], focus["label"], focus["external_id"]) == (world.tree.pk, "Boom", "BOOM-1")
    # another municipality's asset, or nonsense: the map opens as usual
    for value in (world.other_asset.pk, "abc", "9" * 30):
        assert client.get(f"/g/{world.gemeente.slug}/kaart/", {"asset": value}).context["map_config"]["focus"] is None


def test_the_header_search_box_is_on_every_page_of_a_municipality():
    world = make_world()
    client = login(world.raadpleger)
    for url in (f"/g/{world.gemeente.slug}/", f"/g/{world.gemeente.slug}/kaart/",
                f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/"):
        html = client.get(url).content.decode()
        assert f'action="/g/{world.gemeente.slug}/zoeken/" role="search"' in html, url
