from django import forms


class MethodForm(forms.Form):
    method_text = forms.CharField(
        label="Methode (YAML)", widget=forms.Textarea(attrs={"rows": 28, "cols": 90, "spellcheck": "false",
                                                             "class": "code-input"}),
        help_text="Velden: title, price_items, knockouts, abnormally_low, shortlist, assessment (mode, scale, "
                  "criteria), tie_break. Na publicatie ligt de methode vast.",
    )


class BidUploadForm(forms.Form):
    files = forms.FileField(label="Ingevulde inschrijfbiljetten (.xlsx)",
                            widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ScoreForm(forms.Form):
    """One criterion: score + motivation (built per criterion with a prefix)."""

    score = forms.ChoiceField(label="Score")
    motivation = forms.CharField(label="Motivering", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, scale: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", "— kies —")] + [(k, k) for k in scale]

    def clean(self):
        data = super().clean()
        if data.get("score") and not (data.get("motivation") or "").strip():
            self.add_error("motivation", "Een score zonder motivering wordt niet aanvaard.")
        return data


class FollowUpForm(forms.Form):
    note = forms.CharField(label="Bevindingen van het onderzoek", widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label="Conclusie", max_length=250)


class LotForm(forms.Form):
    place = forms.CharField(label="Plaats", max_length=250)
    held_at = forms.DateTimeField(label="Datum en tijd", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    attendees = forms.CharField(label="Aanwezigen (namen en namens wie)", widget=forms.Textarea(attrs={"rows": 4}))
    winner = forms.ChoiceField(label="Uitkomst van de loting: winnaar")

    def __init__(self, *args, bids: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winner"].choices = [(str(b.pk), b.name) for b in bids]


class LettersForm(forms.Form):
    send_date = forms.DateField(label="Verzenddatum", widget=forms.DateInput(attrs={"type": "date"}))
