"""DATABASE-SPECIFIC SQL for bulk writes of the import (the one place for it, see ARCHITECTURE.md).

PostgreSQL: COPY ... FROM STDIN through psycopg 3. Other databases (SQLite): executemany with
parameters through Django's cursor. Both run inside the caller's transaction.
"""

from collections.abc import Iterable, Sequence

from django.db import connection

from wijkwerk.assets.models import Asset

ASSET_TABLE = Asset._meta.db_table

ASSET_INSERT_COLUMNS = (
    "gemeente_id", "asset_type_id", "external_id", "geometry", "lon", "lat", "x", "y",
    "min_lon", "min_lat", "max_lon", "max_lat", "buurt_id", "wijk_id", "outside_areas",
    "quantity", "unit", "installation_year", "condition", "condition_date", "attributes",
    "version", "created", "updated", "source", "import_fingerprint", "import_version",
)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Inserts rows (tuples in `columns` order). JSON columns are passed as JSON text."""
    cols = ", ".join(_quote(c) for c in columns)
    if is_postgres():
        connection.ensure_connection()
        raw = connection.connection  # psycopg 3 connection, inside Django's transaction
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {_quote(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_quote(table)} ({cols}) VALUES ({placeholders})", rows)


def json_param(sql_placeholder: str = "%s") -> str:
    """The placeholder for a JSON text parameter in UPDATE statements."""
    return f"{sql_placeholder}::jsonb" if is_postgres() else sql_placeholder


def update_rows(table: str, set_columns: Sequence[str], rows: Iterable[Sequence], *, json_columns=()) -> None:
    """`UPDATE table SET col = %s, ... WHERE id = %s` for each row (values..., id)."""
    assignments = ", ".join(
        f"{_quote(c)} = {json_param() if c in json_columns else '%s'}" for c in set_columns
    )
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {_quote(table)} SET {assignments} WHERE id = %s", rows)
