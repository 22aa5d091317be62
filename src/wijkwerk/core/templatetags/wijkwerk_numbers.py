"""`{% load wijkwerk_numbers %}`: numbers on pages as in the PDFs and exports (wijkwerk.core.numbers).

    {{ plan.budget|euro }}          € 1.200.000
    {{ share|procent:1 }}           12,5 %
    {{ count|getal }}               1.199.985     {{ area|getal:2 }}   12,50
"""

from django import template

from wijkwerk.core.numbers import format_money, format_number, format_percent

register = template.Library()


@register.filter
def getal(value, decimals=0):
    if value in (None, ""):
        return ""
    return format_number(value, int(decimals))


@register.filter
def procent(value, decimals=1):
    if value in (None, ""):
        return ""
    return format_percent(value, int(decimals))


@register.filter
def euro(value, decimals=0):
    if value in (None, ""):
        return ""
    return format_money(value, int(decimals))
