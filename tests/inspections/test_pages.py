"""Pages: plan a round, enter plots (stale edit told), results, exports, catalogue, condition."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.helpers import make_asset
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.inspections.models import InspectionRound, Plot, PlotScore
from wijkwerk.inspections.services import plot_record

from .helpers import make_town

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town():
    gemeente, wijk, b1, b2 = make_town()
    beheerder, anna, bert, reader = (UserFactory(username=n) for n in ("beheer", "anna", "bert", "lezer"))
    make_member(beheerder, gemeente, "beheerder")
    make_member(anna, gemeente, "inspecteur")
    make_member(bert, gemeente, "inspecteur")
    make_member(reader, gemeente, "raadpleger")
    return {"g": gemeente, "b1": b1, "beheerder": beheerder, "anna": anna, "bert": bert, "reader": reader}


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


def test_condition_pages(town):
    g = town["g"]
    asset = make_asset(g, type_code="bench", external_id="BANK-9", buurt=town["b1"])
    c = login(town["anna"])
    url = reverse("inspections-asset-condition", args=[g.slug, asset.pk])
    assert "Nog geen metingen" in c.get(url).content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    r = c.post(url, {"date": future, "element_0": "zitting", "value_0": "100", "severity_0": "ernstig",
                     "intensity_0": "3", "extent_0": "120%"})
    text = r.content.decode()
    assert "toekomst" in text and "Omvang 120" in text
    r = c.post(url, {"date": "2025-04-01", "element_0": "zitting", "value_0": "100", "defect_0": "rot",
                     "severity_0": "ernstig", "intensity_0": "3", "extent_0": "45%",
                     "element_1": "poten", "value_1": "50"})
    assert r.status_code == 302
    asset.refresh_from_db()
    # zitting: ernstig/3/class 4 -> 5; poten: 1; index (100*1.7 + 50*1.0)/150 = 1.4667 -> 5
    assert (asset.condition, asset.condition_date) == (5, datetime.date(2025, 4, 1))
    detail = c.get(reverse("asset-detail", args=[g.slug, asset.pk])).content.decode()
    assert "Conditiemetingen (NEN 2767)" in detail
    overview = c.get(reverse("inspections-condition", args=[g.slug])).content.decode()
    assert "Aantallen per conditie en soort" in overview


def test_non_member_gets_404(town):
    other = GemeenteFactory(slug="elders")
    outsider = UserFactory(username="buiten")
    make_member(outsider, other, "beheerder")
    c = login(outsider)
    rnd_id = 1
    for name, args in (("inspections-rounds", []), ("inspections-catalogue", []), ("inspections-condition", []),
                       ("inspections-round", [rnd_id]), ("inspections-results", [rnd_id])):
        assert c.get(reverse(name, args=[town["g"].slug, *args])).status_code == 404
