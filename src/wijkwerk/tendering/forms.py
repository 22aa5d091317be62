from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class MethodForm(forms.Form):
    method_text = forms.CharField(
        label=_("Methode (YAML)"), widget=forms.Textarea(attrs={"rows": 28, "cols": 90, "spellcheck": "false",
                                                             "class": "code-input"}),
        help_text=_("Velden: title, price_items, knockouts, abnormally_low, shortlist, assessment (mode, scale, "
                    "criteria), tie_break. Na publicatie ligt de methode vast."),
    )


class BidUploadForm(forms.Form):
    files = forms.FileField(label=_("Ingevulde inschrijfbiljetten (.xlsx)"),
                            widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ScoreForm(forms.Form):
    """One criterion: score + motivation (built per criterion with a prefix). The score may stay
    empty: in a draft that criterion is not yet scored."""

    score = forms.ChoiceField(label=_("Score"), required=False)
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", gettext("— nog niet gescoord —"))] + list(choices)

    def clean(self):
        data = super().clean()
        if data.get("score") and not (data.get("motivation") or "").strip():
            self.add_error("motivation", gettext("Een score zonder motivering wordt niet aanvaard."))
        return data


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Bevindingen van het onderzoek"), widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label=_("Conclusie"), max_length=250)


class LotForm(forms.Form):
    place = forms.CharField(label=_("Plaats"), max_length=250)
    held_at = forms.DateTimeField(label=_("Datum en tijd"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    attendees = forms.CharField(label=_("Aanwezigen (namen en namens wie)"), widget=forms.Textarea(attrs={"rows": 4}))
    winner = forms.ChoiceField(label=_("Uitkomst van de loting: winnaar"))

    def __init__(self, *args, bids: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winner"].choices = [(str(b.pk), b.name) for b in bids]


class LettersForm(forms.Form):
    send_date = forms.DateField(label=_("Verzenddatum"), widget=forms.DateInput(attrs={"type": "date"}))
