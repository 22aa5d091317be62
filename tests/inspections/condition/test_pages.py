"""Condition pages: one asset's measurements (recording one), the overview, the NEN 2767 tables."""

import datetime

import pytest
from django.urls import reverse

from tests.assets.factories import make_asset
from tests.core.http import login
from wijkwerk.inspections import nen2767
from wijkwerk.inspections.condition.services import condition_tables

pytestmark = pytest.mark.django_db


def test_condition_pages(town):
    g = town["g"]
    asset = make_asset(g, type_code="bench", external_id="BANK-9", buurt=town["b1"])
    c = login(town["anna"])
    url = reverse("inspections-asset-condition", args=[g.slug, asset.pk])
    assert "Nog geen metingen" in c.get(url).content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    r = c.post(url, {"date": future, "element_0": "zitting", "value_0": "100", "severity_0": "ernstig",
                     "intensity_0": "3", "extent_0": "120%"})
    text = r.content.decode()
    assert "toekomst" in text and "Omvang 120" in text
    r = c.post(url, {"date": "2025-04-01", "element_0": "zitting", "value_0": "100", "defect_0": "rot",
                     "severity_0": "ernstig", "intensity_0": "3", "extent_0": "45%",
                     "element_1": "poten", "value_1": "50"})
    assert r.status_code == 302
    asset.refresh_from_db()
    # zitting: ernstig/3/class 4 -> 5; poten: 1; index (100*1.7 + 50*1.0)/150 = 1.4667 -> 5
    assert (asset.condition, asset.condition_date) == (5, datetime.date(2025, 4, 1))
    detail = c.get(reverse("asset-detail", args=[g.slug, asset.pk])).content.decode()
    assert "Conditiemetingen (NEN 2767)" in detail
    overview = c.get(reverse("inspections-condition", args=[g.slug])).content.decode()
    assert "Aantallen per conditie en soort" in overview


def test_condition_tables_page(town):
    g, c = town["g"], login(town["beheerder"])
    url = reverse("inspections-condition-tables", args=[g.slug])
    page = c.get(url).content.decode()
    assert "standaardtabellen" in page and 'name="m_ernstig_3_5"' in page and 'value="1,7"' in page
    data = {f"m_{s}_{i}_{e}": nen2767.DEFAULT_MATRIX[s][i][e - 1]
            for s in nen2767.SEVERITIES for i in nen2767.INTENSITIES for e in nen2767.EXTENT_CLASSES}
    data.update({f"f_{k}": str(v).replace(".", ",") for k, v in nen2767.DEFAULT_FACTORS.items()})
    data.update({f"b_{k + 2}": v for k, v in enumerate(nen2767.DEFAULT_EXTENT_BOUNDS)})
    r = c.post(url, {**data, "m_ernstig_3_5": "7"})
    assert "Een conditie is 1 t/m 6." in r.content.decode()
    r = c.post(url, {**data, "f_3": "1,5"})
    assert "De correctiefactoren moeten positief zijn en oplopen" in r.content.decode()
    r = c.post(url, {**data, "b_3": "1"})
    assert "vier oplopende percentages" in r.content.decode()
    r = c.post(url, {**data, "m_gering_1_5": "3", "f_6": "2,5"})
    assert r.status_code == 302
    tables = condition_tables(gemeente=g)
    assert tables.matrix["gering"][1][4] == 3 and tables.factors[6] == 2.5
    assert "eigen, aangepaste tabellen" in c.get(url).content.decode()
    c.post(url, {"form": "reset"})
    assert condition_tables(gemeente=g) == nen2767.DEFAULT_TABLES
    assert login(town["anna"]).get(url).status_code == 403
