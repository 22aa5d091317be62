"""Recomputing the formulas of a bid sheet, so a sheet is judged on what Excel shows the bidder
and never on a cached value that someone wrote into the file by hand.

An .xlsx stores for each formula cell both the formula and the value it had when the file was
last saved (the cached value). openpyxl reads one or the other; a crafted file can carry a formula
`=44*1000` with a cached value `1`. `FormulaCheck` recomputes a cell's formula and compares it
with its cached value.

A small, safe evaluator (no `eval`): numbers, text, cell references (also to other sheets),
ranges inside functions, the operators + - * / ^ % & and the functions SUM, ROUND, ROUNDUP,
ROUNDDOWN, MIN, MAX, ABS, PRODUCT and AVERAGE. Anything else (other functions, defined names,
comparisons, array formulas, error values) cannot be recomputed and is reported as such, so the
caller refuses the cell instead of trusting its cached value. Work is bounded: a range may hold
at most `MAX_RANGE_CELLS` cells, one check visits at most `MAX_CELLS` cells and follows
references at most `MAX_DEPTH` deep; a circular reference is reported.

Pure Python + openpyxl; only gettext from Django, for the reasons given to the user.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation, localcontext

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.utils.cell import range_boundaries

MAX_RANGE_CELLS = 20_000
MAX_CELLS = 50_000
MAX_DEPTH = 60
MAX_FORMULA_LENGTH = 2000
PRECISION = 30
NUMBER_TEXT_RE = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")
# What a checked cell holds (`mismatch(what=...)`), as the reasons name it: plain, and stored.
WHAT_LABELS = {
    "antwoord": (gettext_lazy("het antwoord"), gettext_lazy("het opgeslagen antwoord")),
    "code": (gettext_lazy("de code"), gettext_lazy("de opgeslagen code")),
    "getal": (gettext_lazy("het getal"), gettext_lazy("het opgeslagen getal")),
    "bedrag": (gettext_lazy("het bedrag"), gettext_lazy("het opgeslagen bedrag")),
}


class CannotEvaluate(Exception):
    """The formula cannot be recomputed here. `reason` is a few Dutch words for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _to_decimal(value) -> Decimal:
    """A cell value or intermediate result as a number, like Excel does in arithmetic."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CannotEvaluate(_("geen getal"))
        return Decimal(f"{value:.15g}")
    if isinstance(value, str):
        if NUMBER_TEXT_RE.fullmatch(value):
            return Decimal(value.strip())
        raise CannotEvaluate(_("tekst '%(text)s' is geen getal") % {"text": value[:30]})
    raise CannotEvaluate(_("een datum of ander soort waarde"))


def format_number(number: Decimal) -> str:
    """A number as a person reads it in a message: 44000, 12,5 (no exponent, decimal comma)."""
    number = number.normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f").replace(".", ",")


def _to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, str):
        return value
    number = _to_decimal(value).normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f")


class _Range:
    """A rectangular block of cells, only meaningful as a function argument."""

    def __init__(self, sheet: str, min_col: int, min_row: int, max_col: int, max_row: int):
        self.sheet, self.min_col, self.min_row, self.max_col, self.max_row = sheet, min_col, min_row, max_col, max_row


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
            stored = format_number(_to_decimal(cached))
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
                stored = _to_decimal(cached)
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
                value = _to_decimal(value)
            return value
        if key in stack:
            raise CannotEvaluate(_("kringverwijzing"))
        if len(stack) >= MAX_DEPTH:
            raise CannotEvaluate(_("te diep geneste verwijzingen"))
        if not isinstance(cell.value, str):
            raise CannotEvaluate(_("matrixformule"))
        value = _Formula(self, ws.title, cell.value, (*stack, key)).run()
        self._memo[key] = value
        return value

    def _range_values(self, block: _Range, stack: tuple) -> list:
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


class _Formula:
    """Parses and evaluates one formula by precedence climbing over openpyxl's tokens."""

    FUNCTIONS = {"SUM", "ROUND", "ROUNDUP", "ROUNDDOWN", "MIN", "MAX", "ABS", "PRODUCT", "AVERAGE"}

    def __init__(self, check: FormulaCheck, sheet: str, text: str, stack: tuple):
        if len(text) > MAX_FORMULA_LENGTH:
            raise CannotEvaluate(_("formule te lang"))
        try:
            tokens = Tokenizer(text).items
        except (TokenizerError, ValueError, IndexError):
            raise CannotEvaluate(_("formule niet leesbaar")) from None
        self.tokens = [t for t in tokens if t.type != Token.WSPACE]
        self.pos = 0
        self.check, self.sheet, self.stack = check, sheet, stack

    def run(self):
        with localcontext() as ctx:
            ctx.prec = PRECISION
            try:
                value = self._expression()
                if self.pos != len(self.tokens):
                    raise CannotEvaluate(_("formule niet leesbaar"))
                if isinstance(value, _Range):
                    value = self._single(value)
            except (InvalidOperation, OverflowError, ValueError):
                raise CannotEvaluate(_("rekenfout")) from None
        return value

    # tokens

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self):
        token = self._peek()
        if token is None:
            raise CannotEvaluate(_("formule niet leesbaar"))
        self.pos += 1
        return token

    def _is(self, kind: str, value: str | None = None, subtype: str | None = None) -> bool:
        token = self._peek()
        return (token is not None and token.type == kind and (value is None or token.value == value)
                and (subtype is None or token.subtype == subtype))

    # grammar, lowest precedence first

    def _expression(self):
        value = self._concat()
        if self._is(Token.OP_IN) and self._peek().value in ("=", "<", ">", "<=", ">=", "<>"):
            raise CannotEvaluate(_("vergelijkingen worden niet nagerekend"))
        return value

    def _concat(self):
        value = self._additive()
        while self._is(Token.OP_IN, "&"):
            self._take()
            value = _to_text(self._scalar(value)) + _to_text(self._scalar(self._additive()))
        return value

    def _additive(self):
        value = self._multiplicative()
        while self._is(Token.OP_IN, "+") or self._is(Token.OP_IN, "-"):
            op = self._take().value
            right = _to_decimal(self._scalar(self._multiplicative()))
            left = _to_decimal(self._scalar(value))
            value = left + right if op == "+" else left - right
        return value

    def _multiplicative(self):
        value = self._power()
        while self._is(Token.OP_IN, "*") or self._is(Token.OP_IN, "/"):
            op = self._take().value
            right = _to_decimal(self._scalar(self._power()))
            left = _to_decimal(self._scalar(value))
            if op == "*":
                value = left * right
            elif right == 0:
                raise CannotEvaluate(_("deling door nul"))
            else:
                value = left / right
        return value

    def _power(self):
        value = self._unary()
        while self._is(Token.OP_IN, "^"):
            self._take()
            exponent = _to_decimal(self._scalar(self._unary()))
            base = _to_decimal(self._scalar(value))
            if abs(exponent) > 100 or (base == 0 and exponent < 0) or (base < 0 and exponent != int(exponent)):
                raise CannotEvaluate(_("machtsverheffing buiten bereik"))
            value = base ** int(exponent) if exponent == int(exponent) else base ** exponent
        return value

    def _unary(self):
        if self._is(Token.OP_PRE):
            op = self._take().value
            value = _to_decimal(self._scalar(self._unary()))
            return -value if op == "-" else value
        return self._postfix()

    def _postfix(self):
        value = self._primary()
        while self._is(Token.OP_POST, "%"):
            self._take()
            value = _to_decimal(self._scalar(value)) / 100
        return value

    def _primary(self):
        token = self._take()
        if token.type == Token.OPERAND:
            if token.subtype == Token.NUMBER:
                return Decimal(token.value)
            if token.subtype == Token.TEXT:
                return token.value[1:-1].replace('""', '"')
            if token.subtype == Token.LOGICAL:
                return token.value.upper() == "TRUE"
            if token.subtype == Token.RANGE:
                return self._reference(token.value)
            raise CannotEvaluate(_("foutwaarde %(value)s") % {"value": token.value[:20]})
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            value = self._expression()
            if not (self._is(Token.PAREN, subtype=Token.CLOSE)):
                raise CannotEvaluate(_("formule niet leesbaar"))
            self._take()
            return value
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            return self._function(token.value)
        raise CannotEvaluate(_("formule niet leesbaar"))

    def _reference(self, text: str):
        sheet = self.sheet
        ref = text
        if "!" in text:
            sheet, _bang, ref = text.rpartition("!")
            if sheet.startswith("'") and sheet.endswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            if sheet.startswith("[") or not sheet:
                raise CannotEvaluate(_("verwijzing naar een ander bestand"))
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError):
            raise CannotEvaluate(_("naam '%(name)s' wordt niet nagerekend") % {"name": text[:30]}) from None
        if min_col is None or min_row is None or max_col is None or max_row is None:
            ws = self.check._sheet(sheet)
            if ws is None:
                raise CannotEvaluate(_("tabblad '%(sheet)s' bestaat niet") % {"sheet": sheet[:30]})
            min_col, min_row = min_col or 1, min_row or 1
            max_col, max_row = max_col or ws.max_column, max_row or ws.max_row
        return _Range(sheet, min_col, min_row, max_col, max_row)

    def _single(self, block: _Range):
        if block.min_col != block.max_col or block.min_row != block.max_row:
            raise CannotEvaluate(_("een bereik waar één cel hoort"))
        return self.check._cell(block.sheet, block.min_row, block.min_col, self.stack)

    def _scalar(self, value):
        return self._single(value) if isinstance(value, _Range) else value

    def _arguments(self) -> list:
        args: list = []
        if self._is(Token.FUNC, subtype=Token.CLOSE):
            self._take()
            return args
        while True:
            args.append(self._expression())
            token = self._take()
            if token.type == Token.SEP and token.subtype == Token.ARG:
                continue
            if token.type == Token.FUNC and token.subtype == Token.CLOSE:
                return args
            raise CannotEvaluate(_("formule niet leesbaar"))

    def _numbers(self, args: list) -> list[Decimal]:
        """The numbers of function arguments: in a range only numbers count (text, empty cells and
        ja/nee are skipped, like Excel); a value given directly must be a number."""
        numbers = []
        for arg in args:
            if isinstance(arg, _Range):
                for value in self.check._range_values(arg, self.stack):
                    if isinstance(value, Decimal):
                        numbers.append(value)
            else:
                numbers.append(_to_decimal(arg))
        return numbers

    def _function(self, token_value: str):
        name = token_value[:-1].upper()
        if name.startswith("_XLFN."):
            name = name[len("_XLFN."):]
        if name not in self.FUNCTIONS:
            raise CannotEvaluate(_("functie %(name)s wordt niet nagerekend") % {"name": name[:20]})
        args = self._arguments()
        if name in ("SUM", "MIN", "MAX", "PRODUCT", "AVERAGE"):
            numbers = self._numbers(args)
            if name == "SUM":
                return sum(numbers, Decimal(0))
            if name == "PRODUCT":
                result = Decimal(1) if numbers else Decimal(0)
                for n in numbers:
                    result *= n
                return result
            if name == "AVERAGE":
                if not numbers:
                    raise CannotEvaluate(_("deling door nul"))
                return sum(numbers, Decimal(0)) / len(numbers)
            if not numbers:
                return Decimal(0)
            return min(numbers) if name == "MIN" else max(numbers)
        if name == "ABS":
            if len(args) != 1:
                raise CannotEvaluate(_("ABS met een verkeerd aantal argumenten"))
            return abs(_to_decimal(self._scalar(args[0])))
        if len(args) != 2:
            raise CannotEvaluate(_("%(name)s met een verkeerd aantal argumenten") % {"name": name})
        number = _to_decimal(self._scalar(args[0]))
        digits = _to_decimal(self._scalar(args[1]))
        digits = int(digits)  # Excel truncates the number of digits
        if abs(digits) > 30:
            raise CannotEvaluate(_("afronding buiten bereik"))
        mode = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}[name]
        return number.scaleb(digits).quantize(Decimal(1), rounding=mode).scaleb(-digits)
