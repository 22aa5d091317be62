"""Forms of the initiative, consultation and ABCD pages (public and staff). Public forms carry a
honeypot field: a bot fills it, a person never sees it; a filled honeypot is refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .abcd_models import CommunityAsset
from .initiative_models import Initiative


class HoneypotForm(forms.Form):
    """`website` is hidden from people (CSS and aria-hidden, no tab stop); bots fill it in."""

    website = forms.CharField(required=False, label=_("Laat dit veld leeg"), max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class ProposeForm(HoneypotForm):
    title = forms.CharField(label=_("Titel"), max_length=150)
    kind = forms.ChoiceField(label=_("Soort initiatief"), choices=Initiative.Kind.choices)
    description = forms.CharField(label=_("Omschrijving"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Wat wilt u doen, waar, en wie doen er mee?"))
    lat = forms.FloatField(label=_("Breedtegraad (lat)"), min_value=-90, max_value=90,
                           help_text=_("Bijvoorbeeld 52.0907. Tip: zoek de plek op een kaart."))
    lon = forms.FloatField(label=_("Lengtegraad (lon)"), min_value=-180, max_value=180,
                           help_text=_("Bijvoorbeeld 5.1214."))
    buurt = forms.ChoiceField(label=_("Buurt"), required=False)
    name = forms.CharField(label=_("Uw naam"), max_length=120)
    email = forms.EmailField(label=_("Uw e-mailadres"), help_text=_("Alleen de gemeente ziet uw naam en e-mailadres."))

    def __init__(self, *args, buurten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].choices = [("", _("Weet ik niet"))] + [(str(b.pk), b.name) for b in buurten]


class JoinForm(HoneypotForm):
    name = forms.CharField(label=_("Uw naam"), max_length=120)
    email = forms.EmailField(label=_("Uw e-mailadres"), help_text=_("Alleen de gemeente ziet uw naam en e-mailadres."))


class AssessForm(forms.Form):
    """One ok-checkbox and motivation per criterion (fields c<i>_ok, c<i>_motivation)."""

    def __init__(self, *args, criteria=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        current = current or {}
        for i, criterion in enumerate(self.criteria):
            old = current.get(criterion, {})
            self.fields[f"c{i}_ok"] = forms.BooleanField(label=_("%(c)s: voldoet") % {"c": criterion},
                                                         required=False, initial=old.get("ok", False))
            self.fields[f"c{i}_motivation"] = forms.CharField(
                label=_("%(c)s: motivering") % {"c": criterion}, required=False, max_length=1000,
                initial=old.get("motivation", ""), widget=forms.Textarea(attrs={"rows": 2}))

    def assessment(self) -> dict:
        d = self.cleaned_data
        return {c: {"ok": d[f"c{i}_ok"], "motivation": d[f"c{i}_motivation"]} for i, c in enumerate(self.criteria)}


class TermsForm(forms.Form):
    residents_maintain = forms.CharField(label=_("Wat de bewoners onderhouden"), max_length=2000,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    agreed_until = forms.DateField(label=_("Afgesproken tot"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    municipality_provides = forms.CharField(label=_("Wat de gemeente levert"), max_length=2000, required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    activity_codes = forms.CharField(label=_("Activiteiten die de bewoners overnemen (codes)"), required=False,
                                     max_length=500, help_text=_("Gescheiden door ;"))
    covered_assets = forms.CharField(label=_("Assets die de bewoners onderhouden (bronsleutels)"), required=False,
                                     max_length=2000, help_text=_("Gescheiden door ;"))

    @staticmethod
    def split(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split(";") if part.strip())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(label=_("Evaluatie"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=150)
    question = forms.CharField(label=_("Vraag of voorstel"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    opens = forms.DateField(label=_("Open vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(label=_("Open tot en met"), widget=forms.DateInput(attrs={"type": "date"}))


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("Verslag"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}))
    decision_ref = forms.CharField(label=_("Besluit (verwijzing of adres)"), max_length=300, required=False,
                                   help_text=_("Bijvoorbeeld de aanbesteding of het jaarplan dat dit verslag gebruikt."))


class ReactionForm(HoneypotForm):
    name = forms.CharField(label=_("Naam (mag leeg)"), max_length=120, required=False)
    organisation = forms.CharField(label=_("Organisatie (mag leeg)"), max_length=150, required=False)
    text = forms.CharField(label=_("Uw reactie"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class VoteForm(HoneypotForm):
    agree = forms.TypedChoiceField(label=_("Uw stem"), coerce=lambda v: v == "ja", widget=forms.RadioSelect,
                                   choices=[("ja", _("Eens")), ("nee", _("Oneens"))])


class StrengthForm(HoneypotForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=CommunityAsset.Kind.choices)
    name = forms.CharField(label=_("Naam"), max_length=150)
    description = forms.CharField(label=_("Omschrijving"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    buurt = forms.ChoiceField(label=_("Buurt"), required=False)
    contact = forms.CharField(label=_("Contact (alleen voor de gemeente)"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Breedtegraad (lat)"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Lengtegraad (lon)"), required=False, min_value=-180, max_value=180)
    personal = forms.BooleanField(label=_("Dit gaat over mij als persoon (bijvoorbeeld mijn vaardigheid)"),
                                  required=False)
    consent = forms.BooleanField(label=_("Ik geef toestemming om dit openbaar te tonen"), required=False)
    registered_by = forms.CharField(label=_("Uw naam"), max_length=120, required=False)

    def __init__(self, *args, buurten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].choices = [("", _("Weet ik niet"))] + [(str(b.pk), b.name) for b in buurten]


class StrengthSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=[("", _("Alle"))] + list(CommunityAsset.Kind.choices))
    buurt = forms.ChoiceField(label=_("Buurt"), required=False)

    def __init__(self, *args, buurten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].choices = [("", _("Alle"))] + [(str(b.pk), b.name) for b in buurten]
