"""Catalogue and area type pages: thresholds, assignment, targets, buurten, and polygons that
override the buurt's area type."""

import json

import pytest
from django.urls import reverse

from tests.core.http import login
from wijkwerk.inspections.models import AreaType, AreaTypePolygon, BuurtAreaType, Plot
from wijkwerk.inspections.quality import selectors
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.polygons_import import area_type_polygons_import
from wijkwerk.inspections.quality.services import (
    area_type_save,
    area_types_ensure_default,
    catalogue_ensure_default,
    round_plan,
)

pytestmark = pytest.mark.django_db


def test_catalogue_page_thresholds_and_assignment(town):
    g, c = town["g"], login(town["beheerder"])
    url = reverse("inspections-catalogue", args=[g.slug])
    page = c.get(url).content.decode()
    assert "onkruid op verharding" in page and "Woonwijk" in page
    r = c.post(url, {"form": "thresholds", "aspect": "onkruid-verharding", "a_plus": 0, "a": 3, "b": 2, "c": 8})
    assert "niet op volgorde" in r.content.decode()
    r = c.post(url, {"form": "thresholds", "aspect": "onkruid-verharding", "a_plus": 0, "a": 1, "b": 3, "c": 6})
    assert r.status_code == 302
    assert g.quality_catalogues.count() == 2
    centrum = g.area_types.get(code="centrum")
    r = c.post(url, {"form": "assign", "buurt": town["b1"].pk, "area_type": centrum.pk})
    assert r.status_code == 302
    assert login(town["reader"]).post(url, {"form": "assign"}).status_code == 403


def _geojson(path, polygons):
    features = [{"type": "Feature", "properties": {"naam": name},
                 "geometry": {"type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]]}}
                for name, (a, b, c, d) in polygons]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_area_type_pages_targets_buurten_and_polygons(town, tmp_path):
    g, c = town["g"], login(town["beheerder"])
    url = reverse("inspections-area-types", args=[g.slug])
    page = c.get(url).content.decode()
    assert "Woonwijk" in page and "Nieuw gebiedstype" in page
    r = c.post(url, {"form": "type", "name": "Winkelstraat", "pass_share": "150", "default_target": "A"})
    assert "Het normpercentage ligt tussen 0 en 100." in r.content.decode()
    r = c.post(url, {"form": "type", "name": "Winkelstraat", "pass_share": "95", "default_target": "B",
                     "target__gras": "A+"})
    shop = AreaType.objects.get(gemeente=g, code="winkelstraat")
    assert r.status_code == 302 and r["Location"].endswith(f"/gebiedstypen/{shop.pk}/")
    assert (shop.pass_share, shop.default_target, shop.targets) == (0.95, "B", {"gras": "A+"})
    assert "Er is al een gebiedstype" in c.post(url, {"form": "type", "name": "Winkelstraat", "pass_share": "90",
                                                        "default_target": "B"}).content.decode()

    edit = reverse("inspections-area-type", args=[g.slug, shop.pk])
    assert "Buurt Een" in c.get(edit).content.decode()
    r = c.post(edit, {"form": "type", "name": "Winkelstraat", "pass_share": "80,5", "default_target": "C",
                      "target__gras": ""})
    shop.refresh_from_db()
    assert r.status_code == 302 and (shop.pass_share, shop.default_target, shop.targets) == (0.805, "C", {})
    r = c.post(edit, {"form": "buurten", "buurten": [town["b1"].pk, town["b2"].pk]})
    assert r.status_code == 302 and BuurtAreaType.objects.filter(area_type=shop).count() == 2
    c.post(edit, {"form": "buurten", "buurten": [town["b2"].pk]})
    assert list(BuurtAreaType.objects.filter(gemeente=g).values_list("buurt__code", flat=True)) == ["B2"]

    bad = tmp_path / "lijnen.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                   "geometry": {"type": "LineString", "coordinates": [[5.0, 52.0], [5.1, 52.1]]}}]}))
    with open(bad, "rb") as fh:
        text = c.post(edit, {"form": "polygons", "file": fh, "replace": "on"}).content.decode()
    assert "Geen enkel bruikbaar vlak" in text and "rij 1" in text
    good = _geojson(tmp_path / "winkels.geojson", [("Oude Gracht", (5.0, 52.0, 5.05, 52.1))])
    with open(good, "rb") as fh:
        r = c.post(edit, {"form": "polygons", "file": fh, "replace": "on"})
    assert r.status_code == 302
    polygon = AreaTypePolygon.objects.get(area_type=shop)
    assert polygon.name == "Oude Gracht"
    assert 'id="inspections-map"' in c.get(edit).content.decode()
    assert login(town["reader"]).get(edit).status_code == 403
    assert login(town["anna"]).post(url, {"form": "type", "name": "X"}).status_code == 403
    c.post(edit, {"form": "delete_polygon", "polygon": polygon.pk})
    assert not AreaTypePolygon.objects.filter(area_type=shop).exists()


def test_polygon_area_type_overrides_buurt_target(town, tmp_path):
    g = town["g"]
    catalogue_ensure_default(gemeente=g)
    area_types_ensure_default(gemeente=g)  # woonwijk: B, 90 %
    rnd = round_plan(gemeente=g, name="Vlakken", plots_per_buurt=2, seed=4, aspects=["gras"])
    plots = list(rnd.plots.filter(buurt=town["b1"]).order_by("code"))
    for plot in plots:
        plot_record(plot=plot, scores={"gras": "B"})
    row = selectors.round_results(round=rnd)[0]
    assert (row["buurt"], row["target"], row["meets_norm"]) == ("B1", "B", True)
    park = area_type_save(gemeente=g, code="park-a", name="Park A+", default_target="A+", pass_share=1.0)
    first = plots[0]
    d = 0.0005
    path = _geojson(tmp_path / "park.geojson", [("Park", (first.lon - d, first.lat - d, first.lon + d, first.lat + d))])
    result = area_type_polygons_import(area_type=park, path=path)
    assert (result["created"], result["rejected"]) == (1, 0)
    assert selectors.plot_polygon_area_types(round=rnd) == {first.pk: park}
    row = selectors.round_results(round=rnd)[0]
    # one plot judged against A+ (fails), the other against B (passes); pass share the strictest
    assert (row["target"], row["at_or_above_target"], row["pass_share"], row["meets_norm"]) == ("A+/B", 1, 1.0, False)
    assert Plot.objects.filter(round=rnd).count() == 4
