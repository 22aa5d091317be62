"""The weekly board in a real browser: the planner plans the week, sees per team and day who does
what, moves an order by hand (refused with the rule it breaks, then accepted), on a desktop and on a
phone (360 x 740); axe-core finds no serious or critical accessibility problems."""

import pytest

from tests.work.test_weekplan import WEEK, make_week_world
from wijkwerk.municipalities import roles
from wijkwerk.work.models import WorkOrder

from .conftest import axe_serious
from .test_work_browser import PHONE, fits_the_screen, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planning_the_week_and_moving_an_order(page):
    make_week_world("bordstad")
    login(page, f"bordstad-{roles.UITVOERDER}")
    page.wait_for_url("**/g/bordstad/")
    page.goto(f"/g/bordstad/uitvoering/weekplanning/{WEEK}/")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Plan de week").click()
    page.get_by_text("De week is ingepland").wait_for()
    assert page.get_by_role("heading", name="Team Noord").is_visible()
    assert page.get_by_role("cell", name="Boomverzorging", exact=False).is_visible()
    assert axe_serious(page) == []

    page.get_by_role("link", name="Verplaats WO-MAAI").click()
    page.wait_for_url("**/WO-MAAI/")
    page.get_by_label("donderdag 5 maart").check()
    for name in ("Anna", "Bram", "Cees", "Dirk"):
        page.get_by_label(name, exact=False).first.uncheck()
    page.get_by_label("Dirk", exact=False).check()
    page.get_by_role("button", name="Verplaatsen").click()
    alert = page.get_by_role("alert")
    assert "Niemand op de werkorder heeft de vaardigheid ‘Maaien’." in alert.inner_text()
    assert axe_serious(page) == []

    page.get_by_label("Dirk", exact=False).uncheck()
    page.get_by_label("Anna", exact=False).check()
    page.get_by_label("Bram", exact=False).check()
    page.get_by_role("button", name="Verplaatsen").click()
    page.get_by_text("Werkorder WO-MAAI is verplaatst.").wait_for()
    assert WorkOrder.objects.get(gemeente__slug="bordstad", code="WO-MAAI").planned_day.isoformat() == "2026-03-05"

    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_the_screen(page)
    assert axe_serious(page) == []
