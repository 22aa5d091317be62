"""The outcome of an import: counts, refused rows with reasons, notes; the error CSV.

Only the first WIJKWERK_MAX_ERROR_ROWS errors (by row) are kept, in memory and in the CSV; the rest
are counted (`errors_total`). A broken file of millions of rows thus costs neither memory nor disk.
"""

import csv
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings

MAX_ERRORS_IN_JSON = 100


def max_error_rows() -> int:
    return max(int(getattr(settings, "WIJKWERK_MAX_ERROR_ROWS", 1000)), MAX_ERRORS_IN_JSON)


@dataclass
class ImportReport:
    file_name: str = ""
    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    outside_areas: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message), the first ones
    messages: list[str] = field(default_factory=list)
    report_csv: str | None = None
    errors_total: int = 0  # all errors, also those not kept in `errors`

    def error(self, row: int, field_name: str, message: str) -> None:
        self.errors_total += 1
        self.errors.append((row, field_name, message))
        if len(self.errors) >= 2 * max_error_rows():
            self.sort_errors()

    def sort_errors(self) -> None:
        """Sorts the kept errors by row and drops all but the first WIJKWERK_MAX_ERROR_ROWS."""
        self.errors.sort(key=lambda e: e[0])
        del self.errors[max_error_rows():]

    @property
    def errors_truncated(self) -> bool:
        return self.errors_total > len(self.errors)

    def as_json(self) -> dict:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "outside_areas": self.outside_areas,
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
        if not self.errors:
            return None
        self.sort_errors()
        folder = Path(settings.DATA_DIR) / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{prefix}-{stamp}-{secrets.token_hex(3)}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["rij", "veld", "melding"])
            writer.writerows(self.errors)
            if self.errors_truncated:
                writer.writerow(["", "", f"... en nog {self.errors_total - len(self.errors)} fouten; deze lijst "
                                         f"toont alleen de eerste {len(self.errors)} van {self.errors_total}."])
        self.report_csv = str(path)
        return self.report_csv

    def summary_lines(self) -> list[str]:
        """A readable Dutch summary for the command line."""
        verb = "Zou" if self.dry_run else ""
        lines = []
        if self.dry_run:
            lines.append("Proefimport (--dry-run): er is niets opgeslagen.")
        lines.append(f"Gelezen: {self.read} rijen uit {self.file_name}.")
        if self.dry_run:
            lines.append(
                f"{verb} nieuw: {self.created}, gewijzigd: {self.updated}, ongewijzigd: {self.unchanged}, "
                f"geweigerd: {self.rejected}."
            )
        else:
            lines.append(
                f"Nieuw: {self.created}, gewijzigd: {self.updated}, ongewijzigd: {self.unchanged}, "
                f"geweigerd: {self.rejected}."
            )
        lines.append(f"Buiten alle buurten: {self.outside_areas}.")
        for message in self.messages:
            lines.append(f"Let op: {message}")
        if self.errors:
            self.sort_errors()
            shown = self.errors[:20]
            total = max(self.errors_total, len(self.errors))
            lines.append(f"Fouten ({total}{', de eerste 20' if total > 20 else ''}):")
            for row, name, message in shown:
                where = f"rij {row}" + (f", veld {name}" if name else "")
                lines.append(f"  {where}: {message}")
        if self.report_csv:
            label = f"Foutenlijst (de eerste {len(self.errors)})" if self.errors_truncated else "Volledige foutenlijst"
            lines.append(f"{label}: {self.report_csv}")
        return lines
