"""The planning build in two parts: the selector reads the register into plain arrays (database), the
pure `build_problem` turns them into the optimiser's problem (no database: the tests without the
django_db mark would fail on any query)."""

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from tests.areas.factories import box, make_area
from tests.planning.helpers import small_gemeente
from wijkwerk.inspections.models import AreaType, BuurtAreaType, ConditionInspection
from wijkwerk.planning.build import Register, build_problem
from wijkwerk.planning.defaults import default_config
from wijkwerk.planning.optimiser import strategies as st
from wijkwerk.planning.selectors import planning_register_read

START = 2026


def register(**overrides) -> Register:
    """Four hand-made assets: two benches, a street light, a paving area."""
    data = {
        "asset_ids": np.array([11, 12, 13, 14], dtype=np.int64),
        "external_ids": ["BANK-1", "BANK-2", "MAST-1", "VAK-1"],
        "type_codes": ["bench", "bench", "street_light", "paving"],
        "quantity": np.array([1.0, 1.0, 1.0, 120.0]),
        "condition": np.array([2, 0, 5, 4], dtype=np.int32),  # 0: never measured
        "installation_year": np.array([1990, 0, START - 3, 1970], dtype=np.int32),
        "wijk_ids": np.array([1, 1, 2, 0], dtype=np.int64),
        "area_types": [None, "centrum", None, None],
        "attributes": [{}, {}, {"hoofdweg": True}, {}],
        "observed": {},
    }
    data.update(overrides)
    return Register(**data)


def test_the_register_becomes_the_optimisers_problem_without_a_database():
    cfg = default_config()
    built = build_problem(register(), cfg=cfg, years=4, budgets=[5000.0] * 4, start_year=START)
    p = built.problem
    assert p.n == 4 and built.type_codes == ["bench", "paving", "street_light"]
    assert list(p.kind) == [0, 0, 2, 1]
    assert list(built.condition) == [2, cfg["default_condition"], 5, 4]  # unmeasured: the default
    assert list(p.scale) == [1.0, 1.0, 1.0, 120.0]
    assert list(built.asset_ids) == [11, 12, 13, 14] and p.names == ["11", "12", "13", "14"]
    assert p.budgets.shape == (len(built.lines), 4) and np.allclose(p.budgets[0], 5000.0)  # one total per year
    # no replacement within 15 years of installation: only the street light (installed 3 years ago)
    replaces = (built.sched == st.REPLACE).any(axis=1)
    assert not p.allowed[2, replaces].any()
    assert p.allowed[0, replaces].all() and p.allowed[1, replaces].all()  # unknown year: allowed
    assert built.degradation_used["bench"]["source"] == "standaard"  # no condition history given


def test_line_budgets_and_their_errors_are_dutch():
    built = build_problem(register(), cfg=default_config(), years=2, budgets=None, start_year=START,
                          line_budgets={"furniture": [100.0, 200.0], "lighting": 50.0, "paving": 10.0})
    assert built.line_budgeted and built.lines == ["paving", "furniture", "lighting"]
    assert built.problem.budgets.tolist() == [[10.0, 10.0], [100.0, 200.0], [50.0, 50.0]]
    with pytest.raises(ValidationError, match="verlichting"):
        build_problem(register(), cfg=default_config(), years=2, budgets=None,
                      line_budgets={"furniture": 1.0, "paving": 1.0})
    with pytest.raises(ValidationError, match="niet allebei"):
        build_problem(register(), cfg=default_config(), years=2, budgets=[1.0, 1.0], line_budgets={"paving": 1.0})
    bad = default_config() | {"risk_matrix": [[1, 2]]}
    with pytest.raises(ValidationError, match="5 x 5"):
        build_problem(register(), cfg=bad, years=2, budgets=None)


def test_an_asset_no_strategy_fits_is_named_by_its_own_key():
    cfg = default_config()
    cfg["types"] = {"street_light": {"mandatory": "replace"}}  # but it was installed 3 years ago
    with pytest.raises(ValidationError, match="MAST-1"):
        build_problem(register(), cfg=cfg, years=4, budgets=None, start_year=START)


def test_observed_transitions_replace_the_default_when_there_are_enough():
    counts = np.zeros((6, 6))
    counts[0, 0], counts[0, 1] = 20, 20  # half of the condition-1 benches drop a class each year
    built = build_problem(register(observed={"bench": counts}), cfg=default_config(), years=2, budgets=None)
    used = built.degradation_used["bench"]
    assert used["source"] == "geschat uit schouwgegevens" and used["transitions"] == 40
    assert used["matrix"][0][1] > 0.4
    few = build_problem(register(observed={"bench": counts / 4}), cfg=default_config(), years=2, budgets=None)
    assert few.degradation_used["bench"]["source"] == "standaard"


def test_area_type_and_location_bonus_raise_the_risk_of_an_asset():
    cfg = default_config()
    plain = register(area_types=[None] * 4, attributes=[{}] * 4)
    bonus = register()  # bench 2 in a centrum, the street light on a main road
    r0 = build_problem(plain, cfg=cfg, years=2, budgets=None).risk_objective
    r1 = build_problem(bonus, cfg=cfg, years=2, budgets=None).risk_objective
    assert (r1[1] > r0[1]).all() and (r1[2] > r0[2]).all()
    assert np.allclose(r1[[0, 3]], r0[[0, 3]])


@pytest.mark.django_db
def test_the_selector_reads_the_register_into_the_same_plain_data():
    g = small_gemeente(n=8, slug="leesdorp")
    assets = list(g.assets.order_by("id"))
    buurt_asset = assets[1]
    buurt = make_area(g, "buurt", "B1", name="Centrum", bbox=box(5.0, 52.0, 0.01))
    type(buurt_asset).objects.filter(pk=buurt_asset.pk).update(buurt=buurt)
    centrum = AreaType.objects.create(gemeente=g, code="centrum", name="Centrum")
    BuurtAreaType.objects.create(gemeente=g, buurt=buurt, area_type=centrum)
    for year, cond in ((2020, 2), (2021, 3)):
        ConditionInspection.objects.create(gemeente=g, asset=assets[0], date=f"{year}-05-01", condition=cond)
    reg = planning_register_read(gemeente=g)
    assert reg.n == 8 and list(reg.asset_ids) == [a.pk for a in assets]
    assert reg.external_ids == [a.external_id for a in assets]
    assert reg.type_codes == [a.asset_type.code for a in assets]
    assert list(reg.condition) == [a.condition or 0 for a in assets]
    assert reg.area_types[1] == "centrum" and reg.area_types.count(None) == 7
    assert reg.observed[assets[0].asset_type.code][1, 2] == 1
    built = build_problem(reg, cfg=default_config(), years=3, budgets=None)
    assert built.problem.n == 8
