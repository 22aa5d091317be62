"""CRS found and converted to WGS84; NaN, infinite and out-of-the-Netherlands coordinates refused
per row with a reason."""

import math

import numpy as np
import pytest

from wijkwerk.core.files import (
    RD_NEW,
    WEB_MERCATOR,
    WGS84,
    FileRefused,
    coordinate_problems,
    read_table,
    resolve_crs,
)
from wijkwerk.core.geo import transformer

from .helpers import write_points

DOM = (5.12138, 52.09078)  # Domtoren, Utrecht


def test_nan_infinite_and_outside_rows_are_refused_with_a_reason():
    x = [DOM[0], math.nan, math.inf, -math.inf, 2.35, DOM[0]]
    y = [DOM[1], DOM[1], DOM[1], DOM[1], 48.86, math.nan]  # the fifth is Paris
    lon, lat, problems = coordinate_problems(x, y, WGS84)
    reasons = dict(problems)
    assert sorted(reasons) == [1, 2, 3, 4, 5]
    assert "geen getal" in reasons[1] and "geen getal" in reasons[5]
    assert "oneindig" in reasons[2] and "oneindig" in reasons[3]
    assert "buiten Nederland" in reasons[4] and "--crs" in reasons[4]
    assert (lon[0], lat[0]) == pytest.approx(DOM)


def test_the_margin_around_the_netherlands_is_accepted():
    _lon, _lat, problems = coordinate_problems([3.2, 7.2], [51.4, 53.6], WGS84)  # North Sea coast, Groningen
    assert problems == []


def test_rd_new_is_converted_to_wgs84():
    x, y = transformer(WGS84, RD_NEW).transform(*DOM)
    lon, lat, problems = coordinate_problems([x], [y], RD_NEW)
    assert problems == [] and (lon[0], lat[0]) == pytest.approx(DOM, abs=1e-6)


def test_web_mercator_is_converted_to_wgs84():
    x, y = transformer(WGS84, WEB_MERCATOR).transform(*DOM)
    lon, lat, problems = coordinate_problems([x], [y], WEB_MERCATOR)
    assert problems == [] and (lon[0], lat[0]) == pytest.approx(DOM, abs=1e-6)


@pytest.mark.parametrize("crs", [RD_NEW, WEB_MERCATOR, WGS84])
def test_the_crs_of_a_csv_is_guessed_from_its_values(tmp_path, crs):
    x, y = transformer(WGS84, crs).transform([DOM[0], 5.1], [DOM[1], 52.1])
    path = tmp_path / "t.csv"
    path.write_text("id;x;y\n" + "".join(f"P{i};{a!r};{b!r}\n" for i, (a, b) in enumerate(zip(x, y, strict=True))),
                    encoding="utf-8")
    table = read_table(path)
    found, notes = resolve_crs(table=table, option=None)
    assert found == crs
    assert notes and "aangenomen" in notes[0]
    lon, lat, problems = coordinate_problems(*table.points, found)
    assert problems == [] and (lon[0], lat[0]) == pytest.approx(DOM, abs=1e-6)


@pytest.mark.parametrize("crs", [RD_NEW, WEB_MERCATOR])
def test_a_geopackage_says_its_crs(tmp_path, crs):
    table = read_table(write_points(tmp_path / "p.gpkg", "GPKG", crs=crs))
    found, notes = resolve_crs(table=table, option=None)
    lon, _lat, problems = coordinate_problems(*table.points, found)
    assert problems == [] and notes == []
    assert np.allclose(lon, [5.105, 5.106, 5.107], atol=1e-6)


def test_a_crs_option_overrides_and_a_wrong_one_is_refused(tmp_path):
    table = read_table(write_points(tmp_path / "p.gpkg", "GPKG"))
    assert resolve_crs(table=table, option="epsg:28992")[0] == RD_NEW
    with pytest.raises(FileRefused, match="Onbekend coördinatenstelsel"):
        resolve_crs(table=table, option="EPSG:999999")
