"""The tender method as a form with fields and choices, for the procurement officer who does not
write YAML. The form only reads what is typed (numbers and amounts as people write them) and
writes the method file from it; every rule of a method is checked once, by `method.parse_method`
through the service, and its problems are put back next to the fields they are about
(`MethodEditor.show_problems`). The YAML text stays available as the advanced way in."""

from __future__ import annotations

from decimal import Decimal

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.forms import AmountField
from wijkwerk.core.numbers import parse_amount

from .method import Method, Problem

HUNDRED = Decimal(100)
MODE_CHOICES = [
    ("consensus", _("Consensus: de commissie bepaalt per criterium samen één score; de voorzitter legt die vast")),
    ("average", _("Gemiddelde: het gemiddelde van de scores van de beoordelaars telt")),
]


class NumberField(AmountField):
    """A number as people type it ("12.000", "350,5", "80 %"): read like an amount, without euros."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().removesuffix("%").strip()
        try:
            return parse_amount(text)
        except ValueError:
            raise ValidationError(gettext("'%(text)s' is geen getal. Schrijf bijvoorbeeld 12.000 of 350,5.")
                                  % {"text": str(value)[:40]}, code="invalid") from None


class MethodMainForm(forms.Form):
    title = forms.CharField(label=_("Naam van de aanbesteding"), max_length=250)
    shortlist = forms.IntegerField(
        label=_("Aantal inschrijvers op de shortlist"),
        help_text=_("Zoveel geldige inschrijvingen met de laagste fictieve prijs worden op kwaliteit beoordeeld "
                    "(bij een gelijke prijs op de laatste plaats allemaal)."))
    abnormally_low = NumberField(
        label=_("Grens abnormaal lage inschrijving (procent van de mediaan)"),
        help_text=_("Een inschrijving met een fictieve prijs onder dit deel van de mediaan van alle geldige "
                    "inschrijvingen krijgt een signaal en moet worden onderzocht; zij wordt niet vanzelf afgewezen."))
    mode = forms.ChoiceField(label=_("Hoe de beoordeling telt"), choices=MODE_CHOICES, widget=forms.RadioSelect)


class PriceItemForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    description = forms.CharField(label=_("Omschrijving"), max_length=250)
    unit = forms.CharField(label=_("Eenheid"), max_length=40)
    fictive_quantity = NumberField(label=_("Fictieve hoeveelheid"))


class KnockoutForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    description = forms.CharField(label=_("Eis"), max_length=250)


class ScaleForm(forms.Form):
    score = forms.CharField(label=_("Score"), max_length=10)
    share = NumberField(label=_("Telt voor (procent van de maximale waarde)"))


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    description = forms.CharField(label=_("Gunningscriterium"), max_length=250)
    max_value = AmountField(label=_("Maximale waarde (euro)"))


# key in the method file, form prefix, formset
SECTIONS = (
    ("price_items", "regel", formset_factory(PriceItemForm, extra=1, can_delete=True)),
    ("knockouts", "knockout", formset_factory(KnockoutForm, extra=1, can_delete=True)),
    ("scale", "schaal", formset_factory(ScaleForm, extra=1, can_delete=True)),
    ("criteria", "criterium", formset_factory(CriterionForm, extra=1, can_delete=True)),
)
MAIN_FIELDS = ("title", "shortlist", "abnormally_low", "mode")


class _Dumper(yaml.SafeDumper):
    """Writes Decimals as plain YAML numbers (12000, 0.6), never as 1.2E+4 or a quoted text."""


def _represent_decimal(dumper, value: Decimal):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


_Dumper.add_representer(Decimal, _represent_decimal)


def method_initial(method: Method) -> dict:
    """The form's initial values for a method (shares as percentages)."""
    return {
        "main": {"title": method.title, "shortlist": method.shortlist, "abnormally_low": method.abnormally_low * HUNDRED,
                 "mode": method.mode},
        "price_items": [{"code": p.code, "description": p.description, "unit": p.unit,
                         "fictive_quantity": p.fictive_quantity} for p in method.price_items],
        "knockouts": [{"code": k.code, "description": k.description} for k in method.knockouts],
        "scale": [{"score": score, "share": share * HUNDRED} for score, share in method.scale.items()],
        "criteria": [{"code": c.code, "description": c.description, "max_value": c.max_value}
                     for c in method.criteria],
    }


def _kept_rows(formset) -> list[forms.Form]:
    """The rows that stay: every given row not marked for deletion, and the empty rows filled in."""
    kept = []
    for number, form in enumerate(formset.forms):
        if number >= formset.initial_form_count() and not form.has_changed():
            continue
        if form.cleaned_data and not form.cleaned_data.get("DELETE"):
            kept.append(form)
    return kept


class MethodEditor:
    """The main form and the four tables (formsets) of the method, read and shown together."""

    def __init__(self, data=None, *, method: Method | None = None):
        initial = method_initial(method) if method is not None else {}
        self.main = MethodMainForm(data, initial=initial.get("main"), prefix="methode")
        self.sets = {key: formset(data, initial=initial.get(key), prefix=prefix) for key, prefix, formset in SECTIONS}
        self.section_errors: dict[str, list[str]] = {key: [] for key, _prefix, _formset in SECTIONS}
        self.general: list[str] = []
        self._kept: dict[str, list[forms.Form]] = {}

    def __getitem__(self, key):  # {{ editor.price_items }} in a template
        return self.sets[key]

    def is_valid(self) -> bool:
        valid = [self.main.is_valid(), *[formset.is_valid() for formset in self.sets.values()]]
        if not all(valid):
            return False
        self._kept = {key: _kept_rows(formset) for key, formset in self.sets.items()}
        seen: dict[str, forms.Form] = {}
        for form in self._kept["scale"]:  # a YAML mapping cannot hold a score twice: say so here
            score = form.cleaned_data["score"].strip()
            if score in seen:
                form.add_error("score", gettext("De score '%(name)s' komt vaker voor.") % {"name": score})
            seen[score] = form
        return not any(f.errors for f in self._kept["scale"])

    def has_errors(self) -> bool:
        return bool(self.main.errors or self.general or any(self.section_errors.values())
                    or any(formset.total_error_count() for formset in self.sets.values()))

    def rows(self, key: str) -> list[dict]:
        return [f.cleaned_data for f in self._kept.get(key, [])]

    def to_yaml(self) -> str:
        """The method file written from the form (call after `is_valid`)."""
        main = self.main.cleaned_data
        data = {
            "title": main["title"].strip(),
            "price_items": [{"code": r["code"].strip(), "description": r["description"].strip(),
                             "unit": r["unit"].strip(), "fictive_quantity": r["fictive_quantity"]}
                            for r in self.rows("price_items")],
            "knockouts": [{"code": r["code"].strip(), "description": r["description"].strip()}
                          for r in self.rows("knockouts")],
            "abnormally_low": main["abnormally_low"] / HUNDRED,
            "shortlist": main["shortlist"],
            "assessment": {
                "mode": main["mode"],
                "scale": {r["score"].strip(): r["share"] / HUNDRED for r in self.rows("scale")},
                "criteria": [{"code": r["code"].strip(), "description": r["description"].strip(),
                              "max_value": r["max_value"]} for r in self.rows("criteria")],
            },
            "tie_break": "lot",
        }
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None,
                         width=1_000_000)

    def show_problems(self, problems: list[Problem]) -> None:
        """Puts each problem of the method next to its field, or above its table."""
        for problem in problems:
            if not self._place(problem):
                self.general.append(problem.message)

    def _place(self, problem: Problem) -> bool:
        path = problem.path
        if len(path) == 1 and path[0] in MAIN_FIELDS:
            self.main.add_error(path[0], problem.text)
            return True
        if len(path) == 1 and path[0] in self.sets:
            self.section_errors[path[0]].append(problem.text)
            return True
        if len(path) == 3 and path[0] in ("price_items", "knockouts", "criteria") and isinstance(path[1], int):
            kept = self._kept.get(path[0], [])
            if 1 <= path[1] <= len(kept) and path[2] in kept[path[1] - 1].fields:
                kept[path[1] - 1].add_error(path[2], problem.text)
                return True
        if len(path) == 3 and path[0] == "scale":
            for form in self._kept.get("scale", []):
                if form.cleaned_data.get("score", "").strip() == path[1]:
                    form.add_error(path[2], problem.text)
                    return True
        if len(path) == 2 and path[0] == "codes":
            placed = False
            for key in ("price_items", "knockouts", "criteria"):
                for form in self._kept.get(key, []):
                    if form.cleaned_data.get("code", "").strip() == path[1]:
                        form.add_error("code", problem.text)
                        placed = True
            return placed
        return False
