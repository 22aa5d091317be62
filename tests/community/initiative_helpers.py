"""Helpers of the initiative, consultation and ABCD tests: one of each, and the ids their URLs take."""

import datetime as dt

from wijkwerk.community.abcd_models import CommunityAsset
from wijkwerk.community.consultation_models import Consultation, ConsultationStatus
from wijkwerk.community.initiative_models import Initiative, InitiativeStatus


def make_initiative(gemeente, *, status=InitiativeStatus.PROPOSED, title="Plantvak Domplein", **kwargs) -> Initiative:
    values = {"kind": Initiative.Kind.PLANT_BED, "description": "Wij willen het plantvak onderhouden.",
              "lat": 52.085, "lon": 5.105, "proposer_name": "Bea Bewoner", "proposer_email": "bea@example.org"}
    values.update(kwargs)
    return Initiative.objects.create(gemeente=gemeente, status=status, title=title, **values)


def make_consultation(gemeente, *, status=ConsultationStatus.OPEN, **kwargs) -> Consultation:
    today = dt.date.today()
    values = {"title": "Wat moet het wijkonderhoud bereiken?", "question": "Wat vindt u belangrijk?",
              "opens": today - dt.timedelta(days=1), "closes": today + dt.timedelta(days=14)}
    values.update(kwargs)
    return Consultation.objects.create(gemeente=gemeente, status=status, **values)


def make_strength(gemeente, **kwargs) -> CommunityAsset:
    values = {"kind": CommunityAsset.Kind.ASSOCIATION, "name": "Buurtvereniging De Linde",
              "moderation": CommunityAsset.Moderation.APPROVED}
    values.update(kwargs)
    return CommunityAsset.objects.create(gemeente=gemeente, **values)


def initiative_ids(gemeente) -> dict:
    """Values for the URL parameters of the community pages of this app (tests of page isolation)."""
    initiative = make_initiative(gemeente, status=InitiativeStatus.ASSESSING)
    consultation = make_consultation(gemeente)
    return {"initiative_id": initiative.public_id, "consultation_id": consultation.public_id}
