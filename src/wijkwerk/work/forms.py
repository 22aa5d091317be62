"""Forms of the execution pages. They only read and shape input; the services check and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WorkOrder, WorkPhoto

PRIORITY_CHOICES = [(str(v), label) for v, label in WorkOrder.Priority.choices]


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ChoiceField(label=_("Gebied"), required=False)
    activity = forms.ChoiceField(label=_("Activiteit"), required=False)
    origin = forms.ChoiceField(label=_("Herkomst"), required=False)
    overdue = forms.BooleanField(label=_("Alleen te laat"), required=False)
    q = forms.CharField(label=_("Zoek op code of omschrijving"), required=False, max_length=60)

    def __init__(self, *args, areas=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["status"].choices = everything + list(WorkOrder.Status.choices)
        self.fields["origin"].choices = everything + list(WorkOrder.Origin.choices)
        self.fields["area"].choices = everything + [(a.code, f"{a.get_level_display()} {a.code} {a.name}")
                                                    for a in areas]
        self.fields["activity"].choices = everything + [(a.code, a.name) for a in activities]


class OrderForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activiteit"))
    quantity = forms.CharField(label=_("Hoeveelheid"), max_length=20, initial="1",
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    hours = forms.CharField(label=_("Uren"), required=False, max_length=20,
                            help_text=_("Leeg laten: hoeveelheid x normuren van de activiteit."),
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    assets = forms.CharField(label=_("Assets (bronsleutels)"), required=False, max_length=2000,
                             help_text=_("Eén of meer bronsleutels, gescheiden door ;. Of geef hieronder een plek."))
    lat = forms.FloatField(label=_("Breedtegraad (lat)"), required=False)
    lon = forms.FloatField(label=_("Lengtegraad (lon)"), required=False)
    deadline = forms.DateField(label=_("Uiterste datum"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.ChoiceField(label=_("Prioriteit"), choices=PRIORITY_CHOICES, initial="3")
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=255)
    code = forms.CharField(label=_("Code"), required=False, max_length=60,
                           help_text=_("Leeg laten: de volgende vrije code."))

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [(a.code, f"{a.name} ({a.norm_hours} u/{a.unit})") for a in activities]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=WorkOrder.Status.choices)
    reason = forms.CharField(label=_("Reden"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SchouwOrdersForm(forms.Form):
    round = forms.ChoiceField(label=_("Schouwronde"))
    deadline = forms.DateField(label=_("Uiterste datum"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [(str(r.pk), r.name) for r in rounds]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; each is checked by the service (work.photos)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                             "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [f for f in data if f]
        return [data] if data else []


class CompletionForm(forms.Form):
    """Hours per person come as `hours_<worker id>` fields, materials as `material_name_<n>` ...
    (added by the view for the order's people and a few empty material lines)."""

    before = MultiplePhotoField(label=_("Foto's vooraf"), required=False)
    after = MultiplePhotoField(label=_("Foto's achteraf"), required=False)
    remarks = forms.CharField(label=_("Opmerkingen"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    condition = forms.ChoiceField(label=_("Conditie na afloop (NEN 2767)"), required=False, choices=[
        ("", _("Niet gemeten")), ("1", _("1 uitstekend")), ("2", _("2 goed")), ("3", _("3 redelijk")),
        ("4", _("4 matig")), ("5", _("5 slecht")), ("6", _("6 zeer slecht"))])

    def photos(self) -> list[tuple[str, object]]:
        return ([(WorkPhoto.Kind.BEFORE, f) for f in self.cleaned_data.get("before") or []]
                + [(WorkPhoto.Kind.AFTER, f) for f in self.cleaned_data.get("after") or []])


class ActivityForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=50)
    name = forms.CharField(label=_("Naam"), max_length=120)
    unit = forms.CharField(label=_("Eenheid"), max_length=20, initial="st")
    norm_hours = forms.CharField(label=_("Normuren per eenheid"), max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    skills = forms.MultipleChoiceField(label=_("Vaardigheden"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    certificates = forms.MultipleChoiceField(label=_("Certificaten"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    equipment = forms.CharField(label=_("Materieel"), required=False, max_length=255)
    active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)

    def __init__(self, *args, skills=(), certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = [(s.code, s.name) for s in skills]
        self.fields["certificates"].choices = [(c.code, c.name) for c in certificates]


class CodeNameForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=50)
    name = forms.CharField(label=_("Naam"), max_length=100)


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    organisation = forms.ChoiceField(label=_("Organisatie"))
    team = forms.ChoiceField(label=_("Team"), required=False)
    skills = forms.MultipleChoiceField(label=_("Vaardigheden"), required=False, widget=forms.CheckboxSelectMultiple)
    learning = forms.MultipleChoiceField(label=_("Leerdoelen (vaardigheden in opleiding)"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    certificates = forms.CharField(label=_("Certificaten"), required=False, max_length=1000,
                                   help_text=_("Als CODE:JJJJ-MM-DD (geldig tot en met), gescheiden door ;. "
                                               "Bijvoorbeeld vca:2027-03-31; bosmaaier:2026-12-31"))
    hours_per_week = forms.CharField(label=_("Uren per week"), max_length=10, initial="36",
                                     widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    days = forms.MultipleChoiceField(label=_("Werkdagen"), widget=forms.CheckboxSelectMultiple, choices=[
        ("ma", _("maandag")), ("di", _("dinsdag")), ("wo", _("woensdag")), ("do", _("donderdag")),
        ("vr", _("vrijdag")), ("za", _("zaterdag")), ("zo", _("zondag"))], initial=["ma", "di", "wo", "do", "vr"])
    protected = forms.BooleanField(label=_("Beschermd werk (nooit alleen, altijd met een begeleider)"), required=False)
    may_supervise = forms.BooleanField(label=_("Mag begeleiden"), required=False)

    def __init__(self, *args, organisations=(), teams=(), skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["team"].choices = [("", _("Geen team"))] + [(str(t.pk), t.name) for t in teams]
        self.fields["skills"].choices = [(s.code, s.name) for s in skills]
        self.fields["learning"].choices = [(s.code, s.name) for s in skills]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    areas = forms.MultipleChoiceField(label=_("Gebieden"), required=False,
                                      widget=forms.SelectMultiple(attrs={"size": 8}))
    members = forms.MultipleChoiceField(label=_("Leden"), required=False,
                                        widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, areas=(), workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(str(a.pk), f"{a.get_level_display()} {a.code} {a.name}") for a in areas]
        self.fields["members"].choices = [(str(w.pk), w.name) for w in workers]
