"""Forms of the schouw pages: planning a round, thresholds, area types and their buurten and
polygons (labels and messages in Dutch, translatable)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.areas.models import Area

from .. import crow
from ..models import AreaType

LEVEL_CHOICES = [(level, level) for level in crow.LEVELS]


class RoundPlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=100, help_text=gettext_lazy("Bijvoorbeeld: Voorjaar 2026"))
    period_start = forms.DateField(label=gettext_lazy("Begindatum"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=gettext_lazy("Einddatum"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    plots_per_buurt = forms.IntegerField(label=gettext_lazy("Meetlocaties per buurt"), min_value=1, max_value=100,
                                         initial=5)
    seed = forms.IntegerField(label=gettext_lazy("Startgetal loting"), required=False, min_value=0,
                              help_text=gettext_lazy("Hetzelfde startgetal geeft dezelfde meetlocaties. "
                                                     "Leeg: afgeleid van de naam."))
    aspects = forms.MultipleChoiceField(label=gettext_lazy("Aspecten"), widget=forms.CheckboxSelectMultiple,
                                        required=False, help_text=gettext_lazy("Niets gekozen: alle aspecten."))

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"].choices = [(a.code, a.name) for a in aspects]

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("De einddatum ligt voor de begindatum."))
        return data


class ThresholdForm(forms.Form):
    aspect = forms.ChoiceField(label=gettext_lazy("Aspect"))
    a_plus = forms.FloatField(label=gettext_lazy("A+ tot en met"), min_value=0)
    a = forms.FloatField(label=gettext_lazy("A tot en met"), min_value=0)
    b = forms.FloatField(label=gettext_lazy("B tot en met"), min_value=0)
    c = forms.FloatField(label=gettext_lazy("C tot en met (daarboven D)"), min_value=0)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [(a.code, a.name) for a in aspects]


class AreaTypeAssignForm(forms.Form):
    buurt = forms.ModelChoiceField(label=gettext_lazy("Buurt"), queryset=Area.objects.none())
    area_type = forms.ModelChoiceField(label=gettext_lazy("Gebiedstype"), queryset=AreaType.objects.none(),
                                       required=False, empty_label=gettext_lazy("(standaard)"))

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code")
        self.fields["area_type"].queryset = AreaType.objects.filter(gemeente=gemeente).order_by("name")


class AreaTypeForm(forms.Form):
    """Name, pass share (percent), default target and a target per aspect of the current catalogue."""

    name = forms.CharField(label=gettext_lazy("Naam"), max_length=100,
                           error_messages={"required": gettext_lazy("Geef het gebiedstype een naam.")})
    pass_share = forms.DecimalField(
        label=gettext_lazy("Normpercentage (%)"), min_value=0, localize=True, max_value=100, decimal_places=1,
        max_digits=4,
        help_text=gettext_lazy("Aandeel meetlocaties dat op of boven het streefniveau moet liggen, bijv. 90."),
        error_messages={"required": gettext_lazy("Geef het normpercentage."),
                        "invalid": gettext_lazy("Geef het normpercentage als getal, bijv. 90."),
                        "min_value": gettext_lazy("Het normpercentage ligt tussen 0 en 100."),
                        "max_value": gettext_lazy("Het normpercentage ligt tussen 0 en 100.")})
    default_target = forms.ChoiceField(label=gettext_lazy("Standaard streefniveau"), choices=LEVEL_CHOICES, initial="B",
                                       help_text=gettext_lazy("Voor aspecten zonder eigen streefniveau."))
    is_default = forms.BooleanField(label=gettext_lazy("Standaard voor buurten zonder gebiedstype"), required=False)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspects = list(aspects)
        for a in self.aspects:
            self.fields[f"target__{a.code}"] = forms.ChoiceField(
                label=_("Streefniveau %(aspect)s") % {"aspect": a.name}, required=False,
                choices=[("", _("(standaard)"))] + LEVEL_CHOICES)

    def general_fields(self):
        return [self[n] for n in ("name", "pass_share", "default_target", "is_default")]

    def target_fields(self):
        return [self[f"target__{a.code}"] for a in self.aspects]

    def targets(self) -> dict[str, str]:
        return {a.code: self.cleaned_data[f"target__{a.code}"] for a in self.aspects
                if self.cleaned_data.get(f"target__{a.code}")}


class AreaTypeBuurtenForm(forms.Form):
    buurten = forms.ModelMultipleChoiceField(label=gettext_lazy("Buurten met dit gebiedstype"), required=False,
                                             queryset=Area.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurten"].queryset = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code")


class PolygonFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Bestand met vlakken"),
                           help_text=gettext_lazy("GeoJSON, GeoPackage, Shapefile (.zip) of CSV/XLSX met WKT; "
                                                  "RD New of WGS84."),
                           error_messages={"required": gettext_lazy("Kies een bestand.")})
    name_field = forms.CharField(label=gettext_lazy("Veld met de naam (optioneel)"), required=False, max_length=100)
    replace = forms.BooleanField(label=gettext_lazy("Vervang de bestaande vlakken van dit gebiedstype"), required=False,
                                 initial=True)
