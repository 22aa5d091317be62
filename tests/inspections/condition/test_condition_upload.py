"""Condition files uploaded on the page: checked first (refused rows by row number, column and
reason; nothing saved), then imported after confirming, by the same importer as
`wijkwerk import-conditions`; the upload limits hold; the stored file is gone afterwards."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.assets.factories import make_asset
from tests.core.http import login
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.assets.models import Asset
from wijkwerk.inspections.models import ConditionInspection

pytestmark = pytest.mark.django_db

HEADER = "bronsleutel,element,vervangingswaarde,gebrek,ernst,intensiteit,omvang,datum\n"
GOOD = HEADER + "MAST-7,mast,1000,roest,serieus,3,75%,2025-06-01\nBANK-1,zitting,200,,,,,2025-06-02\n"
BAD = HEADER + ("MAST-7,mast,1000,roest,serieus,3,75%,2025-06-01\n"
                "ONBEKEND,mast,1000,roest,serieus,3,75%,2025-06-01\n"
                "BANK-1,zitting,200,rot,heel erg,2,3,2025-06-02\n")


@pytest.fixture
def assets(town):
    make_asset(town["g"], type_code="street_light", external_id="MAST-7", buurt=town["b1"])
    make_asset(town["g"], type_code="bench", external_id="BANK-1", buurt=town["b1"])
    return town


def upload(client, gemeente, text: str, name: str = "metingen.csv"):
    return client.post(reverse("inspections-condition-import", args=[gemeente.slug]),
                       {"action": "check", "file": SimpleUploadedFile(name, text.encode("utf-8"))})


def stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "condition-uploads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_who_may_upload(assets):
    g = assets["g"]
    url = reverse("inspections-condition-import", args=[g.slug])
    for role in ("opdrachtnemer", "uitvoerder"):
        user = UserFactory(username=f"u-{role}")
        make_member(user, g, role)
        assets[role] = user
    expected = {"beheerder": 200, "anna": 200, "opdrachtnemer": 200, "reader": 403, "uitvoerder": 403}
    for who, status in expected.items():
        client = login(assets[who])
        assert client.get(url).status_code == status, who
        overview = client.get(reverse("inspections-condition", args=[g.slug])).content.decode()
        assert (url in overview) == (status == 200), who
    assert upload(login(assets["reader"]), g, GOOD).status_code == 403
    assert not ConditionInspection.objects.exists()


def test_check_then_confirm(assets, settings):
    g = assets["g"]
    client = login(assets["anna"])
    page = upload(client, g, GOOD).content.decode()
    assert "Controle van metingen.csv: alles in orde" in page
    assert "2 regel(s) gelezen: na bevestiging worden 2 conditiemeting(en) van 2 asset(s) vastgelegd" in page
    assert "Conditie 1 (uitstekend)" in page
    assert not ConditionInspection.objects.exists() and len(stored(settings)) == 1  # checked, not saved
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]

    # another user cannot confirm this check
    other = login(assets["beheerder"])
    response = other.post(reverse("inspections-condition-import", args=[g.slug]), {"action": "confirm", "token": token},
                          follow=True)
    assert "niet meer beschikbaar" in response.content.decode() and not ConditionInspection.objects.exists()

    response = client.post(reverse("inspections-condition-import", args=[g.slug]), {"action": "confirm", "token": token},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("inspections-condition", args=[g.slug])
    assert "2 conditiemeting(en) van 2 asset(s) ingelezen uit metingen.csv" in response.content.decode()
    assert ConditionInspection.objects.filter(source="import metingen.csv").count() == 2
    assert Asset.objects.get(external_id="BANK-1").condition == 1
    assert stored(settings) == []
    # a second confirmation (double click, back button) imports nothing more
    again = client.post(reverse("inspections-condition-import", args=[g.slug]), {"action": "confirm", "token": token},
                        follow=True)
    assert "niet meer beschikbaar" in again.content.decode() and ConditionInspection.objects.count() == 2


def test_refused_rows_are_listed_and_nothing_is_saved(assets, settings):
    page = upload(login(assets["anna"]), assets["g"], BAD).content.decode()
    assert "2 regels zijn geweigerd; er is niets opgeslagen." in page
    rows = page.split('class="data-table refused-table"', 1)[1].split("</table>", 1)[0]
    assert '<td class="num">3</td><td>asset (bronsleutel)</td><td>Asset &#x27;ONBEKEND&#x27; bestaat niet' in rows
    assert '<td class="num">4</td><td>ernst</td>' in rows
    assert "Bevestigen en inlezen" not in page
    assert not ConditionInspection.objects.exists() and stored(settings) == []


def test_cancel_deletes_the_checked_file(assets, settings):
    client = login(assets["anna"])
    page = upload(client, assets["g"], GOOD).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("inspections-condition-import", args=[assets["g"].slug]),
                           {"action": "cancel", "token": token}, follow=True)
    assert "er is niets ingelezen" in response.content.decode()
    assert stored(settings) == [] and not ConditionInspection.objects.exists()


@pytest.mark.parametrize(("name", "text", "message"), [
    ("metingen.pdf", GOOD, "Onbekend bestandsformaat"),
    ("metingen.csv", "asset,datum\nMAST-7,2025-01-01\n", "Kolom(men) ontbreken"),
    ("metingen.csv", HEADER, "bevat geen regels"),
])
def test_files_that_cannot_be_read_are_refused(assets, settings, name, text, message):
    page = upload(login(assets["anna"]), assets["g"], text, name).content.decode()
    assert message in page and 'class="field__error"' in page
    assert stored(settings) == [] and not ConditionInspection.objects.exists()


def test_the_upload_limit_holds(assets, settings):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.001  # about 1 kB
    page = upload(login(assets["anna"]), assets["g"], GOOD + "MAST-7,mast,1000,,,,,2025-06-01\n" * 40).content.decode()
    assert "te groot" in page and "WIJKWERK_IMPORT_MAX_MB" in page
    assert stored(settings) == [] and not ConditionInspection.objects.exists()
