"""Forms of the schouw and condition pages (labels and messages in Dutch)."""

import datetime

from django import forms

from wijkwerk.areas.models import Area

from . import nen2767
from .models import AreaType


class RoundPlanForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=100, help_text="Bijvoorbeeld: Voorjaar 2026")
    period_start = forms.DateField(label="Begindatum", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label="Einddatum", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    plots_per_buurt = forms.IntegerField(label="Meetlocaties per buurt", min_value=1, max_value=100, initial=5)
    seed = forms.IntegerField(label="Startgetal loting", required=False, min_value=0,
                              help_text="Hetzelfde startgetal geeft dezelfde meetlocaties. Leeg: afgeleid van de naam.")
    aspects = forms.MultipleChoiceField(label="Aspecten", widget=forms.CheckboxSelectMultiple, required=False,
                                        help_text="Niets gekozen: alle aspecten.")

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"].choices = [(a.code, a.name) for a in catalogue.aspects.all()]

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "De einddatum ligt voor de begindatum.")
        return data


class ThresholdForm(forms.Form):
    aspect = forms.ChoiceField(label="Aspect")
    a_plus = forms.FloatField(label="A+ tot en met", min_value=0)
    a = forms.FloatField(label="A tot en met", min_value=0)
    b = forms.FloatField(label="B tot en met", min_value=0)
    c = forms.FloatField(label="C tot en met (daarboven D)", min_value=0)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [(a.code, a.name) for a in aspects]


class AreaTypeAssignForm(forms.Form):
    buurt = forms.ModelChoiceField(label="Buurt", queryset=Area.objects.none())
    area_type = forms.ModelChoiceField(label="Gebiedstype", queryset=AreaType.objects.none(), required=False,
                                       empty_label="(standaard)")

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code")
        self.fields["area_type"].queryset = AreaType.objects.filter(gemeente=gemeente).order_by("name")


SEVERITY_CHOICES = [("", "(geen gebrek)")] + [(s, s) for s in nen2767.SEVERITIES]
DEFECT_ROWS = 6


class ConditionForm(forms.Form):
    """One measurement: a date and up to six defect rows (element, replacement value, defect,
    severity, intensity, extent). Rows with the same element name belong to one element."""

    date = forms.DateField(label="Datum van de meting", initial=datetime.date.today,
                           widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(DEFECT_ROWS):
            self.fields[f"element_{i}"] = forms.CharField(label=f"Element {i + 1}", required=False, max_length=100)
            self.fields[f"value_{i}"] = forms.DecimalField(label=f"Vervangingswaarde {i + 1} (euro)", required=False,
                                                           min_value=0, decimal_places=2, max_digits=14)
            self.fields[f"defect_{i}"] = forms.CharField(label=f"Gebrek {i + 1}", required=False, max_length=150)
            self.fields[f"severity_{i}"] = forms.ChoiceField(label=f"Ernst {i + 1}", required=False, choices=SEVERITY_CHOICES)
            self.fields[f"intensity_{i}"] = forms.TypedChoiceField(
                label=f"Intensiteit {i + 1}", required=False, coerce=int, empty_value=None,
                choices=[("", "–"), (1, "1 beginstadium"), (2, "2 gevorderd"), (3, "3 eindstadium")])
            self.fields[f"extent_{i}"] = forms.CharField(
                label=f"Omvang {i + 1}", required=False, max_length=10,
                help_text="Klasse 1 t/m 5 of een percentage, bijv. 25%")

    def rows(self):
        return [[self[f"{name}_{i}"] for name in ("element", "value", "defect", "severity", "intensity", "extent")]
                for i in range(DEFECT_ROWS)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("date") and data["date"] > datetime.date.today():
            self.add_error("date", "De datum ligt in de toekomst.")
        any_row = False
        for i in range(DEFECT_ROWS):
            element = (data.get(f"element_{i}") or "").strip()
            severity = data.get(f"severity_{i}")
            if not element:
                if severity or data.get(f"extent_{i}"):
                    self.add_error(f"element_{i}", "Geef het element bij dit gebrek.")
                continue
            any_row = True
            if severity:
                if not data.get(f"intensity_{i}"):
                    self.add_error(f"intensity_{i}", "Kies de intensiteit (1 t/m 3).")
                try:
                    nen2767.parse_extent(data.get(f"extent_{i}"))
                except nen2767.Nen2767Error as exc:
                    self.add_error(f"extent_{i}", str(exc))
        if not any_row:
            self.add_error(None, "Vul ten minste één element in.")
        return data

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


LEVEL_CHOICES = [(level, level) for level in ("A+", "A", "B", "C", "D")]


class AreaTypeForm(forms.Form):
    """Name, pass share (percent), default target and a target per aspect of the current catalogue."""

    name = forms.CharField(label="Naam", max_length=100, error_messages={"required": "Geef het gebiedstype een naam."})
    pass_share = forms.DecimalField(
        label="Normpercentage (%)", min_value=0, localize=True, max_value=100, decimal_places=1, max_digits=4,
        help_text="Aandeel meetlocaties dat op of boven het streefniveau moet liggen, bijv. 90.",
        error_messages={"required": "Geef het normpercentage.", "invalid": "Geef het normpercentage als getal, bijv. 90.",
                        "min_value": "Het normpercentage ligt tussen 0 en 100.",
                        "max_value": "Het normpercentage ligt tussen 0 en 100."})
    default_target = forms.ChoiceField(label="Standaard streefniveau", choices=LEVEL_CHOICES, initial="B",
                                       help_text="Voor aspecten zonder eigen streefniveau.")
    is_default = forms.BooleanField(label="Standaard voor buurten zonder gebiedstype", required=False)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspects = list(aspects)
        for a in self.aspects:
            self.fields[f"target__{a.code}"] = forms.ChoiceField(
                label=f"Streefniveau {a.name}", required=False,
                choices=[("", "(standaard)")] + LEVEL_CHOICES)

    def general_fields(self):
        return [self[n] for n in ("name", "pass_share", "default_target", "is_default")]

    def target_fields(self):
        return [self[f"target__{a.code}"] for a in self.aspects]

    def targets(self) -> dict[str, str]:
        return {a.code: self.cleaned_data[f"target__{a.code}"] for a in self.aspects if self.cleaned_data.get(f"target__{a.code}")}


class AreaTypeBuurtenForm(forms.Form):
    buurten = forms.ModelMultipleChoiceField(label="Buurten met dit gebiedstype", required=False,
                                             queryset=Area.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurten"].queryset = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code")


class PolygonFileForm(forms.Form):
    file = forms.FileField(label="Bestand met vlakken", help_text="GeoJSON, GeoPackage, Shapefile (.zip) of CSV/XLSX met WKT; RD New of WGS84.",
                           error_messages={"required": "Kies een bestand."})
    name_field = forms.CharField(label="Veld met de naam (optioneel)", required=False, max_length=100)
    replace = forms.BooleanField(label="Vervang de bestaande vlakken van dit gebiedstype", required=False, initial=True)


class ConditionTablesForm(forms.Form):
    """The NEN 2767 matrix (condition per severity, intensity and extent class), the correction
    factors per condition and the lower bounds of extent classes 2..5 (percent)."""

    def __init__(self, *args, tables: nen2767.Tables, **kwargs):
        super().__init__(*args, **kwargs)
        cond_errors = {"required": "Vul een conditie in (1 t/m 6).", "invalid": "Een conditie is een heel getal van 1 t/m 6.",
                       "min_value": "Een conditie is 1 t/m 6.", "max_value": "Een conditie is 1 t/m 6."}
        for severity in nen2767.SEVERITIES:
            for intensity in nen2767.INTENSITIES:
                row = tables.matrix[severity][intensity]
                for extent in nen2767.EXTENT_CLASSES:
                    self.fields[f"m_{severity}_{intensity}_{extent}"] = forms.IntegerField(
                        label=f"Conditie bij ernst {severity}, intensiteit {intensity}, omvang {extent}",
                        min_value=1, max_value=6, initial=row[extent - 1], error_messages=cond_errors)
        for c in nen2767.CONDITIONS:
            self.fields[f"f_{c}"] = forms.DecimalField(
                label=f"Correctiefactor conditie {c}", min_value=0, localize=True, max_digits=5, decimal_places=3,
                initial=tables.factors[c],
                error_messages={"required": f"Vul de correctiefactor van conditie {c} in.",
                                "invalid": f"De correctiefactor van conditie {c} is geen getal.",
                                "min_value": "Een correctiefactor is positief.",
                                "max_digits": "Gebruik hoogstens 5 cijfers.", "max_decimal_places": "Gebruik hoogstens 3 decimalen.",
                                "max_whole_digits": "Gebruik hoogstens 2 cijfers voor de komma."})
        for k, bound in enumerate(tables.extent_bounds):
            self.fields[f"b_{k + 2}"] = forms.DecimalField(
                label=f"Omvangklasse {k + 2} vanaf (%)", min_value=0, localize=True, max_value=100, max_digits=5, decimal_places=2,
                initial=bound,
                error_messages={"required": f"Vul de ondergrens van omvangklasse {k + 2} in.",
                                "invalid": f"De ondergrens van omvangklasse {k + 2} is geen getal.",
                                "min_value": "Een percentage ligt tussen 0 en 100.", "max_value": "Een percentage ligt tussen 0 en 100."})

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
