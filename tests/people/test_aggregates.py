"""The people dashboard: aggregates only, with small groups suppressed ("< 5"), totals that do not give a
hidden figure away ("x"), per year and per organisation, for every role that may see aggregates, and the
same figures as a workbook. The suppression itself is a pure function, tested with plain numbers."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.municipalities.factories import UserFactory, make_member
from tests.people.factories import ParticipantFactory, SwBedrijfFactory, make_people_world, page_client
from tests.work.factories import WorkerFactory, WorkOrderFactory
from wijkwerk.municipalities import roles
from wijkwerk.people import aggregates
from wijkwerk.people.aggregates import LINKED, SMALL, Cell, suppress
from wijkwerk.people.models import LadderStep, Phase, Training, TrajectoryEvent
from wijkwerk.work.models import WorkCompletion, WorkedHours

YEAR = 2025
THIS_YEAR = datetime.date.today().year


# --- Suppression (no database) ----------------------------------------------------------------------

def test_small_counts_are_hidden_and_zero_is_shown():
    hidden = suppress({"a": 0, "b": 1, "c": 4, "d": 5, "e": 12}, threshold=5)
    assert hidden == {"a": "", "b": SMALL, "c": SMALL, "d": "", "e": ""}


def test_the_threshold_is_configurable():
    assert suppress({"a": 4, "b": 9}, threshold=10) == {"a": SMALL, "b": SMALL}
    assert suppress({"a": 4}, threshold=3) == {"a": ""}


def test_a_figure_about_few_people_is_hidden_whatever_its_size():
    hidden = suppress({"hours": 900.0, "steps": 7}, threshold=5, people={"hours": 2, "steps": 3})
    assert hidden == {"hours": SMALL, "steps": SMALL}


def test_a_total_does_not_give_a_single_hidden_cell_away():
    values = {"total": 30, "a": 3, "b": 12, "c": 15}
    hidden = suppress(values, threshold=5, relations=[("total", ["a", "b", "c"])])
    assert hidden == {"total": "", "a": SMALL, "b": LINKED, "c": ""}  # the smallest other one


def test_two_hidden_cells_need_nothing_more():
    values = {"total": 20, "a": 3, "b": 2, "c": 15}
    assert suppress(values, threshold=5, relations=[("total", ["a", "b", "c"])]) == {
        "total": "", "a": SMALL, "b": SMALL, "c": ""}


def test_zero_cells_are_not_chosen_and_then_the_total_is_hidden():
    values = {"total": 13, "a": 3, "b": 0, "c": 10}
    assert suppress(values, threshold=5, relations=[("total", ["a", "b", "c"])])["c"] == LINKED
    values = {"total": 7, "a": 3, "b": 0, "c": 4}  # all small: hidden anyway
    assert suppress(values, threshold=5, relations=[("total", ["a", "b", "c"])]) == {
        "total": "", "a": SMALL, "b": "", "c": SMALL}


def test_secondary_suppression_runs_through_linked_relations():
    # c is hidden because of row 1; then row 2 (which also holds c) needs a second hidden cell.
    values = {"t1": 20, "a": 2, "c": 18, "t2": 30, "d": 12}
    relations = [("t1", ["a", "c"]), ("t2", ["c", "d"])]
    assert suppress(values, threshold=5, relations=relations) == {"t1": "", "a": SMALL, "c": LINKED, "t2": "", "d": LINKED}


def test_a_cell_shows_its_text():
    assert Cell(value=4, hidden=SMALL).text == "< 5"
    assert Cell(value=4, hidden=SMALL, threshold=10).text == "< 10"
    assert Cell(value=8, hidden=LINKED).text == "x"
    assert Cell(value=120.5, hidden=SMALL, count=False).text == "x"
    assert Cell(value=1234).text == "1.234"
    assert Cell(value=0).text == "0"
    assert (Cell(value=4, hidden=SMALL).export, Cell(value=7).export, Cell(value=2.26, decimals=1).export) == (
        "< 5", 7, 2.3)


# --- Figures from the database ------------------------------------------------------------------------

def _people(gemeente, organisation, count, **fields):
    return [ParticipantFactory(gemeente=gemeente, organisation=organisation, start=datetime.date(YEAR, 2, 1), **fields)
            for _ in range(count)]


def _outflow(p, destination, *, lasted=None, day=datetime.date(YEAR, 10, 1)):
    TrajectoryEvent.objects.create(participant=p, phase=Phase.OUTFLOW, date=day, destination=destination, lasted=lasted)


@pytest.fixture
def world(db):
    return make_people_world("telstad")


def _dashboard(world, **kwargs):
    return aggregates.people_dashboard(gemeente=world.gemeente, years=[YEAR], **kwargs)


@pytest.mark.django_db
def test_four_participants_are_less_than_five_and_five_are_five(world):
    _people(world.gemeente, world.sw, 3)  # with the world's own (inflow 2025-01-06): 4
    assert _dashboard(world)["funnel"][0]["inflow"].text == "< 5"
    _people(world.gemeente, world.sw, 1)
    assert _dashboard(world)["funnel"][0]["inflow"].text == "5"


@pytest.mark.django_db
def test_the_funnel_counts_inflow_progression_outflow_by_destination_lasting_and_reinflow(world):
    people = _people(world.gemeente, world.sw, 11)
    for p in people[:6]:
        TrajectoryEvent.objects.create(participant=p, phase=Phase.PROGRESSION, date=datetime.date(YEAR, 5, 1))
    for p in people[:6]:
        _outflow(p, "regulier_werk", lasted=True)
    for p in people[6:9]:
        _outflow(p, "opleiding")
    raw = aggregates.funnel_by_year(gemeente=world.gemeente, years=[YEAR])[YEAR]
    assert raw == {"inflow": 12, "progression": 6, "outflow_regulier_werk": 6, "outflow_opleiding": 3,
                   "outflow_anders": 0, "outflow": 9, "lasted": 6, "reinflow": 0}
    row = _dashboard(world)["funnel"][0]
    shown = {k: row[k].text for k in raw}
    # education (3) is small; the total (9) would give it away, so regular work is hidden too
    assert shown == {"inflow": "12", "progression": "6", "outflow_regulier_werk": "x", "outflow_opleiding": "< 5",
                     "outflow_anders": "0", "outflow": "9", "lasted": "6", "reinflow": "0"}


@pytest.mark.django_db
def test_one_organisation_cannot_be_subtracted_from_the_whole(world):
    _people(world.gemeente, world.sw, 5)  # 6 with the world's own
    _people(world.gemeente, world.other_sw, 2)
    everyone = _dashboard(world)["funnel"][0]["inflow"]
    assert everyone.text == "8"
    assert _dashboard(world, organisation_id=world.other_sw.pk)["funnel"][0]["inflow"].text == "< 5"
    # 8 - 6 would tell the other organisation's 2: the larger one is hidden as well
    assert _dashboard(world, organisation_id=world.sw.pk)["funnel"][0]["inflow"].text == "x"
    raw = aggregates.funnel_by_year(gemeente=world.gemeente, years=[YEAR], organisation_id=world.sw.pk)
    assert raw[YEAR]["inflow"] == 6


@pytest.mark.django_db
def test_ladder_movements_compare_the_first_and_the_latest_measurement(world):
    people = _people(world.gemeente, world.sw, 7)
    moves = [(2, 4), (2, 5), (3, 4), (1, 2), (3, 5), (4, 4), (5, 3)]
    for p, (first, latest) in zip(people, moves, strict=True):
        LadderStep.objects.create(participant=p, date=datetime.date(YEAR, 1, 10), step=first)
        LadderStep.objects.create(participant=p, date=datetime.date(YEAR, 6, 10), step=6)
        LadderStep.objects.create(participant=p, date=datetime.date(YEAR, 11, 10), step=latest)
    LadderStep.objects.create(participant=world.participant, date=datetime.date(YEAR, 3, 1), step=2)  # once: not counted
    raw = aggregates.ladder_movements(gemeente=world.gemeente, years=[YEAR])
    assert (raw["up"], raw["same"], raw["down"], raw["measured"]) == (5, 1, 1, 7)
    assert raw["matrix"][(2, 4)] == 1 and raw["matrix"][(4, 4)] == 1 and sum(raw["matrix"].values()) == 7
    ladder = _dashboard(world)["ladder"]
    assert (ladder["up"].text, ladder["measured"].text) == ("5", "7")
    # same (1) and down (1) are small; every cell of the matrix is 0 or small
    assert (ladder["same"].text, ladder["down"].text) == ("< 5", "< 5")
    assert {c.text for r in ladder["matrix"] for c in r["cells"]} == {"0", "< 5"}


@pytest.mark.django_db
def test_trainings_passed_and_hours_worked_per_year(world):
    people = _people(world.gemeente, world.sw, 5)
    for p in people:
        Training.objects.create(participant=p, name="VCA", start=datetime.date(YEAR, 3, 1),
                                end=datetime.date(YEAR, 3, 2), result=Training.Result.PASSED)
    Training.objects.create(participant=people[0], name="Snoeien", start=datetime.date(YEAR, 4, 1),
                            result=Training.Result.BUSY)
    order = WorkOrderFactory(gemeente=world.gemeente)
    completion = WorkCompletion.objects.create(order=order)
    for p in people:
        p.worker = WorkerFactory(gemeente=world.gemeente, organisation=world.sw)
        p.save(update_fields=["worker"])
        WorkedHours.objects.create(completion=completion, order=order, worker=p.worker, hours=Decimal("7.5"))
    trainings = aggregates.trainings_by_year(gemeente=world.gemeente, years=[YEAR])
    assert trainings[YEAR] == {"passed": 5, "people": 5}
    hours = aggregates.hours_by_year(gemeente=world.gemeente, years=[THIS_YEAR])
    assert hours[THIS_YEAR] == {"hours": 37.5, "people": 5}
    data = aggregates.people_dashboard(gemeente=world.gemeente, years=[THIS_YEAR])
    assert (data["hours"][0]["hours"].text, data["hours"][0]["people"].text) == ("37,5", "5")
    WorkedHours.objects.filter(worker=people[0].worker).delete()
    data = aggregates.people_dashboard(gemeente=world.gemeente, years=[THIS_YEAR])
    assert (data["hours"][0]["hours"].text, data["hours"][0]["people"].text) == ("x", "< 5")


# --- The page and the workbook ----------------------------------------------------------------------

def _page(client, world, **query):
    return client.get(reverse("people-dashboard", args=[world.gemeente.slug]), {"van": YEAR, "tot": YEAR, **query})


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.BEHEERDER, roles.OPDRACHTNEMER, roles.UITVOERDER, roles.INKOPER, roles.FG,
                                  roles.RAADPLEGER])
def test_the_roles_that_see_aggregates_open_the_dashboard(world, role):
    _people(world.gemeente, world.sw, 3)
    response = _page(page_client(world.users[role]), world)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt; 5" in html and "Priscilla" not in html and "Zwanenburg" not in html


@pytest.mark.django_db
def test_the_coach_sees_the_dashboard_and_others_are_refused(world):
    assert _page(page_client(world.coach), world).status_code == 200
    assert _page(page_client(world.users[roles.INSPECTEUR]), world).status_code == 403
    assert _page(page_client(world.users[roles.BEOORDELAAR]), world).status_code == 403
    assert _page(page_client(world.outsider), world).status_code == 404


@pytest.mark.django_db
def test_the_dashboard_shows_five_as_five_and_filters_on_an_organisation(world):
    _people(world.gemeente, world.sw, 4)
    client = page_client(world.users[roles.BEHEERDER])
    html = _page(client, world).content.decode()
    assert '<td class="num">5</td>' in html
    _people(world.gemeente, world.other_sw, 1)
    other = _page(client, world, organisatie=world.other_sw.pk).content.decode()
    assert f'<option value="{world.other_sw.pk}" selected>SW-bedrijf Anders</option>' in other
    assert '<td class="num">&lt; 5</td>' in other and '<td class="num">5</td>' not in other


@pytest.mark.django_db
def test_the_workbook_holds_the_same_figures_with_the_hidden_ones_as_text(world):
    for p in _people(world.gemeente, world.sw, 5)[:3]:
        _outflow(p, "opleiding")
    _people(world.gemeente, SwBedrijfFactory(gemeente=world.gemeente), 2)
    user = UserFactory()
    make_member(user, world.gemeente, roles.RAADPLEGER)
    response = page_client(user).get(reverse("people-dashboard-xlsx", args=[world.gemeente.slug]),
                                     {"van": YEAR, "tot": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mensen-telstad-{YEAR}-{YEAR}.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    funnel = list(book["Instroom en uitstroom"].values)
    assert funnel[0][:2] == ("jaar", "instroom")
    assert funnel[1] == (YEAR, 8, 0, 0, "< 5", 0, "< 5", 0, 0)
    assert book["Instroom en uitstroom"]["E2"].data_type == "s"
    assert book["Participatieladder"]["B5"].value == 0
    assert "< 5" in [row[0] for row in book["Toelichting"].values]
