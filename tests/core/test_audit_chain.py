"""The audit log is append-only and tamper-evident (core/audit.py, core/audit_chain.py): every entry
is chained to the one before by a hash; changing, deleting or cutting off entries with plain SQL is
found by `wijkwerk verify-audit-log`, which names the first broken entry; the application itself
cannot change or delete an entry."""

import json
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.municipalities.factories import GemeenteFactory, UserFactory
from wijkwerk.core import audit_chain
from wijkwerk.core.audit import audit_log, audit_log_many
from wijkwerk.core.audit_chain import GENESIS, chain_hash, chain_verify, entry_rest
from wijkwerk.core.models import AppendOnlyError, AuditChainHead, AuditLogEntry

TABLE = "core_auditlogentry"


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _json_placeholder() -> str:
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def _write(n: int = 10, gemeente=None, actor=None) -> list[AuditLogEntry]:
    return [audit_log(action="test.write", actor=actor, gemeente=gemeente, object_type="tests.thing",
                      object_id=i, detail={"i": i, "name": "Dé één", "nested": {"b": [1, 2.5], "a": None}})
            for i in range(n)]


def _report_ok():
    report = chain_verify()
    assert report.ok, [b.message for b in report.breaks]
    return report


def _fast_path_reads_every_entry_as_written():
    """The shortcut of verifying (SQL makes the canonical text on SQLite) finds every batch intact on
    its own, without the check again in Python that would hide a mistake of it."""
    prev, expected = GENESIS.encode(), 1
    with connection.cursor() as cursor:
        for rows in audit_chain._chain_batches(cursor, vendor=connection.vendor, upto=None, batch_size=7, fast=True):
            assert audit_chain._batch_intact(rows, prev, expected), rows[0][0]
            prev, expected = rows[-1][1], rows[-1][0] + 1


def _first_break():
    report = chain_verify()
    assert not report.ok, "the change was not found"
    return report.breaks[0]


# --- The chain ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_entries_are_numbered_without_gaps_and_the_chain_verifies():
    user, gemeente = UserFactory(), GemeenteFactory()
    _write(5, gemeente=gemeente, actor=user)
    audit_log_many([{"action": "test.bulk", "object_id": i, "detail": {"z": 1, "a": [i]}} for i in range(30)])
    audit_log(action="test.after")
    entries = list(AuditLogEntry.objects.order_by("seq"))
    seqs = [e.seq for e in entries]
    assert seqs == list(range(seqs[0], seqs[0] + 36))
    assert all(len(e.hash) == 64 for e in entries) and len({e.hash for e in entries}) == 36
    assert all(a.at <= b.at for a, b in zip(entries, entries[1:], strict=False))
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)
    report = _report_ok()
    assert report.checked == report.last_seq == entries[-1].seq
    # The canonical text made by SQL (SQLite) and by Python give the same hashes.
    _fast_path_reads_every_entry_as_written()
    assert chain_verify(fast=False).ok


@pytest.mark.django_db
def test_a_moment_without_microseconds_is_read_alike(monkeypatch):
    whole_second = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("wijkwerk.core.audit.timezone.now", lambda: whole_second)
    audit_log(action="test.whole_second")
    audit_log_many([{"action": "test.whole_second"}] * 3)
    _fast_path_reads_every_entry_as_written()
    _report_ok()


@pytest.mark.django_db
def test_detail_is_stored_in_canonical_form_and_hashes_alike_on_every_database():
    audit_log(action="test.detail", detail={"b": 1, "a": {"y": [3, (4, 5)], "x": -0.0}, 7: "seven",
                                           "big": 1e20, "small": 1e-07, "text": "café €"})
    entry = AuditLogEntry.objects.get(action="test.detail")
    if connection.vendor == "sqlite":  # the text stored is the text hashed (PostgreSQL's jsonb orders keys itself)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT detail FROM {TABLE} WHERE id = %s", [entry.pk])
            assert cursor.fetchone()[0] == json.dumps(entry.detail, sort_keys=True)
        assert list(entry.detail) == ["7", "a", "b", "big", "small", "text"]
    assert entry.detail["a"] == {"x": 0.0, "y": [3, [4, 5]]}
    assert entry.detail["big"] == 10**20 and isinstance(entry.detail["big"], int)
    _fast_path_reads_every_entry_as_written()
    _report_ok()
    assert chain_verify(fast=False).ok


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL stores no NUL character in text")
@pytest.mark.django_db
def test_an_entry_the_sql_shortcut_reads_differently_is_checked_again_in_python():
    audit_log(action="test.nul", object_id="a\x00b", actor="naam\x00met nul")
    audit_log(action="test.after")
    _report_ok()


@pytest.mark.django_db
def test_an_entry_rolled_back_with_its_change_leaves_no_gap():
    audit_log(action="test.before")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(action="test.rolled_back")
        raise RuntimeError("the change fails")
    audit_log(action="test.after")
    assert not AuditLogEntry.objects.filter(action="test.rolled_back").exists()
    before, after = AuditLogEntry.objects.get(action="test.before"), AuditLogEntry.objects.get(action="test.after")
    assert after.seq == before.seq + 1
    _report_ok()


@pytest.mark.django_db
def test_a_missing_head_is_reported_and_made_again_from_the_last_entry():
    _write(3)
    _sql("DELETE FROM core_auditchainhead")
    assert _first_break().reason == "head_missing"
    audit_log(action="test.after")
    assert AuditChainHead.objects.get().seq == AuditLogEntry.objects.get(action="test.after").seq
    _report_ok()


@pytest.mark.django_db
def test_an_empty_log_verifies():
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
    report = _report_ok()
    assert report.checked == 0


# --- Tampering is found ------------------------------------------------------------------------------

CHANGES = {
    "at": lambda: connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=3)),
    "actor_id": lambda: 424242,
    "actor_label": lambda: "iemand-anders",
    "gemeente_id": lambda: 434343,
    "action": lambda: "test.harmless",
    "object_type": lambda: "tests.other",
    "object_id": lambda: "999",
    "result": lambda: "refused",
    "origin": lambda: "cli",
    "detail": lambda: json.dumps({"i": 4, "name": "Dé één", "nested": {"a": None, "b": [1, 2.5]}, "x": 1}),
    "hash": lambda: "f" * 64,
}


@pytest.mark.django_db
@pytest.mark.parametrize("column", CHANGES)
def test_changing_any_field_of_a_stored_entry_is_found_and_named(column):
    entries = _write(8, gemeente=GemeenteFactory(), actor=UserFactory())
    target = entries[4]
    placeholder = _json_placeholder() if column == "detail" else "%s"
    _sql(f"UPDATE {TABLE} SET {column} = {placeholder} WHERE seq = %s", [CHANGES[column](), target.seq])
    found = _first_break()
    assert (found.seq, found.reason) == (target.seq, "changed")
    assert str(target.seq) in found.message
    assert chain_verify(fast=False).breaks[0].seq == target.seq


@pytest.mark.django_db
def test_a_changed_entry_with_a_recomputed_hash_breaks_the_link_to_the_next():
    entries = _write(5)
    target = entries[2]
    _sql(f"UPDATE {TABLE} SET result = 'refused', hash = %s WHERE seq = %s", ["0" * 64, target.seq])
    assert _first_break().seq == target.seq
    # Even a forger who recomputes the changed entry's hash breaks the next entry's link.
    forged = AuditLogEntry.objects.get(seq=target.seq)
    forged.result = "refused"
    _sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s",
         [chain_hash(entries[1].hash, target.seq, entry_rest(forged)), target.seq])
    assert _first_break().seq == target.seq + 1


@pytest.mark.django_db
def test_deleting_an_entry_in_the_middle_is_found_as_a_gap():
    entries = _write(8)
    _sql(f"DELETE FROM {TABLE} WHERE seq = %s", [entries[3].seq])
    found = _first_break()
    assert (found.seq, found.reason) == (entries[3].seq, "gap")
    assert "verwijderd" in found.message


@pytest.mark.django_db
def test_deleting_the_last_entries_is_found():
    entries = _write(8)
    _sql(f"DELETE FROM {TABLE} WHERE seq >= %s", [entries[6].seq])
    found = _first_break()
    assert (found.seq, found.reason) == (entries[6].seq, "end_missing")


@pytest.mark.django_db
def test_replacing_the_last_entry_is_found_at_the_head():
    entries = _write(4)
    _sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s", ["a" * 64, entries[-1].seq])
    assert {b.reason for b in chain_verify().breaks} >= {"changed", "head_mismatch"}


@pytest.mark.django_db
def test_an_entry_added_behind_the_head_is_found():
    entries = _write(3)
    _sql("UPDATE core_auditchainhead SET seq = seq - 1, hash = %s", [entries[-2].hash])
    found = _first_break()
    assert (found.seq, found.reason) == (entries[-1].seq, "beyond_head")


# --- Append-only in the application ------------------------------------------------------------------

@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_entries():
    entry = _write(2)[0]
    with pytest.raises(AppendOnlyError):
        AuditLogEntry.objects.filter(pk=entry.pk).update(result="refused")
    with pytest.raises(AppendOnlyError):
        AuditLogEntry.objects.update(result="refused")
    with pytest.raises(AppendOnlyError):
        AuditLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    entry.result = "refused"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditLogEntry.objects.bulk_update([entry], ["result"])
    assert AuditLogEntry.objects.get(pk=entry.pk).result == "ok"
    _report_ok()


@pytest.mark.django_db
def test_deleting_a_user_or_a_municipality_leaves_their_entries_as_they_were():
    user, gemeente = UserFactory(), GemeenteFactory()
    entries = _write(3, gemeente=gemeente, actor=user)
    user_id, gemeente_id = user.pk, gemeente.pk
    user.delete()
    gemeente.delete()
    kept = AuditLogEntry.objects.filter(pk__in=[e.pk for e in entries])
    assert {(e.actor_id, e.gemeente_id) for e in kept} == {(user_id, gemeente_id)}
    _report_ok()


# --- Writers at the same time (PostgreSQL) -------------------------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time for the whole "
                    "database; run with DATABASE_URL=postgres://... to test writers at the same time.")
@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_time_get_distinct_numbers_and_one_chain():
    audit_log(action="test.start")
    start, errors = threading.Barrier(3), []

    def writer(name: str):
        try:
            start.wait(10)
            for i in range(40):
                if i % 10 == 9:
                    audit_log_many([{"action": f"test.{name}.bulk", "object_id": k} for k in range(5)])
                else:
                    audit_log(action=f"test.{name}", object_id=i)
        except Exception as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    seqs = list(AuditLogEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) == 1 + 3 * (36 + 4 * 5)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    _report_ok()


# --- The command -----------------------------------------------------------------------------------------

def _command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_audit_log", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_says_the_log_is_in_order():
    _write(4)
    out, _err = _command()
    total = AuditLogEntry.objects.count()
    assert f"Auditlog in orde: {total} regels gecontroleerd." in out
    data = json.loads(_command("--json")[0])
    assert data["ok"] is True and data["checked"] == total and data["first_break"] is None


@pytest.mark.django_db
def test_the_command_fails_with_status_1_naming_the_first_broken_entry():
    entries = _write(6)
    _sql(f"UPDATE {TABLE} SET action = 'test.other' WHERE seq = %s", [entries[2].seq])
    _sql(f"DELETE FROM {TABLE} WHERE seq = %s", [entries[4].seq])
    with pytest.raises(CommandError) as failed:
        _command()
    assert failed.value.returncode == 1
    assert f"Regel {entries[2].seq} is gewijzigd" in str(failed.value)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit_log", "--json", stdout=out, stderr=StringIO())
    data = json.loads(out.getvalue())
    assert data["ok"] is False
    assert [(b["seq"], b["reason"]) for b in data["breaks"]] == [(entries[2].seq, "changed"), (entries[4].seq, "gap")]


@pytest.mark.django_db
def test_the_command_for_one_municipality_reports_its_changed_entries_and_every_gap():
    mine, other = GemeenteFactory(slug="mijn"), GemeenteFactory(slug="ander")
    own, others = _write(3, gemeente=mine), _write(3, gemeente=other)
    _sql(f"UPDATE {TABLE} SET result = 'refused' WHERE seq = %s", [others[1].seq])
    out, _err = _command("--gemeente", "mijn")
    assert "Auditlog in orde" in out and "3 regels bij gemeente mijn" in out
    _sql(f"UPDATE {TABLE} SET result = 'refused' WHERE seq = %s", [own[1].seq])
    with pytest.raises(CommandError, match=f"Regel {own[1].seq} is gewijzigd"):
        _command("--gemeente", "mijn")
    with pytest.raises(CommandError, match="bestaat niet"):
        _command("--gemeente", "nergens")


# --- The migration chains the entries written before the chain --------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_entries_in_the_order_they_were_written():
    executor = MigrationExecutor(connection)
    before = [("core", "0004_hash_plain_text_tokens")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        entries = old.get_model("core", "AuditLogEntry").objects
        for i in range(25):
            entries.create(action="oud", object_id=str(i), detail={"z": i, "a": {"y": 1, "x": [i]}})
        entries.filter(object_id="7").delete()  # the old log had no protection: ids need not be gapless
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("core", "0007_audit_chain_required")])
        chained = list(AuditLogEntry.objects.order_by("seq"))
        assert [e.seq for e in chained] == list(range(1, 25))
        assert [e.object_id for e in chained] == [str(i) for i in range(25) if i != 7]
        assert list(chained[0].detail) == ["a", "z"]
        assert AuditChainHead.objects.get().seq == 24
        _report_ok()
        audit_log(action="nieuw")
        assert AuditLogEntry.objects.get(action="nieuw").seq == 25
        _report_ok()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
