"""The method as a form: what the inkoper types becomes the same method a YAML author would write,
checked by the same rules (the service), with each problem next to its field and in words; amounts
as people write them."""

import re

import pytest

from tests.tendering.test_pages import run_tender, world  # noqa: F401 - the fixture
from wijkwerk.tendering.method import parse_method
from wijkwerk.tendering.method_form import MethodEditor
from wijkwerk.tendering.models import Tender
from wijkwerk.tendering.selectors import tender_method

from .helpers import METHOD_YAML

pytestmark = pytest.mark.django_db


def form_data(html: str) -> dict:
    """The values of the method form as the page shows them (what a browser would post back)."""
    form = html[html.index('class="method-form"'):]
    form = form[:form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken" or 'type="checkbox"' in tag:
            continue
        if 'type="radio"' in tag and "checked" not in tag:
            continue
        data[name.group(1)] = value.group(1).replace("&#x27;", "'") if value else ""
    return data


def test_the_form_writes_the_method_the_yaml_would_hold():
    method = parse_method(METHOD_YAML)
    editor = MethodEditor(None, method=method)
    data = {}
    for form in [editor.main, *[f for formset in editor.sets.values() for f in [formset.management_form, *formset]]]:
        for field in form:
            value = field.value()
            if field.name == "mode":
                data[field.html_name] = value
            elif value is not None and field.name != "DELETE":
                data[field.html_name] = field.field.widget.format_value(field.field.prepare_value(value)) or ""
    bound = MethodEditor(data, method=method)
    assert bound.is_valid(), [bound.main.errors, {k: f.errors for k, f in bound.sets.items()}]
    again = parse_method(bound.to_yaml())
    for name in ("title", "price_items", "knockouts", "abnormally_low", "shortlist", "mode", "scale", "criteria",
                 "tie_break"):
        assert getattr(again, name) == getattr(method, name), name


def test_a_new_tender_from_the_form_with_dutch_amounts(client, world):  # noqa: F811
    client.force_login(world[2]["ingrid"])
    data = form_data(client.get("/g/utrecht/aanbestedingen/nieuw").content.decode())
    assert data["criterium-0-max_value"] == "400.000" and data["regel-0-fictive_quantity"] == "12.000"
    data.update({"methode-title": "Bomen snoeien", "methode-abnormally_low": "82,5 %",
                 "criterium-0-max_value": "€ 1.200.000,50",
                 "criterium-1-code": "K2", "criterium-1-description": "Social return",
                 "criterium-1-max_value": "€1.200.000,-",
                 "regel-0-fictive_quantity": "1 250,5"})
    response = client.post("/g/utrecht/aanbestedingen/nieuw", data)
    assert response.status_code == 302
    method = tender_method(Tender.objects.get())
    assert method.title == "Bomen snoeien" and str(method.abnormally_low) == "0.825"
    assert [str(c.max_value) for c in method.criteria] == ["1200000.5", "1200000"]
    assert str(method.price_items[0].fictive_quantity) == "1250.5"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"regel-1-code": "U01"}, "regel-1-code", "De code &#x27;U01&#x27; komt vaker voor."),
    ({"criterium-0-code": "KO1"}, "criterium-0-code", "wordt ook voor een ander onderdeel gebruikt"),
    ({"methode-abnormally_low": "120"}, "methode-abnormally_low", "Kies een percentage van 0 tot en met 100."),
    ({"methode-shortlist": "0"}, "methode-shortlist", "Vul een geheel getal van 1 of meer in."),
    ({"regel-0-fictive_quantity": "-5"}, "regel-0-fictive_quantity", "mag niet negatief zijn"),
    ({"schaal-4-share": "-150"}, "schaal-4-share", "tussen -100 en 100 procent"),
    ({"schaal-1-score": "3"}, "schaal-1-score", "De score &#x27;3&#x27; komt vaker voor."),
    ({"criterium-0-max_value": "veel"}, "criterium-0-max_value", "is geen bedrag"),
    ({"criterium-0-DELETE": "on"}, None, "minstens één gunningscriterium"),
])
def test_problems_are_shown_at_their_field_in_words_and_nothing_is_saved(client, world, change, field, message):  # noqa: F811
    client.force_login(world[2]["ingrid"])
    data = form_data(client.get("/g/utrecht/aanbestedingen/nieuw").content.decode())
    data.update(change)
    response = client.post("/g/utrecht/aanbestedingen/nieuw", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "De methode is niet opgeslagen" in page and message in page
    if field:  # the message sits at that field, which keeps what was typed
        at = page.index(f'name="{field}"')
        assert message in page[at - 700:at + 700]
        assert f'value="{change[field]}"' in page[at:at + 200]
    words = re.sub(r"<[^>]+>", " ", page.split("Geavanceerd")[0])  # what the user reads, outside the YAML part
    for english in ("price_items", "abnormally_low", "fictive_quantity", "max_value", "criteria nr"):
        assert english not in words
    assert not Tender.objects.exists()


def test_the_method_page_edits_a_draft_and_shows_the_summary(client, world):  # noqa: F811
    client.force_login(world[2]["ingrid"])
    client.post("/g/utrecht/aanbestedingen/nieuw", {"method_text": METHOD_YAML})
    tender = Tender.objects.get()
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/methode"
    page = client.get(url).content.decode()
    assert "De methode in het kort" in page and "€ 400.000" in page and "€ 250.000" in page and "€ 650.000" in page
    data = form_data(page)
    data["methode-shortlist"] = "5"
    assert client.post(url, data).status_code == 302
    assert tender_method(Tender.objects.get()).shortlist == 5
    assert "De 5 inschrijvers met de laagste fictieve prijs" in client.get(url).content.decode()


def test_a_published_method_cannot_be_changed_with_the_form_either(client, world):  # noqa: F811
    tender = run_tender(client, world)
    url = f"/g/utrecht/aanbestedingen/{tender.pk}/methode"
    page = client.get(url).content.decode()
    assert "De methode in het kort" in page and 'class="method-form"' not in page
    response = client.post(url, {"methode-title": "Anders", "methode-shortlist": "9"})
    assert response.status_code == 400 and "kan niet meer veranderen" in response.content.decode()
    assert Tender.objects.get().method_text == METHOD_YAML
