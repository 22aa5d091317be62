"""A municipality's default catalogue and area types: made when it is set up or by the first
change, never by a page that is only read (a GET writes nothing)."""

import pytest
from django.urls import reverse

from tests.core.http import login
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.inspections.models import AreaType, QualityAspect, QualityCatalogue
from wijkwerk.onboarding.services import gemeente_setup

pytestmark = pytest.mark.django_db


def _stored() -> tuple:
    return (AuditLogEntry.objects.count(), AreaType.objects.count(), QualityCatalogue.objects.count(),
            QualityAspect.objects.count())


def test_a_new_municipality_starts_with_the_defaults():
    gemeente = gemeente_setup(slug="nieuwstad", name="Nieuwstad")
    catalogue = gemeente.quality_catalogues.get()
    assert catalogue.version == 1 and catalogue.aspects.filter(code="onkruid-verharding").exists()
    assert sorted(gemeente.area_types.values_list("code", flat=True)) == ["bedrijventerrein", "centrum", "park",
                                                                         "woonwijk"]
    assert gemeente.area_types.get(is_default=True).code == "woonwijk"
    actions = set(AuditLogEntry.objects.filter(gemeente=gemeente).values_list("action", flat=True))
    assert {"gemeente.create", "inspections.catalogue_update", "inspections.area_types_default"} <= actions


def test_pages_that_only_read_write_nothing(town):
    """The municipality has no stored defaults (made by a factory, not set up): every page shows
    the defaults and leaves the database as it was."""
    g = town["g"]
    own = AreaType.objects.create(gemeente=g, code="eigen", name="Eigen type")  # for its edit page
    manager = login(town["beheerder"])
    before = _stored()
    pages = {
        "inspections-rounds": [], "inspections-catalogue": [], "inspections-area-types": [],
        "inspections-area-type": [own.pk], "inspections-condition": [], "inspections-condition-tables": [],
    }
    texts = {}
    for name, args in pages.items():
        response = manager.get(reverse(name, args=[g.slug, *args]))
        assert response.status_code == 200, name
        texts[name] = response.content.decode()
    assert _stored() == before
    assert "onkruid op verharding" in texts["inspections-catalogue"]
    assert "onkruid op verharding" in texts["inspections-rounds"]  # the plan form offers the default aspects
    assert 'name="target__gras"' in texts["inspections-area-type"]


def test_the_first_change_stores_the_defaults(town):
    g = town["g"]
    manager = login(town["beheerder"])
    url = reverse("inspections-area-types", args=[g.slug])
    page = manager.get(url).content.decode()
    assert "Woonwijk" in page and "Standaardgebiedstypen vastleggen" in page
    assert not AreaType.objects.filter(gemeente=g).exists()
    response = manager.post(url, {"form": "defaults"})
    assert response.status_code == 302
    woonwijk = AreaType.objects.get(gemeente=g, code="woonwijk")
    page = manager.get(url).content.decode()
    assert reverse("inspections-area-type", args=[g.slug, woonwijk.pk]) in page
    assert "Standaardgebiedstypen vastleggen" not in page
    assert g.quality_catalogues.count() == 1
    manager.post(url, {"form": "defaults"})  # a second time changes nothing
    assert (AreaType.objects.filter(gemeente=g).count(), g.quality_catalogues.count()) == (4, 1)


def test_a_reader_cannot_store_the_defaults(town):
    g = town["g"]
    assert login(town["reader"]).post(reverse("inspections-area-types", args=[g.slug]),
                                      {"form": "defaults"}).status_code == 403
    other = UserFactory(username="inspecteur2")
    make_member(other, g, "inspecteur")
    assert login(other).post(reverse("inspections-catalogue", args=[g.slug]), {"form": "assign"}).status_code == 403
    assert not AreaType.objects.filter(gemeente=g).exists()
