"""The execution factories make valid rows (the model's own validation passes)."""

import pytest

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

FACTORIES = [SkillFactory, CertificateTypeFactory, ActivityFactory, TeamFactory, WorkerFactory, WorkOrderFactory,
             WorkOrderEventFactory, WorkAssignmentFactory]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", FACTORIES, ids=[f.__name__ for f in FACTORIES])
def test_a_factory_makes_a_valid_row(factory):
    first, second = factory(), factory()
    for row in (first, second):
        row.full_clean()
    assert first.pk != second.pk
