"""Writing the audit log. Call from inside the service that makes the change (in its transaction).

Every entry is chained to the one before (core/audit_chain.py): a writer first raises the sequence
number on the chain's head (AuditChainHead), which holds the row lock (PostgreSQL) or the write lock
(SQLite) until its transaction ends, then hashes and inserts its entries and stores the last hash on
the head. Write the audit record late in a long transaction: other writers wait for the head.
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone

from .audit_chain import (
    GENESIS,
    HEAD_ID,
    at_text,
    canonical_rest,
    chain_hash,
    detail_json,
    entry_rest,
    insert_sql,
    normalise_detail,
)
from .models import AuditChainHead, AuditLogEntry

INSERT_BATCH_SIZE = 5_000


def _fields(
    *,
    action: str,
    actor=None,
    gemeente=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = "ok",
    origin: str = AuditLogEntry.Origin.SYSTEM,
    detail: dict | None = None,
) -> dict:
    """The fields of an entry from audit_log's arguments (actor: a user, or a name for the system)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "action": action,
        "actor": actor_user,
        "actor_label": (actor_user.get_username() if actor_user else (str(actor) if actor else "systeem"))[:150],
        "gemeente": gemeente,
        "object_type": object_type,
        "object_id": str(object_id),
        "result": result,
        "origin": origin,
        "detail": normalise_detail(detail or {}),
    }


def _head_create() -> None:
    """The head when it is missing (a database emptied by a test): from the last entry, or the start."""
    last = AuditLogEntry.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=HEAD_ID, seq=last[0], hash=last[1])
    except IntegrityError:
        pass  # another writer made it meanwhile


def _head_take(count: int) -> tuple[int, str]:
    """Reserves `count` sequence numbers (locking the head until the transaction ends): the first
    of them and the hash of the entry before it."""
    head = AuditChainHead.objects.filter(pk=HEAD_ID)
    if not head.update(seq=F("seq") + count):
        _head_create()
        head.update(seq=F("seq") + count)
    seq, prev = head.values_list("seq", "hash").get()
    return seq - count + 1, prev


def _head_store(last_hash: str) -> None:
    AuditChainHead.objects.filter(pk=HEAD_ID).update(hash=last_hash)


def audit_log(
    *,
    action: str,
    actor=None,
    gemeente=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = "ok",
    origin: str = AuditLogEntry.Origin.SYSTEM,
    detail: dict | None = None,
) -> AuditLogEntry:
    """Appends one entry to the audit log, inside the caller's transaction when there is one."""
    entry = AuditLogEntry(**_fields(action=action, actor=actor, gemeente=gemeente, obj=obj, object_type=object_type,
                                    object_id=object_id, result=result, origin=origin, detail=detail))
    with transaction.atomic():
        entry.seq, prev = _head_take(1)
        entry.at = timezone.now()
        entry.hash = chain_hash(prev, entry.seq, entry_rest(entry))
        entry.save(force_insert=True)
        _head_store(entry.hash)
    return entry


def audit_log_many(records: Iterable[dict]) -> range:
    """Appends many entries at once, in the order given, inside the caller's transaction when there
    is one: one head lock and inserts in batches (for bulk writers: imports, lists of participants
    shown). Each record holds the keyword arguments of `audit_log`. Returns their sequence numbers."""
    rows = [_fields(**record) for record in records]
    if not rows:
        return range(0)
    connection = connections[router.db_for_write(AuditLogEntry)]
    sql = insert_sql(connection.vendor)
    with transaction.atomic(using=connection.alias):
        first, prev = _head_take(len(rows))
        now = timezone.now()
        at_iso, at_db = at_text(now), connection.ops.adapt_datetimefield_value(now)
        values = []
        for seq, row in enumerate(rows, start=first):
            actor_id = row["actor"].pk if row["actor"] is not None else None
            gemeente_id = row["gemeente"].pk if row["gemeente"] is not None else None
            text = detail_json(row["detail"])
            prev = chain_hash(prev, seq, canonical_rest(
                at=at_iso, actor_id=actor_id, actor_label=row["actor_label"], gemeente_id=gemeente_id,
                action=row["action"], object_type=row["object_type"], object_id=row["object_id"],
                result=row["result"], origin=row["origin"], detail_text=text))
            values.append((seq, prev, at_db, actor_id, row["actor_label"], gemeente_id, row["action"],
                           row["object_type"], row["object_id"], row["result"], row["origin"], text))
        with connection.cursor() as cursor:
            for start in range(0, len(values), INSERT_BATCH_SIZE):
                cursor.executemany(sql, values[start:start + INSERT_BATCH_SIZE])
        _head_store(prev)
    return range(first, first + len(rows))
