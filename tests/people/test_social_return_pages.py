"""The social-return pages per role: who sees them (VIEW_SOCIAL_RETURN), who adds (MANAGE_SOCIAL_RETURN),
small groups suppressed except for their own job coaches, and the yearly report as Excel and PDF."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import login_verified
from tests.core.http import login
from tests.municipalities.factories import UserFactory, make_member
from tests.people.test_social_return_command import make_hires
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.pdf import pdf_text
from wijkwerk.municipalities import roles
from wijkwerk.people.models import Contract, PsoLevel, SocialPurchase

pytestmark = pytest.mark.django_db


def client_of(user, role: str = "") -> Client:
    """A page client; the roles that need the second sign-in step (jobcoach, fg) have done it."""
    if role in settings.WIJKWERK_TWO_FACTOR_ROLES:
        client = Client()
        login_verified(client, user)
        return client
    return login(user)


@pytest.fixture
def hires():
    h = make_hires()
    h.users = {}
    for role in roles.ROLES:
        h.users[role] = UserFactory(username=f"sr-{role}")
        make_member(h.users[role], h.gemeente, role)
    return h


def urls(h) -> dict:
    slug, pk = h.gemeente.slug, h.contract.pk
    return {"list": reverse("social-return", args=[slug]), "detail": reverse("social-contract", args=[slug, pk]),
            "xlsx": reverse("social-contract-xlsx", args=[slug, pk]),
            "pdf": reverse("social-contract-pdf", args=[slug, pk]), "pso": reverse("social-pso", args=[slug])}


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_sees_the_pages_only_with_view_social_return(hires, role):
    client = client_of(hires.users[role], role)
    may_view = roles.VIEW_SOCIAL_RETURN in roles.ROLE_PERMISSIONS[role]
    for name, url in urls(hires).items():
        response = client.get(url, {"jaar": 2025})
        assert response.status_code == (200 if may_view else 403), (role, name, response.status_code)
    if may_view:
        page = client.get(urls(hires)["list"], {"jaar": 2025}).content.decode()
        manages = roles.MANAGE_SOCIAL_RETURN in roles.ROLE_PERMISSIONS[role]
        assert ("Nieuw contract" in page) == manages
        assert "BSW-2025" in page and "171.533,95" in page and "100.000,00" in page


def test_an_assessor_gets_403_and_an_outsider_404(hires):
    assert login(hires.users[roles.BEOORDELAAR]).get(urls(hires)["list"]).status_code == 403
    outsider = UserFactory(username="sr-buiten")
    assert login(outsider).get(urls(hires)["list"]).status_code == 404


def test_small_groups_are_suppressed_but_the_totals_stay(hires):
    page = login(hires.users[roles.RAADPLEGER]).get(urls(hires)["detail"], {"jaar": 2025}).content.decode()
    assert "&lt; 5" in page and "afgeschermd" in page
    assert "41.666,67" not in page and "48.118,28" not in page  # every group has fewer than 5 persons
    assert "171.533,95" in page and "136.034,95" in page  # realised, and the groups together
    assert "Haaglanden 2023" in page and "Participatiewet (bijstand)" in page and "€ 40.000" in page


def test_the_job_coaches_of_the_persons_see_their_groups(hires):
    coach = UserFactory(username="sr-coach-eigen")
    make_member(coach, hires.gemeente, roles.JOBCOACH, organisation=hires.sw)
    page = client_of(coach, roles.JOBCOACH).get(urls(hires)["detail"], {"jaar": 2025}).content.decode()
    assert "41.666,67" in page and "48.118,28" in page and "&lt; 5" not in page
    other = UserFactory(username="sr-coach-ander")
    make_member(other, hires.gemeente, roles.JOBCOACH, organisation=hires.contractor)
    assert "41.666,67" not in client_of(other, roles.JOBCOACH).get(urls(hires)["detail"], {"jaar": 2025}).content.decode()


def test_a_lower_threshold_shows_the_groups(hires, settings):
    settings.WIJKWERK_SUPPRESSION_THRESHOLD = 1
    page = login(hires.users[roles.RAADPLEGER]).get(urls(hires)["detail"], {"jaar": 2025}).content.decode()
    assert "41.666,67" in page and "&lt; 1" not in page


def test_the_excel_report_holds_the_figures(hires, settings):
    settings.WIJKWERK_SUPPRESSION_THRESHOLD = 1
    response = login(hires.users[roles.INKOPER]).get(urls(hires)["xlsx"], {"jaar": 2025})
    assert response.status_code == 200 and "social-return-BSW-2025-2025.xlsx" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in wb["Samenvatting"].iter_rows(values_only=True)}
    assert summary["realisatie (euro)"] == 171533.95 and summary["verplichting (euro)"] == 100000.0
    breakdown = {row[1]: row[4] for row in wb["Opbouw"].iter_rows(min_row=2, values_only=True) if row[1]}
    assert breakdown["participatiewet"] == 41666.67 and breakdown["ips"] == 10000.0
    totals = {row[0]: row[4] for row in wb["Opbouw"].iter_rows(min_row=2, values_only=True)}
    assert totals["opleidingen (werkelijke kosten)"] == 3499.0 and totals["totaal gerealiseerd"] == 171533.95
    assert {row[1] for row in wb["Tabel"].iter_rows(min_row=2, values_only=True)} >= {"participatiewet", "age_55_plus"}


def test_the_excel_report_suppresses_small_groups_for_a_reader(hires):
    response = login(hires.users[roles.RAADPLEGER]).get(urls(hires)["xlsx"], {"jaar": 2025})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Opbouw"].iter_rows(values_only=True))
    group = next(r for r in rows if r[1] == "participatiewet")
    assert group[2] == "< 5" and group[4] == "afgeschermd"
    assert next(r for r in rows if r[0] == "totaal gerealiseerd")[4] == 171533.95


def test_the_pdf_report_holds_the_breakdown(hires):
    response = login(hires.users[roles.BEHEERDER]).get(urls(hires)["pdf"], {"jaar": 2025})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("BSW-2025", "171.533,95", "100.000,00", "Haaglanden 2023", "3.499,00", "12.000,00",
                     "20.000,00", "Opbouw per doelgroep", "< 5", "Participatiewet (bijstand)"):
        assert expected in text, expected


def test_a_manager_adds_a_contract_a_purchase_and_a_pso_level(hires):
    client = login(hires.users[roles.INKOPER])
    response = client.post(urls(hires)["list"], {
        "code": "SUB-1", "name": "Groenonderhoud", "value_per_year": "250.000", "obligation": "5",
        "table": str(hires.contract.table_id), "parent": str(hires.contract.pk), "organisation": ""})
    assert response.status_code == 302
    sub = Contract.objects.get(gemeente=hires.gemeente, code="SUB-1")
    assert sub.parent == hires.contract and str(sub.obligation) == "0.0500" and sub.value_per_year == 250000
    assert AuditLogEntry.objects.filter(action="people.contract_create", object_id=str(sub.pk), origin="web").exists()
    response = client.post(reverse("social-contract", args=[hires.gemeente.slug, sub.pk]), {
        "year": "2025", "supplier": str(hires.sw.pk), "description": "Schoonmaak", "invoice_value": "1.234,50"})
    assert response.status_code == 302
    assert SocialPurchase.objects.get(contract=sub).invoice_value == 1234.5
    page = client.get(urls(hires)["detail"], {"jaar": 2025}).content.decode()
    assert "172.768,45" in page and "SUB-1" in page  # the parent counts its subcontract
    response = client.post(urls(hires)["pso"], {"organisation": str(hires.contractor.pk), "level": "trede_2",
                                                "date": "2025-06-01"})
    assert response.status_code == 302
    assert PsoLevel.objects.get(organisation=hires.contractor).level == "trede_2"
    assert "Trede 2" in client.get(urls(hires)["pso"]).content.decode()


def test_a_reader_cannot_add_and_wrong_input_is_explained(hires):
    reader = login(hires.users[roles.RAADPLEGER])
    assert reader.post(urls(hires)["list"], {"code": "X", "name": "X"}).status_code == 403
    assert reader.post(urls(hires)["pso"], {"organisation": str(hires.sw.pk), "level": "trede_1",
                                            "date": "2025-01-01"}).status_code == 403
    manager = login(hires.users[roles.BEHEERDER])
    response = manager.post(urls(hires)["list"], {"code": "BSW-2025", "name": "Dubbel", "value_per_year": "1",
                                                  "obligation": "5", "table": str(hires.contract.table_id)})
    assert response.status_code == 400 and "al een contract met de code" in response.content.decode()
    response = manager.post(urls(hires)["detail"], {"year": "2025", "supplier": str(hires.sw.pk),
                                                    "invoice_value": "veel"})
    assert response.status_code == 400 and "geen bedrag" in response.content.decode()


def test_another_municipalitys_contract_is_not_found(hires):
    other = Contract.objects.exclude(gemeente=hires.gemeente).get()
    client = login(hires.users[roles.BEHEERDER])
    for name in ("social-contract", "social-contract-xlsx", "social-contract-pdf"):
        assert client.get(reverse(name, args=[hires.gemeente.slug, other.pk])).status_code == 404
