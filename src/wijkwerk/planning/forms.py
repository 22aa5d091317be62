"""Forms of the planning pages: a new plan (budgets as people type them: "€ 1.200.000") and the
unit prices per asset type on the risk-model page. The services check the values again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.forms import AmountField

from .build import CODE_LABELS
from .defaults import DEFAULT_UNIT_COST, UNIT_COST
from .figures import OBJECTIVE_LABELS

INTERVENTION_CODES = ("small", "large", "replace")  # the order of a type's unit_cost list


def _amount(label, **extra) -> AmountField:
    return AmountField(label=label, required=False, min_value=0, max_digits=15, decimal_places=2, **extra)


class PlanForm(forms.Form):
    """A new plan: a name, a budget per year in total or per budget line, the horizon, the objective."""

    name = forms.CharField(label=_("Naam"), max_length=200,
                           error_messages={"required": _("Geef het plan een naam.")})
    budget = _amount(_("Budget per jaar (euro)"),
                     help_text=_("Bijvoorbeeld € 1.200.000. Leeg laten: het huidige budget uit het risicomodel."))
    years = forms.IntegerField(label=_("Horizon (jaren)"), min_value=1, max_value=50, required=False,
                               error_messages={"invalid": _("Horizon: vul een aantal jaren in.")})
    objective = forms.ChoiceField(label=_("Doel"), choices=list(OBJECTIVE_LABELS.items()), initial="risk",
                                  required=False)

    def __init__(self, *args, lines: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for code, label in lines:
            self.fields[f"line_{code}"] = _amount(str(label).capitalize())
        self.fields["budget"].widget.attrs["aria-describedby"] = "budget-help"
        self.fields["years"].widget.attrs.update({"min": 1, "max": 50})

    def line_fields(self) -> list:
        return [self[f"line_{code}"] for code, _label in self.lines]

    def clean(self):
        data = super().clean()
        if data.get("budget") is not None and self.line_budgets():
            raise forms.ValidationError(gettext("Vul een totaalbudget per jaar in, of budgetten per budgetlijn, "
                                                "niet allebei."))
        return data

    def line_budgets(self) -> dict[str, float]:
        return {code: float(value) for code, _label in self.lines
                if (value := self.cleaned_data.get(f"line_{code}")) is not None}

    def messages(self) -> list[str]:
        """Every error in a sentence that names its field (shown above the form)."""
        out = list(self.non_field_errors())
        for name, errors in self.errors.items():
            if name != "__all__":
                out.extend(f"{self.fields[name].label}: {e}" for e in errors)
        return out


def default_unit_cost(code: str) -> list[float]:
    return [float(v) for v in UNIT_COST.get(code, DEFAULT_UNIT_COST)]


class UnitCostForm(forms.Form):
    """Unit prices (euro per piece, m or m²) of small maintenance, large maintenance and replacement,
    per asset type. Fields `uc_<type>_<intervention>`; an empty field keeps the shipped price."""

    def __init__(self, *args, types: list[tuple[str, str]], config_types: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        for code, label in types:
            current = (config_types.get(code) or {}).get("unit_cost") or default_unit_cost(code)
            for i, iv in enumerate(INTERVENTION_CODES):
                field = _amount(gettext("%(type)s: %(intervention)s (euro per eenheid)")
                                % {"type": label, "intervention": CODE_LABELS[iv]})
                field.initial = current[i] if i < len(current) else None
                self.fields[f"uc_{code}_{iv}"] = field

    def rows(self) -> list[dict]:
        return [{"code": code, "label": label, "fields": [self[f"uc_{code}_{iv}"] for iv in INTERVENTION_CODES]}
                for code, label in self.types]

    def apply(self, types_config: dict) -> dict:
        """`types_config` (per type overrides) with the unit prices of this form: a price equal to the
        shipped one (or left empty) is no override. A `unit_cost` typed in the advanced settings
        (`types_config`) goes before the form's."""
        out = {code: dict(v) for code, v in types_config.items()}
        for code, _label in self.types:
            if "unit_cost" in out.get(code, {}):
                continue
            shipped = default_unit_cost(code)
            values = [self.cleaned_data.get(f"uc_{code}_{iv}") for iv in INTERVENTION_CODES]
            chosen = [float(v) if v is not None else shipped[i] for i, v in enumerate(values)]
            entry = out.setdefault(code, {})
            if any(abs(a - b) > 1e-9 for a, b in zip(chosen, shipped, strict=True)):
                entry["unit_cost"] = chosen
            if not entry:
                out.pop(code)
        return out

    def messages(self) -> list[str]:
        return [f"{self.fields[name].label}: {e}" for name, errors in self.errors.items() for e in errors]
