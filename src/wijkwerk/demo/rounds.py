"""The demo's schouw rounds, made the way inspectors make them: planned with random plots, every
plot recorded through `plot_record` (audit, versions, "geschouwd door") and the finished round
marked done through `round_set_status`.

- "Schouw voorjaar 2026 (demo)": done, every plot scored (its results, Excel and PDF are there);
- "Schouw najaar 2026 (demo)": open, a part of the plots scored and two skipped, so
  demo-inspecteur has plots left to score and the counter reads "... van 333 geschouwd".

Idempotent: a round that exists (by name) is left alone; each round is made in one transaction,
so an interrupted run leaves no half round behind.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Callable

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.inspections import crow
from wijkwerk.inspections.demo import DEMO_ROUND
from wijkwerk.inspections.models import InspectionRound, Plot, QualityAspect
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.services import round_plan, round_set_status

DONE_ROUND = DEMO_ROUND  # the inspections demo finds it made and leaves it alone
OPEN_ROUND = "Schouw najaar 2026 (demo)"
OPEN_SHARE = 0.4  # the share of the open round's plots already scored
OPEN_SKIPPED = 2
SKIP_REASON = "Niet bereikbaar (werkzaamheden)"
INSPECTOR = "demo-inspecteur"

# Chances of A+, A, B, C, D: most buurten at B or better, a few worse.
USUAL = (0.10, 0.35, 0.45, 0.08, 0.02)
WORSE = (0.02, 0.18, 0.45, 0.25, 0.10)


def _measured_value(rng: np.random.Generator, thresholds: dict, level: str) -> float:
    """A measurement (e.g. % weeds, pieces of litter) that falls in `level` of the thresholds."""
    lo = {"A+": 0, "A": thresholds["A+"], "B": thresholds["A"], "C": thresholds["B"], "D": thresholds["C"]}[level]
    hi = {"A+": thresholds["A+"], "A": thresholds["A"], "B": thresholds["B"], "C": thresholds["C"],
          "D": thresholds["C"] * 2}[level]
    return round(float(rng.uniform(lo, hi)) if hi > lo else float(lo), 1)


def _plot_scores(rng: np.random.Generator, aspects: list[QualityAspect], worse: bool) -> dict:
    """Scores for one plot as the entry page sends them: {code: {"level": ..} or {"value": ..}}."""
    scores = {}
    for aspect in aspects:
        level = crow.LEVELS[int(rng.choice(5, p=WORSE if worse else USUAL))]
        if aspect.scale_kind == QualityAspect.ScaleKind.MEASURED:
            scores[aspect.code] = {"value": _measured_value(rng, aspect.thresholds, level)}
        else:
            scores[aspect.code] = {"level": level}
    return scores


def _worse_buurt(code: str) -> bool:
    return zlib.crc32(code.encode()) % 7 == 0


def _round_make(*, gemeente, name: str, seed: int, start: datetime.date, end: datetime.date, share: float,
                skipped: int, inspector) -> InspectionRound:
    rnd = round_plan(gemeente=gemeente, name=name, plots_per_buurt=3, seed=seed, period_start=start,
                     period_end=end, actor=inspector, origin="system")
    aspects = [a for a in rnd.catalogue.aspects.order_by("position") if a.code in rnd.aspects]
    rng = np.random.default_rng(seed)
    plots = list(rnd.plots.select_related("buurt").order_by("code"))
    scored = plots[: round(len(plots) * share)]
    for plot in scored[:skipped]:
        plot_record(plot=plot, skip_reason=SKIP_REASON, actor=inspector, origin="system")
    for plot in scored[skipped:]:
        worse = _worse_buurt(plot.buurt.code if plot.buurt else plot.code)
        plot_record(plot=plot, scores=_plot_scores(rng, aspects, worse), actor=inspector, origin="system")
    rnd.refresh_from_db()
    return rnd


def demo_rounds_ensure(*, gemeente, say: Callable[[str], None]) -> dict:
    """Makes the done and the open demo round (each once). Returns {name: created?}."""
    inspector = get_user_model().objects.filter(username=INSPECTOR).first()
    made = {}
    specs = [
        (DONE_ROUND, 2026, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), 1.0, 0),
        (OPEN_ROUND, 2027, datetime.date(2026, 10, 1), datetime.date(2026, 12, 18), OPEN_SHARE, OPEN_SKIPPED),
    ]
    for name, seed, start, end, share, skipped in specs:
        made[name] = False
        if InspectionRound.objects.filter(gemeente=gemeente, name=name).exists():
            continue
        with transaction.atomic():
            rnd = _round_make(gemeente=gemeente, name=name, seed=seed, start=start, end=end, share=share,
                              skipped=skipped, inspector=inspector)
            if share >= 1.0:
                rnd = round_set_status(round=rnd, status=InspectionRound.Status.DONE, actor=inspector,
                                       origin="system")
        made[name] = True
        total = rnd.plots.count()
        recorded = rnd.plots.filter(status=Plot.Status.DONE).count()
        if rnd.status == InspectionRound.Status.DONE:
            say(_("Demo-schouwronde '%(name)s' afgerond: %(n)s meetlocaties geschouwd.") % {"name": name, "n": total})
        else:
            say(_("Demo-schouwronde '%(name)s' bezig: %(done)s van %(total)s meetlocaties geschouwd.")
                % {"name": name, "done": recorded, "total": total})
    return made
