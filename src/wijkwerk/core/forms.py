"""Form fields shared by the apps' pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .numbers import format_number, parse_amount


class AmountField(forms.DecimalField):
    """An amount in euros as people type it ("€ 1.200.000", "1.200.000,50", "1200000").

    A text input (a number input would refuse the euro sign and the dots in the browser), shown back in the
    active language's grouping.
    """

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):  # only meaningful on a number input
            attrs.pop(key, None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            decimals = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 2
            return format_number(value, decimals)
        return value
