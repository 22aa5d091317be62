"""Fixtures of the inspections tests."""

import pytest

from tests.municipalities.factories import UserFactory, make_member

from .helpers import make_town


@pytest.fixture
def town():
    """A town with one wijk and two buurten, a manager, two inspectors and a reader."""
    gemeente, wijk, b1, b2 = make_town()
    beheerder, anna, bert, reader = (UserFactory(username=n) for n in ("beheer", "anna", "bert", "lezer"))
    make_member(beheerder, gemeente, "beheerder")
    make_member(anna, gemeente, "inspecteur")
    make_member(bert, gemeente, "inspecteur")
    make_member(reader, gemeente, "raadpleger")
    return {"g": gemeente, "wijk": wijk, "b1": b1, "b2": b2, "beheerder": beheerder, "anna": anna, "bert": bert,
            "reader": reader}
