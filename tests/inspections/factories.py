"""Inspections for the tests, made directly with the ORM: quality catalogues (the shipped aspects by
default), area types, schouw rounds and their plots (quality); NEN 2767 condition inspections
(condition). Dates are fixed, never today's."""

import datetime

import factory

from tests.assets.factories import AssetFactory
from tests.municipalities.factories import GemeenteFactory
from wijkwerk.inspections.models import (
    AreaType,
    ConditionInspection,
    InspectionRound,
    Plot,
    QualityAspect,
    QualityCatalogue,
)
from wijkwerk.inspections.quality.defaults import DEFAULT_ASPECTS


def _next_version(gemeente) -> int:
    last = QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()
    return last.version + 1 if last else 1


class QualityCatalogueFactory(factory.django.DjangoModelFactory):
    """The gemeente's next catalogue version; `aspects` (specs like DEFAULT_ASPECTS) are its aspects,
    the shipped ones unless given."""

    class Meta:
        model = QualityCatalogue
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    version = factory.LazyAttribute(lambda o: _next_version(o.gemeente))
    note = "Testcatalogus"

    @factory.post_generation
    def aspects(catalogue, create, extracted, **kwargs):
        specs = DEFAULT_ASPECTS if extracted is None else extracted
        aspects = [QualityAspect(catalogue=catalogue, position=i, **spec) for i, spec in enumerate(specs)]
        if create:
            QualityAspect.objects.bulk_create(aspects)


def current_catalogue(gemeente) -> QualityCatalogue:
    """The gemeente's newest catalogue, made when it has none."""
    return QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first() or \
        QualityCatalogueFactory(gemeente=gemeente)


class AreaTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaType

    gemeente = factory.SubFactory(GemeenteFactory)
    code = factory.Sequence(lambda n: f"gebiedstype-{n}")
    name = factory.Sequence(lambda n: f"Gebiedstype {n}")


class InspectionRoundFactory(factory.django.DjangoModelFactory):
    """A planned schouw round on the gemeente's current catalogue, scoring grass."""

    class Meta:
        model = InspectionRound

    gemeente = factory.SubFactory(GemeenteFactory)
    catalogue = factory.LazyAttribute(lambda o: current_catalogue(o.gemeente))
    name = factory.Sequence(lambda n: f"Schouwronde {n}")
    aspects = factory.LazyFunction(lambda: ["gras"])


class PlotFactory(factory.django.DjangoModelFactory):
    """An open plot (meetlocatie) of a round."""

    class Meta:
        model = Plot

    round = factory.SubFactory(InspectionRoundFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    lon = 5.1
    lat = 52.1


class ConditionInspectionFactory(factory.django.DjangoModelFactory):
    """A NEN 2767 condition measurement of an asset (in the asset's gemeente) on a fixed date."""

    class Meta:
        model = ConditionInspection

    asset = factory.SubFactory(AssetFactory)
    gemeente = factory.SelfAttribute("asset.gemeente")
    date = datetime.date(2024, 5, 1)
    condition = 3
    source = "test"
