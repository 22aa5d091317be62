"""An assessor saves a partial assessment and finishes it later: a draft may leave criteria not yet
scored and does not count; only a complete assessment can be submitted; one save is written whole
or not at all."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from tests.tendering.factories import BidFactory, TenderFactory, method_titled
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering import services
from wijkwerk.tendering.models import Assessment, Tender
from wijkwerk.tendering.selectors import assessment_state, assessments_of, tender_evaluation, tender_method

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    users = {name: UserFactory(username=name) for name in ("ingrid", "bea", "ben")}
    make_member(users["ingrid"], gemeente, INKOPER)
    make_member(users["bea"], gemeente, BEOORDELAAR)
    make_member(users["ben"], gemeente, BEOORDELAAR)
    text = method_titled("Maaien 2027").replace("mode: consensus", "mode: average")
    tender = TenderFactory(gemeente=gemeente, method_text=text, status=Tender.Status.ASSESSING, chair=users["bea"])
    bid = BidFactory(tender=tender, bidder_name="Groen BV", prices=(40, 25, 12))
    return tender, bid, users


def _rows(user):
    return sorted(Assessment.objects.filter(assessor=user).values_list("criterion", "score", "motivation", "is_draft"))


def _entry(tender):
    return next(b for b in tender_evaluation(tender=tender)["bids"] if b["bidder"] == "Groen BV")


def test_a_draft_may_leave_criteria_open_and_does_not_count(setup):
    tender, bid, users = setup
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"], draft=True,
                              scores={"K1": ("3", "Sterk plan"), "K2": ("", "Eerste indruk")})
    assert _rows(users["ben"]) == [("K1", "3", "Sterk plan", True), ("K2", "", "Eerste indruk", True)]
    state = assessment_state(tender_method(tender), assessments_of(tender=tender, bid=bid, assessor=users["ben"]))
    assert state["status"] == "draft" and state["scored"] == 1 and [c["code"] for c in state["open"]] == ["K2"]
    # average mode: a draft is not an assessor's score yet
    assert _entry(tender)["quality_value"] is None
    assert all(c["assessors"] == [] for c in _entry(tender)["criteria"])


def test_only_a_complete_assessment_can_be_submitted_and_a_refusal_writes_nothing(setup):
    tender, bid, users = setup
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"], draft=True,
                              scores={"K1": ("3", "Sterk plan"), "K2": ("", "")})
    before = _rows(users["ben"])
    with pytest.raises(ValidationError) as caught:
        services.assessments_save(tender=tender, bid=bid, actor=users["ben"],
                                  scores={"K1": ("2", "Toch minder sterk"), "K2": ("", "")})
    assert set(caught.value.message_dict) == {"K2"}
    assert "Nog niet gescoord" in caught.value.message_dict["K2"][0]
    with pytest.raises(ValidationError) as caught:  # criteria not given count as what was saved: K2 still open
        services.assessments_save(tender=tender, bid=bid, actor=users["ben"], scores={"K1": ("2", "Toch minder")})
    assert set(caught.value.message_dict) == {"K2"}
    assert _rows(users["ben"]) == before

    services.assessments_save(tender=tender, bid=bid, actor=users["ben"], scores={"K2": ("1", "Beperkt")})
    assert _rows(users["ben"]) == [("K1", "3", "Sterk plan", False), ("K2", "1", "Beperkt", False)]
    assert _entry(tender)["quality_value"] == 400000 + 250000 * 0.25
    state = assessment_state(tender_method(tender), assessments_of(tender=tender, bid=bid, assessor=users["ben"]))
    assert state == {"status": "submitted", "scored": 2, "total": 2, "open": []}


def test_saving_a_submitted_assessment_as_draft_takes_it_back(setup):
    tender, bid, users = setup
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"],
                              scores={"K1": ("3", "Sterk"), "K2": ("2", "Goed")})
    assert _entry(tender)["quality_value"] is not None
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"], draft=True,
                              scores={"K1": ("3", "Sterk"), "K2": ("", "")})  # K2 emptied: the row goes
    assert _rows(users["ben"]) == [("K1", "3", "Sterk", True)]
    assert _entry(tender)["quality_value"] is None


def test_a_score_still_needs_its_motivation_in_a_draft(setup):
    tender, bid, users = setup
    with pytest.raises(ValidationError) as caught:
        services.assessments_save(tender=tender, bid=bid, actor=users["ben"], draft=True,
                                  scores={"K1": ("3", ""), "K2": ("7", "x")})
    assert set(caught.value.message_dict) == {"K1", "K2"}
    assert not Assessment.objects.exists()


def test_the_database_keeps_unscored_rows_to_drafts(setup):
    tender, bid, users = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(tender=tender, bid=bid, criterion="K1", assessor=users["ben"], score="",
                                  motivation="", is_draft=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(tender=tender, bid=bid, criterion="K1", assessor=users["ben"], score="3",
                                  motivation="", is_draft=True)


def test_the_pages_save_a_draft_show_what_is_open_and_submit_later(client, setup):
    tender, bid, users = setup
    client.force_login(users["ben"])
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen/{bid.pk}"
    response = client.post(url, {"K1-score": "2", "K1-motivation": "Redelijk", "K2-score": "",
                                 "K2-motivation": "Nog uitzoeken", "action": "concept"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "Tussentijds opgeslagen als concept: 1 van 2 criteria gescoord." in page
    assert "nog niet gescoord" in page and "Nog uitzoeken" in page
    listing = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen").content.decode()
    assert "1 van 2 criteria gescoord; nog open: K2" in listing

    # submitting with K2 still empty: refused with the reason, the typed text kept
    response = client.post(url, {"K1-score": "2", "K1-motivation": "Redelijk, anders gezegd", "K2-score": "",
                                 "K2-motivation": "Nog uitzoeken", "action": "indienen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nog niet gescoord: kies een score (K2)." in page and "Redelijk, anders gezegd" in page
    assert Assessment.objects.get(criterion="K1").motivation == "Redelijk"

    response = client.post(url, {"K1-score": "2", "K1-motivation": "Redelijk", "K2-score": "NR",
                                 "K2-motivation": "Verdringt banen", "action": "indienen"}, follow=True)
    assert "Uw beoordeling van Groen BV is ingediend." in response.content.decode()
    assert not Assessment.objects.filter(is_draft=True).exists()


def test_the_chair_sees_submitted_scores_and_who_is_not_done(client, setup):
    tender, bid, users = setup
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"], draft=True,
                              scores={"K1": ("1", "Geheime eerste gedachte"), "K2": ("", "")})
    client.force_login(users["bea"])
    page = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/consensus/{bid.pk}").content.decode()
    assert "Nog niet ingediend door: ben." in page and "Geheime eerste gedachte" not in page
    services.assessments_save(tender=tender, bid=bid, actor=users["ben"],
                              scores={"K1": ("1", "Ingediende motivering"), "K2": ("0", "Niets extra")})
    page = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/consensus/{bid.pk}").content.decode()
    assert "Nog niet ingediend" not in page and "Ingediende motivering" in page


def test_the_scale_is_explained_where_assessors_score_and_in_the_report(client, setup):
    tender, bid, users = setup
    client.force_login(users["ben"])
    for url in (f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen",
                f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen/{bid.pk}"):
        page = client.get(url).content.decode()
        assert "Wat betekenen de scores?" in page and "Uitstekend." in page and "Nadelig." in page
        assert "aftrek van 50 % van de maximale waarde" in page
    assert '<option value="3">3 – Uitstekend</option>' in page
    client.force_login(users["ingrid"])
    report = client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/rapport").content.decode()
    assert "Wat betekenen de scores?" in report and "Geen meerwaarde." in report


def test_the_chair_can_save_a_consensus_for_later_and_it_counts_once_recorded(client, setup):
    tender, bid, users = setup
    client.force_login(users["bea"])
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/consensus/{bid.pk}"
    response = client.post(url, {"K1-score": "3", "K1-motivation": "Commissie: sterk", "K2-score": "",
                                 "K2-motivation": "", "action": "concept"}, follow=True)
    assert "Nog open: K2. Leg de consensus vast als alles is gescoord." in response.content.decode()
    assert _entry(tender)["quality_value"] is None  # a draft consensus does not count
    response = client.post(url, {"K1-score": "3", "K1-motivation": "Commissie: sterk", "K2-score": "",
                                 "K2-motivation": ""})
    assert response.status_code == 400 and "Vastleggen kan pas als elk criterium" in response.content.decode()
    client.post(url, {"K1-score": "3", "K1-motivation": "Commissie: sterk", "K2-score": "2",
                      "K2-motivation": "Commissie: goed"})
    assert _entry(tender)["quality_value"] == 400000 + 250000 * 0.6
