"""DATABASE-SPECIFIC SQL for bulk writes of the import (the one place for it, see ARCHITECTURE.md).

PostgreSQL: COPY ... FROM STDIN through psycopg 3. Other databases (SQLite): executemany with
parameters. Everything runs inside the caller's transaction. `BackgroundInserter` runs the inserts
on a second thread, on the same database connection, while the caller prepares the next rows.
"""

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

from wijkwerk.assets.models import Asset

ASSET_TABLE = Asset._meta.db_table

ASSET_INSERT_COLUMNS = (
    "gemeente_id", "asset_type_id", "external_id", "geometry", "lon", "lat", "x", "y",
    "min_lon", "min_lat", "max_lon", "max_lat", "buurt_id", "wijk_id", "outside_areas",
    "quantity", "unit", "installation_year", "condition", "condition_date", "attributes",
    "version", "created", "updated", "source", "import_fingerprint", "import_version", "search_id",
    "search_address",
)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def tune_connection_for_bulk() -> None:
    """SQLite: a larger page cache for this connection, so index pages of a million-row table stay in
    memory during the import (the default cache is 2 MB)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Inserts rows (tuples in `columns` order). JSON columns are passed as JSON text."""
    cols = ", ".join(_quote(c) for c in columns)
    if is_postgres():
        _copy_rows(table, cols, columns, rows)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_quote(table)} ({cols}) VALUES ({placeholders})", rows)


class BackgroundInserter:
    """Inserts batches of rows on one worker thread, using the caller's (transaction's) connection.

    The caller must not use the database while a batch is being written: call `wait()` first.
    `close()` waits for the last batch; an error in a batch is raised from `wait()`/`close()`.
    """

    def __init__(self, table: str, columns: Sequence[str]):
        connection.ensure_connection()
        self.raw = connection.connection  # the DB-API connection inside Django's transaction
        self.postgres = is_postgres()
        self.table = table
        self.columns = tuple(columns)
        cols = ", ".join(_quote(c) for c in columns)
        self.cols = cols
        self.sql = f"INSERT INTO {_quote(table)} ({cols}) VALUES ({', '.join(['?'] * len(columns))})"
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wijkwerk-import")
        self.pending: Future | None = None

    def submit(self, rows: Iterable[Sequence]) -> None:
        self.wait()
        self.pending = self.pool.submit(self._write, rows)

    def _write(self, rows) -> None:
        if self.postgres:
            _copy_rows(self.table, self.cols, self.columns, rows, raw=self.raw)
            return
        cursor = self.raw.cursor()  # sqlite3: Django opens it with check_same_thread=False
        try:
            cursor.executemany(self.sql, rows)
        finally:
            cursor.close()

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown(wait=True)


def _copy_escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _copy_escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _asset_line(row) -> str:
    """The asset insert row (ASSET_INSERT_COLUMNS order) as one COPY text line; specialised because a
    million-row import formats a million of these."""
    (g, t, ext, geom, lon, lat, x, y, a, b, c, d, buurt, wijk, outside, quantity, unit, year, condition,
     condition_date, attrs, version, created, updated, source, fingerprint, import_version, search_id,
     search_address) = row
    n = "\\N"
    return (
        f"{g}\t{t}\t{_copy_escape(ext)}\t{_copy_escape(geom)}\t{lon!r}\t{lat!r}\t{x!r}\t{y!r}\t{a!r}\t{b!r}\t{c!r}\t"
        f"{d!r}\t{n if buurt is None else buurt}\t{n if wijk is None else wijk}\t{'t' if outside else 'f'}\t"
        f"{quantity}\t{_copy_escape(unit)}\t{n if year is None else year}\t{n if condition is None else condition}\t"
        f"{n if condition_date is None else condition_date}\t{_copy_escape(attrs)}\t{version}\t"
        f"{_copy_value(created)}\t{_copy_value(updated)}\t{_copy_escape(source)}\t{fingerprint}\t{import_version}\t"
        f"{search_id}\t{search_address}\n"
    )


def _generic_line(row) -> str:
    return "\t".join([_copy_value(v) for v in row]) + "\n"


def _copy_rows(table: str, cols: str, columns, rows, raw=None) -> None:
    """COPY FROM STDIN in text format. Lines are formatted here and sent in blocks; a queued writer
    sends them from a second thread, so formatting overlaps with the server's inserting."""
    if raw is None:
        connection.ensure_connection()
        raw = connection.connection  # the psycopg 3 connection, inside Django's transaction
    line = _asset_line if tuple(columns) == ASSET_INSERT_COLUMNS else _generic_line
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {_quote(table)} ({cols}) FROM STDIN", writer=QueuedLibpqWriter(cursor)) as copy:
            block: list[str] = []
            for row in rows:
                block.append(line(row))
                if len(block) >= 2000:
                    copy.write("".join(block))
                    block = []
            if block:
                copy.write("".join(block))


def update_rows(table: str, set_columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """`UPDATE table SET col = value, ... WHERE id = id` for each row (values..., id).

    PostgreSQL: COPY into a temporary table, then one UPDATE ... FROM. Others: executemany."""
    if is_postgres():
        rows = list(rows)
        if not rows:
            return
        temp = _quote("wijkwerk_bulk_update")
        cols = ", ".join(_quote(c) for c in [*set_columns, "id"])
        assignments = ", ".join(f"{_quote(c)} = u.{_quote(c)}" for c in set_columns)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {temp}")
            cursor.execute(f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS SELECT {cols} FROM {_quote(table)} "
                           "WITH NO DATA")
        _copy_rows("wijkwerk_bulk_update", cols, (*set_columns, "id"), rows)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {_quote(table)} AS t SET {assignments} FROM {temp} AS u WHERE t.id = u.id")
            cursor.execute(f"DROP TABLE {temp}")
        return
    assignments = ", ".join(f"{_quote(c)} = %s" for c in set_columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {_quote(table)} SET {assignments} WHERE id = %s", rows)
