"""demo_load in the test database (so CI also runs it on PostgreSQL): complete, idempotent, logins work."""

import pytest
from django.contrib.auth import get_user_model

from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetHistory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.demo.generate import DEFAULT_COUNTS
from wijkwerk.demo.services import DEMO_SLUG, demo_load
from wijkwerk.municipalities.models import Membership
from wijkwerk.municipalities.roles import ROLES

PASSWORD = "groen-onderhoud-2026"


def _state():
    return {
        "areas": Area.objects.count(),
        "assets": Asset.objects.count(),
        "history": AssetHistory.objects.count(),
        "audit": AuditLogEntry.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "versions": sorted(set(Asset.objects.values_list("version", flat=True))),
    }


@pytest.mark.django_db
def test_demo_load_is_complete_and_idempotent(client, monkeypatch):
    monkeypatch.setenv("WIJKWERK_DEMO_PASSWORD", PASSWORD)
    summary = demo_load()
    assert summary["gemeente"] == DEMO_SLUG
    assert summary["organisations"] == 6
    assert (summary["wijken"], summary["buurten"]) == (10, 111)
    assert summary["assets"] == {"street_light": 9793, **DEFAULT_COUNTS}
    assert summary["outside_areas"] == 59
    assert summary["password"] == PASSWORD
    # every buurt holds its assets' wijk too
    assert not Asset.objects.filter(buurt__isnull=False, wijk__isnull=True).exists()
    # the city centre's buurten are inspected against the centre's (stricter) targets
    from wijkwerk.inspections.models import BuurtAreaType

    centre = BuurtAreaType.objects.filter(area_type__code="centrum").values_list("buurt__parent__name", flat=True)
    assert centre and set(centre) == {"BINNENSTAD"}

    before = _state()
    again = demo_load()
    assert _state() == before
    assert again["assets"] == summary["assets"]

    for role in ROLES:
        assert client.login(username=f"demo-{role}", password=PASSWORD), role
        assert Membership.objects.filter(user__username=f"demo-{role}", gemeente__slug=DEMO_SLUG,
                                         role__name=role).exists()
    assert not client.login(username="demo-beheerder", password="wijkwerk-demo-2026")


@pytest.mark.django_db
def test_demo_refuses_a_weak_password(monkeypatch):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="WIJKWERK_DEMO_PASSWORD"):
        demo_load(password="123")
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    assert not Asset.objects.exists()
