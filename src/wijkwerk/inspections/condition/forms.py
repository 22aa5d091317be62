"""Forms of the condition pages: one NEN 2767 measurement, and the municipality's tables (labels
and messages in Dutch, translatable)."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import nen2767

SEVERITY_CHOICES = [("", gettext_lazy("(geen gebrek)"))] + [(s, s) for s in nen2767.SEVERITIES]
INTENSITY_CHOICES = [("", "–"), (1, gettext_lazy("1 beginstadium")), (2, gettext_lazy("2 gevorderd")),
                     (3, gettext_lazy("3 eindstadium"))]
DEFECT_ROWS = 6
ROW_FIELDS = ("element", "value", "defect", "severity", "intensity", "extent")


class ConditionForm(forms.Form):
    """One measurement: a date and up to six defect rows (element, replacement value, defect,
    severity, intensity, extent). Rows with the same element name belong to one element."""

    date = forms.DateField(label=gettext_lazy("Datum van de meting"), initial=datetime.date.today,
                           widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(DEFECT_ROWS):
            n = {"n": i + 1}
            self.fields[f"element_{i}"] = forms.CharField(label=_("Element %(n)s") % n, required=False, max_length=100)
            self.fields[f"value_{i}"] = forms.DecimalField(label=_("Vervangingswaarde %(n)s (euro)") % n, required=False,
                                                           min_value=0, decimal_places=2, max_digits=14)
            self.fields[f"defect_{i}"] = forms.CharField(label=_("Gebrek %(n)s") % n, required=False, max_length=150)
            self.fields[f"severity_{i}"] = forms.ChoiceField(label=_("Ernst %(n)s") % n, required=False,
                                                             choices=SEVERITY_CHOICES)
            self.fields[f"intensity_{i}"] = forms.TypedChoiceField(
                label=_("Intensiteit %(n)s") % n, required=False, coerce=int, empty_value=None, choices=INTENSITY_CHOICES)
            self.fields[f"extent_{i}"] = forms.CharField(
                label=_("Omvang %(n)s") % n, required=False, max_length=10,
                help_text=_("Klasse 1 t/m 5 of een percentage, bijv. 25%"))

    def rows(self):
        return [[self[f"{name}_{i}"] for name in ROW_FIELDS] for i in range(DEFECT_ROWS)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("date") and data["date"] > datetime.date.today():
            self.add_error("date", _("De datum ligt in de toekomst."))
        any_row = False
        for i in range(DEFECT_ROWS):
            element = (data.get(f"element_{i}") or "").strip()
            if not element:
                if data.get(f"severity_{i}") or data.get(f"extent_{i}"):
                    self.add_error(f"element_{i}", _("Geef het element bij dit gebrek."))
                continue
            any_row = True
            self._clean_defect(data, i)
        if not any_row:
            self.add_error(None, _("Vul ten minste één element in."))
        return data

    def _clean_defect(self, data: dict, i: int) -> None:
        if not data.get(f"severity_{i}"):
            return
        if not data.get(f"intensity_{i}"):
            self.add_error(f"intensity_{i}", _("Kies de intensiteit (1 t/m 3)."))
        try:
            nen2767.parse_extent(data.get(f"extent_{i}"))
        except nen2767.Nen2767Error as exc:
            self.add_error(f"extent_{i}", str(exc))

    def elements(self) -> list[dict]:
        data = self.cleaned_data
        elements: dict[str, dict] = {}
        for i in range(DEFECT_ROWS):
            name = (data.get(f"element_{i}") or "").strip()
            if not name:
                continue
            el = elements.setdefault(name, {"name": name, "replacement_value": data.get(f"value_{i}") or 0, "defects": []})
            if data.get(f"value_{i}"):
                el["replacement_value"] = data[f"value_{i}"]
            if data.get(f"severity_{i}"):
                el["defects"].append({"name": data.get(f"defect_{i}") or "gebrek", "severity": data[f"severity_{i}"],
                                      "intensity": data[f"intensity_{i}"], "extent": data[f"extent_{i}"]})
        return list(elements.values())


class ConditionTablesForm(forms.Form):
    """The NEN 2767 matrix (condition per severity, intensity and extent class), the correction
    factors per condition and the lower bounds of extent classes 2..5 (percent)."""

    def __init__(self, *args, tables: nen2767.Tables, **kwargs):
        super().__init__(*args, **kwargs)
        self._matrix_fields(tables)
        for c in nen2767.CONDITIONS:
            n = {"c": c}
            self.fields[f"f_{c}"] = forms.DecimalField(
                label=_("Correctiefactor conditie %(c)s") % n, min_value=0, localize=True, max_digits=5,
                decimal_places=3, initial=tables.factors[c],
                error_messages={"required": _("Vul de correctiefactor van conditie %(c)s in.") % n,
                                "invalid": _("De correctiefactor van conditie %(c)s is geen getal.") % n,
                                "min_value": _("Een correctiefactor is positief."),
                                "max_digits": _("Gebruik hoogstens 5 cijfers."),
                                "max_decimal_places": _("Gebruik hoogstens 3 decimalen."),
                                "max_whole_digits": _("Gebruik hoogstens 2 cijfers voor de komma.")})
        for k, bound in enumerate(tables.extent_bounds):
            n = {"k": k + 2}
            self.fields[f"b_{k + 2}"] = forms.DecimalField(
                label=_("Omvangklasse %(k)s vanaf (%%)") % n, min_value=0, localize=True, max_value=100, max_digits=5,
                decimal_places=2, initial=bound,
                error_messages={"required": _("Vul de ondergrens van omvangklasse %(k)s in.") % n,
                                "invalid": _("De ondergrens van omvangklasse %(k)s is geen getal.") % n,
                                "min_value": _("Een percentage ligt tussen 0 en 100."),
                                "max_value": _("Een percentage ligt tussen 0 en 100.")})

    def _matrix_fields(self, tables: nen2767.Tables) -> None:
        errors = {"required": _("Vul een conditie in (1 t/m 6)."), "invalid": _("Een conditie is een heel getal van 1 t/m 6."),
                  "min_value": _("Een conditie is 1 t/m 6."), "max_value": _("Een conditie is 1 t/m 6.")}
        for severity in nen2767.SEVERITIES:
            for intensity in nen2767.INTENSITIES:
                row = tables.matrix[severity][intensity]
                for extent in nen2767.EXTENT_CLASSES:
                    self.fields[f"m_{severity}_{intensity}_{extent}"] = forms.IntegerField(
                        label=_("Conditie bij ernst %(severity)s, intensiteit %(intensity)s, omvang %(extent)s")
                        % {"severity": severity, "intensity": intensity, "extent": extent},
                        min_value=1, max_value=6, initial=row[extent - 1], error_messages=errors)

    def matrix_rows(self):
        return [{"severity": s, "intensity": i, "cells": [self[f"m_{s}_{i}_{e}"] for e in nen2767.EXTENT_CLASSES]}
                for s in nen2767.SEVERITIES for i in nen2767.INTENSITIES]

    def factor_fields(self):
        return [self[f"f_{c}"] for c in nen2767.CONDITIONS]

    def bound_fields(self):
        return [self[f"b_{k}"] for k in (2, 3, 4, 5)]

    def tables(self) -> dict:
        d = self.cleaned_data
        return {
            "matrix": {s: {str(i): [d[f"m_{s}_{i}_{e}"] for e in nen2767.EXTENT_CLASSES] for i in nen2767.INTENSITIES}
                       for s in nen2767.SEVERITIES},
            "factors": {str(c): float(d[f"f_{c}"]) for c in nen2767.CONDITIONS},
            "extent_bounds": [float(d[f"b_{k}"]) for k in (2, 3, 4, 5)],
        }


class ConditionFileForm(forms.Form):
    """A file of NEN 2767 measurements to check (and, after confirming, to import)."""

    file = forms.FileField(label=gettext_lazy("Bestand met conditiemetingen (CSV of Excel)"),
                           error_messages={"required": gettext_lazy("Kies een bestand.")})

    def __init__(self, *args, limit_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if limit_label:
            self.fields["file"].help_text = _("CSV of Excel (.xlsx), één regel per gebrek; hoogstens %(limit)s.") % {
                "limit": limit_label}
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,.txt"
