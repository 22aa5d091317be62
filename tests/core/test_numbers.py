"""Amounts typed the way people type them, numbers shown the way the pages show them."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from wijkwerk.core.forms import AmountField
from wijkwerk.core.numbers import format_money, format_number, format_percent, parse_amount


@pytest.mark.parametrize(("text", "amount"), [
    ("€ 1.200.000", Decimal("1200000")),
    ("€1.200.000,-", Decimal("1200000")),
    ("1.200.000,50", Decimal("1200000.50")),
    ("1 200 000", Decimal("1200000")),
    ("1\u00a0200\u00a0000 EUR", Decimal("1200000")),
    ("1200000", Decimal("1200000")),
    ("1200000,5", Decimal("1200000.5")),
    ("1.200", Decimal("1200")),
    ("1,5", Decimal("1.5")),
    ("12,345.67", Decimal("12345.67")),
    ("-€ 5", Decimal("-5")),
])
def test_amounts_as_dutch_users_type_them(text, amount):
    with translation.override("nl"):
        assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.20.0", "1,2,3,4", "€", "12 apples", "1.200,000.5", ",5"])
def test_what_is_not_an_amount_is_refused_with_an_example(text):
    with translation.override("nl"), pytest.raises(ValueError, match="geen bedrag.*€ 1.200.000"):
        parse_amount(text)


def test_english_reads_a_single_comma_of_thousands_as_grouping():
    with translation.override("en"):
        assert parse_amount("1,200") == Decimal("1200")
        assert parse_amount("1.5") == Decimal("1.5")


def test_numbers_follow_the_active_language():
    with translation.override("nl"):
        assert format_number(1199985) == "1.199.985"
        assert format_percent(0.00005, 3) == "0,005 %"
        assert format_money(1199985.4) == "€ 1.199.985"
        assert format_percent(2 / 3, 2) == "66,67 %"  # rounded, not cut off
        assert format_number(-0.0001, 1) == "0,0"
        assert format_number(2.5) == "3"
    with translation.override("en"):
        assert format_number(1199985) == "1,199,985"
        assert format_percent(0.00005, 3) == "0.005%"
        assert format_money(1199985.4) == "€1,199,985"


class BudgetForm(forms.Form):
    budget = AmountField(max_digits=14, decimal_places=2, min_value=0)


def test_amount_field_accepts_a_euro_amount_and_shows_it_back_grouped():
    with translation.override("nl"):
        form = BudgetForm({"budget": "€ 1.200.000"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["budget"] == Decimal("1200000")
        html = str(BudgetForm(initial={"budget": Decimal("1200000")})["budget"])
        assert 'value="1.200.000"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
        bad = BudgetForm({"budget": "twaalf"})
        assert not bad.is_valid()
        assert "geen bedrag" in bad.errors["budget"][0]
        negative = BudgetForm({"budget": "-5"})
        assert not negative.is_valid()


def test_template_filters():
    with translation.override("nl"):
        out = Template("{% load wijkwerk_numbers %}{{ a|euro }}|{{ b|procent:1 }}|{{ c|getal:2 }}|{{ d|euro }}").render(
            Context({"a": 1200000, "b": 0.125, "c": 1234.5, "d": None}))
    assert out == "€ 1.200.000|12,5 %|1.234,50|"
