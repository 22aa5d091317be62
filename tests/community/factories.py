"""Reports for the tests: categories and reports made directly with the ORM (or through the service)."""

import datetime

import factory

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.community.report_models import Report, ServiceCategory


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("gemeente", "code")

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    group = "Overig"
    response_days = 5


class ReportFactory(factory.django.DjangoModelFactory):
    """A report at (lat, lon) in Utrecht, status open; numbers M-2026-9xxxx (not from the sequence)."""

    class Meta:
        model = Report

    gemeente = factory.SubFactory(GemeenteFactory)
    category = factory.SubFactory(ServiceCategoryFactory, gemeente=factory.SelfAttribute("..gemeente"))
    number = factory.Sequence(lambda n: f"M-2026-{90000 + n:05d}")
    description = "Lantaarnpaal doet het niet"
    lat = 52.09
    lon = 5.12
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=5))
