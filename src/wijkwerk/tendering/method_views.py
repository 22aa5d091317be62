"""The method pages of a tender (inkoper): a new tender, the method as a form with fields and
choices (the YAML text as the advanced way in), its summary, and the download of the published
file. Both ways save through the same service, so a method is checked by one set of rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import services
from .forms import MethodForm
from .method import Method, parse_method
from .method_form import MethodEditor
from .pages import error_messages, tender_context
from .selectors import tender_get, tender_method
from .wording import method_summary

EXAMPLE_METHOD = """\
title: Brede samenwerking wijkonderhoud
price_items:            # de regels van het inschrijfbiljet
  - {code: U01, description: Uurtarief vakkracht groen, unit: uur, fictive_quantity: 12000}
  - {code: U02, description: Uurtarief leerling-werknemer, unit: uur, fictive_quantity: 8000}
knockouts:              # eisen die op het biljet worden gecontroleerd
  - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
abnormally_low: 0.80    # signaal onder dit deel van de mediaan van de fictieve prijzen
shortlist: 4            # zoveel inschrijvers gaan door naar de beoordeling
assessment:
  mode: consensus       # of: average (gemiddelde van de beoordelaars)
  scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
  criteria:
    - {code: K1, description: Visie op samenwerking, max_value: 400000}
tie_break: lot
"""


class MethodEditing:
    """One method page: the form, the YAML text (advanced) and what went wrong. A POST with the
    field `method_text` comes from the YAML text, any other POST from the form."""

    def __init__(self, request: HttpRequest, *, method: Method, text: str):
        posted = request.POST if request.method == "POST" else None
        self.yaml_mode = posted is not None and "method_text" in posted
        self.editor = MethodEditor(None if self.yaml_mode else posted, method=method)
        self.yaml_form = MethodForm(posted if self.yaml_mode else None, initial={"method_text": text})
        self.problems: list[str] = []  # of the YAML text
        self.failed = False

    def submitted_text(self) -> str | None:
        """The method text to save, or None when the form itself is not filled in right."""
        if self.yaml_mode and self.yaml_form.is_valid():
            return self.yaml_form.cleaned_data["method_text"]
        if not self.yaml_mode and self.editor.is_valid():
            return self.editor.to_yaml()
        self.failed = True
        return None

    def refused(self, exc: ValidationError) -> None:
        self.failed = True
        if self.yaml_mode:
            self.problems = error_messages(exc)
        elif isinstance(exc, services.MethodInvalid):
            self.editor.show_problems(exc.problems)
        else:
            self.editor.general.extend(error_messages(exc))

    def context(self) -> dict:
        return {"editor": self.editor, "form": self.yaml_form, "problems": self.problems, "failed": self.failed,
                "yaml_mode": self.yaml_mode}


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_new(request: HttpRequest, gemeente) -> HttpResponse:
    editing = MethodEditing(request, method=parse_method(EXAMPLE_METHOD), text=EXAMPLE_METHOD)
    if request.method == "POST":
        text = editing.submitted_text()
        if text is not None:
            try:
                tender = services.tender_create(gemeente=gemeente, method_text=text, actor=request.user)
            except ValidationError as exc:
                editing.refused(exc)
            else:
                messages.success(request, gettext("Aanbesteding aangemaakt (concept). Controleer de methode en "
                                                  "publiceer haar."))
                return redirect("tender-detail", gemeente.slug, tender.pk)
    return render_page(request, "tendering/method.html", {"nav": "tender", "tender": None, **editing.context()},
                       gemeente=gemeente, status=400 if editing.failed else 200)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_method_page(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    method = tender_method(tender)
    editing = MethodEditing(request, method=method, text=tender.method_text)
    locked: list[str] = []
    if request.method == "POST":
        if tender.is_locked:
            locked = [gettext("De methode is gepubliceerd en kan niet meer veranderen.")]
        else:
            text = editing.submitted_text()
            if text is not None:
                try:
                    services.tender_method_update(tender=tender, method_text=text, actor=request.user)
                except ValidationError as exc:
                    editing.refused(exc)
                else:
                    messages.success(request, gettext("Methode opgeslagen en gecontroleerd: geen fouten."))
                    return redirect("tender-method", gemeente.slug, tender.pk)
    return render_page(request, "tendering/method.html",
                       tender_context(tender, summary=method_summary(method), locked_problems=locked,
                                      **editing.context()),
                       gemeente=gemeente, status=400 if (editing.failed or locked) else 200)


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_method_download(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    response = HttpResponse(tender.method_text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="methode-{tender.pk}.yaml"'
    return response
