"""Users, municipalities (gemeenten), organisations and memberships for the tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wijkwerk.municipalities.models import Gemeente, Membership, Organisation

PASSWORD = "geheim-wachtwoord-123"  # every UserFactory user's password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password(PASSWORD)


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


class MembershipFactory(factory.django.DjangoModelFactory):
    """A user's role in a gemeente: `role_name` is a role (roles.BEHEERDER, ...); its group is made
    when missing."""

    class Meta:
        model = Membership

    class Params:
        role_name = "raadpleger"

    user = factory.SubFactory(UserFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    role = factory.LazyAttribute(lambda o: Group.objects.get_or_create(name=o.role_name)[0])
    organisation = None


def make_member(user, gemeente, role: str, organisation=None) -> Membership:
    return MembershipFactory(user=user, gemeente=gemeente, role_name=role, organisation=organisation)
