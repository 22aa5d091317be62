"""Declared states (core/states.py): the two tables on their own, every allowed transition works and
every other is refused, reasons where declared, the audit record with the old and new status, side
effects only after commit, and a table that does not fit its model is refused when it is declared."""

import itertools
import threading

import pytest
from django.db import connection, models, transaction

from tests.municipalities.factories import GemeenteFactory, UserFactory
from wijkwerk.assets.models import IMPORT_JOB_FLOW, ImportJob
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.states import StateFlow, TransitionRefused, transition
from wijkwerk.planning.models import PLAN_FLOW, Plan

P = Plan.Status
J = ImportJob.Status

# The tables as the issue asks for them, written out again: changing a flow means changing this too.
PLAN_TABLE = {
    P.DRAFT: {P.COMPUTING},
    P.COMPUTING: {P.COMPUTED, P.FAILED},
    P.COMPUTED: {P.ADOPTED, P.ARCHIVED},
    P.ADOPTED: {P.ARCHIVED},
    P.ARCHIVED: set(),
    P.FAILED: {P.DRAFT},
}
IMPORT_JOB_TABLE = {
    J.UPLOADED: {J.CHECKING, J.FAILED, J.CANCELLED},
    J.CHECKING: {J.CHECKED, J.FAILED},
    J.CHECKED: {J.RUNNING, J.CANCELLED, J.UPLOADED},  # "opnieuw controleren" with another type choice
    J.RUNNING: {J.DONE, J.FAILED},
    J.DONE: set(),
    J.FAILED: set(),
    J.CANCELLED: set(),
}


def all_pairs(flow: StateFlow):
    return list(itertools.product(sorted(flow.states), repeat=2))


# --- the tables, without a database -------------------------------------------------------------------


@pytest.mark.parametrize(("flow", "table"), [(PLAN_FLOW, PLAN_TABLE), (IMPORT_JOB_FLOW, IMPORT_JOB_TABLE)])
def test_the_declared_table_is_the_one_the_issue_asks_for(flow, table):
    assert flow.states == set(table)
    for state, targets in table.items():
        assert flow.next_states(state) == targets, state


@pytest.mark.parametrize("flow", [PLAN_FLOW, IMPORT_JOB_FLOW])
def test_check_allows_exactly_the_declared_pairs(flow):
    for source, target in all_pairs(flow):
        reason = "omdat" if target in flow.reason_required else ""
        if target in flow.next_states(source):
            flow.check(source, target, reason=reason)
        else:
            with pytest.raises(TransitionRefused) as refused:
                flow.check(source, target, reason=reason)
            assert (refused.value.source, refused.value.target) == (source, target)
            assert flow.label(source) in refused.value.message


def test_failed_needs_a_reason():
    assert PLAN_FLOW.reason_required == {P.FAILED}
    assert IMPORT_JOB_FLOW.reason_required == {J.FAILED}
    with pytest.raises(TransitionRefused, match="Geef een reden"):
        PLAN_FLOW.check(P.COMPUTING, P.FAILED, reason="  ")
    PLAN_FLOW.check(P.COMPUTING, P.FAILED, reason="Budget te laag.")


def test_the_refusal_says_where_one_can_go_in_dutch():
    with pytest.raises(TransitionRefused) as refused:
        PLAN_FLOW.check(P.DRAFT, P.ADOPTED)
    assert "Wacht op berekening" in refused.value.message and "Vastgesteld" in refused.value.message
    assert "Wordt berekend" in refused.value.message  # the one way on
    with pytest.raises(TransitionRefused, match="eindstatus"):
        PLAN_FLOW.check(P.ARCHIVED, P.COMPUTED)


class Colour(models.TextChoices):
    RED = "red", "Rood"
    GREEN = "green", "Groen"


@pytest.mark.parametrize(("transitions", "required", "fragment"), [
    ({Colour.RED: {Colour.GREEN}}, (), "every state once"),
    ({Colour.RED: {"blue"}, Colour.GREEN: set()}, (), "unknown states"),
    ({Colour.RED: {Colour.RED}, Colour.GREEN: set()}, (), "itself"),
    ({Colour.RED: {Colour.GREEN}, Colour.GREEN: set()}, ("blue",), "reasons required"),
])
def test_a_table_that_does_not_fit_the_choices_is_refused_when_declared(transitions, required, fragment):
    with pytest.raises(ValueError, match=fragment):
        StateFlow(name="test.colour", choices=Colour, transitions=transitions, reason_required=required)


# --- transition(): on real rows --------------------------------------------------------------------------


def make_plan(status: str) -> Plan:
    return Plan.objects.create(gemeente=GemeenteFactory(slug="statendorp"), name="Plan", status=status)


def make_job(status: str) -> ImportJob:
    return ImportJob.objects.create(gemeente=GemeenteFactory(slug="statendorp"), file_name="a.csv",
                                    file_path="/nonexistent/a.csv", status=status)


@pytest.mark.django_db
@pytest.mark.parametrize(("flow", "make"), [(PLAN_FLOW, make_plan), (IMPORT_JOB_FLOW, make_job)])
def test_every_allowed_transition_works_and_every_other_is_refused_on_a_row(flow, make):
    for source, target in all_pairs(flow):
        obj = make(source)
        reason = "omdat" if target in flow.reason_required else ""
        before = AuditLogEntry.objects.count()
        if target in flow.next_states(source):
            transition(obj, flow=flow, to=target, reason=reason, origin="system")
            obj.refresh_from_db()
            assert obj.status == target, (source, target)
            entry = AuditLogEntry.objects.order_by("-id").first()
            assert entry.action == f"{flow.name}.{target}"
            assert entry.detail["old_status"] == source and entry.detail["new_status"] == target
            assert AuditLogEntry.objects.count() == before + 1
        else:
            with pytest.raises(TransitionRefused):
                transition(obj, flow=flow, to=target, reason=reason, origin="system")
            obj.refresh_from_db()
            assert obj.status == source, (source, target)
            assert AuditLogEntry.objects.count() == before  # nothing written
        obj.delete()


@pytest.mark.django_db
def test_the_transition_writes_its_fields_and_audits_actor_reason_and_detail():
    user = UserFactory(username="statenmaker")
    plan = make_plan(P.COMPUTING)
    transition(plan, flow=PLAN_FLOW, to=P.FAILED, actor=user, origin="web", reason="Budget te laag.",
               changes={"error": "Budget te laag.", "progress": 0.5}, detail={"extra": 1})
    assert (plan.status, plan.error) == (P.FAILED, "Budget te laag.")  # the object passed in is updated
    plan.refresh_from_db()
    assert (plan.status, plan.error, plan.progress) == (P.FAILED, "Budget te laag.", 0.5)
    entry = AuditLogEntry.objects.get(action="planning.plan.failed")
    assert entry.actor == user and entry.origin == "web" and entry.gemeente == plan.gemeente
    assert entry.object_type == "planning.plan" and entry.object_id == str(plan.pk)
    assert entry.detail == {"old_status": "computing", "new_status": "failed", "reason": "Budget te laag.",
                            "extra": 1}


@pytest.mark.django_db
def test_the_current_status_decides_not_the_one_in_memory():
    plan = make_plan(P.COMPUTED)
    stale = Plan.objects.get(pk=plan.pk)
    transition(plan, flow=PLAN_FLOW, to=P.ARCHIVED)
    with pytest.raises(TransitionRefused):  # `stale` still says computed; the row says archived
        transition(stale, flow=PLAN_FLOW, to=P.ADOPTED)
    assert Plan.objects.get(pk=plan.pk).status == P.ARCHIVED


@pytest.mark.django_db
def test_a_status_changed_between_read_and_write_is_refused(monkeypatch):
    """The UPDATE requires the status it read (a guard where there is no row lock, as on SQLite)."""
    plan = make_plan(P.COMPUTED)
    real_filter = models.QuerySet.filter

    def meddling_filter(qs, *args, **kwargs):
        if qs.model is Plan and kwargs.get("status") == P.COMPUTED:  # the conditional UPDATE
            Plan.objects.filter(pk=plan.pk).update(status=P.ARCHIVED)  # someone else was faster
        return real_filter(qs, *args, **kwargs)

    monkeypatch.setattr(models.QuerySet, "filter", meddling_filter)
    with pytest.raises(TransitionRefused, match="intussen gewijzigd"):
        transition(plan, flow=PLAN_FLOW, to=P.ADOPTED)
    monkeypatch.undo()
    # (the other change was made on this same connection, so it is rolled back with ours)
    assert Plan.objects.get(pk=plan.pk).status != P.ADOPTED
    assert not AuditLogEntry.objects.filter(action="planning.plan.adopted").exists()


@pytest.mark.django_db
def test_side_effects_run_only_after_commit(django_capture_on_commit_callbacks):
    plan = make_plan(P.COMPUTED)
    ran = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition(plan, flow=PLAN_FLOW, to=P.ARCHIVED, after_commit=lambda: ran.append("now"))
        assert ran == []  # not inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert ran == ["now"]

    refused = make_plan(P.DRAFT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TransitionRefused):
        transition(refused, flow=PLAN_FLOW, to=P.ARCHIVED, after_commit=lambda: ran.append("never"))
    assert callbacks == [] and ran == ["now"]


@pytest.mark.django_db
def test_a_given_refusal_message_replaces_the_generic_one():
    plan = make_plan(P.DRAFT)
    with pytest.raises(TransitionRefused) as refused:
        transition(plan, flow=PLAN_FLOW, to=P.ADOPTED, refused="Eerst berekenen.")
    assert refused.value.message == "Eerst berekenen."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database for a write, so it "
                    "cannot show row locks between two threads; run with DATABASE_URL=postgres://... to test them.")
@pytest.mark.django_db(transaction=True)
def test_two_changes_at_once_wait_for_the_row_lock_and_the_second_is_refused():
    """A double click: both want computed -> adopted. The second waits for the first one's lock,
    then reads adopted and is refused; one audit record, never two."""
    plan = make_plan(P.COMPUTED)
    holding, release, second_done = threading.Event(), threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                transition(Plan.objects.get(pk=plan.pk), flow=PLAN_FLOW, to=P.ADOPTED)
                holding.set()
                release.wait(10)
            outcome["first"] = "ok"
        except Exception as exc:  # reported by the test thread
            outcome["first"] = exc
        finally:
            connection.close()

    def second():
        try:
            holding.wait(10)
            transition(Plan.objects.get(pk=plan.pk), flow=PLAN_FLOW, to=P.ADOPTED)
            outcome["second"] = "ok"
        except TransitionRefused as exc:
            outcome["second"] = exc.source
        except Exception as exc:
            outcome["second"] = exc
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    assert holding.wait(10)
    assert not second_done.wait(0.5)  # blocked on the plan's row lock
    release.set()
    for t in threads:
        t.join(20)
    assert outcome == {"first": "ok", "second": "adopted"}
    assert AuditLogEntry.objects.filter(action="planning.plan.adopted").count() == 1
