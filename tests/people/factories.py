"""Participants for the tests: SW-bedrijven with their job coaches, participants (made with the ORM,
with their inflow step), a small world with one user per role, and a page client that has done the
second sign-in step (job coaches and the fg need one)."""

import datetime
from dataclasses import dataclass, field

import factory
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import conftest
from tests.municipalities.factories import GemeenteFactory, OrganisationFactory, UserFactory, make_member
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Organisation
from wijkwerk.people.models import Participant, Phase, SocialReturnTable, TrajectoryEvent
from wijkwerk.people.tables import DEFAULT_TABLES

START = datetime.date(2025, 1, 6)


def default_tables_ensure() -> None:
    """The shipped social-return tables (a data migration; a transactional test may have emptied them):
    the target groups come from the default one."""
    for spec in DEFAULT_TABLES:
        values = {key: value for key, value in spec.items() if key not in ("name", "version")}
        SocialReturnTable.objects.update_or_create(name=spec["name"], version=spec["version"], defaults=values)


class SwBedrijfFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"SW-bedrijf {n}")
    kind = Organisation.Kind.SW_BEDRIJF


def make_jobcoach(gemeente, organisation, **user_fields):
    """A user who is job coach of `organisation` in `gemeente`."""
    user = UserFactory(**user_fields)
    make_member(user, gemeente, roles.JOBCOACH, organisation=organisation)
    return user


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant in inflow since START, with the inflow step of the trajectory (pass `inflow=False`
    to leave it out)."""

    class Meta:
        model = Participant
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    organisation = factory.SubFactory(SwBedrijfFactory, gemeente=factory.SelfAttribute("..gemeente"))
    name = factory.Sequence(lambda n: f"Deelnemer Achternaam{n}")
    target_group = "participatiewet"
    start = START
    phase = Phase.INFLOW

    @factory.post_generation
    def inflow(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TrajectoryEvent.objects.create(participant=self, phase=Phase.INFLOW, date=self.start)


def page_client(user) -> Client:
    """A page client signed in as `user`, second step done (the shared helper when there is one)."""
    client = Client()
    shared = getattr(conftest, "login_verified", None)
    if shared is not None:
        shared(client, user)
        return client
    user.otp_device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)  # django-otp keeps the device in the session: the session is verified
    return client


@dataclass
class PeopleWorld:
    gemeente: object
    sw: Organisation
    other_sw: Organisation
    coach: object
    other_coach: object
    participant: Participant
    users: dict = field(default_factory=dict)  # role -> a member with that role (no organisation)
    outsider: object = None  # a member of another municipality only


def make_people_world(slug: str = "deelstad") -> PeopleWorld:
    """A municipality with two SW-bedrijven, a job coach of each, one participant of the first
    (coached by its job coach), a member for every other role and an outsider."""
    default_tables_ensure()
    gemeente = GemeenteFactory(slug=slug, name=slug.capitalize())
    sw = SwBedrijfFactory(gemeente=gemeente, name="SW-bedrijf Werkkracht")
    other_sw = SwBedrijfFactory(gemeente=gemeente, name="SW-bedrijf Anders")
    coach = make_jobcoach(gemeente, sw, username=f"{slug}-coach", first_name="Carla", last_name="Coach")
    other_coach = make_jobcoach(gemeente, other_sw, username=f"{slug}-coach-elders")
    participant = ParticipantFactory(gemeente=gemeente, organisation=sw, name="Priscilla Zwanenburg", coach=coach,
                                     email="priscilla@example.org", phone="06-12345678")
    users = {}
    for role in roles.ROLES:
        if role == roles.JOBCOACH:
            continue
        user = UserFactory(username=f"{slug}-{role}")
        make_member(user, gemeente, role)
        users[role] = user
    other = GemeenteFactory(slug=f"{slug}-elders", name=f"{slug.capitalize()} elders")
    outsider = UserFactory(username=f"{slug}-buiten")
    make_member(outsider, other, roles.JOBCOACH, organisation=SwBedrijfFactory(gemeente=other))
    return PeopleWorld(gemeente=gemeente, sw=sw, other_sw=other_sw, coach=coach, other_coach=other_coach,
                       participant=participant, users=users, outsider=outsider)
