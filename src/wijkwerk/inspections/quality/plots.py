"""Writes of a round's plots: scores and skips, with optimistic concurrency between inspectors,
and the one rule before any of them: a done (afgeronde) round is read-only. Every change writes
the audit log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import transition

from .. import crow
from ..actors import actor_label, actor_user
from ..models import ROUND_FLOW, InspectionRound, Plot, PlotScore, QualityAspect
from ..signals import plot_recorded

# --- errors ---------------------------------------------------------------------------------------


class StalePlot(Exception):
    """The plot was changed by someone else since the inspector loaded it."""

    def __init__(self, plot: Plot):
        self.plot = plot
        who = plot.updated_by_label or _("een andere inspecteur")
        when = timezone.localtime(plot.updated).strftime("%H:%M") if plot.updated else ""
        if when:
            text = _("Deze meetlocatie is intussen door %(who)s gewijzigd (om %(when)s).") % {"who": who, "when": when}
        else:
            text = _("Deze meetlocatie is intussen door %(who)s gewijzigd.") % {"who": who}
        super().__init__(text + " " + _("Laad de meetlocatie opnieuw en voer uw waarneming zo nodig opnieuw in."))


class RoundClosed(ValidationError):
    """The round is done (afgerond): its plots, scores and skips are read-only."""

    MESSAGE = gettext_lazy("Deze schouwronde is afgerond: de uitslag ligt vast en de meetlocaties kunnen niet "
                           "meer worden gewijzigd.")

    def __init__(self, round: InspectionRound):
        self.round = round
        super().__init__(str(self.MESSAGE), code="round_done")


def round_ensure_open(round: InspectionRound) -> None:
    """The one check before any write to a round's plots: a done round is read-only (RoundClosed)."""
    if round.status == InspectionRound.Status.DONE:
        raise RoundClosed(round)


# --- plots ----------------------------------------------------------------------------------------


def score_for(aspect: QualityAspect, level=None, value=None) -> tuple[str, float | None]:
    """(level, value) for one aspect from a level or a measured value. Raises crow.ScaleError."""
    has_value = value not in (None, "")
    has_level = level not in (None, "")
    if has_value:
        if aspect.scale_kind != QualityAspect.ScaleKind.MEASURED:
            raise crow.ScaleError("value", _("Aspect '%(name)s' wordt niet gemeten maar met een niveau (A+ t/m D) "
                                             "gescoord.") % {"name": aspect.name})
        number = crow.parse_number(value)
        return crow.level_from_value(aspect.thresholds, number), number
    if has_level:
        return crow.normalise_level(level), None
    raise crow.ScaleError("level", _("Geef voor '%(name)s' een niveau (A+ t/m D) of een gemeten waarde.")
                          % {"name": aspect.name})


def _plot_scores_clean(aspects: dict[str, QualityAspect], scores: dict | None) -> dict[str, tuple[str, float | None]]:
    """{aspect code: (level, value)} of the scores given; ValidationError listing every bad one."""
    errors = []
    clean: dict[str, tuple[str, float | None]] = {}
    for code, entry in (scores or {}).items():
        aspect = aspects.get(code)
        if aspect is None:
            errors.append(_("%(code)s: dit aspect hoort niet bij deze schouwronde.") % {"code": code})
            continue
        entry = entry if isinstance(entry, dict) else {"level": entry}
        if entry.get("level") in (None, "") and entry.get("value") in (None, ""):
            continue  # not (yet) scored
        try:
            clean[code] = score_for(aspect, entry.get("level"), entry.get("value"))
        except crow.ScaleError as exc:
            errors.append(f"{aspect.name}: {exc}")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def plot_record(*, plot: Plot, scores: dict | None = None, skip_reason: str | None = None,
                expected_version: int | None = None, actor=None, origin: str = "web") -> Plot:
    """Saves one plot: per aspect code {"level": "B"} or {"value": 3.5} (measured aspects), or
    skips it with a reason. Optimistic concurrency: with `expected_version` an edit based on an
    older version of the plot is refused with StalePlot (nothing is written)."""
    # The round first, then the plot (the order of round_set_status and schouw_import too): while
    # this runs the round cannot be marked done, and a done round is refused here.
    rnd = InspectionRound.objects.select_for_update(of=("self",)).select_related("catalogue").get(pk=plot.round_id)
    round_ensure_open(rnd)
    plot = Plot.objects.select_for_update().get(pk=plot.pk)
    if expected_version is not None and int(expected_version) != plot.version:
        raise StalePlot(plot)
    changes: dict = {}
    if skip_reason is not None and str(skip_reason).strip():
        plot.status = Plot.Status.SKIPPED
        plot.skip_reason = str(skip_reason).strip()[:255]
        changes["skipped"] = plot.skip_reason
    else:
        aspects = {a.code: a for a in rnd.catalogue.aspects.all() if a.code in rnd.aspects}
        clean = _plot_scores_clean(aspects, scores)
        for code, (level, value) in clean.items():
            PlotScore.objects.update_or_create(plot=plot, aspect_code=code, defaults={"level": level, "value": value})
        changes["scores"] = {code: level for code, (level, _v) in clean.items()}
        plot.status = Plot.Status.DONE if clean or plot.scores.exists() else Plot.Status.OPEN
        plot.skip_reason = ""
    plot.version += 1
    plot.updated_by = actor_user(actor)
    plot.updated_by_label = actor_label(actor) or "systeem"
    plot.save()
    if rnd.status == InspectionRound.Status.PLANNED:  # the first saved plot opens the round
        transition(rnd, flow=ROUND_FLOW, to=InspectionRound.Status.OPEN, actor=actor, origin=origin)
    audit_log(action="inspections.plot_record", actor=actor, gemeente=rnd.gemeente, obj=plot, origin=origin,
              detail={"round": rnd.name, "plot": plot.code, **changes})
    if plot.status == Plot.Status.DONE:
        plot_recorded.send(sender=Plot, plot=plot, actor=actor, origin=origin)
    return plot
