"""The results PDF a council receives, read back by its text: full column headings, Dutch
percentages, each buurt's whole name once above its rows, page numbers."""

import re

import pytest
from django.utils import translation

from tests.areas.factories import make_area
from wijkwerk.core.pdf import pdf_text
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.reports import round_pdf
from wijkwerk.inspections.quality.services import round_plan, round_set_status

from ..helpers import make_town

pytestmark = pytest.mark.django_db

LONG = "Lange Elisabethstraat, Mariaplaats en omgeving"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def scored_round():
    """Three buurten (one with a long name), two aspects, three plots each: 2 of 3 at or above B."""
    gemeente, wijk, _b1, _b2 = make_town()
    make_area(gemeente, "buurt", "B3", name=LONG, parent=wijk, bbox=(5.0, 52.1, 5.1, 52.2))
    rnd = round_plan(gemeente=gemeente, name="Najaar", plots_per_buurt=3, seed=7,
                     aspects=["gras", "onkruid-verharding"])
    for plot in rnd.plots.all():
        third = plot.code.endswith("03")
        plot_record(plot=plot, scores={"gras": "C" if third else "B", "onkruid-verharding": {"value": "9" if third else "1,5"}})
    return rnd


def test_the_results_pdf_reads_well(scored_round):
    text = pdf_text(round_pdf(round=scored_round))
    words = flat(text)
    assert "Uitslag schouwronde Najaar" in words
    for heading in ("Meetlocaties", "Op of boven streefniveau", "Aandeel", "Buurten die voldoen", "Streefniveau",
                    "Norm", "Oordeel"):
        assert heading in words, heading
    assert "66,7 %" in words and "90 %" in words  # Dutch percentages
    assert "66.7" not in words
    # each buurt's full name once, as the heading of its group (not on every aspect row)
    assert words.count(f"B3 {LONG}") == 1
    assert words.count("B1 Buurt Een") == 1 and words.count("W1 Wijk Een") == 1
    assert "gras" in words and "onkruid op verharding" in words
    assert re.search(r"Pagina 1 van \d+", words)
    assert "zeer hoog" in words and "zeer laag" in words  # the levels explained
    assert "nog niet afgerond" in words


def test_the_results_pdf_of_a_done_round_in_english(scored_round):
    round_set_status(round=scored_round, status="done")
    with translation.override("en"):
        words = flat(pdf_text(round_pdf(round=scored_round)))
    assert "66.7" in words and "66,7" not in words
    assert "nog niet afgerond" not in words
