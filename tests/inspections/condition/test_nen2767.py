"""NEN 2767 arithmetic: all 45 matrix cells, extent boundaries, element and object aggregation."""

import pytest

from wijkwerk.inspections import nen2767
from wijkwerk.inspections.nen2767 import Nen2767Error

# Transcribed from DOMAIN.md section 3 (rows: severity; per intensity the conditions for extent 1..5).
TABLE = """
ernstig 1 1 2 3 4 | 1 2 3 4 5 | 2 3 4 5 6
serieus 1 1 1 2 3 | 1 1 2 3 4 | 1 2 3 4 5
gering  1 1 1 1 2 | 1 1 1 2 3 | 1 1 2 3 4
"""


def _cases():
    for line in TABLE.strip().splitlines():
        severity, rest = line.split(maxsplit=1)
        for intensity, block in enumerate(rest.split("|"), start=1):
            for extent, condition in enumerate(block.split(), start=1):
                yield severity, intensity, extent, int(condition)


CASES = list(_cases())


def test_table_has_45_cells():
    assert len(CASES) == 45


@pytest.mark.parametrize(("severity", "intensity", "extent", "expected"), CASES)
def test_matrix(severity, intensity, extent, expected):
    assert nen2767.defect_condition(severity, intensity, extent) == expected
    assert nen2767.defect_condition(severity.upper(), str(intensity), str(extent)) == expected


@pytest.mark.parametrize(
    ("pct", "klass"),
    [(0, 1), (1.99, 1), (2, 2), (9.99, 2), (10, 3), (29.9, 3), (30, 4), (69.99, 4), (70, 5), (100, 5)],
)
def test_extent_boundaries(pct, klass):
    assert nen2767.extent_class_from_percentage(pct) == klass
    assert nen2767.parse_extent(f"{pct}%") == (klass, float(pct))


def test_parse_extent_class_and_errors():
    assert nen2767.parse_extent("3") == (3, None)
    assert nen2767.parse_extent(4) == (4, None)
    assert nen2767.parse_extent("6") == (2, 6.0)  # not a class: a percentage
    assert nen2767.parse_extent("0") == (1, 0.0)
    assert nen2767.parse_extent(40.0) == (4, 40.0)
    for bad in ("120%", "-1%", "120", "-3", "veel", "", "100.5"):
        with pytest.raises(Nen2767Error) as err:
            nen2767.parse_extent(bad)
        assert err.value.field == "extent"


@pytest.mark.parametrize("bad", [0, 4, "vier", 2.5])
def test_intensity_refused(bad):
    with pytest.raises(Nen2767Error, match="Intensiteit"):
        nen2767.defect_condition("ernstig", bad, 1)


def test_severity_refused():
    with pytest.raises(Nen2767Error, match="gering, serieus of ernstig"):
        nen2767.defect_condition("heel erg", 1, 1)


def test_element_is_worst_defect():
    assert nen2767.element_condition([]) == 1
    assert nen2767.element_condition([2, 5, 3]) == 5


def test_aggregation_worked_example():
    # NEN 2767-1 worked example: corrected value 1134 over 920 -> index 1.2326 -> condition 4
    elements = [(300, 4), (150, 5), (250, 2), (120, 3), (90, 2), (10, 2)]
    assert nen2767.condition_index(elements) == pytest.approx(1134 / 920)
    assert nen2767.asset_condition(elements) == 4


def test_aggregation_edges():
    assert nen2767.asset_condition([]) == 1
    assert nen2767.asset_condition([(100, 3)]) == 3
    assert nen2767.asset_condition([(100, 1), (100, 1)]) == 1
    # exactly on a factor -> that condition
    assert nen2767.condition_from_index(1.10) == 3
    assert nen2767.condition_from_index(1.1000001) == 4
    assert nen2767.condition_from_index(1.0) == 1
    assert nen2767.condition_from_index(5.0) == 6
    # all values zero: equal weights
    assert nen2767.asset_condition([(0, 1), (0, 6)]) == 5  # (1.0 + 2.0) / 2 = 1.5 -> 5 (1.70)
    with pytest.raises(Nen2767Error):
        nen2767.asset_condition([(-5, 2)])


def test_custom_tables():
    tables = nen2767.Tables.from_config(
        {"ernstig": {"1": [6, 6, 6, 6, 6], "2": [6] * 5, "3": [6] * 5}},
        None,
        None,
    )
    assert nen2767.defect_condition("ernstig", 1, 1, tables) == 6
    assert nen2767.defect_condition("gering", 1, 1, tables) == 1  # other cells keep the default


def test_tables_validated():
    with pytest.raises(Nen2767Error, match="oplopen"):
        nen2767.Tables.from_config(None, {1: 1, 2: 1.5, 3: 1.2, 4: 2, 5: 3, 6: 4}, None)
    with pytest.raises(Nen2767Error, match="omvangklassen"):
        nen2767.Tables.from_config(None, None, [2, 10, 5, 70])
