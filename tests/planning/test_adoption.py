"""Handing the first year over to execution asks for confirmation first (a page, so it works without
JavaScript), and afterwards the plan says when, by whom and how much was handed over; a second
attempt hands over nothing and says so."""

import datetime

import pytest
from django.utils import timezone

from tests.assets.worlds import make_world
from tests.planning.helpers import council_plan
from wijkwerk.planning.models import Plan
from wijkwerk.work.models import WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    world = make_world()
    client.force_login(world.beheerder)
    return world


def test_the_button_leads_to_a_confirmation_that_changes_nothing_yet(client, world):
    plan = council_plan(world)
    slug = world.gemeente.slug
    page = client.get(f"/g/{slug}/planning/{plan.pk}/").content.decode()
    assert f'href="/g/{slug}/planning/{plan.pk}/doorzetten">Eerste jaar doorzetten naar uitvoering</a>' in page
    confirm = client.get(f"/g/{slug}/planning/{plan.pk}/doorzetten")
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Weet u het zeker?" in html
    assert "De 3 maatregelen van 2026 (samen € 1.340) worden werkorders voor de uitvoering." in html
    assert "Vervanging" in html and "Groot onderhoud" in html and "Ja, eerste jaar doorzetten" in html
    assert "alleen gearchiveerd" in html
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COMPUTED and not WorkOrder.objects.exists()


def test_after_handing_over_the_plan_says_when_by_whom_and_how_much(client, world):
    plan = council_plan(world)
    slug = world.gemeente.slug
    response = client.post(f"/g/{slug}/planning/{plan.pk}/doorzetten", follow=True)
    html = response.content.decode()
    assert "Het plan is vastgesteld: 3 maatregelen van het eerste jaar staan als werkorders klaar" in html
    plan.refresh_from_db()
    assert plan.adopted_by == world.beheerder and plan.adopted_count == 3
    day = timezone.localdate().strftime("%-d")
    assert f"Doorgezet op {day} " in html and "door Anna de Vries: 3 maatregelen van het eerste jaar" in html
    assert "Eerste jaar doorzetten naar uitvoering</a>" not in html  # the button is gone
    assert WorkOrder.objects.filter(plan=plan, origin="plan").count() == 3

    again = client.post(f"/g/{slug}/planning/{plan.pk}/doorzetten", follow=True).content.decode()
    assert "Het eerste jaar is al doorgezet naar de uitvoering, op" in again
    assert "door Anna de Vries: 3 maatregelen. Er is niets opnieuw doorgezet." in again
    assert "0 maatregelen" not in again and WorkOrder.objects.filter(plan=plan).count() == 3
    confirm = client.get(f"/g/{slug}/planning/{plan.pk}/doorzetten").content.decode()
    assert "Al doorgezet" in confirm and "Ja, eerste jaar doorzetten" not in confirm


def test_the_date_is_the_day_it_was_done(client, world):
    plan = council_plan(world)
    Plan.objects.filter(pk=plan.pk).update(status="adopted", adopted_by=world.beheerder, adopted_count=12,
                                           adopted_at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC))
    html = client.get(f"/g/{world.gemeente.slug}/planning/{plan.pk}/").content.decode()
    assert "Doorgezet op 2 maart 2026 door Anna de Vries: 12 maatregelen" in html


def test_a_viewer_sees_no_confirmation_page(client, world):
    plan = council_plan(world)
    client.force_login(world.raadpleger)
    assert client.get(f"/g/{world.gemeente.slug}/planning/{plan.pk}/doorzetten").status_code == 403
    assert "doorzetten" not in client.get(f"/g/{world.gemeente.slug}/planning/{plan.pk}/").content.decode()
