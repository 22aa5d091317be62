"""One formula of a bid sheet, parsed and evaluated: the small, safe formula language that
`sheetcalc.FormulaCheck` recomputes cells with (no `eval`).

Numbers, text, cell references (also to other sheets), ranges inside functions, the operators
+ - * / ^ % & and the functions SUM, ROUND, ROUNDUP, ROUNDDOWN, MIN, MAX, ABS, PRODUCT and
AVERAGE, by precedence climbing over openpyxl's tokens. Anything else (other functions, defined
names, comparisons, array formulas, error values) raises `CannotEvaluate`. The cells a formula
refers to are read through the FormulaCheck that runs it (which bounds the work).

Pure Python + openpyxl; only gettext from Django, for the reasons given to the user.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation, localcontext
from typing import Protocol

from django.utils.translation import gettext as _
from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.utils.cell import range_boundaries

MAX_FORMULA_LENGTH = 2000
PRECISION = 30
NUMBER_TEXT_RE = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


class CannotEvaluate(Exception):
    """The formula cannot be recomputed here. `reason` is a few Dutch words for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def to_decimal(value) -> Decimal:
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


def _to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, str):
        return value
    number = to_decimal(value).normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f")


class Range:
    """A rectangular block of cells, only meaningful as a function argument."""

    def __init__(self, sheet: str, min_col: int, min_row: int, max_col: int, max_row: int):
        self.sheet, self.min_col, self.min_row, self.max_col, self.max_row = sheet, min_col, min_row, max_col, max_row


class Cells(Protocol):
    """What a formula reads its cells through: the `sheetcalc.FormulaCheck` that runs it."""

    def _sheet(self, name: str): ...

    def _cell(self, sheet: str, row: int, col: int, stack: tuple): ...

    def _range_values(self, block: Range, stack: tuple) -> list: ...


class Formula:
    """Parses and evaluates one formula by precedence climbing over openpyxl's tokens."""

    FUNCTIONS = {"SUM", "ROUND", "ROUNDUP", "ROUNDDOWN", "MIN", "MAX", "ABS", "PRODUCT", "AVERAGE"}

    def __init__(self, check: Cells, sheet: str, text: str, stack: tuple):
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
                if isinstance(value, Range):
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
            right = to_decimal(self._scalar(self._multiplicative()))
            left = to_decimal(self._scalar(value))
            value = left + right if op == "+" else left - right
        return value

    def _multiplicative(self):
        value = self._power()
        while self._is(Token.OP_IN, "*") or self._is(Token.OP_IN, "/"):
            op = self._take().value
            right = to_decimal(self._scalar(self._power()))
            left = to_decimal(self._scalar(value))
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
            exponent = to_decimal(self._scalar(self._unary()))
            base = to_decimal(self._scalar(value))
            if abs(exponent) > 100 or (base == 0 and exponent < 0) or (base < 0 and exponent != int(exponent)):
                raise CannotEvaluate(_("machtsverheffing buiten bereik"))
            value = base ** int(exponent) if exponent == int(exponent) else base ** exponent
        return value

    def _unary(self):
        if self._is(Token.OP_PRE):
            op = self._take().value
            value = to_decimal(self._scalar(self._unary()))
            return -value if op == "-" else value
        return self._postfix()

    def _postfix(self):
        value = self._primary()
        while self._is(Token.OP_POST, "%"):
            self._take()
            value = to_decimal(self._scalar(value)) / 100
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
        return Range(sheet, min_col, min_row, max_col, max_row)

    def _single(self, block: Range):
        if block.min_col != block.max_col or block.min_row != block.max_row:
            raise CannotEvaluate(_("een bereik waar één cel hoort"))
        return self.check._cell(block.sheet, block.min_row, block.min_col, self.stack)

    def _scalar(self, value):
        return self._single(value) if isinstance(value, Range) else value

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
            if isinstance(arg, Range):
                for value in self.check._range_values(arg, self.stack):
                    if isinstance(value, Decimal):
                        numbers.append(value)
            else:
                numbers.append(to_decimal(arg))
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
            return abs(to_decimal(self._scalar(args[0])))
        if len(args) != 2:
            raise CannotEvaluate(_("%(name)s met een verkeerd aantal argumenten") % {"name": name})
        number = to_decimal(self._scalar(args[0]))
        digits = to_decimal(self._scalar(args[1]))
        digits = int(digits)  # Excel truncates the number of digits
        if abs(digits) > 30:
            raise CannotEvaluate(_("afronding buiten bereik"))
        mode = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}[name]
        return number.scaleb(digits).quantize(Decimal(1), rounding=mode).scaleb(-digits)
