"""Recomputing the formulas of a bid sheet, so a sheet is judged on what Excel shows the bidder
and never on a cached value that someone wrote into the file by hand.

An .xlsx stores for each formula cell both the formula and the value it had when the file was
last saved (the cached value). openpyxl reads one or the other; a crafted file can carry a formula
`=44*1000` with a cached value `1`. `FormulaCheck` recomputes a cell's formula and compares it
with its cached value.

A small, safe evaluator (no `eval`, the formula language is in `formula`): numbers, text, cell
references (also to other sheets), ranges inside functions, the operators + - * / ^ % & and the
functions SUM, ROUND, ROUNDUP, ROUNDDOWN, MIN, MAX, ABS, PRODUCT and AVERAGE. Anything else (other
functions, defined names, comparisons, array formulas, error values) cannot be recomputed and is
reported as such, so the caller refuses the cell instead of trusting its cached value. Work is
bounded here: a range may hold at most `MAX_RANGE_CELLS` cells, one check visits at most
`MAX_CELLS` cells and follows references at most `MAX_DEPTH` deep; a circular reference is reported.

Pure Python + openpyxl; only gettext from Django, for the reasons given to the user.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formula import CannotEvaluate, Formula, Range, to_decimal

MAX_RANGE_CELLS = 20_000
MAX_CELLS = 50_000
MAX_DEPTH = 60
# What a checked cell holds (`mismatch(what=...)`), as the reasons name it: plain, and stored.
WHAT_LABELS = {
    "antwoord": (gettext_lazy("het antwoord"), gettext_lazy("het opgeslagen antwoord")),
    "code": (gettext_lazy("de code"), gettext_lazy("de opgeslagen code")),
    "getal": (gettext_lazy("het getal"), gettext_lazy("het opgeslagen getal")),
    "bedrag": (gettext_lazy("het bedrag"), gettext_lazy("het opgeslagen bedrag")),
}


def format_number(number: Decimal) -> str:
    """A number as a person reads it in a message: 44000, 12,5 (no exponent, decimal comma)."""
    number = number.normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f").replace(".", ",")


class FormulaCheck:
    """Recomputes formula cells of a workbook loaded with formulas (`data_only=False`); None for a
    workbook known to hold no formula at all."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._memo: dict[tuple[str, int, int], object] = {}
        self._visits = 0

    # --- public ----------------------------------------------------------------------------------

    def formula_at(self, sheet: str, row: int, col: int) -> str | None:
        """The formula text of a cell ('=...'), or None when the cell holds a plain value."""
        if self.workbook is None:
            return None
        ws = self._sheet(sheet)
        if ws is None or row > ws.max_row or col > ws.max_column:
            return None
        cell = ws.cell(row=row, column=col)
        if cell.data_type != "f":
            return None
        value = cell.value
        return value if isinstance(value, str) else str(getattr(value, "text", "") or "=?")

    def evaluate(self, sheet: str, row: int, col: int):
        """The recomputed value of a cell: Decimal or str. Raises CannotEvaluate."""
        self._visits = 0
        value = self._cell(sheet, row, col, ())
        return Decimal(0) if value is None else value

    def mismatch(self, sheet: str, row: int, col: int, cached, *, what: str = "bedrag") -> str | None:
        """None when the cell has no formula or its formula gives its cached value; otherwise a
        Dutch reason that names the formula, the recomputed and the stored value."""
        formula = self.formula_at(sheet, row, col)
        if formula is None:
            return None
        shown = formula if len(formula) <= 80 else formula[:77] + "..."
        try:
            value = self.evaluate(sheet, row, col)
        except CannotEvaluate as exc:
            return (_("De formule %(formula)s kan niet worden nagerekend (%(reason)s); vul %(what)s zelf in "
                      "(zonder formule) en lever het bestand opnieuw in.")
                    % {"formula": shown, "reason": exc.reason, "what": WHAT_LABELS[what][0]})
        result = format_number(value) if isinstance(value, Decimal) else f"'{value}'"
        if cached is None or cached == "":
            return (_("De formule %(formula)s heeft geen opgeslagen uitkomst (Excel toont %(result)s); open het "
                      "bestand in Excel, sla het op en lever het opnieuw in.") % {"formula": shown, "result": result})
        if self._same(value, cached):
            return None
        if isinstance(cached, (int, float, Decimal)) and not isinstance(cached, bool):
            stored = format_number(to_decimal(cached))
        else:
            stored = f"'{str(cached)[:40]}'"
        return (_("De formule %(formula)s geeft %(result)s, maar %(stored_what)s is %(stored)s; open het bestand "
                  "in Excel, sla het op en lever het opnieuw in.")
                % {"formula": shown, "result": result, "stored_what": WHAT_LABELS[what][1], "stored": stored})

    # --- internals -------------------------------------------------------------------------------

    @staticmethod
    def _same(value, cached) -> bool:
        if isinstance(value, Decimal):
            if isinstance(cached, bool) or not isinstance(cached, (int, float, Decimal)):
                return False
            try:
                stored = to_decimal(cached)
            except CannotEvaluate:
                return False
            scale = max(Decimal(1), abs(value), abs(stored))
            return abs(value - stored) <= scale * Decimal("1e-12")
        return isinstance(cached, str) and cached == value

    def _sheet(self, name: str):
        for ws in self.workbook.worksheets:
            if ws.title == name:
                return ws
        for ws in self.workbook.worksheets:
            if ws.title.casefold() == name.casefold():
                return ws
        return None

    def _cell(self, sheet: str, row: int, col: int, stack: tuple):
        key = (sheet.casefold(), row, col)
        if key in self._memo:
            return self._memo[key]
        self._visits += 1
        if self._visits > MAX_CELLS:
            raise CannotEvaluate(_("te veel verwijzingen"))
        ws = self._sheet(sheet)
        if ws is None:
            raise CannotEvaluate(_("tabblad '%(sheet)s' bestaat niet") % {"sheet": sheet[:30]})
        if row > ws.max_row or col > ws.max_column:
            return None
        cell = ws.cell(row=row, column=col)
        if cell.data_type != "f":
            value = cell.value
            if value is not None and not isinstance(value, (str, int, float, bool, Decimal)):
                raise CannotEvaluate(_("een datum of ander soort waarde"))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = to_decimal(value)
            return value
        if key in stack:
            raise CannotEvaluate(_("kringverwijzing"))
        if len(stack) >= MAX_DEPTH:
            raise CannotEvaluate(_("te diep geneste verwijzingen"))
        if not isinstance(cell.value, str):
            raise CannotEvaluate(_("matrixformule"))
        value = Formula(self, ws.title, cell.value, (*stack, key)).run()
        self._memo[key] = value
        return value

    def _range_values(self, block: Range, stack: tuple) -> list:
        ws = self._sheet(block.sheet)
        if ws is None:
            raise CannotEvaluate(_("tabblad '%(sheet)s' bestaat niet") % {"sheet": block.sheet[:30]})
        max_row, max_col = min(block.max_row, ws.max_row), min(block.max_col, ws.max_column)
        if max_row < block.min_row or max_col < block.min_col:
            return []
        if (max_row - block.min_row + 1) * (max_col - block.min_col + 1) > MAX_RANGE_CELLS:
            raise CannotEvaluate(_("bereik te groot"))
        return [self._cell(ws.title, r, c, stack)
                for r in range(block.min_row, max_row + 1) for c in range(block.min_col, max_col + 1)]
