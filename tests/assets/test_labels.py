"""Dutch pages show the names of asset types, not their English codes; a code appears only under
"Technische gegevens" on the asset page."""

import re

import pytest

from tests.assets.factories import AssetHistoryFactory
from tests.assets.worlds import make_world
from tests.core.http import login

pytestmark = pytest.mark.django_db

CODES = re.compile(r"\b(tree|street_light|bench|playground_equipment|bicycle_rack)\b")


def _visible(html: str) -> str:
    """The page's text outside tags, attributes, scripts and the technical details."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<details class="advanced technical">.*?</details>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_asset_page_names_the_type_and_keeps_the_code_in_the_technical_details():
    world = make_world()
    AssetHistoryFactory(asset=world.light, kind="updated", changes={"type": ["bench", "street_light"]})
    html = login(world.beheerder).get(f"/g/{world.gemeente.slug}/assets/{world.light.pk}/").content.decode()
    assert not CODES.search(_visible(html))
    assert "<strong>Soort</strong>: Bank → Lichtmast" in html
    technical = re.search(r'<details class="advanced technical">.*?</details>', html, flags=re.S).group(0)
    assert "Technische gegevens" in technical and "<code>street_light</code>" in technical


@pytest.mark.parametrize("page", ["", "kaart/", "zoeken/?q=m"])
def test_overview_map_and_search_show_no_type_codes(page):
    world = make_world()
    html = login(world.beheerder).get(f"/g/{world.gemeente.slug}/{page}").content.decode()
    assert not CODES.search(_visible(html)), page
