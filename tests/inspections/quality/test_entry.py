"""Schouw entry pages: after a save the card says so next to its buttons, the counters follow and
the page moves on to the next open plot (htmx: the card and the counters out of band; without
JavaScript: post, redirect, get, at the next plot, with the result shown once). A refusal keeps
what was entered. The levels are explained where they are used."""

import re

import pytest
from django.urls import reverse

from tests.core.http import login
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.inspections.models import Plot, PlotScore
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.services import round_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(town):
    """Two plots in B1 and two in B2, scoring gras (a level) and weeds (measured); anna records."""
    g = town["g"]
    rnd = round_plan(gemeente=g, name="Voorjaar", plots_per_buurt=2, seed=4, aspects=["gras", "onkruid-verharding"])
    b1 = list(rnd.plots.filter(buurt__code="B1").order_by("code"))
    b2 = list(rnd.plots.filter(buurt__code="B2").order_by("code"))
    return {"g": g, "round": rnd, "b1": b1, "b2": b2, "client": login(town["anna"]),
            "page": reverse("inspections-entry", args=[g.slug, rnd.pk])}


def save(entry, plot, body, htmx=True):
    url = reverse("inspections-plot-save", args=[entry["g"].slug, entry["round"].pk, plot.pk])
    data = {"version": Plot.objects.get(pk=plot.pk).version, "action": "save", **body}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return entry["client"].post(url, data, **headers)


def oob(html: str, element_id: str) -> str:
    match = re.search(rf'<(\w+) id="{element_id}"[^>]*hx-swap-oob="[^"]+"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no out-of-band {element_id}"
    return re.sub(r"<[^>]+>", "", match.group(2))


def test_htmx_save_answers_the_card_the_counters_and_where_to_go(entry):
    first, second = entry["b1"]
    html = save(entry, first, {"level-gras": "B", "value-onkruid-verharding": "1,5"}).content.decode()
    assert f'id="plot-{first.pk}-body"' in html and 'data-schouw-result="saved"' in html
    assert f'data-next="plot-{second.pk}"' in html
    assert "Opgeslagen." in oob(html, f"plot-{first.pk}-feedback")
    assert "Verder met meetlocatie B1-02." in oob(html, f"plot-{first.pk}-feedback")
    assert "1 van 4 geschouwd" in oob(html, "entry-progress")
    assert "nog 1 open" in oob(html, "entry-buurt-progress")
    assert {s.aspect_code: s.level for s in PlotScore.objects.filter(plot=first)} == {"gras": "B",
                                                                                     "onkruid-verharding": "A"}

    # the last open plot of the buurt: on to the next buurt with open plots
    html = save(entry, second, {"level-gras": "C"}).content.decode()
    assert 'data-next="entry-next"' in html
    assert "Volgende buurt met open meetlocaties: Buurt Twee." in oob(html, f"plot-{second.pk}-feedback")
    assert "Volgende buurt met open meetlocaties: Buurt Twee" in oob(html, "entry-next")
    assert "alle klaar" in oob(html, "entry-buurt-progress")

    # the very last plot of the round
    plot_record(plot=entry["b2"][0], scores={"gras": "B"})
    html = save(entry, entry["b2"][1], {"level-gras": "A"}).content.decode()
    assert "Alle meetlocaties van deze ronde zijn geschouwd of overgeslagen." in oob(html, "entry-next")
    assert "Naar de uitslag" in html
    assert "4 van 4 geschouwd" in oob(html, "entry-progress")


def test_htmx_refusal_keeps_what_was_entered(entry):
    first = entry["b1"][0]
    html = save(entry, first, {"level-gras": "C", "value-onkruid-verharding": "veel",
                               "skip_reason": "bijna"}).content.decode()
    assert 'data-schouw-result="error"' in html and "data-next" not in html
    assert "is geen getal" in oob(html, f"plot-{first.pk}-feedback")
    assert 'value="veel"' in html and 'value="C" checked' in html and 'value="bijna"' in html
    assert "0 van 4 geschouwd" in oob(html, "entry-progress")
    assert not PlotScore.objects.filter(plot=first).exists()
    html = save(entry, first, {"action": "skip", "skip_reason": ""}).content.decode()
    assert "Geef een reden om deze meetlocatie over te slaan." in oob(html, f"plot-{first.pk}-feedback")


def test_without_javascript_the_page_moves_on_and_shows_the_result_once(entry):
    c, page = entry["client"], entry["page"]
    first, second = entry["b1"]
    response = save(entry, first, {"level-gras": "A"}, htmx=False)
    assert response.status_code == 302 and response["Location"] == f"{page}?buurt=B1#plot-{second.pk}"
    html = c.get(page, {"buurt": "B1"}).content.decode()
    card = html.split(f'id="plot-{first.pk}"', 1)[1].split("</article>", 1)[0]
    assert "Opgeslagen." in card and "Verder met meetlocatie B1-02." in card
    assert "1 van 4 geschouwd" in html
    assert "Opgeslagen." not in c.get(page, {"buurt": "B1"}).content.decode()  # shown once

    # refused: back at this plot's message, with what was entered
    response = save(entry, second, {"level-gras": "D", "value-onkruid-verharding": "-3"}, htmx=False)
    assert response["Location"] == f"{page}?buurt=B1#plot-{second.pk}-feedback"
    html = c.get(page, {"buurt": "B1"}).content.decode()
    card = html.split(f'id="plot-{second.pk}"', 1)[1].split("</article>", 1)[0]
    assert "kan niet negatief zijn" in card
    assert 'value="-3"' in card and 'value="D" checked' in card
    assert not PlotScore.objects.filter(plot=second).exists()

    # the last plot of the buurt: to the block with the next buurt
    response = save(entry, second, {"level-gras": "D"}, htmx=False)
    assert response["Location"] == f"{page}?buurt=B1#entry-next"
    html = c.get(page, {"buurt": "B1"}).content.decode()
    assert "Volgende buurt met open meetlocaties: Buurt Twee" in html


def test_the_levels_are_explained_where_they_are_used(entry, town):
    g, rnd = entry["g"], entry["round"]
    reader = login(town["reader"])
    pages = {
        "entry": entry["client"].get(entry["page"]).content.decode(),
        "results": reader.get(reverse("inspections-results", args=[g.slug, rnd.pk])).content.decode(),
        "catalogue": reader.get(reverse("inspections-catalogue", args=[g.slug])).content.decode(),
        "print": reader.get(reverse("inspections-print", args=[g.slug, rnd.pk])).content.decode(),
    }
    for name, html in pages.items():
        assert "zeer hoog" in html and "zeer laag" in html, name
        assert "Verwaarloosd" in html and "Als nieuw" in html, name
    for name in ("entry", "results", "catalogue"):
        assert "<details" in pages[name] and "CROW" in pages[name], name
    # every level option of the card says what it means
    assert re.search(r'value="B"[^>]*> <span class="level-choice__level">B</span> '
                     r'<span class="level-choice__name">basis</span>', pages["entry"])


def test_a_finished_round_is_marked_done_by_a_manager_only(entry, town):
    g, rnd = entry["g"], entry["round"]
    url = reverse("inspections-round", args=[g.slug, rnd.pk])
    for user in ("anna", "reader"):
        assert login(town[user]).post(url, {"form": "finish"}).status_code == 403
    manager = login(town["beheerder"])
    assert "Ja, ronde afronden" in manager.get(url).content.decode()
    page = manager.post(url, {"form": "finish"}, follow=True).content.decode()
    assert "Schouwronde &#x27;Voorjaar&#x27; is afgerond." in page
    assert "Ja, ronde afronden" not in page
    rnd.refresh_from_db()
    assert rnd.status == "done"
    audit = AuditLogEntry.objects.get(action="inspections.round.done")
    assert audit.detail["old_status"] == "planned" and audit.actor == town["beheerder"]
    response = entry["client"].post(reverse("inspections-plot-save", args=[g.slug, rnd.pk, entry["b1"][0].pk]),
                                    {"version": 1, "action": "save", "level-gras": "A"}, HTTP_HX_REQUEST="true")
    assert "afgerond" in response.content.decode() and "<form" not in response.content.decode()
