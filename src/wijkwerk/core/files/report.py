"""What an import did: counts, refused rows (row number, column, Dutch reason), notes; the error CSV.

Any importer can use `RowErrors` on its own or the full `ImportReport`. Only the first
WIJKWERK_MAX_ERROR_ROWS refused rows (by row number) are kept, in memory and in the CSV; the rest are
counted. A broken file of millions of rows thus costs neither memory nor disk.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import limits
from .writers import write_csv

MAX_ERRORS_IN_JSON = limits.MAX_ERRORS_IN_JSON


def max_error_rows() -> int:
    return limits.max_error_rows()


def error_csv_path(prefix: str) -> Path:
    """A new, unguessable file name for an error list under DATA_DIR/reports/."""
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{prefix}-{stamp}-{secrets.token_hex(3)}.csv"


class RowErrors:
    """Refused rows of one file: `add(row, column, reason)`; keeps the first WIJKWERK_MAX_ERROR_ROWS by
    row number (`kept`, a list of (row, column, reason)) and counts all (`total`)."""

    def __init__(self) -> None:
        self.kept: list[tuple[int, str, str]] = []
        self.total = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        self.kept.append((row, column, message))
        if len(self.kept) >= 2 * max_error_rows():
            self.sort()

    def sort(self) -> None:
        """Sorts the kept errors by row and drops all but the first WIJKWERK_MAX_ERROR_ROWS."""
        self.kept.sort(key=lambda e: e[0])
        del self.kept[max_error_rows():]

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.kept)

    def as_dicts(self, limit: int | None = MAX_ERRORS_IN_JSON) -> list[dict]:
        """[{"row", "field", "message"}], sorted, the first `limit` (all kept ones with None)."""
        self.sort()
        kept = self.kept if limit is None else self.kept[:limit]
        return [{"row": row, "field": name, "message": message} for row, name, message in kept]

    def write_csv(self, *, prefix: str) -> str | None:
        """Writes the kept errors to DATA_DIR/reports/ (formula-safe), with a last line saying how many
        more there are; returns the path (None when there are none)."""
        if not self.kept:
            return None
        self.sort()
        rows: list[tuple] = list(self.kept)
        if self.truncated:
            rows.append(("", "", _("... en nog %(more)s fouten; deze lijst toont alleen de eerste %(kept)s van "
                                   "%(total)s.") % {"more": self.total - len(self.kept), "kept": len(self.kept),
                                                    "total": self.total}))
        path = error_csv_path(prefix)
        write_csv(path, [_("rij"), _("veld"), _("melding")], rows)
        return str(path)


@dataclass
class ImportReport:
    """The outcome of one import: rows read, created, updated, unchanged and refused; the refused rows
    with their reasons (`error(row, column, reason)`, capped, see the module); notes for the user
    (`messages`). Importers with counts of their own subclass it (`extra_counts`, `extra_summary_lines`)."""

    file_name: str = ""
    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    messages: list[str] = field(default_factory=list)
    report_csv: str | None = None
    row_errors: RowErrors = field(default_factory=RowErrors)

    def error(self, row: int, field_name: str, message: str) -> None:
        self.row_errors.add(row, field_name, message)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        """The kept errors (row, field, message)."""
        return self.row_errors.kept

    @property
    def errors_total(self) -> int:
        """All errors, also those not kept in `errors`."""
        return self.row_errors.total

    def sort_errors(self) -> None:
        """Sorts the kept errors by row and drops all but the first WIJKWERK_MAX_ERROR_ROWS."""
        self.row_errors.sort()

    @property
    def errors_truncated(self) -> bool:
        return self.row_errors.truncated

    def extra_counts(self) -> dict:
        """Counts an importer adds to `as_json` after the standard ones (override)."""
        return {}

    def as_json(self) -> dict:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            **self.extra_counts(),
            "errors": [
                {"row": row, "field": name, "message": message}
                for row, name, message in self.errors[:MAX_ERRORS_IN_JSON]
            ],
            "errors_total": max(self.errors_total, len(self.errors)),
            "errors_in_csv": len(self.errors) if self.report_csv else 0,
            "report_csv": self.report_csv,
            "messages": list(self.messages),
            "dry_run": self.dry_run,
            "file": self.file_name,
        }

    def write_error_csv(self, *, prefix: str) -> str | None:
        """Writes the kept errors (the first WIJKWERK_MAX_ERROR_ROWS) to DATA_DIR/reports/, with a last
        line saying how many more there are; returns the path (None when there are none)."""
        self.report_csv = self.row_errors.write_csv(prefix=prefix)
        return self.report_csv

    def extra_summary_lines(self) -> list[str]:
        """Lines an importer adds to `summary_lines` after the counts (override)."""
        return []

    def summary_lines(self) -> list[str]:
        """A readable Dutch summary for the command line."""
        lines = []
        values = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                  "rejected": self.rejected}
        if self.dry_run:
            lines.append(_("Proefimport (--dry-run): er is niets opgeslagen."))
        lines.append(_("Gelezen: %(read)s rijen uit %(file)s.") % {"read": self.read, "file": self.file_name})
        if self.dry_run:
            lines.append(_("Zou nieuw: %(created)s, gewijzigd: %(updated)s, ongewijzigd: %(unchanged)s, "
                           "geweigerd: %(rejected)s.") % values)
        else:
            lines.append(_("Nieuw: %(created)s, gewijzigd: %(updated)s, ongewijzigd: %(unchanged)s, "
                           "geweigerd: %(rejected)s.") % values)
        lines.extend(self.extra_summary_lines())
        for message in self.messages:
            lines.append(_("Let op: %(message)s") % {"message": message})
        if self.errors:
            self.sort_errors()
            shown = self.errors[:20]
            total = max(self.errors_total, len(self.errors))
            if total > 20:
                lines.append(_("Fouten (%(total)s, de eerste 20):") % {"total": total})
            else:
                lines.append(_("Fouten (%(total)s):") % {"total": total})
            for row, name, message in shown:
                if name:
                    where = _("rij %(row)s, veld %(field)s") % {"row": row, "field": name}
                else:
                    where = _("rij %(row)s") % {"row": row}
                lines.append(f"  {where}: {message}")
        if self.report_csv:
            if self.errors_truncated:
                label = _("Foutenlijst (de eerste %(kept)s)") % {"kept": len(self.errors)}
            else:
                label = _("Volledige foutenlijst")
            lines.append(f"{label}: {self.report_csv}")
        return lines
