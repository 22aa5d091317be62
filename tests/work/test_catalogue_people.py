"""The activity catalogue (defaults for a new municipality, changes) and workers and teams."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.areas.factories import make_area
from tests.municipalities.factories import GemeenteFactory, OrganisationFactory
from tests.work.factories import CertificateTypeFactory, SkillFactory, TeamFactory, WorkerFactory
from wijkwerk.onboarding.services import gemeente_setup
from wijkwerk.work.catalogue import activity_save, catalogue_defaults_ensure
from wijkwerk.work.models import Activity, CertificateType, Skill
from wijkwerk.work.people import team_members_set, team_save, worker_save

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


def test_a_new_municipality_starts_with_a_dutch_catalogue():
    gemeente = gemeente_setup(slug="huizen", name="Huizen")
    names = set(Activity.objects.filter(gemeente=gemeente).values_list("name", flat=True))
    assert {"Gras maaien", "Boom snoeien", "Onkruid verwijderen op verharding", "Zwerfafval prikken",
            "Bestrating herstellen", "Bank vervangen"} <= names
    assert {"VCA Basis", "Kettingzaag (ECC)", "Bosmaaier", "Rijbewijs BE"} <= set(
        CertificateType.objects.filter(gemeente=gemeente).values_list("name", flat=True))
    chainsaw = Activity.objects.get(gemeente=gemeente, code="boom-snoeien")
    assert {c.code for c in chainsaw.certificates.all()} == {"kettingzaag", "vca"}
    assert chainsaw.unit == "st" and chainsaw.norm_hours == Decimal("0.750")


def test_the_defaults_command_fills_up_without_touching_what_a_municipality_changed():
    gemeente = GemeenteFactory()
    catalogue_defaults_ensure(gemeente=gemeente)
    Activity.objects.filter(gemeente=gemeente, code="gras-maaien").update(norm_hours=Decimal("0.005"))
    Activity.objects.filter(gemeente=gemeente, code="zwerfafval").delete()
    call_command("work_defaults", "--gemeente", gemeente.slug, stdout=open("/dev/null", "w"))
    assert Activity.objects.get(gemeente=gemeente, code="gras-maaien").norm_hours == Decimal("0.005")
    assert Activity.objects.filter(gemeente=gemeente, code="zwerfafval").exists()


def test_an_activity_with_an_unknown_skill_or_negative_norm_is_refused():
    gemeente = GemeenteFactory()
    SkillFactory(gemeente=gemeente, code="maaien")
    with pytest.raises(ValidationError, match="Onbekende vaardigheid ‘vliegen’"):
        activity_save(gemeente=gemeente, code="x", name="X", norm_hours=1, skills=["vliegen"])
    with pytest.raises(ValidationError, match="negatief"):
        activity_save(gemeente=gemeente, code="x", name="X", norm_hours="-0.5", skills=["maaien"])
    activity, created = activity_save(gemeente=gemeente, code="x", name="X", norm_hours="0,5", skills=["MAAIEN"])
    assert created and activity.norm_hours == Decimal("0.500") and [s.code for s in activity.skills.all()] == ["maaien"]


def test_a_skill_of_another_municipality_is_unknown_here():
    gemeente = GemeenteFactory()
    SkillFactory(code="maaien")
    with pytest.raises(ValidationError, match="Onbekende vaardigheid"):
        activity_save(gemeente=gemeente, code="x", name="X", norm_hours=1, skills=["maaien"])


def test_a_worker_with_an_expired_certificate_or_too_many_hours_is_refused():
    gemeente = GemeenteFactory()
    org = OrganisationFactory(gemeente=gemeente)
    CertificateTypeFactory(gemeente=gemeente, code="vca")
    with pytest.raises(ValidationError, match="verlopen"):
        worker_save(gemeente=gemeente, organisation=org, name="Anna", certificates={"vca": datetime.date(2026, 3, 1)},
                    today=TODAY)
    with pytest.raises(ValidationError, match="Meer dan 60 uur"):
        worker_save(gemeente=gemeente, organisation=org, name="Anna", hours_per_week=70, today=TODAY)
    worker, created = worker_save(gemeente=gemeente, organisation=org, name="Anna", days="za;zo",
                                  certificates={"vca": TODAY}, today=TODAY)
    assert created and worker.day_codes == ["za", "zo"] and worker.works_on(datetime.date(2026, 3, 7))


def test_a_worker_of_another_municipalitys_organisation_is_refused():
    gemeente = GemeenteFactory()
    with pytest.raises(ValidationError, match="organisatie hoort niet"):
        worker_save(gemeente=gemeente, organisation=OrganisationFactory(), name="Anna")


def test_a_team_covers_areas_of_its_own_municipality_and_has_members():
    gemeente = GemeenteFactory()
    wijk = make_area(gemeente, "wijk", "W1")
    team, _created = team_save(gemeente=gemeente, name="Team Noord", area_ids=[wijk.pk])
    anna, bert = WorkerFactory(gemeente=gemeente), WorkerFactory(gemeente=gemeente)
    team_members_set(team=team, worker_ids=[anna.pk, bert.pk])
    team_members_set(team=team, worker_ids=[anna.pk])
    assert list(team.workers.all()) == [anna]
    with pytest.raises(ValidationError, match="hoort niet bij de gemeente"):
        team_save(gemeente=gemeente, name="Team Zuid", area_ids=[make_area(GemeenteFactory(), "wijk", "W9").pk])
    with pytest.raises(ValidationError, match="al een team"):
        team_save(gemeente=gemeente, name="Team Noord")
    assert TeamFactory(gemeente=gemeente).gemeente == gemeente
    assert Skill.objects.count() == 0
