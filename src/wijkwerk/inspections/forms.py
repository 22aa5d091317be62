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
