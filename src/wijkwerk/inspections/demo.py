"""Demo data for quality and condition: default catalogue and area types, one completed schouw
round with seeded results, and some NEN 2767 measurements. Idempotent and quick."""

from __future__ import annotations

import datetime

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset

from . import crow
from .condition.services import condition_inspection_record
from .models import AreaType, BuurtAreaType, ConditionInspection, InspectionRound, Plot, PlotScore
from .quality.services import quality_defaults_ensure, round_plan, round_set_status

DEMO_ROUND = "Schouw voorjaar 2026 (demo)"
CENTRE_WIJK_NAMES = ("Binnenstad",)


def demo_inspections_ensure(*, gemeente, say=print) -> dict:
    catalogue = quality_defaults_ensure(gemeente=gemeente)
    _centre_assign(gemeente)
    result = {"round": DEMO_ROUND, "created": False, "conditions": 0}
    if not InspectionRound.objects.filter(gemeente=gemeente, name=DEMO_ROUND).exists():
        with transaction.atomic():
            rnd = round_plan(gemeente=gemeente, name=DEMO_ROUND, plots_per_buurt=3, seed=2026,
                             period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 4, 30),
                             origin="system")
            _fill(rnd, catalogue)
        result["created"] = True
        say(_("Demo-schouwronde '%(name)s' aangemaakt met %(n)s meetlocaties.") % {"name": DEMO_ROUND,
                                                                                   "n": rnd.plots.count()})
    if not ConditionInspection.objects.filter(gemeente=gemeente).exists():
        result["conditions"] = _conditions(gemeente)
        if result["conditions"]:
            say(_("Demo-conditiemetingen: %(n)s.") % {"n": result["conditions"]})
    return result


def _centre_assign(gemeente) -> None:
    centrum = AreaType.objects.filter(gemeente=gemeente, code="centrum").first()
    if centrum is None:
        return
    names = Q()
    for name in CENTRE_WIJK_NAMES:  # the Utrecht file writes wijk names in capitals ("BINNENSTAD")
        names |= Q(parent__name__iexact=name)
    for buurt in Area.objects.filter(names, gemeente=gemeente, level="buurt"):
        BuurtAreaType.objects.get_or_create(buurt=buurt, defaults={"gemeente": gemeente, "area_type": centrum})


def _fill(rnd, catalogue) -> None:
    """Seeded scores: mostly at B or better, a few buurten worse, one plot in 25 skipped."""
    rng = np.random.default_rng(rnd.seed)
    aspects = {a.code: a for a in catalogue.aspects.all() if a.code in rnd.aspects}
    scores, skipped, done = [], [], []
    for plot in rnd.plots.order_by("code"):
        if rng.random() < 0.04:
            plot.status, plot.skip_reason = Plot.Status.SKIPPED, "Niet bereikbaar (werkzaamheden)"
            skipped.append(plot)
            continue
        plot.status = Plot.Status.DONE
        done.append(plot)
        worse = (hash(plot.buurt_id) % 7) == 0
        for code, aspect in aspects.items():
            p = [0.10, 0.35, 0.45, 0.08, 0.02] if not worse else [0.02, 0.18, 0.45, 0.25, 0.10]
            level = crow.LEVELS[int(rng.choice(5, p=p))]
            value = None
            if aspect.scale_kind == "measured":
                t = aspect.thresholds
                lo = {"A+": 0, "A": t["A+"], "B": t["A"], "C": t["B"], "D": t["C"]}[level]
                hi = {"A+": t["A+"], "A": t["A"], "B": t["B"], "C": t["C"], "D": t["C"] * 2}[level]
                value = round(float(rng.uniform(lo, hi)) if hi > lo else float(lo), 1)
                level = crow.level_from_value(t, value)
            scores.append(PlotScore(plot=plot, aspect_code=code, level=level, value=value))
    Plot.objects.bulk_update(skipped + done, ["status", "skip_reason"])
    PlotScore.objects.bulk_create(scores)
    round_set_status(round=rnd, status=InspectionRound.Status.DONE, origin="system")


def _conditions(gemeente) -> int:
    rng = np.random.default_rng(2767)
    assets = list(Asset.objects.filter(gemeente=gemeente, asset_type__code__in=("playground_equipment", "bench"))
                  .order_by("id")[:40])
    count = 0
    for asset in assets:
        for year, worse in ((2023, 0), (2025, 1)):
            defects = []
            for _defect in range(int(rng.integers(0, 3)) + worse):
                defects.append({"name": str(rng.choice(["roest", "houtrot", "scheur", "losse delen"])),
                                "severity": str(rng.choice(["gering", "serieus", "ernstig"])),
                                "intensity": int(rng.integers(1, 4)), "extent": int(rng.integers(1, 6))})
            condition_inspection_record(
                asset=asset, date=datetime.date(year, 5, 1 + int(rng.integers(0, 28))), origin="system",
                source="demo", elements=[{"name": "constructie", "replacement_value": 1000, "defects": defects},
                                         {"name": "afwerking", "replacement_value": 250, "defects": defects[:1]}],
            )
            count += 1
    return count
