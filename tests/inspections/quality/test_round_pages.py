"""Round pages: plan a round, enter plots one buurt at a time (stale edit told), results,
exports, the trend chart."""

import pytest
from django.urls import reverse

from tests.areas.factories import make_area
from tests.core.http import login
from wijkwerk.inspections.models import InspectionRound, Plot, PlotScore
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.services import round_plan

pytestmark = pytest.mark.django_db


def test_plan_enter_results_and_exports(town):
    g = town["g"]
    c = login(town["beheerder"])
    page = c.get(reverse("inspections-rounds", args=[g.slug]))
    assert page.status_code == 200 and "Nieuwe ronde plannen" in page.content.decode()
    r = c.post(reverse("inspections-rounds", args=[g.slug]), {
        "name": "Najaar", "plots_per_buurt": 2, "seed": 5, "aspects": ["gras", "onkruid-verharding"],
        "period_start": "2026-09-01", "period_end": "2026-08-01"})
    assert "De einddatum ligt voor de begindatum" in r.content.decode()
    r = c.post(reverse("inspections-rounds", args=[g.slug]), {
        "name": "Najaar", "plots_per_buurt": 2, "seed": 5, "aspects": ["gras", "onkruid-verharding"]})
    rnd = InspectionRound.objects.get(name="Najaar")
    assert r.status_code == 302 and rnd.plots.count() == 4
    assert "B1-01" in c.get(reverse("inspections-print", args=[g.slug, rnd.pk])).content.decode()
    assert c.get(reverse("inspections-round", args=[g.slug, rnd.pk])).status_code == 200

    anna = login(town["anna"])
    entry = anna.get(reverse("inspections-entry", args=[g.slug, rnd.pk]))
    assert entry.status_code == 200 and 'name="level-gras"' in entry.content.decode()
    plot = rnd.plots.order_by("code").first()
    url = reverse("inspections-plot-save", args=[g.slug, rnd.pk, plot.pk])
    saved = anna.post(url, {"version": 1, "level-gras": "A", "value-onkruid-verharding": "1,5", "action": "save"},
                      HTTP_HX_REQUEST="true")
    assert "Opgeslagen." in saved.content.decode()
    assert {s.aspect_code: s.level for s in PlotScore.objects.filter(plot=plot)} == {"gras": "A", "onkruid-verharding": "A"}
    bad = anna.post(url, {"version": 2, "level-gras": "A", "value-onkruid-verharding": "veel", "action": "save"},
                    HTTP_HX_REQUEST="true")
    assert "Waarde &#x27;veel&#x27; is geen getal" in bad.content.decode()
    # a second inspector with the page loaded before anna saved: told, not overwritten
    stale = login(town["bert"]).post(url, {"version": 1, "level-gras": "D", "action": "save"}, HTTP_HX_REQUEST="true")
    assert "Deze meetlocatie is intussen door anna gewijzigd" in stale.content.decode()
    assert PlotScore.objects.get(plot=plot, aspect_code="gras").level == "A"
    skip = anna.post(url, {"version": 2, "action": "skip", "skip_reason": ""}, HTTP_HX_REQUEST="true")
    assert "Geef een reden" in skip.content.decode()
    skip = anna.post(url, {"version": 2, "action": "skip", "skip_reason": "Bouwhek"})
    assert skip.status_code == 302
    assert Plot.objects.get(pk=plot.pk).status == Plot.Status.SKIPPED
    other = rnd.plots.order_by("code")[1]
    plot_record(plot=other, scores={"gras": "C"})

    reader = login(town["reader"])
    assert reader.get(reverse("inspections-entry", args=[g.slug, rnd.pk])).status_code == 403
    res = reader.get(reverse("inspections-results", args=[g.slug, rnd.pk]))
    assert res.status_code == 200 and "voldoet niet" in res.content.decode()
    xlsx = reader.get(reverse("inspections-results-xlsx", args=[g.slug, rnd.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = reader.get(reverse("inspections-results-pdf", args=[g.slug, rnd.pk]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert reader.get(reverse("inspections-rounds", args=[g.slug])).status_code == 200


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
    picker = page.split('class="buurt-picker__select"', 1)[1].split("</select>", 1)[0]
    assert picker.count("<option ") == 14
    assert "B1-01" in page and "B2-01" not in page  # the first buurt with open plots
    page = c.get(url, {"buurt": "C05"}).content.decode()
    assert page.count('class="plot-form"') == 3 and "C05-01" in page and "B1-01" not in page
    # finished buurt: without a choice the page opens on the next buurt with open plots
    for plot in rnd.plots.filter(buurt__code="B1"):
        plot_record(plot=plot, scores={"gras": "B"})
    page = c.get(url).content.decode()
    assert "B2-01" in page and page.count('class="plot-form"') == 3
    # saving without JavaScript returns to the plot's buurt, at its next open plot
    plot = rnd.plots.get(code="C05-02")
    r = c.post(reverse("inspections-plot-save", args=[g.slug, rnd.pk, plot.pk]),
               {"version": plot.version, "level-gras": "A", "action": "save"})
    following = rnd.plots.get(code="C05-03")
    assert r.status_code == 302 and r["Location"].endswith(f"?buurt=C05#plot-{following.pk}")


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
