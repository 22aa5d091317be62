import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wijkwerk.municipalities.models import Gemeente, Membership, Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("geheim-wachtwoord-123")


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.CONTRACTOR


def make_member(user, gemeente, role: str, organisation=None) -> Membership:
    group, _ = Group.objects.get_or_create(name=role)
    return Membership.objects.create(user=user, gemeente=gemeente, role=group, organisation=organisation)
