import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wijkwerk.core.models import ApiToken, AuditLogEntry
from wijkwerk.core.tokens import hash_key
from wijkwerk.municipalities.models import Gemeente, Membership, Organisation
from wijkwerk.municipalities.roles import ROLES
from wijkwerk.municipalities.selectors import user_has_permission

pytestmark = pytest.mark.django_db


def test_roles_are_shipped_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_create_gemeente_organisation_member_and_token(capsys):
    call_command("create_gemeente", slug="huizen", name="Huizen")
    call_command("add_organisation", gemeente="huizen", name="Tomin", kind="sw_bedrijf")
    call_command("add_member", user="jan", gemeente="huizen", role="jobcoach", organisation="Tomin")
    capsys.readouterr()
    call_command("create_api_token", user="jan")
    token = capsys.readouterr().out.strip()

    jan = get_user_model().objects.get(username="jan")
    assert not jan.has_usable_password()
    assert ApiToken.objects.get(user=jan).key_hash == hash_key(token)  # only the hash is stored
    membership = Membership.objects.get(user=jan)
    assert (membership.gemeente.slug, membership.organisation.name, membership.role.name) == (
        "huizen", "Tomin", "jobcoach")
    assert Organisation.objects.get(name="Tomin").kind == "sw_bedrijf"
    assert AuditLogEntry.objects.filter(action="membership.add").exists()


def test_add_member_is_idempotent():
    call_command("create_gemeente", slug="huizen", name="Huizen")
    call_command("add_member", user="jan", gemeente="huizen", role="beheerder")
    call_command("add_member", user="jan", gemeente="huizen", role="beheerder")
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    "command,kwargs,message",
    [
        ("create_gemeente", {"slug": "Niet Goed", "name": "X"}, "Ongeldige slug"),
        ("add_member", {"user": "a", "gemeente": "bestaat-niet", "role": "beheerder"}, "bestaat niet"),
        ("add_member", {"user": "a", "gemeente": "huizen", "role": "beheerder", "organisation": "Geen"},
         "bestaat niet"),
        ("create_api_token", {"user": "niemand"}, "bestaat niet"),
    ],
)
def test_bad_input_gives_a_dutch_message_and_writes_nothing(command, kwargs, message):
    Gemeente.objects.create(slug="huizen", name="Huizen")
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(command, **kwargs)
    assert get_user_model().objects.count() == users_before
    assert Membership.objects.count() == 0


def test_permission_is_scoped_to_municipality_and_organisation():
    call_command("create_gemeente", slug="huizen", name="Huizen")
    call_command("create_gemeente", slug="nijkerk", name="Nijkerk")
    call_command("add_organisation", gemeente="huizen", name="Aannemer A", kind="contractor")
    call_command("add_organisation", gemeente="huizen", name="Aannemer B", kind="contractor")
    call_command("add_member", user="p", gemeente="huizen", role="opdrachtnemer", organisation="Aannemer A")
    user = get_user_model().objects.get(username="p")
    huizen, nijkerk = Gemeente.objects.get(slug="huizen"), Gemeente.objects.get(slug="nijkerk")
    a, b = Organisation.objects.get(name="Aannemer A"), Organisation.objects.get(name="Aannemer B")
    assert user_has_permission(user=user, gemeente=huizen, action="assets.change", organisation=a)
    assert not user_has_permission(user=user, gemeente=huizen, action="assets.change", organisation=b)
    assert not user_has_permission(user=user, gemeente=nijkerk, action="assets.view")
    assert not user_has_permission(user=user, gemeente=huizen, action="municipality.manage")
