"""Report pages: the public form (no login, honeypot, rate limit, escaping), the tracking page, and
the staff's triage pages per role."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.community.factories import ReportFactory, ServiceCategoryFactory
from tests.conftest import login_verified
from tests.core.http import login
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.community.report_models import Report, ReportStatus
from wijkwerk.community.reports import report_transition
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def _post(client, gemeente, category, **extra):
    data = {"category": category.code, "lat": "52.090700", "lon": "5.121400", "description": "Lamp kapot",
            "email": "", "website": "", "step": "send", **extra}
    return client.post(reverse("report-public", args=[gemeente.slug]), data)


def _staff(gemeente, role=roles.BEHEERDER):
    user = UserFactory()
    make_member(user, gemeente, role)
    return user


def test_public_form_opens_without_login_with_default_categories():
    gemeente = GemeenteFactory()
    response = Client().get(reverse("report-public", args=[gemeente.slug]))
    assert response.status_code == 200
    assert "Kapotte straatverlichting" in response.content.decode()
    assert Client().get(reverse("report-public", args=["bestaat-niet"])).status_code == 404


def test_public_post_makes_a_report_and_goes_to_the_tracking_page():
    category = ServiceCategoryFactory()
    response = _post(Client(), category.gemeente, category, description=SCRIPT, email="a@example.nl")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report-track", args=[report.token])
    assert report.description == SCRIPT and report.email == "a@example.nl" and report.source == "web"
    page = Client().get(response["Location"]).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert "a@example.nl" not in page


def test_public_post_errors_are_shown_per_field():
    category = ServiceCategoryFactory()
    response = _post(Client(), category.gemeente, category, description="", lat="", lon="")
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert "Beschrijf wat er aan de hand is." in response.content.decode()


def test_honeypot_refuses_silently():
    category = ServiceCategoryFactory()
    response = _post(Client(), category.gemeente, category, website="http://spam.example")
    assert response.status_code == 200 and "Bedankt" in response.content.decode()
    assert not Report.objects.exists()


def test_rate_limit_answers_429(settings):
    settings.WIJKWERK_REPORT_RATE_LIMIT = 2
    category = ServiceCategoryFactory()
    client = Client()
    assert _post(client, category.gemeente, category).status_code == 302
    assert _post(client, category.gemeente, category).status_code == 302
    response = _post(client, category.gemeente, category)
    assert response.status_code == 429 and "Te veel meldingen" in response.content.decode()
    assert Report.objects.count() == 2


def test_check_step_shows_open_reports_nearby():
    category = ServiceCategoryFactory()
    ReportFactory(gemeente=category.gemeente, category=category, lat=52.0907, lon=5.1214, description=SCRIPT)
    response = _post(Client(), category.gemeente, category, step="check")
    html = response.content.decode()
    assert response.status_code == 200 and "Al gemeld?" in html
    assert SCRIPT not in html
    assert Report.objects.count() == 1
    url = reverse("report-public-nearby", args=[category.gemeente.slug])
    data = Client().get(url, {"categorie": category.code, "lat": "52.0908", "lon": "5.1214"}).json()
    assert len(data["reports"]) == 1 and "token" not in data["reports"][0]
    assert Client().get(url, {"categorie": category.code, "lat": "1", "lon": "1"}).status_code == 400


def test_tracking_page_reopen_form_while_allowed():
    report = ReportFactory()
    client = Client()
    url = reverse("report-track", args=[report.token])
    assert "Melding heropenen" not in client.get(url).content.decode()
    report_transition(report=report, to=ReportStatus.RESOLVED, public_text="Lamp vervangen")
    page = client.get(url).content.decode()
    assert "Lamp vervangen" in page and "Melding heropenen" in page
    assert client.post(url, {"reason": "Nog steeds donker"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED
    assert client.get(reverse("report-track", args=["onbekend"])).status_code == 404


def test_staff_list_detail_and_actions_escape_texts():
    report = ReportFactory(description=SCRIPT)
    user = _staff(report.gemeente)
    client = login(user)
    listing = client.get(reverse("reports", args=[report.gemeente.slug]))
    assert listing.status_code == 200 and report.number in listing.content.decode()
    assert SCRIPT not in listing.content.decode()
    url = reverse("report", args=[report.gemeente.slug, report.number])
    detail = client.get(url).content.decode()
    assert SCRIPT not in detail and "&lt;script&gt;" in detail
    assert client.post(url, {"action": "reply", "text": SCRIPT}).status_code == 302
    assert SCRIPT not in client.get(url).content.decode()
    refused = client.post(url, {"action": "status", "to": ReportStatus.NOT_RESOLVED, "reason": ""})
    assert refused.status_code == 400
    assert client.post(url, {"action": "status", "to": ReportStatus.IN_PROGRESS}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS
    overdue = client.get(reverse("reports", args=[report.gemeente.slug]), {"overdue": "on"})
    assert report.number not in overdue.content.decode()


def test_staff_merge_from_the_page():
    first = ReportFactory()
    second = ReportFactory(gemeente=first.gemeente, category=first.category)
    client = login(_staff(first.gemeente))
    url = reverse("report", args=[first.gemeente.slug, second.number])
    assert client.post(url, {"action": "merge", "into": first.number}).status_code == 302
    second.refresh_from_db()
    assert second.merged_into == first


def test_categories_page_for_managers():
    gemeente = GemeenteFactory()
    client = login(_staff(gemeente))
    url = reverse("report-categories", args=[gemeente.slug])
    page = client.get(url)
    assert page.status_code == 200
    category = page.context["rows"][0][0]
    response = client.post(url, {"category": category.pk, f"c{category.pk}-name": "Nieuwe naam",
                                 f"c{category.pk}-response_days": "7", f"c{category.pk}-activity_code": "",
                                 f"c{category.pk}-active": "on"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.response_days) == ("Nieuwe naam", 7)
    viewer = login(_staff(gemeente, roles.RAADPLEGER))
    assert viewer.get(url).status_code == 403


@pytest.mark.parametrize("role", [roles.BEOORDELAAR, roles.JOBCOACH])
def test_roles_without_reports_get_403(role):
    report = ReportFactory()
    user = _staff(report.gemeente, role)
    client = Client()
    login_verified(client, user)
    for url in (reverse("reports", args=[report.gemeente.slug]),
                reverse("report", args=[report.gemeente.slug, report.number])):
        assert client.get(url).status_code == 403


def test_viewer_may_read_but_not_handle():
    report = ReportFactory()
    client = login(_staff(report.gemeente, roles.RAADPLEGER))
    url = reverse("report", args=[report.gemeente.slug, report.number])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "reply", "text": "x"}).status_code == 403


def test_other_gemeente_staff_gets_404():
    report = ReportFactory()
    client = login(_staff(GemeenteFactory()))
    assert client.get(reverse("report", args=[report.gemeente.slug, report.number])).status_code == 404


def test_photo_page_for_staff_only_of_the_gemeente():
    from tests.community.helpers import community_ids

    gemeente = GemeenteFactory()
    number = community_ids(gemeente)["number"]
    url = reverse("report-photo", args=[gemeente.slug, number])
    response = login(_staff(gemeente)).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert Client().get(url).status_code == 302  # to the login page
    assert login(_staff(GemeenteFactory())).get(url).status_code == 404


def test_extra_questions_of_the_category_are_asked_and_checked():
    category = ServiceCategoryFactory(attributes=[
        {"code": "hoogte", "datatype": "singlevaluelist", "required": True, "description": "Hoe hoog?",
         "values": [{"key": "laag", "name": "Laag"}, {"key": "hoog", "name": "Hoog"}]}])
    client = Client()
    check = _post(client, category.gemeente, category, step="check").content.decode()
    assert "Hoe hoog?" in check and 'name="attribute[hoogte]"' in check
    refused = _post(client, category.gemeente, category)
    assert refused.status_code == 400 and "Hoe hoog?: Dit veld is verplicht." in refused.content.decode()
    assert _post(client, category.gemeente, category, **{"attribute[hoogte]": "hoog"}).status_code == 302
    assert Report.objects.get().attributes == {"hoogte": "hoog"}


def test_public_photo_upload_is_checked():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.community.helpers import tiny_jpeg

    category = ServiceCategoryFactory()
    client = Client()
    bad = SimpleUploadedFile("foto.jpg", b"<html>niet een foto</html>", content_type="image/jpeg")
    refused = _post(client, category.gemeente, category, photo=bad)
    assert refused.status_code == 400 and "is geen foto" in refused.content.decode()
    good = SimpleUploadedFile("foto.jpg", tiny_jpeg(), content_type="image/jpeg")
    assert _post(client, category.gemeente, category, photo=good).status_code == 302
    assert Report.objects.get().photo.endswith(".jpg")
