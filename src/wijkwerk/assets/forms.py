"""Forms of the asset pages: the import upload and the attribute edit form."""

import codecs
import re
from decimal import Decimal
from pathlib import Path

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.files.uploads import max_upload_bytes, max_upload_label, too_large_message

from .import_forms import parse_type_map, type_labels
from .models import Asset

IMPORT_EXTENSIONS = {".geojson", ".json", ".gpkg", ".zip", ".csv", ".xlsx"}
CONDITION_CHOICES = [
    ("", _("Onbekend")),
    ("1", _("1 - uitstekend")),
    ("2", _("2 - goed")),
    ("3", _("3 - redelijk")),
    ("4", _("4 - matig")),
    ("5", _("5 - slecht")),
    ("6", _("6 - zeer slecht")),
]


def _split_fields(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


class ImportForm(forms.Form):
    ADVANCED = ("type_map", "crs", "encoding")  # shown under "Geavanceerd"

    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("GeoJSON, GeoPackage (.gpkg), Shapefile als .zip, CSV of Excel (.xlsx)."),
    )
    asset_type = forms.ChoiceField(
        label=_("Soort asset"),
        required=False,
        help_text=_("Kies één soort voor alle rijen. Verschilt de soort per rij, kies dan ‘Verschillende soorten’ "
                    "en geef hieronder de kolom op."),
    )
    type_field = forms.CharField(
        label=_("Kolom met de soort"),
        required=False,
        max_length=100,
        help_text=_("Naam van de kolom die per rij de soort bevat. Na de controle kiest u per waarde in die "
                    "kolom welke soort het is."),
    )
    type_map = forms.CharField(
        label=_("Vertaling van de soorten (YAML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Per regel: waarde in het bestand, dubbele punt, code van de soort. "
            "Bijvoorbeeld: <code>LM: street_light</code>. Rijen met een waarde die hier niet staat, worden geweigerd."
        ),
    )
    id_fields = forms.CharField(
        label=_("Sleutelvelden"),
        required=False,
        max_length=300,
        help_text=_(
            "Kolom(men) die samen een asset uniek maken, gescheiden door komma's, "
            "bijvoorbeeld <code>BUURT, STRAAT, MASTNUMMER</code>. Leeg: het veld id of de rijvolgorde."
        ),
    )
    crs = forms.CharField(
        label=_("Coördinatenstelsel (optioneel)"),
        required=False,
        max_length=30,
        help_text=_(
            "Bijvoorbeeld EPSG:28992 (RD New) of EPSG:4326 (lengte/breedte). "
            "Leeg: uit het bestand, of herkend aan de waarden."
        ),
    )
    encoding = forms.CharField(
        label=_("Tekenset (optioneel)"),
        required=False,
        max_length=30,
        help_text=_("Bijvoorbeeld utf-8 of latin-1. Leeg: wordt herkend."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = "{} {}".format(
            self.fields["file"].help_text, gettext("Hoogstens %(size)s.") % {"size": max_upload_label()}
        )
        self.type_codes = type_labels()
        self.fields["asset_type"].choices = [("", gettext("Verschillende soorten: uit een kolom van het bestand"))] + [
            (code, label) for code, label in self.type_codes.items()
        ]

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.ADVANCED]

    def advanced_fields(self):
        return [self[name] for name in self.ADVANCED]

    @property
    def advanced_open(self) -> bool:
        """The advanced part starts open when one of its fields has a value or an error."""
        return any(self[name].errors or (self.is_bound and self.data.get(name)) for name in self.ADVANCED)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(
                gettext(
                    "Dit soort bestand kan niet worden ingelezen. Gebruik GeoJSON, GeoPackage, "
                    "een Shapefile in een .zip, CSV of Excel (.xlsx)."
                )
            )
        if upload.size is not None and upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def clean_type_map(self):
        return parse_type_map(self.cleaned_data.get("type_map", ""), self.type_codes)

    def clean_id_fields(self):
        return _split_fields(self.cleaned_data.get("id_fields", ""))

    def clean_crs(self):
        text = (self.cleaned_data.get("crs") or "").strip().upper()
        if not text:
            return None
        if text.isdigit():
            text = f"EPSG:{text}"
        if not re.fullmatch(r"EPSG:\d{4,6}", text):
            raise forms.ValidationError(
                gettext("Schrijf het coördinatenstelsel als EPSG:nummer, bijvoorbeeld EPSG:28992.")
            )
        return text

    def clean_encoding(self):
        text = (self.cleaned_data.get("encoding") or "").strip()
        if not text:
            return None
        try:
            codecs.lookup(text)
        except LookupError:
            raise forms.ValidationError(
                gettext("De tekenset '%(name)s' is onbekend. Probeer utf-8 of latin-1.") % {"name": text}
            ) from None
        return text

    def clean(self):
        data = super().clean()
        asset_type = data.get("asset_type") or None
        type_field = (data.get("type_field") or "").strip() or None
        data["asset_type"], data["type_field"] = asset_type, type_field
        if not asset_type and not type_field and "asset_type" not in self.errors:
            self.add_error("asset_type", gettext("Kies een soort asset, of geef het veld met de soort op."))
        if asset_type and type_field:
            self.add_error("type_field", gettext("Kies óf één soort asset, óf een veld met de soort, niet allebei."))
        if data.get("type_map") and not type_field:
            self.add_error("type_map", gettext("Een vertaling werkt alleen samen met een veld met de soort."))
        return data

    def import_options(self) -> dict:
        """The ImportJob.options (keys = ImportOptions field names)."""
        data = self.cleaned_data
        return {
            "asset_type": data["asset_type"],
            "type_field": data["type_field"],
            "type_map": data.get("type_map"),
            "id_fields": data.get("id_fields") or [],
            "crs": data.get("crs"),
            "encoding": data.get("encoding"),
        }


def _attribute_field(spec: dict) -> forms.Field:
    label = gettext(spec["label"]) + (f" ({spec['unit']})" if spec.get("unit") else "")
    kind = spec.get("type")
    common = {"label": label, "required": False}
    if kind == "choice":
        return forms.ChoiceField(choices=[("", gettext("Onbekend"))] + [(c, c) for c in spec.get("choices", [])], **common)
    if kind == "boolean":
        return forms.ChoiceField(
            choices=[("", gettext("Onbekend")), ("ja", gettext("ja")), ("nee", gettext("nee"))], **common
        )
    if kind == "integer":
        return forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max"), **common)
    if kind == "number":
        return forms.DecimalField(
            min_value=spec.get("min"), max_value=spec.get("max"), localize=True, **common
        )
    return forms.CharField(max_length=255, **common)


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class AssetEditForm(forms.Form):
    """Edits the general fields and the attributes of the asset's type. Only changed values
    end up in `changes()`, so the history shows what really changed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(label=_("Hoeveelheid"), min_value=0, max_digits=14, decimal_places=2, localize=True)
    installation_year = forms.IntegerField(label=_("Aanlegjaar"), required=False, min_value=1500, max_value=2100)
    condition = forms.ChoiceField(label=_("Conditie (NEN 2767)"), required=False, choices=CONDITION_CHOICES)

    def __init__(self, *args, asset: Asset, **kwargs):
        self.asset = asset
        self.schema = asset.asset_type.schema or []
        initial = {
            "version": asset.version,
            "quantity": asset.quantity,
            "installation_year": asset.installation_year,
            "condition": str(asset.condition) if asset.condition else "",
        }
        for spec in self.schema:
            value = (asset.attributes or {}).get(spec["name"])
            if spec.get("type") == "boolean" and isinstance(value, bool):
                value = "ja" if value else "nee"
            initial[f"attr_{spec['name']}"] = value
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for spec in self.schema:
            self.fields[f"attr_{spec['name']}"] = _attribute_field(spec)

    def attribute_fields(self):
        return [self[f"attr_{spec['name']}"] for spec in self.schema]

    def changes(self) -> dict:
        data = self.cleaned_data
        changes: dict = {}
        if data["quantity"] != self.asset.quantity:
            changes["quantity"] = _plain(data["quantity"])
        if data["installation_year"] != self.asset.installation_year:
            changes["installation_year"] = data["installation_year"]
        condition = int(data["condition"]) if data.get("condition") else None
        if condition != self.asset.condition:
            changes["condition"] = condition
        # asset_update merges attributes: send the changed ones, None removes one.
        old = self.asset.attributes or {}
        attributes = {}
        for spec in self.schema:
            name = spec["name"]
            value = data.get(f"attr_{name}")
            if value in (None, ""):
                if name in old:
                    attributes[name] = None
                continue
            value = _plain(value)
            if spec.get("type") == "boolean":
                value = value == "ja"
            if old.get(name) != value:
                attributes[name] = value
        if attributes:
            changes["attributes"] = attributes
        return changes
