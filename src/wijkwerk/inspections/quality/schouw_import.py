"""Import of a schouw delivered as a file (CSV/XLSX): read the table, check every row, then save
the round, its plots and scores. All or nothing: any refused row and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.areas.models import Area
from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import batched, columns_by_alias, filter_in_batches
from wijkwerk.core.geo import RD_NEW, WGS84, transformer

from .. import crow
from ..actors import actor_label, actor_user
from ..importing import BATCH, RowCollector, RowErrors, row_batches, table_read
from ..models import InspectionRound, Plot, PlotScore, QualityAspect, QualityCatalogue
from .plots import round_ensure_open, score_for
from .services import quality_defaults_ensure

SCHOUW_ALIASES = {
    "plot": ("plot", "meetlocatie", "meetpunt", "locatie"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "x": ("x", "rd_x", "x_rd"),
    "y": ("y", "rd_y", "y_rd"),
    "aspect": ("aspect", "onderdeel"),
    "level": ("level", "niveau", "kwaliteitsniveau"),
    "value": ("value", "waarde", "meetwaarde"),
    "buurt": ("buurt", "buurtcode"),
    "skip": ("skip", "overgeslagen", "reden_overslaan"),
}


@dataclass
class _PlotRow:
    code: str
    lon: float
    lat: float
    row: int
    buurt_id: int
    scores: dict = field(default_factory=dict)  # aspect code -> (level, value)
    skip: str = ""


@transaction.atomic
def schouw_import(*, gemeente, round_name: str, path, actor=None, origin: str = "cli") -> dict:
    """Reads a schouw delivered as CSV/XLSX into the round `round_name` (created when new).

    Columns: `plot`, `lat` + `lon` (WGS84) or `x` + `y` (RD New), `aspect` (catalogue name or
    code, any letter case), and `level` (A+, A, B, C, D) or `value` (measured aspects: converted by
    the catalogue's thresholds); optional `buurt` (the plot must lie in that buurt) and `skip` (a
    reason: the plot was skipped). Atomic: when any row is refused nothing is written and
    RowErrors lists every refused row with its field and reason. An existing round keeps its
    catalogue version; plots with the same code are replaced by the file's.
    """
    round_name = (round_name or "").strip()
    if not round_name:
        raise ValidationError(_("Geef de naam van de schouwronde (--round)."))
    with table_read(path) as table:
        columns = _columns(table.columns)
        rnd = InspectionRound.objects.select_for_update().filter(gemeente=gemeente, name=round_name).first()
        if rnd is not None:
            round_ensure_open(rnd)  # an imported round is done at once: a second file needs a new round name
        catalogue = rnd.catalogue if rnd else quality_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
        check = _SchouwCheck(gemeente=gemeente, round_name=round_name, rnd=rnd, catalogue=catalogue, columns=columns)
        plots = check.plots(row_batches(table))
    created_round = rnd is None
    rnd = _save(gemeente=gemeente, round_name=round_name, rnd=rnd, catalogue=catalogue, plots=plots,
                buurten=check.buurten, source=str(getattr(path, "name", path)), actor=actor)
    report = {"round": rnd.name, "created_round": created_round, "rows": table.rows_read, "plots": len(plots),
              "scores": sum(len(p.scores) for p in plots.values() if not p.skip),
              "skipped": sum(1 for p in plots.values() if p.skip)}
    audit_log(action="inspections.schouw_import", actor=actor, gemeente=gemeente, obj=rnd, origin=origin, detail=report)
    return report


# --- check (the file is read by `importing.table_read`) ----------------------------------------------


def _columns(found_columns: list[str]) -> dict[str, str]:
    columns = columns_by_alias(found_columns, SCHOUW_ALIASES)
    missing = [c for c in ("plot", "aspect") if c not in columns]
    if not (("lat" in columns and "lon" in columns) or ("x" in columns and "y" in columns)):
        missing.append(_("lat en lon (of x en y)"))
    if "level" not in columns and "value" not in columns:
        missing.append(_("level of value"))
    if missing:
        raise ValidationError(_("Kolom(men) ontbreken: %(missing)s. Gevonden: %(found)s.")
                              % {"missing": ", ".join(missing), "found": ", ".join(found_columns)})
    return columns


class _SchouwCheck:
    """Checks every row of a schouw file; `plots(batches)` returns the plots to save or raises
    RowErrors with every refused row."""

    def __init__(self, *, gemeente, round_name: str, rnd: InspectionRound | None, catalogue: QualityCatalogue,
                 columns: dict[str, str]):
        self.gemeente = gemeente
        self.round_name = round_name
        self.rnd = rnd
        self.catalogue = catalogue
        self.columns = columns
        self.use_rd = not ("lat" in columns and "lon" in columns)
        self.errors = RowCollector()  # capped: a million bad rows do not fill the memory
        self.aspects: dict[str, QualityAspect] = {}
        for a in catalogue.aspects.all():
            self.aspects[crow.norm_key(a.code)] = a
            self.aspects[crow.norm_key(a.name)] = a
        self.buurten = {a.id: a for a in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT)}

    def error(self, row: int, field_name: str, message: str) -> None:
        self.errors.add(row, field_name, message)

    def value(self, row: dict, key: str):
        return row.get(self.columns[key]) if key in self.columns else None

    def plots(self, batches) -> dict[tuple[str, int], _PlotRow]:
        """Checks the rows, given in batches [(row number, row)]."""
        locator = AreaLocator.for_gemeente(self.gemeente)
        if not locator.has_buurten:
            raise ValidationError(_("Deze gemeente heeft nog geen buurten; lees eerst de buurtgrenzen in."))
        plots: dict[tuple[str, int], _PlotRow] = {}
        for batch in batches:
            lons, lats = self.coordinates(batch)
            buurt_ids, _wijk_ids = locator.locate(lons, lats)
            for i, (number, row) in enumerate(batch):
                entry = self.plot_of_row(plots, number, row, float(lons[i]), float(lats[i]), int(buurt_ids[i]))
                if entry is None:
                    continue
                skip = str(self.value(row, "skip") or "").strip()
                if skip:
                    entry.skip = skip
                    continue
                self.score_of_row(entry, number, row)
        if self.errors:
            raise RowErrors(self.errors)
        if not plots:
            raise ValidationError(_("Het bestand bevat geen meetlocaties."))
        return plots

    def coordinates(self, batch: list[tuple[int, dict]]) -> tuple[np.ndarray, np.ndarray]:
        """WGS84 lon and lat of every row (NaN where the row has none; that row is refused)."""
        lons = np.full(len(batch), np.nan)
        lats = np.full(len(batch), np.nan)
        keys = ("x", "y") if self.use_rd else ("lon", "lat")
        for i, (number, row) in enumerate(batch):
            try:
                a = crow.parse_number(self.value(row, keys[0]), keys[0], keys[0])
                b = crow.parse_number(self.value(row, keys[1]), keys[1], keys[1])
            except crow.ScaleError:
                self.error(number, "/".join(keys), _("Coördinaten %(a)s/%(b)s ontbreken of zijn geen getal.")
                           % {"a": keys[0], "b": keys[1]})
                continue
            lons[i], lats[i] = a, b
        if self.use_rd:
            ok = np.isfinite(lons)
            if ok.any():
                lons[ok], lats[ok] = transformer(RD_NEW, WGS84).transform(lons[ok], lats[ok])
        return lons, lats

    def plot_of_row(self, plots: dict, number: int, row: dict, lon: float, lat: float, buurt_id: int) -> _PlotRow | None:
        """The plot this row is about (made on its first row), or None when the row is refused."""
        raw = self.value(row, "plot")
        code = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw or "").strip()
        if not code:
            self.error(number, "plot", _("De code van de meetlocatie (plot) ontbreekt."))
            return None
        if not np.isfinite(lon):
            return None  # refused in coordinates()
        if buurt_id == 0:
            self.error(number, "x/y" if self.use_rd else "lat/lon",
                       _("Meetlocatie %(code)s (%(lat).6f, %(lon).6f) ligt buiten alle buurten van de gemeente.")
                       % {"code": code, "lat": lat, "lon": lon})
            return None
        buurt = self.buurten.get(buurt_id)
        wanted = str(self.value(row, "buurt") or "").strip()
        if wanted and buurt is not None and wanted not in (buurt.code, buurt.name):
            self.error(number, "buurt", _("Meetlocatie %(code)s ligt niet in buurt %(wanted)s maar in buurt "
                                          "%(buurt)s (%(name)s).")
                       % {"code": code, "wanted": wanted, "buurt": buurt.code, "name": buurt.name})
            return None
        # Contractors often number plots per buurt: the same code in another buurt is another plot.
        return plots.setdefault((code, buurt_id), _PlotRow(code=code, lon=lon, lat=lat, row=number, buurt_id=buurt_id))

    def score_of_row(self, entry: _PlotRow, number: int, row: dict) -> None:
        aspect_text = self.value(row, "aspect")
        aspect = self.aspects.get(crow.norm_key(aspect_text))
        if aspect is None:
            known = ", ".join(a.name for a in self.catalogue.aspects.all())
            self.error(number, "aspect", _("Aspect '%(aspect)s' staat niet in de kwaliteitscatalogus (bekend: %(known)s).")
                       % {"aspect": aspect_text or "", "known": known})
            return
        if self.rnd is not None and self.rnd.aspects and aspect.code not in self.rnd.aspects:
            self.error(number, "aspect", _("Aspect '%(aspect)s' hoort niet bij schouwronde %(round)s.")
                       % {"aspect": aspect.name, "round": self.round_name})
            return
        try:
            score = score_for(aspect, self.value(row, "level"), self.value(row, "value"))
        except crow.ScaleError as exc:
            self.error(number, exc.field, str(exc))
            return
        if aspect.code in entry.scores and entry.scores[aspect.code] != score:
            self.error(number, "aspect", _("Meetlocatie %(code)s heeft voor '%(aspect)s' al een andere score in het "
                                           "bestand.") % {"code": entry.code, "aspect": aspect.name})
            return
        entry.scores[aspect.code] = score


# --- save ------------------------------------------------------------------------------------------


def _save(*, gemeente, round_name: str, rnd: InspectionRound | None, catalogue: QualityCatalogue,
          plots: dict[tuple[str, int], _PlotRow], buurten: dict[int, Area], source: str, actor) -> InspectionRound:
    rnd = _round_create_or_extend(gemeente=gemeente, round_name=round_name, rnd=rnd, catalogue=catalogue,
                                  plots=plots, source=source, actor=actor)
    _codes_make_unique(plots, buurten)
    codes = [p.code for p in plots.values()]
    for batch in batched(codes, BATCH):
        Plot.objects.filter(round=rnd, code__in=batch).delete()
    to_rd = transformer(WGS84, RD_NEW)
    label = actor_label(actor) or "import"
    new_plots = []
    for p in plots.values():
        x, y = to_rd.transform(p.lon, p.lat)
        buurt = buurten[p.buurt_id]
        new_plots.append(Plot(
            round=rnd, code=p.code, buurt=buurt, wijk_id=buurt.parent_id, lon=p.lon, lat=p.lat,
            x=round(float(x), 2), y=round(float(y), 2),
            status=Plot.Status.SKIPPED if p.skip else (Plot.Status.DONE if p.scores else Plot.Status.OPEN),
            skip_reason=p.skip[:255], updated_by=actor_user(actor), updated_by_label=label,
        ))
    Plot.objects.bulk_create(new_plots, batch_size=BATCH)
    saved = {p.code: p for p in filter_in_batches(Plot.objects.filter(round=rnd), "code", codes, size=BATCH)}
    scores = [
        PlotScore(plot=saved[p.code], aspect_code=code, level=level, value=value)
        for p in plots.values() if not p.skip for code, (level, value) in p.scores.items()
    ]
    PlotScore.objects.bulk_create(scores, batch_size=BATCH)
    return rnd


def _round_create_or_extend(*, gemeente, round_name: str, rnd: InspectionRound | None, catalogue: QualityCatalogue,
                            plots: dict[tuple[str, int], _PlotRow], source: str, actor) -> InspectionRound:
    """A new round is done at once (its results are the file's); an existing one gets the aspects
    of the file that it did not have yet."""
    if rnd is None:
        used = sorted({c for p in plots.values() for c in p.scores})
        ordered = [a.code for a in catalogue.aspects.all() if a.code in used]
        return InspectionRound.objects.create(
            gemeente=gemeente, catalogue=catalogue, name=round_name, aspects=ordered, status=InspectionRound.Status.DONE,
            source=source[-255:], created_by=actor_user(actor),
            period_start=timezone.localdate(), period_end=timezone.localdate(),
        )
    extra = [c for p in plots.values() for c in p.scores if c not in rnd.aspects]
    if extra:
        rnd.aspects = list(dict.fromkeys([*rnd.aspects, *extra]))
        rnd.save(update_fields=["aspects"])
    return rnd


def _codes_make_unique(plots: dict[tuple[str, int], _PlotRow], buurten: dict[int, Area]) -> None:
    """Plot codes are unique per round: a code used in two buurten gets the buurt code added."""
    seen: dict[str, int] = {}
    for code, _buurt_id in plots:
        seen[code] = seen.get(code, 0) + 1
    for (code, buurt_id), p in plots.items():
        if seen[code] > 1:
            p.code = f"{code} ({buurten[buurt_id].code})"
