"""Test data for inspections: a gemeente with one wijk and two buurten side by side."""

import csv
from pathlib import Path

import openpyxl

from tests.areas.factories import make_area
from tests.inspections.factories import AreaTypeFactory, InspectionRoundFactory, PlotFactory
from tests.municipalities.factories import GemeenteFactory
from wijkwerk.inspections.models import AreaType, InspectionRound

# B1: lon 5.00-5.10, B2: lon 5.10-5.20; both lat 52.00-52.10; wijk W1 covers both.
B1_POINT = (5.05, 52.05)
B2_POINT = (5.15, 52.05)
OUTSIDE = (6.0, 53.0)


def make_town(slug: str = "teststad"):
    gemeente = GemeenteFactory(slug=slug, name=slug.title())
    wijk = make_area(gemeente, "wijk", "W1", name="Wijk Een", bbox=(5.0, 52.0, 5.2, 52.1))
    b1 = make_area(gemeente, "buurt", "B1", name="Buurt Een", parent=wijk, bbox=(5.0, 52.0, 5.1, 52.1))
    b2 = make_area(gemeente, "buurt", "B2", name="Buurt Twee", parent=wijk, bbox=(5.1, 52.0, 5.2, 52.1))
    return gemeente, wijk, b1, b2


def write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def inspection_ids(gemeente) -> dict:
    """A schouw round with one plot in `gemeente` (made once): ids for the isolation tests."""
    rnd = InspectionRound.objects.filter(gemeente=gemeente, name="Isolatietest").first()
    if rnd is None:
        rnd = InspectionRoundFactory(gemeente=gemeente, name="Isolatietest", aspects=["gras"])
        PlotFactory(round=rnd, code="P1", lon=5.1, lat=52.1)
        AreaTypeFactory(gemeente=gemeente, code="isolatie", name="Isolatie")
    plot = rnd.plots.get(code="P1")
    area_type = AreaType.objects.get(gemeente=gemeente, code="isolatie")
    return {"round_id": rnd.pk, "plot_id": plot.pk, "area_type_id": area_type.pk}
