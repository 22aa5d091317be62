"""The plan pages as a council member or a plan manager uses them, in a real browser: the files are made
in the background while the page shows their progress, handing the first year over asks first and then
says when and by whom, the plan page fits a phone, and axe finds nothing serious on any planning page."""

import pytest

from tests.assets.worlds import make_world
from tests.planning.helpers import council_plan
from wijkwerk.core import tasks
from wijkwerk.planning import export_jobs
from wijkwerk.planning.models import Plan, PlanExport

from .conftest import axe_serious
from .test_pages_browser import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def _horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_excel_is_made_in_the_background_and_then_downloaded(page, monkeypatch):
    world = make_world()
    plan = council_plan(world)
    queued = []
    monkeypatch.setattr(tasks, "enqueue", lambda path, **kw: queued.append((path, kw)))  # the test runs it
    page.set_viewport_size(DESKTOP)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/planning/{plan.pk}/")
    files = page.locator("#bestanden")
    files.get_by_role("button", name="Excel maken").click()
    page.get_by_text("Excel wordt gemaakt:").wait_for()
    assert axe_serious(page) == []
    page.evaluate("window.__noReload = true")
    export = PlanExport.objects.get(plan=plan)
    assert queued == [(export_jobs.EXPORT_TASK, {"export_id": export.pk})]
    export_jobs.plan_export_run(export_id=export.pk)
    link = files.get_by_role("link", name="Excel downloaden")
    link.wait_for(timeout=15000)  # the block polled itself
    assert page.evaluate("window.__noReload === true")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"mjop-utrecht-{plan.pk}.xlsx"
    assert files.get_by_role("button", name="PDF maken").is_visible()
    assert axe_serious(page) == []
    shot(page, "plan-desktop")


def test_handing_over_asks_first_and_then_says_when_and_by_whom(page):
    world = make_world()
    plan = council_plan(world)
    page.set_viewport_size(DESKTOP)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/planning/{plan.pk}/")
    page.get_by_role("link", name="Eerste jaar doorzetten naar uitvoering").click()
    page.get_by_role("heading", name="Weet u het zeker?").wait_for()
    assert "De 3 maatregelen van 2026 (samen € 1.340)" in page.locator("main").inner_text()
    assert axe_serious(page) == []
    shot(page, "plan-adopt-confirm")
    page.get_by_role("link", name="Annuleren").click()
    page.get_by_role("link", name="Eerste jaar doorzetten naar uitvoering").click()
    page.get_by_role("button", name="Ja, eerste jaar doorzetten").click()
    done = page.locator("[data-plan-state='handed-over']")
    done.wait_for()
    assert "Doorgezet op" in done.inner_text() and "door Anna de Vries: 3 maatregelen" in done.inner_text()
    assert page.get_by_role("link", name="Eerste jaar doorzetten naar uitvoering").count() == 0
    assert axe_serious(page) == []
    page.go_back()  # the confirmation page again, e.g. from the history: it says it is done
    page.reload()
    assert page.get_by_role("heading", name="Al doorgezet").is_visible()
    assert page.get_by_role("button", name="Ja, eerste jaar doorzetten").count() == 0


def test_the_plan_page_fits_a_phone_and_states_the_budget_used(page):
    world = make_world()
    plan = council_plan(world)
    page.set_viewport_size(PHONE)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/planning/{plan.pk}/")
    page.locator("#planning-map[data-ready='true']").wait_for(timeout=15000)
    assert _horizontal_overflow(page) <= 0
    main = page.locator("main").inner_text()
    assert "Over 2 jaar wordt € 2.349.985 besteed van € 2.400.000 budget (97,9 %)." in main
    cell = page.locator("#jaren-kop + p + table tbody tr").first.locator("td").nth(2)
    assert cell.inner_text() == "100,0 %"  # each value shown with its heading beside it (the table stacks)
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"Besteed"'
    assert cell.bounding_box()["width"] > 250  # the width of the card, not a narrow column
    assert axe_serious(page) == []
    shot(page, "plan-phone")
    for url in (f"/g/{world.gemeente.slug}/planning/", f"/g/{world.gemeente.slug}/planning/{plan.pk}/doorzetten",
                f"/g/{world.gemeente.slug}/planning/vergelijken/?plan={plan.pk}",
                f"/g/{world.gemeente.slug}/planning/risicomodel/"):
        page.goto(url)
        assert _horizontal_overflow(page) <= 0, url


def test_axe_finds_nothing_serious_on_any_planning_page(page):
    world = make_world()
    plan = council_plan(world)
    adopted = council_plan(world, name="Vastgesteld")
    Plan.objects.filter(pk=adopted.pk).update(status="archived", adopted_by=world.beheerder, adopted_count=3)
    failed = Plan.objects.create(gemeente=world.gemeente, name="Mislukt", status="failed", error="Het budget is op.")
    busy = Plan.objects.create(gemeente=world.gemeente, name="Bezig", status="computing", progress=0.3)
    slug = world.gemeente.slug
    pages = [f"/g/{slug}/planning/", f"/g/{slug}/planning/{plan.pk}/", f"/g/{slug}/planning/{plan.pk}/doorzetten",
             f"/g/{slug}/planning/{adopted.pk}/", f"/g/{slug}/planning/{adopted.pk}/doorzetten",
             f"/g/{slug}/planning/{failed.pk}/", f"/g/{slug}/planning/{busy.pk}/",
             f"/g/{slug}/planning/vergelijken/", f"/g/{slug}/planning/vergelijken/?plan={plan.pk}&plan={adopted.pk}",
             f"/g/{slug}/planning/risicomodel/"]
    page.set_viewport_size(DESKTOP)
    for user in ("anna", "rob"):  # the manager and a viewer (read-only forms)
        login(page, user)
        for url in pages:
            response = page.goto(url)
            if response.status == 403:  # the viewer may not hand over
                continue
            assert response.status in (200, 400), url
            assert axe_serious(page) == [], f"{user} {url}"
            assert page.js_errors == [], f"{user} {url}"
        page.context.clear_cookies()
    # a form sent back with errors
    login(page, "anna")
    page.goto(f"/g/{slug}/planning/")
    page.get_by_label("Naam").fill("Te duur")
    page.get_by_label("Budget per jaar (euro)").fill("veel geld")
    page.get_by_role("button", name="Berekenen").click()
    page.get_by_text("'veel geld' is geen bedrag").wait_for()
    assert axe_serious(page) == []
    page.goto(f"/g/{slug}/planning/risicomodel/")
    page.get_by_label("Bank: vervanging (euro per eenheid)").fill("duur")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("'duur' is geen bedrag").wait_for()
    assert axe_serious(page) == []
