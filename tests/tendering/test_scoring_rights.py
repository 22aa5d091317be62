"""Who scores: only the assessors and the chair, never the procurement officer (inkoper), not on a
page and not through the service; an assessor sees nothing of a tender that is not in assessment;
a score form is saved whole or not at all."""

import pytest
from django.core.exceptions import ValidationError

from tests.municipalities.factories import make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities.models import Membership
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering import assessing, services
from wijkwerk.tendering.models import Assessment, Tender

from .helpers import METHOD_YAML
from .test_pages import run_tender, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CONSENSUS = {"K1-score": "3", "K1-motivation": "Commissie: sterk plan", "K2-score": "2",
             "K2-motivation": "Commissie: redelijk"}


def _bid(tender, name="Groen BV"):
    return next(b for b in tender.bids.all() if b.name == name)


def test_the_inkoper_cannot_overwrite_the_chairs_consensus_on_the_page(client, world):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)  # chair: bea
    bid = _bid(tender)
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/consensus/{bid.pk}"
    client.force_login(users["bea"])
    assert client.post(url, CONSENSUS).status_code == 302
    before = sorted(Assessment.objects.filter(is_consensus=True).values_list("criterion", "score", "motivation"))
    assert len(before) == 2

    client.force_login(users["ingrid"])  # inkoper
    response = client.post(url, {"K1-score": "0", "K1-motivation": "Overschreven", "K2-score": "NR",
                                 "K2-motivation": "Overschreven"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/g/utrecht/aanbestedingen/{tender.pk}/"
    assert "scoort daarom niet mee" in response.content.decode()
    after = sorted(Assessment.objects.filter(is_consensus=True).values_list("criterion", "score", "motivation"))
    assert after == before
    assert client.get(url).status_code == 302  # not even the form
    assert client.post(f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen/{bid.pk}", CONSENSUS).status_code == 403
    assert not Assessment.objects.filter(recorded_by=users["ingrid"]).exists()
    # the tender page no longer offers the inkoper a consensus link
    assert f"consensus/{bid.pk}" not in client.get(f"/g/utrecht/aanbestedingen/{tender.pk}/").content.decode()


def test_without_a_chair_nobody_records_the_consensus(client, world):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)
    services.tender_chair_set(tender=tender, chair=None)
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/consensus/{_bid(tender).pk}"
    client.force_login(users["ingrid"])
    assert client.post(url, CONSENSUS).status_code == 302
    client.force_login(users["bea"])
    assert client.post(url, CONSENSUS).status_code == 403
    assert not Assessment.objects.exists()


def test_the_service_refuses_the_inkoper_not_only_the_page(client, world):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)
    bid = _bid(tender)
    for consensus in (True, False):
        with pytest.raises(ValidationError):
            services.assessment_save(tender=tender, bid=bid, criterion="K1", score="3", motivation="x",
                                     actor=users["ingrid"], consensus=consensus)
    # also not when the inkoper is made chair by hand, nor with a second role as assessor
    make_member(users["ingrid"], g, BEOORDELAAR)
    Tender.objects.filter(pk=tender.pk).update(chair=users["ingrid"])
    tender.refresh_from_db()
    for consensus in (True, False):
        with pytest.raises(ValidationError, match="scor|voorzitter"):
            services.assessments_save(tender=tender, bid=bid, scores={"K1": ("3", "x")}, actor=users["ingrid"],
                                      consensus=consensus)
    with pytest.raises(ValidationError, match="prijzen niet zien"):
        services.tender_chair_set(tender=tender, chair=users["ingrid"])
    assert not Assessment.objects.exists()
    # the chair who is a plain assessor does record it
    services.tender_chair_set(tender=tender, chair=users["bea"])
    services.assessments_save(tender=tender, bid=bid, scores={"K1": ("3", "x"), "K2": ("2", "y")}, actor=users["bea"],
                              consensus=True)
    assert Assessment.objects.filter(is_consensus=True, recorded_by=users["bea"]).count() == 2


def test_a_chair_who_lost_the_assessor_role_no_longer_records_it(client, world):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)
    Membership.objects.filter(user=users["bea"]).delete()
    make_member(users["bea"], g, INKOPER)
    with pytest.raises(ValidationError):
        services.assessment_save(tender=tender, bid=_bid(tender), criterion="K1", score="3", motivation="x",
                                 actor=users["bea"], consensus=True)


@pytest.mark.parametrize("publish", [False, True])
def test_an_assessor_sees_nothing_of_a_tender_not_in_assessment(client, world, publish):  # noqa: F811
    g, _, users = world
    title = "Geheim concept maaien"
    tender = services.tender_create(gemeente=g, method_text=METHOD_YAML.replace(
        "title: Brede samenwerking wijkonderhoud", f"title: {title}"))
    if publish:
        services.tender_publish(tender=tender)
    services.tender_chair_set(tender=tender, chair=users["bea"])
    client.force_login(users["bea"])
    base = f"/g/utrecht/aanbestedingen/{tender.pk}/"
    for url in (base, base + "beoordelen", base + "beoordelen/1", base + "consensus/1"):
        response = client.get(url, follow=True)
        body = response.content.decode()
        assert title not in body, url
    assert client.get(base + "beoordelen").status_code == 403
    assert title not in client.get("/g/utrecht/aanbestedingen/").content.decode()
    # the inkoper does see it
    client.force_login(users["ingrid"])
    assert title in client.get(base).content.decode()


def test_a_failure_halfway_writes_nothing(client, world, monkeypatch):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/beoordelen/{_bid(tender).pk}"
    real = assessing.audit_log
    calls = []

    def failing_second_time(**kwargs):
        if kwargs.get("action") == "tender.score_recorded":
            calls.append(kwargs)
            if len(calls) == 2:
                raise RuntimeError("schijf vol")
        return real(**kwargs)

    monkeypatch.setattr(assessing, "audit_log", failing_second_time)
    client.force_login(users["ben"])
    with pytest.raises(RuntimeError):
        client.post(url, {"K1-score": "3", "K1-motivation": "Goed", "K2-score": "2", "K2-motivation": "Redelijk"})
    assert not Assessment.objects.exists()
    assert not AuditLogEntry.objects.filter(action="tender.score_recorded").exists()


def test_the_service_checks_every_criterion_before_writing(client, world):  # noqa: F811
    g, _, users = world
    tender = run_tender(client, world)
    with pytest.raises(ValidationError) as caught:
        services.assessments_save(tender=tender, bid=_bid(tender), actor=users["ben"],
                                  scores={"K1": ("3", "Goed"), "K2": ("7", "Buiten de schaal"), "K9": ("1", "x")})
    assert set(caught.value.message_dict) == {"K2", "K9"}
    assert not Assessment.objects.exists()
