"""The audit log's hash chain: the canonical form of an entry, its hash, and verifying the chain.

Every entry has a gapless sequence number `seq` and
`hash = sha256(previous hash + "\\x1f".join(canonical fields))`, where the previous hash of entry 1
is 64 zeros. The canonical fields, in this order: seq, `at` as ISO 8601 in UTC with microseconds
(`2026-03-01T09:30:00.000000+00:00`), actor_id or "", actor_label, gemeente_id or "", action,
object_type, object_id, result, origin, and detail as canonical JSON: keys sorted at every level,
written by `json.dumps` with its defaults (what Django stores in SQLite). The writer
(core/audit.py) stores detail in that form, so SQLite holds the very text that was hashed; PostgreSQL
(jsonb) reorders keys and rewrites numbers, so there it is parsed and written again. Both give the
same hash for the same entry.

Database-specific SQL is kept in this module: the chain is read with a raw cursor, in batches by
`seq`. On SQLite one SQL expression builds the canonical text of a row (no per-row parsing in
Python: over 200,000 entries a second, benchmarks/audit_log.py); elsewhere Python builds it. A batch
that does not verify is read again row by row with the text built in Python, which decides.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import connections
from django.utils.translation import gettext

GENESIS = "0" * 64
SEP = "\x1f"
HEAD_ID = 1
ENTRY_TABLE = "core_auditlogentry"
HEAD_TABLE = "core_auditchainhead"
BATCH_SIZE = 50_000
MAX_BREAKS = 100
# A float at least this large is a whole number that Python writes with an exponent (1e+16) and
# PostgreSQL as digits: it is stored as the integer it denotes.
BIG_FLOAT = 1e16


# --- The canonical form -------------------------------------------------------------------------

def _json_key(key: Any) -> str:
    """A dict key as json.dumps writes it (keys that are no string become one)."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        return json.dumps(key)
    return str(key)


def normalise_detail(value: Any) -> Any:
    """The detail in canonical form: the same JSON value with every object's keys as strings and
    sorted, tuples as lists, -0.0 as 0.0 and floats from 1e16 up as the integers they denote, so that
    `json.dumps` of it reads back the same from SQLite (text) and PostgreSQL (jsonb)."""
    if isinstance(value, dict):
        items = {_json_key(k): normalise_detail(v) for k, v in value.items()}
        return {k: items[k] for k in sorted(items)}
    if isinstance(value, (list, tuple)):
        return [normalise_detail(v) for v in value]
    if isinstance(value, float):
        if value == 0:
            return 0.0
        if math.isfinite(value) and abs(value) >= BIG_FLOAT:
            return int(Decimal(repr(value)))
    return value


def detail_json(detail: Any) -> str:
    """The canonical JSON text of an already normalised detail (what SQLite stores)."""
    return json.dumps(detail)


def at_text(at: datetime) -> str:
    """A moment as ISO 8601 in UTC with microseconds; a naive moment counts as UTC."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds") + "+00:00"


def canonical_rest(*, at: datetime | str, actor_id, actor_label: str, gemeente_id, action: str, object_type: str,
                   object_id: str, result: str, origin: str, detail_text: str) -> str:
    """The canonical fields after seq, joined (the part a database row gives without its seq); `at`
    may be given as `at_text` already."""
    return SEP.join((
        at if isinstance(at, str) else at_text(at), "" if actor_id is None else str(actor_id), actor_label,
        "" if gemeente_id is None else str(gemeente_id), action, object_type, object_id, result, origin,
        detail_text,
    ))


def chain_hash(prev: str, seq: int, rest: str) -> str:
    return hashlib.sha256(f"{prev}{seq}{SEP}{rest}".encode()).hexdigest()


def entry_rest(entry) -> str:
    """The canonical rest of an AuditLogEntry instance whose detail is normalised."""
    return canonical_rest(
        at=entry.at, actor_id=entry.actor_id, actor_label=entry.actor_label, gemeente_id=entry.gemeente_id,
        action=entry.action, object_type=entry.object_type, object_id=entry.object_id, result=entry.result,
        origin=entry.origin, detail_text=detail_json(entry.detail),
    )


# --- Raw SQL ------------------------------------------------------------------------------------------

INSERT_COLUMNS = ("seq", "hash", "at", "actor_id", "actor_label", "gemeente_id", "action", "object_type",
                  "object_id", "result", "origin", "detail")


def insert_sql(vendor: str) -> str:
    """The INSERT of one entry, for `executemany` with values in INSERT_COLUMNS order (detail as JSON text)."""
    json_value = "CAST(%s AS jsonb)" if vendor == "postgresql" else "%s"
    values = ", ".join(["%s"] * (len(INSERT_COLUMNS) - 1) + [json_value])
    return f"INSERT INTO {ENTRY_TABLE} ({', '.join(INSERT_COLUMNS)}) VALUES ({values})"


# SQLite: one printf makes "seq\x1f" + the canonical rest from the stored text (`at` is stored as
# "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, detail as the JSON text written; %s of NULL is ""), as bytes.
# "%%" because Django turns %s into a parameter. Rows it gets wrong are checked again in Python.
_SQLITE_TEXT = (
    "CAST(printf('%%d\x1f%%.10sT%%.15s+00:00\x1f%%s\x1f%%s\x1f%%s\x1f%%s\x1f%%s\x1f%%s\x1f%%s\x1f%%s\x1f%%s', "
    "seq, at, substr(at, 12) || '.000000', actor_id, actor_label, gemeente_id, action, object_type, object_id, "
    "result, origin, detail) AS BLOB)"
)
_FIELDS = "at, actor_id, actor_label, gemeente_id, action, object_type, object_id, result, origin, detail"


def _python_rest(row) -> str:
    at, actor_id, actor_label, gemeente_id, action, object_type, object_id, result, origin, detail = row
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if isinstance(detail, (str, bytes)):
        detail = json.loads(detail)
    text = json.dumps(detail, sort_keys=True)
    return canonical_rest(at=at, actor_id=actor_id, actor_label=actor_label, gemeente_id=gemeente_id,
                          action=action, object_type=object_type, object_id=object_id, result=result,
                          origin=origin, detail_text=text)


def _python_rows(cursor, where: str, params: list, limit: int | None = None) -> list[tuple]:
    """Rows `(seq, gemeente_id, hash, data)` in seq order with the canonical text made in Python
    (every database)."""
    tail = " LIMIT %s" if limit is not None else ""
    cursor.execute(f"SELECT seq, gemeente_id, hash, {_FIELDS} FROM {ENTRY_TABLE} WHERE {where} ORDER BY seq{tail}",
                   [*params, limit] if limit is not None else params)
    return [(seq, owner, (stored or "").encode(), f"{seq}{SEP}{_python_rest(fields)}".encode())
            for seq, owner, stored, *fields in cursor.fetchall()]


def _chain_batches(cursor, *, vendor: str, upto: int | None, batch_size: int, fast: bool):
    """Yields lists of rows `(seq, hash, data)` in seq order, seq <= upto, where hash is the stored
    hash and data the canonical fields (seq first), both as bytes."""
    bound = " AND seq <= %s" if upto is not None else ""
    after = 0
    while True:
        params = [after, upto] if upto is not None else [after]
        if fast and vendor == "sqlite":
            cursor.execute(f"SELECT seq, CAST(hash AS BLOB), {_SQLITE_TEXT} FROM {ENTRY_TABLE} "
                           f"WHERE seq > %s{bound} ORDER BY seq LIMIT %s", [*params, batch_size])
            rows = cursor.fetchall()
        else:
            rows = [(seq, stored, data) for seq, _owner, stored, data in
                    _python_rows(cursor, f"seq > %s{bound}", params, limit=batch_size)]
        if not rows:
            return
        yield rows
        after = rows[-1][0]
        if len(rows) < batch_size:
            return


# --- Verifying -------------------------------------------------------------------------------------

@dataclass
class ChainBreak:
    seq: int
    reason: str  # changed, gap, end_missing, head_mismatch, head_missing, beyond_head
    message: str

    def as_dict(self) -> dict:
        return {"seq": self.seq, "reason": self.reason, "message": self.message}


@dataclass
class ChainReport:
    checked: int = 0
    last_seq: int = 0
    head_seq: int | None = None
    gemeente_checked: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    more_breaks: bool = False

    @property
    def ok(self) -> bool:
        return not self.breaks


def _break(report: ChainReport, seq: int, reason: str, message: str) -> None:
    if len(report.breaks) >= MAX_BREAKS:
        report.more_breaks = True
    else:
        report.breaks.append(ChainBreak(seq, reason, message))


def _changed_message(seq: int) -> str:
    return gettext("Regel %(seq)s is gewijzigd: de hash klopt niet met de inhoud (of met de regel ervoor).") % {
        "seq": seq}


def _gap_message(first: int, last: int) -> str:
    if first == last:
        return gettext("Regel %(seq)s ontbreekt: die is verwijderd.") % {"seq": first}
    return gettext("Regels %(first)s tot en met %(last)s ontbreken: die zijn verwijderd.") % {
        "first": first, "last": last}


def _head(cursor) -> tuple[int, str] | None:
    cursor.execute(f"SELECT seq, hash FROM {HEAD_TABLE} WHERE id = %s", [HEAD_ID])
    row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _batch_intact(rows: list[tuple], prev: bytes, expected: int) -> bool:
    """Whether a batch continues the chain: seq on from `expected` without gaps, every hash right.
    The hot loop of verifying: as little as possible per row."""
    if rows[0][0] != expected or rows[-1][0] != expected + len(rows) - 1:
        return False
    sha256 = hashlib.sha256
    for _seq, stored, data in rows:
        if sha256(prev + data).hexdigest().encode() != stored:
            return False
        prev = stored
    return True


def _diagnose(report: ChainReport, cursor, rows: list[tuple], prev: bytes, expected: int,
              gemeente_id: int | None) -> None:
    """Finds what is wrong in a batch that is not intact, row by row, with the canonical text made
    in Python (what counts, also where the SQL shortcut of SQLite read a row differently)."""
    sha256 = hashlib.sha256
    for seq, owner, stored, data in _python_rows(cursor, "seq >= %s AND seq <= %s", [rows[0][0], rows[-1][0]]):
        if seq != expected:
            _break(report, expected, "gap", _gap_message(expected, seq - 1))
        elif sha256(prev + data).hexdigest().encode() != stored and gemeente_id in (None, owner):
            _break(report, seq, "changed", _changed_message(seq))
        prev, expected = stored, seq + 1


def chain_verify(*, gemeente_id: int | None = None, using: str = "default", batch_size: int = BATCH_SIZE,
                 fast: bool = True) -> ChainReport:
    """Recomputes the whole chain in seq order. Reports a changed entry (its hash differs), a gap
    (deleted entries), entries missing at the end or a head that does not match the last entry.
    With `gemeente_id`, changed entries of other municipalities are not reported (a gap or a wrong end
    always is: whose entry was deleted cannot be known); `gemeente_checked` counts that municipality's.
    `fast=False` makes the canonical text in Python on SQLite too (as on other databases)."""
    connection = connections[using]
    report = ChainReport()
    prev, expected = GENESIS.encode(), 1
    with connection.cursor() as cursor:
        head = _head(cursor)
        report.head_seq = head[0] if head else None
        upto = head[0] if head else None
        for rows in _chain_batches(cursor, vendor=connection.vendor, upto=upto, batch_size=batch_size, fast=fast):
            if not _batch_intact(rows, prev, expected):
                _diagnose(report, cursor, rows, prev, expected, gemeente_id)
            prev, expected = rows[-1][1] or b"", rows[-1][0] + 1
            report.checked += len(rows)
        report.last_seq = expected - 1
        report.gemeente_checked = report.checked
        if gemeente_id is not None:
            bound = " AND seq <= %s" if upto is not None else ""
            cursor.execute(f"SELECT COUNT(*) FROM {ENTRY_TABLE} WHERE gemeente_id = %s{bound}",
                           [gemeente_id, upto] if upto is not None else [gemeente_id])
            report.gemeente_checked = cursor.fetchone()[0]
        _check_end(report, cursor, head, report.last_seq, prev.decode())
    return report


def _check_end(report: ChainReport, cursor, head: tuple[int, str] | None, last: int, prev: str) -> None:
    if head is None:
        if last:
            _break(report, last, "head_missing", gettext(
                "Het einde van de keten (de laatste regel en hash) ontbreekt: is er geknoeid?"))
        return
    head_seq, head_hash = head
    if last < head_seq:
        _break(report, last + 1, "end_missing", gettext(
            "De laatste regels ontbreken: de keten eindigt bij regel %(last)s, maar er zijn er %(head)s "
            "geschreven. Regel %(first)s en verder zijn verwijderd.") % {
                "last": last, "head": head_seq, "first": last + 1})
    elif head_seq and head_hash != prev:
        _break(report, head_seq, "head_mismatch", gettext(
            "De laatste regel (%(seq)s) past niet bij het einde van de keten: die regel is gewijzigd of "
            "vervangen.") % {"seq": head_seq})
    # A row after the head was not written by Wijkwerk; the head is read again after the highest
    # seq, so that an entry committed meanwhile (which raised the head first) does not count.
    cursor.execute(f"SELECT MAX(seq) FROM {ENTRY_TABLE}")
    highest = cursor.fetchone()[0] or 0
    now = _head(cursor)
    if now is not None and highest > now[0]:
        _break(report, now[0] + 1, "beyond_head", gettext(
            "Regel %(seq)s staat na het einde van de keten: die is niet door Wijkwerk geschreven.") % {
                "seq": now[0] + 1})
