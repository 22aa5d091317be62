"""The demo tender: published, bids (some broken), consensus scores -> a full report for the
inkoper, and bids to score for the beoordelaar. Idempotent."""

import pytest

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering.demo import DEMO_BIDS, DEMO_TITLE, demo_tender_ensure
from wijkwerk.tendering.models import Assessment, Tender
from wijkwerk.tendering.selectors import shortlisted_bids, tender_evaluation

pytestmark = pytest.mark.django_db


def test_demo_tender_is_complete_and_idempotent(client):
    g = GemeenteFactory(slug="utrecht", name="Utrecht")
    inkoper, beoordelaar = UserFactory(username="demo-inkoper"), UserFactory(username="demo-beoordelaar")
    make_member(inkoper, g, INKOPER)
    make_member(beoordelaar, g, BEOORDELAAR)
    said = []
    assert demo_tender_ensure(gemeente=g, say=said.append)["created"] is True
    tender = Tender.objects.get(gemeente=g, title=DEMO_TITLE)
    assert tender.status == Tender.Status.ASSESSING and len(tender.method_sha256) == 64
    assert tender.bids.count() == len(DEMO_BIDS)

    result = tender_evaluation(tender=tender)
    bids = {b["bidder"]: b for b in result["bids"]}
    assert [n for n, b in bids.items() if not b["valid"]] == ["Solo Hoveniers", "Groen & Meer"]
    assert bids["Solo Hoveniers"]["knockouts"] == ["KO1"] and bids["Groen & Meer"]["knockouts"] == ["KO2"]
    assert [n for n, b in bids.items() if b["abnormally_low"]] == ["Budget Groen"]
    assert sum(b["shortlisted"] for b in result["bids"]) == 4
    assert result["winner"] and result["tie"] is False
    assert all(b["rank"] for b in result["bids"] if b["shortlisted"])
    assert tender.bids.get(bidder="Budget Groen").followups.count() == 1

    # the beoordelaar has bids to score (own scores still empty)
    assert len(shortlisted_bids(tender=tender)) == 4
    assert not Assessment.objects.filter(assessor=beoordelaar).exists()
    client.force_login(beoordelaar)
    page = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen")
    assert page.status_code == 200 and "Groenkracht" in page.content.decode()
    client.force_login(inkoper)
    report = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/rapport")
    assert report.status_code == 200 and result["winner"] in report.content.decode()

    counts = (Tender.objects.count(), Assessment.objects.count())
    assert demo_tender_ensure(gemeente=g, say=said.append)["created"] is False
    assert (Tender.objects.count(), Assessment.objects.count()) == counts
