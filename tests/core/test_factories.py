"""Every app's factories make valid rows (the model's own validation passes), so a model change that
a factory does not follow fails here, not somewhere in a test that merely uses it."""

import pytest

from tests.areas.factories import AreaFactory
from tests.assets.factories import AssetFactory, AssetHistoryFactory, AssetTypeFactory, ImportJobFactory
from tests.inspections.factories import (
    AreaTypeFactory,
    ConditionInspectionFactory,
    InspectionRoundFactory,
    PlotFactory,
    QualityCatalogueFactory,
)
from tests.municipalities.factories import (
    GemeenteFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.planning.factories import PlanFactory
from tests.tendering.factories import BidFactory, TenderFactory
from tests.work.factories import (
    ActivityFactory,
    CertificateTypeFactory,
    SkillFactory,
    TeamFactory,
    WorkAssignmentFactory,
    WorkerFactory,
    WorkOrderEventFactory,
    WorkOrderFactory,
)

FACTORIES = [
    UserFactory, GemeenteFactory, OrganisationFactory, MembershipFactory, AreaFactory, AssetTypeFactory,
    AssetFactory, AssetHistoryFactory, ImportJobFactory, QualityCatalogueFactory, AreaTypeFactory,
    InspectionRoundFactory, PlotFactory, ConditionInspectionFactory, PlanFactory, TenderFactory, BidFactory,
    SkillFactory, CertificateTypeFactory, ActivityFactory, TeamFactory, WorkerFactory, WorkOrderFactory,
    WorkOrderEventFactory, WorkAssignmentFactory,
]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", FACTORIES, ids=[f.__name__ for f in FACTORIES])
def test_a_factory_makes_a_valid_row(factory):
    first, second = factory(), factory()
    for row in (first, second):
        row.full_clean()
    assert first.pk != second.pk


def test_the_factories_agree_with_each_other():
    asset = AssetFactory(type_code="bench", lon=5.05, lat=52.05, buurt=AreaFactory(parent=AreaFactory(level="wijk")))
    assert (asset.wijk, asset.outside_areas, asset.unit, asset.min_lon, asset.max_lat) == (
        asset.buurt.parent, False, "st", 5.05, 52.05)
    assert 100_000 < asset.x < 160_000 and 430_000 < asset.y < 480_000  # RD New, central Netherlands
    assert ConditionInspectionFactory(asset=asset).gemeente == asset.gemeente
    catalogue = QualityCatalogueFactory(gemeente=asset.gemeente)
    assert InspectionRoundFactory(gemeente=asset.gemeente).catalogue == catalogue
    assert QualityCatalogueFactory(gemeente=asset.gemeente).version == catalogue.version + 1
    bid = BidFactory(bidder_name="Groen BV")
    assert bid.bidder == "Groen BV" and not bid.sheet.get("refusals")
    assert PlanFactory(computed=True).has_result
