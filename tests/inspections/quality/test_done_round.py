"""A done (afgeronde) schouw round is read-only: no result, skip or score changes through the
service, the pages or the API; the pages show it as done without an entry form."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.core.http import client_for
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.inspections.models import ROUND_FLOW, InspectionRound, Plot, PlotScore
from wijkwerk.inspections.quality.plots import RoundClosed, plot_record
from wijkwerk.inspections.quality.schouw_import import schouw_import
from wijkwerk.inspections.quality.selectors import round_results
from wijkwerk.inspections.quality.services import round_plan, round_set_status

from ..helpers import B1_POINT, make_town, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def done():
    """A round with two plots in B1: one scored A (gras), then marked done. `contractor` is an
    opdrachtnemer (may record results), as in the report."""
    gemeente, _w, _b1, _b2 = make_town()
    contractor = UserFactory(username="aannemer")
    make_member(contractor, gemeente, "opdrachtnemer")
    rnd = round_plan(gemeente=gemeente, name="Voorjaar", plots_per_buurt=2, seed=3, buurt_codes=["B1"])
    scored, other = rnd.plots.order_by("code")
    plot_record(plot=scored, scores={"gras": "A"}, actor=contractor)
    round_set_status(round=rnd, status=InspectionRound.Status.DONE)
    return {"g": gemeente, "round": rnd, "scored": scored, "other": other, "contractor": contractor,
            "results": round_results(round=rnd), "snapshot": _snapshot(rnd)}


def _snapshot(rnd) -> list:
    return [(p.pk, p.status, p.skip_reason, p.version, sorted((s.aspect_code, s.level, s.value) for s in p.scores.all()))
            for p in Plot.objects.filter(round=rnd).order_by("pk").prefetch_related("scores")]


def _unchanged(done) -> None:
    assert _snapshot(done["round"]) == done["snapshot"]
    assert round_results(round=done["round"]) == done["results"]


def test_service_refuses_skip_and_scores_on_a_done_round(done):
    for plot in (done["scored"], done["other"]):
        with pytest.raises(RoundClosed, match="afgerond"):
            plot_record(plot=plot, skip_reason="Niet bereikbaar", actor=done["contractor"])
        with pytest.raises(RoundClosed):
            plot_record(plot=plot, scores={"gras": "D"}, expected_version=plot.version)
    _unchanged(done)


def test_a_done_round_is_not_opened_again(done):
    with pytest.raises(ValidationError, match="afgerond"):
        round_set_status(round=done["round"], status=InspectionRound.Status.OPEN)
    done["round"].refresh_from_db()
    assert done["round"].status == InspectionRound.Status.DONE


def test_skip_posted_on_the_page_is_refused(done):
    g, rnd, plot = done["g"], done["round"], done["scored"]
    client = Client()
    client.force_login(done["contractor"])
    url = reverse("inspections-plot-save", args=[g.slug, rnd.pk, plot.pk])
    body = {"version": plot.version + 1, "action": "skip", "skip_reason": "Niet bereikbaar"}
    card = client.post(url, body, HTTP_HX_REQUEST="true")
    text = card.content.decode()
    assert "afgerond" in text and "Opgeslagen" not in text
    assert "<form" not in text  # the card of a done round has no form
    plain = client.post(url, {**body, "action": "save", "level-gras": "D"}, follow=True)
    assert "afgerond" in plain.content.decode()
    _unchanged(done)


def test_skip_patched_through_the_api_is_409(done):
    g, rnd, plot = done["g"], done["round"], done["scored"]
    client = client_for(done["contractor"])
    url = f"/api/v1/gemeenten/{g.slug}/schouwrondes/{rnd.pk}/meetlocaties/{plot.pk}"
    etag = client.get(url)["ETag"]
    for body in ({"skip_reason": "Niet bereikbaar"}, {"scores": {"gras": "D"}}):
        response = client.patch(url, body, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 409, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        assert "afgerond" in response.json()["detail"]
    _unchanged(done)


def test_pages_show_a_done_round_read_only(done):
    g, rnd = done["g"], done["round"]
    client = Client()
    client.force_login(done["contractor"])
    entry_url = reverse("inspections-entry", args=[g.slug, rnd.pk])
    pages = {name: client.get(reverse(name, args=[g.slug, rnd.pk])).content.decode()
             for name in ("inspections-round", "inspections-results", "inspections-print")}
    pages["inspections-rounds"] = client.get(reverse("inspections-rounds", args=[g.slug])).content.decode()
    for name, text in pages.items():
        assert "Afgerond" in text, name
        assert entry_url not in text, name  # no "Schouwen" button or link
    for name in ("inspections-round", "inspections-results", "inspections-print"):
        assert "er kan niet meer worden geschouwd" in pages[name], name
    entry = client.get(entry_url, follow=True)
    assert entry.redirect_chain == [(reverse("inspections-round", args=[g.slug, rnd.pk]), 302)]
    assert "U kunt niet meer schouwen in deze ronde." in entry.content.decode()

    # The control: an open round has the button and the entry form.
    open_round = round_plan(gemeente=g, name="Najaar", plots_per_buurt=1, seed=1, buurt_codes=["B1"])
    open_detail = client.get(reverse("inspections-round", args=[g.slug, open_round.pk])).content.decode()
    assert reverse("inspections-entry", args=[g.slug, open_round.pk]) in open_detail
    assert "Afgerond." not in open_detail
    rounds = client.get(reverse("inspections-rounds", args=[g.slug])).content.decode()
    assert reverse("inspections-entry", args=[g.slug, open_round.pk]) in rounds
    assert 'name="level-gras"' in client.get(reverse("inspections-entry", args=[g.slug, open_round.pk])).content.decode()


def test_importing_into_a_done_round_is_refused(done, tmp_path):
    path = write_csv(tmp_path / "schouw.csv", ["plot", "lon", "lat", "aspect", "level"],
                     [[done["scored"].code, *B1_POINT, "gras", "D"]])
    with pytest.raises(RoundClosed):
        schouw_import(gemeente=done["g"], round_name="Voorjaar", path=path)
    _unchanged(done)
    assert PlotScore.objects.filter(plot__round=done["round"], level="D").count() == 0


def test_the_round_status_follows_its_declared_flow(town):
    """planned -> open (the first saved plot) -> done; done is final; each change is audited."""
    S = InspectionRound.Status
    assert {s: set(ROUND_FLOW.next_states(s)) for s in S.values} == {
        S.PLANNED: {S.OPEN, S.DONE}, S.OPEN: {S.DONE}, S.DONE: set()}
    rnd = round_plan(gemeente=town["g"], name="Zomer", plots_per_buurt=1, seed=1, buurt_codes=["B1"])
    assert rnd.status == S.PLANNED
    plot_record(plot=rnd.plots.get(), scores={"gras": "B"}, actor=town["anna"])
    rnd.refresh_from_db()
    assert rnd.status == S.OPEN
    with pytest.raises(ValidationError, match="kan niet overgaan"):
        round_set_status(round=rnd, status=S.PLANNED)
    round_set_status(round=rnd, status=S.DONE, actor=town["beheerder"])
    actions = list(AuditLogEntry.objects.filter(action__startswith="inspections.round.").order_by("id")
                   .values_list("action", "detail__old_status"))
    assert actions == [("inspections.round.open", "planned"), ("inspections.round.done", "open")]
