"""Execution for the tests, made directly with the ORM: skills, certificate types, activities,
teams, workers (with certificates), work orders and assignments."""

import datetime
from decimal import Decimal

import factory

from tests.municipalities.factories import GemeenteFactory, OrganisationFactory
from wijkwerk.work.models import (
    Activity,
    CertificateType,
    Skill,
    Team,
    WorkAssignment,
    Worker,
    WorkerCertificate,
    WorkOrder,
    WorkOrderEvent,
)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("gemeente", "code")

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"vaardigheid-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " "))


class CertificateTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateType
        django_get_or_create = ("gemeente", "code")

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"cert-{n}")
    name = factory.LazyAttribute(lambda o: o.code.upper())


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity; `skills` / `certificates`: lists of Skill / CertificateType to require."""

    class Meta:
        model = Activity
        django_get_or_create = ("gemeente", "code")
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"activiteit-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    unit = "st"
    norm_hours = Decimal("0.5")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def certificates(self, create, extracted, **kwargs):
        if create and extracted:
            self.certificates.set(extracted)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class WorkerFactory(factory.django.DjangoModelFactory):
    """A worker (Monday to Friday, 36 hours). `skills`, `learning`: lists of Skill;
    `certificates`: {CertificateType: valid_until}."""

    class Meta:
        model = Worker
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    organisation = factory.SubFactory(OrganisationFactory, gemeente=factory.SelfAttribute("..gemeente"))
    name = factory.Sequence(lambda n: f"Medewerker {n}")
    hours_per_week = Decimal("36")
    days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def learning(self, create, extracted, **kwargs):
        if create and extracted:
            self.learning.set(extracted)

    @factory.post_generation
    def certificates(self, create, extracted, **kwargs):
        if create and extracted:
            for cert_type, valid_until in extracted.items():
                WorkerCertificate.objects.create(worker=self, certificate_type=cert_type, valid_until=valid_until)


class WorkOrderFactory(factory.django.DjangoModelFactory):
    """An order by hand of 2 hours, status nieuw; pass `status` for another (no history then)."""

    class Meta:
        model = WorkOrder
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"WO-T-{n:05d}")
    activity = factory.SubFactory(ActivityFactory, gemeente=factory.SelfAttribute("..gemeente"))
    quantity = Decimal("4")
    hours = factory.LazyAttribute(lambda o: (o.quantity * o.activity.norm_hours).quantize(Decimal("0.01")))
    lat = 52.09
    lon = 5.12
    deadline = datetime.date(2026, 6, 30)
    origin = WorkOrder.Origin.HAND

    @factory.post_generation
    def assets(self, create, extracted, **kwargs):
        if create and extracted:
            self.assets.set(extracted)


class WorkOrderEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrderEvent

    order = factory.SubFactory(WorkOrderFactory)
    actor_label = "systeem"
    to_status = WorkOrder.Status.NEW


class WorkAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkAssignment

    order = factory.SubFactory(WorkOrderFactory, status=WorkOrder.Status.PLANNED)
    worker = factory.SubFactory(WorkerFactory, gemeente=factory.SelfAttribute("..order.gemeente"))
    day = datetime.date(2026, 6, 1)
    hours = Decimal("2")
