"""The life of a plan through its declared states: draft -> computing -> computed -> adopted ->
archived, failed (and computed again). Every step is audited; what the table refuses is a message on
the page and 409 in the API; a plan with work handed to execution is never deleted (PROTECT)."""

import pytest
from django.core.exceptions import ValidationError

from tests.assets.factories import make_asset
from tests.assets.worlds import make_world
from tests.planning.helpers import export_file
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.planning import services
from wijkwerk.planning.models import Plan
from wijkwerk.work.models import WorkOrder

pytestmark = pytest.mark.django_db

P = Plan.Status


@pytest.fixture
def world(client):
    world = make_world()
    for i in range(12):
        make_asset(world.gemeente, ["bench", "street_light"][i % 2], f"ST{i}", lon=5.1 + i * 1e-4, lat=52.08,
                   condition=1 + i % 6, installation_year=1970)
    client.force_login(world.beheerder)
    return world


def computed_plan(world, django_capture_on_commit_callbacks, name="Basis") -> Plan:
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(gemeente=world.gemeente, name=name, years=3, budget=2000.0, frontier=False,
                                    actor=world.beheerder)
    plan.refresh_from_db()
    assert plan.status == P.COMPUTED, plan.error
    return plan


def history(plan) -> list[tuple[str, str, str]]:
    return [(e.action, e.detail.get("old_status", ""), e.detail.get("new_status", ""))
            for e in AuditLogEntry.objects.filter(object_type="planning.plan", object_id=str(plan.pk)).order_by("id")]


def page(client, world, plan) -> str:
    return client.get(f"/g/{world.gemeente.slug}/planning/{plan.pk}/").content.decode()


def test_a_new_plan_is_computed_through_its_states_and_each_step_is_audited(world, django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    assert history(plan) == [
        ("planning.plan.create", "", "draft"),
        ("planning.plan.computing", "draft", "computing"),
        ("planning.plan.computed", "computing", "computed"),
    ]
    assert plan.progress == 1.0 and plan.items.exists()


def test_handing_over_adopts_then_archiving_makes_it_read_only(client, world, django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    slug = world.gemeente.slug
    html = page(client, world, plan)
    assert "Eerste jaar doorzetten naar uitvoering" in html and ">Archiveren</button>" in html
    assert "Plan verwijderen" in html

    response = client.post(f"/g/{slug}/planning/{plan.pk}/doorzetten", follow=True)
    assert "Het plan is vastgesteld" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == P.ADOPTED
    work = plan.items.filter(year=1).count()
    assert WorkOrder.objects.filter(plan=plan, origin="plan").count() == work
    entry = AuditLogEntry.objects.get(action="planning.plan.adopted", object_id=str(plan.pk))
    assert entry.actor == world.beheerder and entry.detail["work_items"] == work
    html = page(client, world, plan)
    assert "Dit plan is vastgesteld" in html and "Eerste jaar doorzetten" not in html
    assert "Plan verwijderen" not in html and ">Archiveren</button>" in html

    client.post(f"/g/{slug}/planning/{plan.pk}/archiveren", {"reason": "Vervangen door plan 2027"})
    plan.refresh_from_db()
    assert plan.status == P.ARCHIVED
    assert AuditLogEntry.objects.get(action="planning.plan.archived").detail["reason"] == "Vervangen door plan 2027"
    html = page(client, world, plan)
    assert "gearchiveerd en alleen te lezen" in html
    for action in ("Eerste jaar doorzetten", ">Archiveren</button>", "Plan verwijderen", "Opnieuw berekenen"):
        assert action not in html
    assert "Per jaar" in html and export_file(client, slug, plan.pk)[:2] == b"PK"  # an archived plan's files too


def test_a_refused_transition_on_the_page_is_a_message_and_changes_nothing(client, world,
                                                                           django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    services.plan_archive(plan=plan, actor=world.beheerder)
    before = AuditLogEntry.objects.count()
    response = client.post(f"/g/{world.gemeente.slug}/planning/{plan.pk}/doorzetten", follow=True)
    assert response.status_code == 200
    assert "Alleen een berekend plan kan worden vastgesteld" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == P.ARCHIVED and not WorkOrder.objects.filter(plan=plan).exists()
    response = client.post(f"/g/{world.gemeente.slug}/planning/{plan.pk}/archiveren", follow=True)
    assert "Alleen een berekend of vastgesteld plan kan worden gearchiveerd" in response.content.decode()
    assert AuditLogEntry.objects.count() == before


def test_the_api_changes_the_status_and_answers_409_with_the_reason(client, world,
                                                                   django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    url = f"/api/v1/gemeenten/{world.gemeente.slug}/plannen/{plan.pk}/status"
    response = client.post(url, {"status": "adopted"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "adopted"
    assert AuditLogEntry.objects.get(action="planning.plan.adopted").origin == "api"

    response = client.post(url, {"status": "adopted"}, content_type="application/json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 409 and "Het eerste jaar is al doorgezet naar de uitvoering" in body["detail"]
    assert body["instance"] == url

    response = client.post(url, {"status": "computed"}, content_type="application/json")
    assert response.status_code == 400  # the task's states are not the user's to set
    response = client.post(url, {"status": "archived", "reason": "Oud"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "archived"
    response = client.post(url, {"status": "draft"}, content_type="application/json")
    assert response.status_code == 409 and "mislukt" in response.json()["detail"]
    plan.refresh_from_db()
    assert plan.status == P.ARCHIVED


def test_only_a_manager_changes_a_status_through_the_api(client, world, django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    client.force_login(world.raadpleger)
    url = f"/api/v1/gemeenten/{world.gemeente.slug}/plannen/{plan.pk}/status"
    assert client.post(url, {"status": "archived"}, content_type="application/json").status_code == 403
    assert client.post(f"/g/{world.gemeente.slug}/planning/{plan.pk}/archiveren").status_code == 403
    plan.refresh_from_db()
    assert plan.status == P.COMPUTED


def test_deleting_a_plan(client, world, django_capture_on_commit_callbacks):
    slug = world.gemeente.slug
    loose = computed_plan(world, django_capture_on_commit_callbacks, name="Los")
    response = client.post(f"/g/{slug}/planning/{loose.pk}/verwijderen", follow=True)
    assert "is verwijderd" in response.content.decode()
    assert not Plan.objects.filter(pk=loose.pk).exists()
    assert AuditLogEntry.objects.get(action="planning.plan.delete").detail["old_status"] == "computed"

    adopted = computed_plan(world, django_capture_on_commit_callbacks, name="Vast")
    services.plan_adopt(plan=adopted, actor=world.beheerder)
    assert WorkOrder.objects.filter(plan=adopted).exists()
    response = client.post(f"/g/{slug}/planning/{adopted.pk}/verwijderen", follow=True)
    assert "er is werk uit dit plan doorgezet naar de uitvoering" in response.content.decode()
    assert "Archiveer het plan" in response.content.decode()
    services.plan_archive(plan=adopted, actor=world.beheerder)
    with pytest.raises(ValidationError, match="doorgezet naar de uitvoering"):
        services.plan_delete(plan=adopted, actor=world.beheerder)
    assert Plan.objects.filter(pk=adopted.pk).exists()
    assert WorkOrder.objects.filter(plan=adopted).count() == adopted.items.filter(year=1).count()

    empty = Plan.objects.create(gemeente=world.gemeente, name="Leeg", status=P.ADOPTED)
    with pytest.raises(ValidationError, match="alleen gearchiveerd"):
        services.plan_delete(plan=empty, actor=world.beheerder)
    busy = Plan.objects.create(gemeente=world.gemeente, name="Bezig", status=P.COMPUTING)
    with pytest.raises(ValidationError, match="wordt nu berekend"):
        services.plan_delete(plan=busy, actor=world.beheerder)
    assert "Plan verwijderen" not in page(client, world, busy)


def test_a_failed_plan_shows_its_reason_and_can_be_computed_again(client, world, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    real = services.plan_compute

    def broken(**kwargs):
        raise ValidationError("Het budget is op.")

    monkeypatch.setattr(services, "plan_compute", broken)
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(gemeente=world.gemeente, name="Mislukt", years=3, budget=2000.0,
                                    frontier=False, actor=world.beheerder)
    plan.refresh_from_db()
    assert (plan.status, plan.error) == (P.FAILED, "Het budget is op.")
    assert history(plan)[-1] == ("planning.plan.failed", "computing", "failed")
    html = page(client, world, plan)
    assert "Berekening mislukt" in html and "Het budget is op." in html and "Opnieuw berekenen" in html

    monkeypatch.setattr(services, "plan_compute", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/g/{world.gemeente.slug}/planning/{plan.pk}/opnieuw")
    plan.refresh_from_db()
    assert plan.status == P.COMPUTED and plan.error == ""
    assert [h[2] for h in history(plan)] == ["draft", "computing", "failed", "draft", "computing", "computed"]


def test_an_unexpected_error_fails_the_plan_with_a_message_and_is_not_hidden(client, world, monkeypatch):
    plan = Plan.objects.create(gemeente=world.gemeente, name="Fout", params={"years": 3, "budget": 2000.0})

    def crash(**kwargs):
        raise RuntimeError("geheim detail")

    monkeypatch.setattr(services, "plan_compute", crash)
    with pytest.raises(RuntimeError):  # the task runner logs it
        services.plan_run(plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == P.FAILED
    assert "onverwachte fout (RuntimeError)" in plan.error and "geheim detail" not in plan.error
    assert "onverwachte fout (RuntimeError)" in page(client, world, plan)


def test_the_task_leaves_a_deleted_or_already_computed_plan_alone(world, django_capture_on_commit_callbacks):
    plan = computed_plan(world, django_capture_on_commit_callbacks)
    before = AuditLogEntry.objects.count()
    services.plan_run(plan_id=plan.pk)  # started twice: refused, nothing changes
    services.plan_run(plan_id=10**9)  # deleted while it waited
    plan.refresh_from_db()
    assert plan.status == P.COMPUTED and AuditLogEntry.objects.count() == before
