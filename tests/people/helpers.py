"""A municipality with an SW-bedrijf, its job coach and participants, for the people tests."""

import datetime

from tests.municipalities.factories import GemeenteFactory, OrganisationFactory, UserFactory, make_member
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Organisation
from wijkwerk.people.services import participant_save


def sw_setup():
    """(gemeente, sw-bedrijf, its job coach, another SW-bedrijf, its job coach)."""
    gemeente = GemeenteFactory()
    sw = OrganisationFactory(gemeente=gemeente, name="Tomin", kind=Organisation.Kind.SW_BEDRIJF)
    other = OrganisationFactory(gemeente=gemeente, name="Ander SW", kind=Organisation.Kind.SW_BEDRIJF)
    coach = UserFactory(username="coach-tomin")
    make_member(coach, gemeente, roles.JOBCOACH, organisation=sw)
    other_coach = UserFactory(username="coach-ander")
    make_member(other_coach, gemeente, roles.JOBCOACH, organisation=other)
    return gemeente, sw, coach, other, other_coach


def make_participant(gemeente, organisation, *, name="Jan Jansen", target_group="participatiewet",
                     start=datetime.date(2025, 3, 1), actor=None, **fields):
    participant, _created = participant_save(gemeente=gemeente, organisation=organisation, name=name,
                                             target_group=target_group, start=start, actor=actor, origin="cli",
                                             **fields)
    return participant


def people_ids(gemeente) -> dict:
    """Ids of a participant (with a trajectory event and a training) and a contract of `gemeente`, for
    the isolation tests; `coach` is the job coach who may open the participant's pages."""
    from django.contrib.auth import get_user_model

    from wijkwerk.people.models import Contract, Training
    from wijkwerk.people.services import training_save
    from wijkwerk.people.social_services import contract_create

    sw, _created = Organisation.objects.get_or_create(gemeente=gemeente, name="SW-bedrijf (isolatie)",
                                                      defaults={"kind": Organisation.Kind.SW_BEDRIJF})
    coach = get_user_model().objects.filter(username=f"coach-{gemeente.slug}").first()
    if coach is None:
        coach = UserFactory(username=f"coach-{gemeente.slug}")
        make_member(coach, gemeente, roles.JOBCOACH, organisation=sw)
    participant = sw.participants.first() or make_participant(gemeente, sw, name="Isolatie Deelnemer")
    training = Training.objects.filter(participant=participant).first() or training_save(
        participant=participant, name="VCA", start=datetime.date(2025, 4, 1), origin="cli")
    contract = (Contract.objects.filter(gemeente=gemeente).first()
                or contract_create(gemeente=gemeente, code="ISO-1", name="Isolatie", value_per_year=100_000))
    return {"public_id": participant.public_id, "participant_id": participant.public_id,
            "event_id": participant.events.first().pk, "training_id": training.pk, "contract_id": contract.pk,
            "coach": coach}
