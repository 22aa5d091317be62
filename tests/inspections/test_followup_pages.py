"""Follow-up pages: the entry page shows one buurt at a time, area types (targets, buurten,
polygons that override the buurt's area type), NEN 2767 tables, the trend chart."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.helpers import make_area
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.inspections import nen2767, selectors
from wijkwerk.inspections.models import AreaType, AreaTypePolygon, BuurtAreaType, Plot
from wijkwerk.inspections.services import (
    area_types_ensure_default,
    catalogue_ensure_default,
    condition_tables,
    plot_record,
    round_plan,
)

from .helpers import make_town

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town():
    gemeente, wijk, b1, b2 = make_town()
    beheerder, anna, reader = (UserFactory(username=n) for n in ("beheer", "anna", "lezer"))
    make_member(beheerder, gemeente, "beheerder")
    make_member(anna, gemeente, "inspecteur")
    make_member(reader, gemeente, "raadpleger")
    return {"g": gemeente, "wijk": wijk, "b1": b1, "b2": b2, "beheerder": beheerder, "anna": anna, "reader": reader}


def test_entry_page_shows_one_buurt_at_a_time(town):
    g = town["g"]
    for i in range(12):  # 14 buurten x 3 plots: 42 plots, a page holds 3
        lon = 5.0 + i * 0.01
        make_area(g, "buurt", f"C{i:02d}", name=f"Buurt C{i:02d}", parent=town["wijk"], bbox=(lon, 52.2, lon + 0.01, 52.21))
    rnd = round_plan(gemeente=g, name="Groot", plots_per_buurt=3, seed=1, aspects=["gras"])
    assert rnd.plots.count() == 42
    c = login(town["anna"])
    url = reverse("inspections-entry", args=[g.slug, rnd.pk])
    page = c.get(url).content.decode()
    assert page.count('class="plot-form"') == 3
    assert page.count("<option ") == 14 and 'class="buurt-picker__select"' in page
    assert "B1-01" in page and "B2-01" not in page  # the first buurt with open plots
    page = c.get(url, {"buurt": "C05"}).content.decode()
    assert page.count('class="plot-form"') == 3 and "C05-01" in page and "B1-01" not in page
    # finished buurt: without a choice the page opens on the next buurt with open plots
    for plot in rnd.plots.filter(buurt__code="B1"):
        plot_record(plot=plot, scores={"gras": "B"})
    page = c.get(url).content.decode()
    assert "B2-01" in page and page.count('class="plot-form"') == 3
    # saving without JavaScript returns to the plot's buurt
    plot = rnd.plots.get(code="C05-02")
    r = c.post(reverse("inspections-plot-save", args=[g.slug, rnd.pk, plot.pk]),
               {"version": plot.version, "level-gras": "A", "action": "save"})
    assert r.status_code == 302 and r["Location"].endswith(f"?buurt=C05#plot-{plot.pk}")


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
    from wijkwerk.inspections.services import area_type_polygons_import, area_type_save

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


def test_condition_tables_page(town):
    g, c = town["g"], login(town["beheerder"])
    url = reverse("inspections-condition-tables", args=[g.slug])
    page = c.get(url).content.decode()
    assert "standaardtabellen" in page and 'name="m_ernstig_3_5"' in page and 'value="1,7"' in page
    data = {f"m_{s}_{i}_{e}": nen2767.DEFAULT_MATRIX[s][i][e - 1]
            for s in nen2767.SEVERITIES for i in nen2767.INTENSITIES for e in nen2767.EXTENT_CLASSES}
    data.update({f"f_{k}": str(v).replace(".", ",") for k, v in nen2767.DEFAULT_FACTORS.items()})
    data.update({f"b_{k + 2}": v for k, v in enumerate(nen2767.DEFAULT_EXTENT_BOUNDS)})
    r = c.post(url, {**data, "m_ernstig_3_5": "7"})
    assert "Een conditie is 1 t/m 6." in r.content.decode()
    r = c.post(url, {**data, "f_3": "1,5"})
    assert "De correctiefactoren moeten positief zijn en oplopen" in r.content.decode()
    r = c.post(url, {**data, "b_3": "1"})
    assert "vier oplopende percentages" in r.content.decode()
    r = c.post(url, {**data, "m_gering_1_5": "3", "f_6": "2,5"})
    assert r.status_code == 302
    tables = condition_tables(gemeente=g)
    assert tables.matrix["gering"][1][4] == 3 and tables.factors[6] == 2.5
    assert "eigen, aangepaste tabellen" in c.get(url).content.decode()
    c.post(url, {"form": "reset"})
    assert condition_tables(gemeente=g) == nen2767.DEFAULT_TABLES
    assert login(town["anna"]).get(url).status_code == 403


def test_trend_chart_next_to_table(town):
    g = town["g"]
    for name, level in (("Voorjaar", "C"), ("Najaar", "A")):
        rnd = round_plan(gemeente=g, name=name, plots_per_buurt=1, seed=2, aspects=["gras"])
        for plot in rnd.plots.all():
            plot_record(plot=plot, scores={"gras": level})
    page = login(town["reader"]).get(reverse("inspections-rounds", args=[g.slug])).content.decode()
    assert '<svg viewBox="0 0 520 260" role="img"' in page
    assert "gras: Voorjaar 0 %, Najaar 100 %" in page
    assert page.count("<polyline") == 1
