"""Schouw entry on a phone: one buurt at a time, each plot saved on its own.

After a save the result stands next to the buttons just pressed (in a live region, so a screen
reader says it too), the counters of the round and the buurt follow, and the page moves on to the
next open plot. With JavaScript (htmx) the plot's card is swapped and `static/js/schouw_entry.js`
moves on; without it the page is loaded again (post, redirect, get) at the next open plot with the
result in the saved card (kept in the session for that one page view), and a refusal keeps what
was entered. A done round cannot be entered: the entry page sends the user back to the round."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import crow
from ..models import Plot, QualityAspect
from ..pages import validation_text
from . import selectors
from .plots import RoundClosed, StalePlot, plot_record

NO_BUURT = "-"
FEEDBACK_KEY = "schouw-feedback"  # the session's note of the last save without JavaScript
NEXT_BUURT_ID = "entry-next"


def entry_aspects(rnd) -> list[QualityAspect]:
    return [a for a in rnd.catalogue.aspects.all() if a.code in rnd.aspects]


def plot_context(plot: Plot, aspects, *, feedback: dict | None = None) -> dict:
    """What a plot's card shows: its fields (the values posted when the save was refused, else the
    stored ones) and the result of the last save (`feedback`: message, error, next, values)."""
    feedback = feedback or {}
    scores = {s.aspect_code: s for s in plot.scores.all()}
    posted = feedback.get("values") or {}
    fields = []
    for a in aspects:
        s = scores.get(a.code)
        mine = posted.get(a.code, {})
        fields.append({
            "aspect": a, "measured": a.scale_kind == QualityAspect.ScaleKind.MEASURED,
            "level": mine.get("level", s.level if s else ""),
            "value": mine.get("value", "" if not s or s.value is None else f"{s.value:g}"),
        })
    return {"plot": plot, "fields": fields, "levels": [{"level": lvl, "name": crow.LEVEL_NAMES[lvl]} for lvl in crow.LEVELS],
            "skip_reason": posted.get("skip_reason", plot.skip_reason), "message": feedback.get("message", ""),
            "error": feedback.get("error", ""), "next_text": feedback.get("next_text", ""),
            "next_id": feedback.get("next_id", ""), "result": "error" if feedback.get("error") else
            ("saved" if feedback.get("message") else "")}


def _buurt_code(plot: Plot) -> str:
    return plot.buurt.code if plot.buurt_id else NO_BUURT


def _buurt_plots(rnd, code: str):
    plots = rnd.plots.select_related("buurt").prefetch_related("scores").order_by("code")
    return plots.filter(buurt__isnull=True) if code == NO_BUURT else plots.filter(buurt__code=code)


def entry_state(rnd, code: str) -> dict:
    """The counters of the round and of buurt `code`, and where to go on: the previous and next
    buurt, and the next buurt (after this one, round the list) that still has open plots."""
    buurten = selectors.round_buurten(round=rnd)
    codes = [b["code"] for b in buurten]
    index = codes.index(code) if code in codes else 0
    current = buurten[index] if buurten else None
    later = buurten[index + 1:] + buurten[:index]
    return {
        "buurten": buurten, "buurt": code, "current": current,
        "previous": buurten[index - 1] if buurten and index > 0 else None,
        "next": buurten[index + 1] if index + 1 < len(buurten) else None,
        "next_open": next((b for b in later if b["open"]), None),
        "progress": selectors.round_progress(round=rnd),
    }


def _next_open_plot(plot: Plot) -> Plot | None:
    """The next open plot of the same buurt after `plot` (by code), else the first open one."""
    open_plots = list(_buurt_plots(plot.round, _buurt_code(plot)).filter(status=Plot.Status.OPEN).exclude(pk=plot.pk))
    return next((p for p in open_plots if p.code > plot.code), open_plots[0] if open_plots else None)


def _moving_on(plot: Plot, state: dict) -> tuple[str, str]:
    """(id of the element to go to, sentence saying so) after `plot` was saved."""
    following = _next_open_plot(plot)
    if following is not None:
        return f"plot-{following.pk}", _("Verder met meetlocatie %(code)s.") % {"code": following.code}
    if state["next_open"] is not None:
        return NEXT_BUURT_ID, _("Deze buurt is klaar. Volgende buurt met open meetlocaties: %(name)s.") % {
            "name": state["next_open"]["name"]}
    return NEXT_BUURT_ID, _("Alle meetlocaties van deze ronde zijn geschouwd of overgeslagen.")


@gemeente_page(roles.RECORD_INSPECTIONS)
def round_entry(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    """One buurt at a time (a round has hundreds of plots; a phone should not load them all).
    Without a choice: the first buurt that still has open plots. A done round is refused: back to
    the round, which says so."""
    rnd = selectors.round_get(gemeente=gemeente, round_id=round_id)
    if rnd.is_done:
        messages.warning(request, _("U kunt niet meer schouwen in deze ronde.") + " " + str(RoundClosed.MESSAGE))
        return redirect("inspections-round", slug=gemeente.slug, round_id=rnd.pk)
    buurten = selectors.round_buurten(round=rnd)
    codes = [b["code"] for b in buurten]
    chosen = request.GET.get("buurt", "")
    if chosen not in codes:
        chosen = next((b["code"] for b in buurten if b["open"]), codes[0] if codes else "")
    feedback = request.session.pop(FEEDBACK_KEY, None)
    if not feedback or feedback.get("round") != rnd.pk:
        feedback = {}
    aspects = entry_aspects(rnd)
    plots = [plot_context(p, aspects, feedback=feedback if feedback.get("plot") == p.pk else None)
             for p in _buurt_plots(rnd, chosen)]
    return render_page(request, "inspections/round_entry.html", {
        "nav": "schouw", "round": rnd, "plots": plots, "level_legend": crow.level_legend(),
        **entry_state(rnd, chosen),
    }, gemeente=gemeente)


def _posted(request: HttpRequest, aspects) -> dict:
    values = {a.code: {"level": request.POST.get(f"level-{a.code}", ""),
                       "value": request.POST.get(f"value-{a.code}", "").strip()} for a in aspects}
    return {**values, "skip_reason": request.POST.get("skip_reason", "").strip()}


def _plot_save(request: HttpRequest, plot: Plot, aspects) -> dict:
    """Saves the posted plot; the feedback for its card (message or error, and the values entered
    when it was refused)."""
    posted = _posted(request, aspects)
    skip = posted["skip_reason"] if request.POST.get("action") == "skip" else None
    version = request.POST.get("version", "")
    scores = {code: v for code, v in posted.items() if code != "skip_reason"}
    try:
        if skip is not None and not skip:
            raise ValidationError(_("Geef een reden om deze meetlocatie over te slaan."))
        plot_record(plot=plot, scores=scores, skip_reason=skip, expected_version=int(version) if version.isdigit() else None,
                    actor=request.user, origin="web")
    except StalePlot as exc:
        return {"error": str(exc), "values": posted}
    except ValidationError as exc:
        return {"error": validation_text(exc), "values": posted}
    return {"message": _("Overgeslagen en opgeslagen.") if skip else _("Opgeslagen.")}


@gemeente_page(roles.RECORD_INSPECTIONS)
@require_POST
def plot_save(request: HttpRequest, gemeente, round_id: int, plot_id: int) -> HttpResponse:
    """Saves one plot. htmx: answers the plot's card with the counters (out of band); the card
    tells what went wrong too (htmx swaps only 2xx answers). Without JavaScript: back to the
    entry page, at the next open plot (saved) or at this plot (refused, with what was entered)."""
    rnd = selectors.round_get(gemeente=gemeente, round_id=round_id)
    plot = Plot.objects.filter(round=rnd, pk=plot_id).select_related("buurt").first()
    if plot is None:
        raise Http404(_("Meetlocatie niet gevonden."))
    aspects = entry_aspects(rnd)
    feedback = _plot_save(request, plot, aspects)
    plot = Plot.objects.select_related("buurt", "round").prefetch_related("scores").get(pk=plot.pk)
    rnd.refresh_from_db(fields=["status"])
    code = _buurt_code(plot)
    state = entry_state(rnd, code)
    if not feedback.get("error"):
        feedback["next_id"], feedback["next_text"] = _moving_on(plot, state)
    if request.headers.get("HX-Request") != "true":
        anchor = feedback["next_id"] if not feedback.get("error") else f"plot-{plot.pk}-feedback"
        request.session[FEEDBACK_KEY] = {"round": rnd.pk, "plot": plot.pk, **feedback}
        return redirect(reverse("inspections-entry", kwargs={"slug": gemeente.slug, "round_id": rnd.pk})
                        + f"?buurt={quote(code)}#{anchor}")
    return render_page(request, "inspections/_plot_saved.html", {
        "round": rnd, "p": plot_context(plot, aspects, feedback=feedback), "oob": True, **state,
    }, gemeente=gemeente)
