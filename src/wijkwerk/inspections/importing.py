"""What the schouw and the condition importer share: reading a simple table (CSV/XLSX) row by
row through the file layer, and refusing a file row by row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkwerk.core.files import FileRefused, TableRows, open_rows
from wijkwerk.core.files import RowErrors as RowCollector

BATCH = 500  # rows checked together, and values per IN (...) query (SQLite limits a query's variables)


class RowErrors(Exception):
    """A file was refused: nothing was written. `errors` = the first WIJKWERK_MAX_ERROR_ROWS refused
    rows by row number, [{"row", "field", "message"}] (Dutch); `total` = how many were refused."""

    def __init__(self, collected: RowCollector):
        self.errors = collected.as_dicts(limit=None)
        self.total = collected.total
        super().__init__(_("%(count)s regel(s) geweigerd; er is niets opgeslagen.") % {"count": self.total})


@contextmanager
def table_read(path) -> Iterator[TableRows]:
    """The read step of an importer: the file opened to be read row by row (`.columns`, then
    `row_batches`). The file layer checks it first (content, size) and while reading (row limit,
    damage); a file it refuses, then or halfway, is a ValidationError with its Dutch message."""
    try:
        with open_rows(path) as table:
            yield table
    except FileRefused as exc:
        raise ValidationError(str(exc)) from None


def row_batches(table: TableRows, size: int = BATCH) -> Iterator[list[tuple[int, dict]]]:
    """The table's rows [(row number, {column: value})] in lists of `size`; a table without a
    single row is refused."""
    empty = True
    for batch in table.batches(size):
        empty = False
        yield batch
    if empty:
        raise ValidationError(_("Bestand '%(name)s' bevat geen regels.") % {"name": table.name})
