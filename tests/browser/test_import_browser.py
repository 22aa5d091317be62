"""Import through the page in a real browser: upload, dry-run report, confirm, the progress bar
(htmx polling a fragment) reaches done, the counts are shown."""

import importlib.util
import json

import pytest

from tests.assets.worlds import make_world

from .conftest import axe_serious
from .test_pages_browser import login, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        importlib.util.find_spec("wijkwerk.assets.tasks") is None, reason="wijkwerk.assets.tasks bestaat nog niet"
    ),
]


def test_import_through_the_page(page, tmp_path, settings):
    settings.WIJKWERK_TASKS_INLINE = False  # a real background thread, as in the embedded default
    world = make_world()
    features = [
        {"type": "Feature", "properties": {"id": f"B{i}", "species": "Tilia"},
         "geometry": {"type": "Point", "coordinates": [5.1005 + i * 0.0001, 52.0805]}}
        for i in range(40)
    ] + [{"type": "Feature", "properties": {"id": "KAPOT"}, "geometry": None}]
    path = tmp_path / "bomen-wijk.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/import/")
    assert axe_serious(page) == []
    shot(page, "import-formulier")
    page.get_by_label("Bestand", exact=False).and_(page.locator("input[type=file]")).set_input_files(str(path))
    page.get_by_label("Soort asset").select_option("tree")
    page.get_by_label("Sleutelvelden").fill("id")
    page.get_by_role("button", name="Uploaden en controleren").click()

    page.wait_for_selector("#import-status[data-status='checked']")
    assert page.locator("[data-count='read']").first.inner_text() == "41"
    assert page.locator("[data-count='created']").first.inner_text() == "40"
    assert page.locator("[data-count='rejected']").first.inner_text() == "1"
    assert axe_serious(page) == []
    shot(page, "import-controle")

    page.get_by_role("button", name="Bevestigen en inlezen").click()
    page.wait_for_selector("#import-status[data-status='done']", timeout=30000)
    progress = page.locator("progress#import-progress")
    assert progress.get_attribute("value") == "100"
    assert page.get_by_role("heading", name="Resultaat").is_visible()
    assert page.locator("[data-count='created']").first.inner_text() == "40"
    assert axe_serious(page) == []
    shot(page, "import-klaar")
    assert page.js_errors == []


def test_choosing_the_types_of_a_file_on_the_import_page(page, tmp_path, settings):
    settings.WIJKWERK_TASKS_INLINE = False
    world = make_world()
    kinds = ["LM", "LM", "LM", "BK", "BK", "boom"]
    features = [{"type": "Feature", "properties": {"nr": f"X{i}", "objecttype": kind},
                 "geometry": {"type": "Point", "coordinates": [5.1005 + i * 0.0001, 52.0805]}}
                for i, kind in enumerate(kinds)]
    path = tmp_path / "objecten.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/import/")
    assert "street_light" not in page.locator("main").inner_text()
    assert not page.get_by_label("Vertaling van de soorten (YAML)").is_visible()  # under "Geavanceerd"
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Kolom met de soort").fill("objecttype")
    page.get_by_label("Sleutelvelden").fill("nr")
    page.get_by_role("button", name="Uploaden en controleren").click()

    page.wait_for_selector("#import-status[data-status='checked']")
    assert page.locator("[data-count='rejected']").first.inner_text() == "5"  # only "boom" is known as it is
    section = page.get_by_role("region", name="Soorten in het bestand")
    assert section.get_by_label("boom").input_value() == "tree"
    section.get_by_label("LM").select_option(label="Lichtmast")
    section.get_by_label("BK").select_option(label="Bank")
    assert axe_serious(page) == []
    shot(page, "import-soorten")
    section.get_by_role("button", name="Opnieuw controleren met deze soorten").click()

    page.wait_for_selector("#import-status[data-status='checked']")
    assert page.locator("[data-count='created']").first.inner_text() == "6"
    assert page.locator("[data-count='rejected']").first.inner_text() == "0"
    by_type = page.locator("[data-by-type]").first.inner_text()
    assert "Lichtmast" in by_type and "Bank" in by_type and "Boom" in by_type
    assert axe_serious(page) == []
    page.get_by_role("button", name="Bevestigen en inlezen").click()
    page.wait_for_selector("#import-status[data-status='done']", timeout=30000)
    assert page.locator("[data-count='created']").first.inner_text() == "6"
    assert page.js_errors == []
