"""demo_load refuses a weak demo password before it writes anything. (The loaded demo itself is
tested in test_demo_load.py, which loads it once for all its tests.)"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wijkwerk.assets.models import Asset
from wijkwerk.demo.services import demo_load


@pytest.mark.django_db
def test_demo_refuses_a_weak_password():
    with pytest.raises(ValidationError, match="WIJKWERK_DEMO_PASSWORD"):
        demo_load(password="123")
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    assert not Asset.objects.exists()
