"""Forms of the report pages: the public report form, and the staff's filters and actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .report_checks import MAX_DESCRIPTION
from .report_models import REPORT_FLOW, ReportStatus, ServiceCategory


class PublicReportForm(forms.Form):
    """What a resident fills in. `lat`/`lon` are set by the map (or found from the address);
    `website` is the honeypot: hidden from people, filled in by spam bots."""

    category = forms.ChoiceField(label=_("Waar gaat uw melding over?"))
    address = forms.CharField(label=_("Adres (straat en huisnummer)"), max_length=200, required=False,
                              help_text=_("Of kies de plaats op de kaart."),
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    asset = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Wat is er aan de hand? (verplicht)"), max_length=MAX_DESCRIPTION, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    photo = forms.FileField(label=_("Foto (niet verplicht)"), required=False,
                            help_text=_("JPEG, PNG of WebP, hoogstens 15 MB."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    email = forms.CharField(label=_("E-mailadres (niet verplicht)"), max_length=254, required=False,
                            help_text=_("Voor berichten over uw melding."),
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Kies een categorie"))] + [(c.code, c.name) for c in categories]


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Categorie"), required=False)
    overdue = forms.BooleanField(label=_("Alleen te laat"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle statussen"))] + list(ReportStatus.choices)
        self.fields["category"].choices = [("", _("Alle categorieën"))] + [(c.code, c.name) for c in categories]


class ReportTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Nieuwe status"))
    reason = forms.CharField(label=_("Reden of toelichting voor de melder"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = REPORT_FLOW.next_states(report.status) if report is not None else ()
        self.fields["to"].choices = [(s, REPORT_FLOW.label(s)) for s in ReportStatus.values if s in targets]


class ReportTextForm(forms.Form):
    text = forms.CharField(label=_("Tekst"), max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 3}))


class ReportMergeForm(forms.Form):
    into = forms.CharField(label=_("Nummer van de melding om mee samen te voegen"), max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "M-2026-00001"}))


class ReportOrderForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activiteit"))

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [(a.code, a.name) for a in activities]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Waarom is het probleem er nog?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ServiceCategory
        fields = ["name", "response_days", "activity_code", "active"]
