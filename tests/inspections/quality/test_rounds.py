"""Planning a round (seeded plots inside the buurt), recording plots, stale edits, API."""

import pytest
import shapely
from django.core.exceptions import ValidationError

from tests.core.http import client_for
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.inspections.models import Plot, PlotScore
from wijkwerk.inspections.quality.plots import StalePlot, plot_record
from wijkwerk.inspections.quality.selectors import round_results
from wijkwerk.inspections.quality.services import (
    aspect_thresholds_update,
    catalogue_ensure_default,
    round_plan,
)

from ..helpers import make_town

pytestmark = pytest.mark.django_db


def test_plan_is_reproducible_and_inside_the_buurt():
    gemeente, _w, b1, b2 = make_town()
    r1 = round_plan(gemeente=gemeente, name="R1", plots_per_buurt=5, seed=42, aspects=["Gras", "zwerfafval fijn"])
    r2 = round_plan(gemeente=gemeente, name="R2", plots_per_buurt=5, seed=42)
    r3 = round_plan(gemeente=gemeente, name="R3", plots_per_buurt=5, seed=43)
    p1 = [(p.code, p.lon, p.lat) for p in r1.plots.order_by("code")]
    p2 = [(p.code, p.lon, p.lat) for p in r2.plots.order_by("code")]
    p3 = [(p.code, p.lon, p.lat) for p in r3.plots.order_by("code")]
    assert len(p1) == 10 and p1 == p2 and p1 != p3
    assert r1.aspects == ["zwerfafval-fijn", "gras"] or r1.aspects == ["gras", "zwerfafval-fijn"]
    for plot in r1.plots.all():
        area = b1 if plot.buurt_id == b1.id else b2
        assert shapely.from_geojson(__import__("json").dumps(area.geometry)).covers(shapely.Point(plot.lon, plot.lat))
    with pytest.raises(ValidationError, match="al een schouwronde"):
        round_plan(gemeente=gemeente, name="R1")
    with pytest.raises(ValidationError, match="bloemen"):
        round_plan(gemeente=gemeente, name="R4", aspects=["bloemen"])


def test_record_levels_values_skip_and_results():
    gemeente, _w, b1, _b2 = make_town()
    rnd = round_plan(gemeente=gemeente, name="R", plots_per_buurt=2, seed=1, buurt_codes=["B1"])
    a, b = rnd.plots.order_by("code")
    plot_record(plot=a, scores={"gras": {"level": "a"}, "onkruid-verharding": {"value": "5"}})
    plot_record(plot=b, skip_reason="Werkzaamheden")
    assert PlotScore.objects.get(plot=a, aspect_code="onkruid-verharding").level == "C"
    rows = {r["aspect"]: r for r in round_results(round=rnd)}
    assert rows["gras"]["plots"] == 1 and rows["gras"]["meets_norm"] is True
    assert rows["onkruid op verharding"]["at_or_above_target"] == 0
    with pytest.raises(ValidationError, match="Niveau 'F'"):
        plot_record(plot=a, scores={"gras": "F"})
    with pytest.raises(ValidationError, match="niet gemeten"):
        plot_record(plot=a, scores={"gras": {"value": 3}})


def test_catalogue_versions_keep_old_round_scale():
    gemeente, *_ = make_town()
    v1 = catalogue_ensure_default(gemeente=gemeente)
    rnd = round_plan(gemeente=gemeente, name="Oud", plots_per_buurt=1, seed=1)
    with pytest.raises(ValidationError, match="niet op volgorde"):
        aspect_thresholds_update(gemeente=gemeente, aspect_code="onkruid-verharding",
                                 thresholds={"A+": 0, "A": 5, "B": 4, "C": 8})
    v2 = aspect_thresholds_update(gemeente=gemeente, aspect_code="onkruid-verharding",
                                  thresholds={"A+": 0, "A": 1, "B": 2, "C": 3})
    assert v2.version == v1.version + 1
    rnd.refresh_from_db()
    assert rnd.catalogue_id == v1.id
    plot = rnd.plots.first()
    plot_record(plot=plot, scores={"onkruid-verharding": {"value": 4}})
    assert PlotScore.objects.get(plot=plot).level == "B"  # old scale: B <= 4


def test_stale_edit_by_second_inspector_is_refused():
    gemeente, *_ = make_town()
    rnd = round_plan(gemeente=gemeente, name="R", plots_per_buurt=1, seed=1, buurt_codes=["B1"])
    plot = rnd.plots.get()
    anna, bert = UserFactory(username="anna"), UserFactory(username="bert")
    plot_record(plot=plot, scores={"gras": "B"}, expected_version=1, actor=anna)
    with pytest.raises(StalePlot, match="Deze meetlocatie is intussen door anna gewijzigd"):
        plot_record(plot=plot, scores={"gras": "D"}, expected_version=1, actor=bert)
    assert PlotScore.objects.get(plot=plot).level == "B"


def test_api_rounds_results_and_stale_patch():
    gemeente, *_ = make_town()
    rnd = round_plan(gemeente=gemeente, name="R", plots_per_buurt=1, seed=1, buurt_codes=["B1"])
    plot = rnd.plots.get()
    anna, bert, reader = UserFactory(username="anna"), UserFactory(username="bert"), UserFactory()
    for u in (anna, bert):
        make_member(u, gemeente, "inspecteur")
    make_member(reader, gemeente, "raadpleger")
    base = f"/api/v1/gemeenten/{gemeente.slug}/schouwrondes"
    ca, cb = client_for(anna), client_for(bert)
    assert ca.get(base).json()[0]["name"] == "R"
    url = f"{base}/{rnd.id}/meetlocaties/{plot.id}"
    got_a, got_b = ca.get(url), cb.get(url)
    assert got_a["ETag"] == got_b["ETag"] == '"1"'
    ok = ca.patch(url, {"scores": {"gras": {"level": "A"}}}, format="json", HTTP_IF_MATCH=got_a["ETag"])
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    stale = cb.patch(url, {"scores": {"gras": "D"}}, format="json", HTTP_IF_MATCH=got_b["ETag"])
    assert stale.status_code == 412
    assert "Deze meetlocatie is intussen door anna gewijzigd" in stale.json()["detail"]
    assert cb.patch(url, {"scores": {"gras": "D"}}, format="json").status_code == 428
    bad = cb.patch(url, {"scores": {"gras": "E"}}, format="json", HTTP_IF_MATCH='"2"')
    assert bad.status_code == 400 and "Niveau 'E'" in bad.content.decode()
    assert client_for(reader).patch(url, {"scores": {"gras": "B"}}, format="json", HTTP_IF_MATCH='"2"').status_code == 403
    assert Plot.objects.get(pk=plot.pk).scores.get().level == "A"
    results = client_for(reader).get(f"{base}/{rnd.id}/uitslag").json()
    assert results["buurten"][0]["share"] == 1.0 and results["buurten"][0]["meets_norm"] is True
    assert results["round"]["progress"]["done"] == 1
