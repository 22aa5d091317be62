"""The files of a plan are made by a background task: the page shows their progress and then offers
the download; the file is private and only members who may view plans fetch it."""

import stat
from pathlib import Path

import pytest
from django.urls import reverse

from tests.assets.worlds import make_world
from tests.conftest import login_verified
from tests.municipalities.factories import UserFactory, make_member
from tests.planning.helpers import council_plan, export_file
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.progress import progress_set
from wijkwerk.municipalities import roles
from wijkwerk.planning import export_jobs, exporting, services
from wijkwerk.planning.models import PlanExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    world = make_world()
    client.force_login(world.beheerder)
    return world


def _urls(world, plan) -> dict:
    slug = world.gemeente.slug
    return {"plan": reverse("planning-plan", args=[slug, plan.pk]),
            "xlsx": reverse("planning-plan-excel", args=[slug, plan.pk]),
            "pdf": reverse("planning-plan-pdf", args=[slug, plan.pk]),
            "files": reverse("planning-plan-files", args=[slug, plan.pk])}


def test_asking_for_the_excel_makes_it_in_the_background_then_offers_the_download(
        client, world, django_capture_on_commit_callbacks):
    plan = council_plan(world)
    urls = _urls(world, plan)
    page = client.get(urls["plan"]).content.decode()
    assert "Excel maken" in page and "PDF maken" in page and "Excel downloaden" not in page
    assert client.get(urls["xlsx"]).status_code == 302  # nothing made yet: back to the page, which says so

    with django_capture_on_commit_callbacks(execute=False) as started:  # the task has not run yet
        response = client.post(urls["xlsx"])
    assert response.status_code == 302 and response["Location"].endswith("#bestanden")
    export = PlanExport.objects.get(plan=plan)
    assert (export.status, export.format, export.language) == ("queued", "xlsx", "nl")
    progress_set(kind=export_jobs.PROGRESS_KIND, job_id=export.pk, fraction=0.4)
    block = client.get(urls["files"]).content.decode()
    assert "Excel wordt gemaakt:" in block and "40%" in block and 'hx-trigger="every 1s"' in block
    with django_capture_on_commit_callbacks(execute=False):
        client.post(urls["xlsx"])  # a second click while it is made starts nothing new
    assert PlanExport.objects.filter(plan=plan).count() == 1

    for callback in started:  # the task runs
        callback()
    export.refresh_from_db()
    assert export.status == "done" and export.size > 0
    block = client.get(urls["files"]).content.decode()
    assert "Excel downloaden" in block and "hx-trigger" not in block and "Excel opnieuw maken" in block
    response = client.get(urls["xlsx"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mjop-utrecht-{plan.pk}.xlsx"'
    assert [e.action for e in AuditLogEntry.objects.filter(object_type="planning.planexport").order_by("id")] == [
        "planning.export.create", "planning.export.running", "planning.export.done"]


def test_the_file_is_private_and_only_for_members_who_may_view_plans(client, world):
    plan = council_plan(world)
    export_file(client, world.gemeente.slug, plan.pk, "pdf")
    export = PlanExport.objects.get(plan=plan, status="done")
    path = Path(export.file_path)
    assert path.is_relative_to(Path(export_jobs.exports_root()))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    url = _urls(world, plan)["pdf"]

    client.force_login(world.raadpleger)  # may view plans
    assert client.get(url).status_code == 200
    coach = UserFactory(username="coach")
    make_member(coach, world.gemeente, roles.JOBCOACH)  # a member, but not of planning
    login_verified(client, coach)
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    client.force_login(world.outsider)  # another municipality
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith("/login/")


def test_a_file_in_another_language_is_made_in_that_language(client, world):
    plan = council_plan(world)
    export_file(client, world.gemeente.slug, plan.pk, "xlsx", language="en")
    assert PlanExport.objects.get(plan=plan).language == "en"
    url = _urls(world, plan)["xlsx"]
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="nl").status_code == 302  # not made in Dutch yet
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_a_new_file_replaces_the_older_one(client, world):
    plan = council_plan(world)
    export_file(client, world.gemeente.slug, plan.pk, "xlsx")
    first = Path(PlanExport.objects.get(plan=plan).file_path)
    export_file(client, world.gemeente.slug, plan.pk, "xlsx")
    assert PlanExport.objects.filter(plan=plan).count() == 1
    assert not first.exists() and Path(PlanExport.objects.get(plan=plan).file_path).exists()


def test_a_failed_file_says_so_and_can_be_tried_again(client, world, monkeypatch, django_capture_on_commit_callbacks):
    plan = council_plan(world)
    urls = _urls(world, plan)

    def broken(doc, *, path, progress=None):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(export_jobs, "plan_xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urls["xlsx"])
    export = PlanExport.objects.get(plan=plan)
    assert export.status == "failed" and "onverwachte fout" in export.error and "schijf vol" not in export.error
    assert not any(export_jobs.exports_root().glob("*/*"))  # nothing half-written left behind
    block = client.get(urls["files"]).content.decode()
    assert "onverwachte fout" in block and "Excel opnieuw proberen" in block

    monkeypatch.setattr(export_jobs, "plan_xlsx", exporting.plan_xlsx)
    assert export_file(client, world.gemeente.slug, plan.pk, "xlsx")[:2] == b"PK"


def test_a_file_that_lost_its_task_is_made_again(client, world, django_capture_on_commit_callbacks):
    plan = council_plan(world)
    stuck = PlanExport.objects.create(plan=plan, format="pdf", language="nl", status="running")
    PlanExport.objects.filter(pk=stuck.pk).update(created=stuck.created - export_jobs.STALE_AFTER * 2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_urls(world, plan)["pdf"])
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "afgebroken" in stuck.error
    assert PlanExport.objects.filter(plan=plan, status="done").count() == 1


def test_deleting_a_plan_deletes_its_files(client, world, django_capture_on_commit_callbacks):
    plan = council_plan(world)
    export_file(client, world.gemeente.slug, plan.pk, "pdf")
    path = Path(PlanExport.objects.get(plan=plan).file_path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_delete(plan=plan, actor=world.beheerder)
    assert not path.exists() and not PlanExport.objects.exists()


def test_a_plan_not_computed_has_no_files(client, world):
    plan = council_plan(world)
    plan.status, plan.result = "draft", None
    plan.save()
    response = client.post(_urls(world, plan)["xlsx"], follow=True)
    assert "nog niet klaar" in response.content.decode() and not PlanExport.objects.exists()
