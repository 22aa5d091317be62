"""The type mapping of an import as the user makes it: a choice of asset type for each value the
check found in the file's type column (`TypeMapForm`), or, for the advanced user, the same as YAML
(`TypeMapYamlForm`, `parse_type_map`)."""

import yaml
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AssetType

SKIP = ""  # the choice "do not import these rows"


def type_labels() -> dict[str, str]:
    """{code: translated label} of every asset type, sorted by label."""
    labels = {t.code: gettext(t.label) for t in AssetType.objects.all()}
    return dict(sorted(labels.items(), key=lambda item: item[1].lower()))


def parse_type_map(text: str, codes) -> dict[str, str] | None:
    """`value: code` lines (YAML) as a dict; None for an empty text. Raises ValidationError (Dutch)."""
    if not (text or "").strip():
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise forms.ValidationError(
            gettext("De vertaling is geen geldige YAML. Schrijf per regel 'waarde: code'.")
        ) from None
    if not isinstance(data, dict) or not data:
        raise forms.ValidationError(gettext("Schrijf per regel 'waarde: code', bijvoorbeeld 'LM: street_light'."))
    mapping = {}
    for key, value in data.items():
        code = str(value).strip()
        if code not in codes:
            raise forms.ValidationError(
                gettext("'%(code)s' (bij '%(key)s') is geen bekende soort. Bekende codes: %(codes)s.")
                % {"code": code, "key": key, "codes": ", ".join(sorted(codes))}
            )
        mapping[str(key)] = code
    return mapping


def type_map_yaml(mapping: dict[str, str]) -> str:
    """The mapping as the YAML the advanced form shows (and reads back)."""
    if not mapping:
        return ""
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, default_flow_style=False)


class TypeMapForm(forms.Form):
    """One select per value of the type column (`values`: the check's `type_values`), preset to the
    type the check gave it; "Niet inlezen" skips those rows."""

    def __init__(self, *args, values: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        labels = type_labels()
        choices = [(SKIP, gettext("Niet inlezen"))] + list(labels.items())
        for i, entry in enumerate(values):
            field = forms.ChoiceField(choices=choices, required=False, initial=entry.get("type") or SKIP,
                                      label=entry["value"])
            self.fields[f"t{i}"] = field

    def rows(self):
        """(bound field, file value, number of rows) per value, for the template."""
        return [(self[f"t{i}"], entry["value"], entry["count"]) for i, entry in enumerate(self.values)]

    def clean(self):
        data = super().clean()
        if self.values and not any(data.get(f"t{i}") for i in range(len(self.values))):
            raise forms.ValidationError(gettext("Kies voor ten minste één waarde een soort."))
        return data

    def mapping(self) -> dict[str, str]:
        return {entry["value"]: code for i, entry in enumerate(self.values)
                if (code := self.cleaned_data.get(f"t{i}"))}


class TypeMapYamlForm(forms.Form):
    """The advanced way: the whole mapping as YAML."""

    type_map_yaml = forms.CharField(
        label=_("Vertaling van de soorten (YAML)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("Per regel: waarde in het bestand, dubbele punt, code van de soort. Rijen met een waarde "
                    "die hier niet staat, worden niet ingelezen."),
    )

    def clean_type_map_yaml(self):
        return parse_type_map(self.cleaned_data.get("type_map_yaml", ""), {t.code for t in AssetType.objects.all()})
