import hashlib

import pytest

from wijkwerk.tendering.method import MethodError, normalise_text, parse_method

from .helpers import METHOD_YAML


def test_the_example_method_parses_with_its_fingerprint():
    method = parse_method(METHOD_YAML.encode())
    assert method.title == "Brede samenwerking wijkonderhoud"
    assert [p.code for p in method.price_items] == ["U01", "U02", "E01"]
    assert str(method.price_items[2].fictive_quantity) == "350.5"
    assert method.mode == "consensus" and method.shortlist == 3
    assert method.score_share("NR") < 0 and method.score_share("nr") == method.score_share("NR")
    assert method.score_share("3.0") == 1
    assert method.score_share("4") is None
    assert method.sha256 == hashlib.sha256(METHOD_YAML.encode()).hexdigest()


def test_unquoted_scale_keys_work_too():
    method = parse_method(METHOD_YAML.replace('{"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}',
                                              "{3: 1.0, 2: 0.6, 1: 0.25, 0: 0, NR: -0.5}"))
    assert str(method.score_share("2")) == "0.6"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("title: Brede samenwerking wijkonderhoud\n", ""), "'title'"),
    (lambda t: t.replace("fictive_quantity: 8000", "fictive_quantity: -8000"), "negatief"),
    (lambda t: t.replace("code: U02", "code: U01"), "komt vaker voor"),
    (lambda t: t.replace("mode: consensus", "mode: gemiddeld"), "onbekende mode 'gemiddeld'"),
    (lambda t: t.replace("shortlist: 3", "shortlist: nul"), "shortlist"),
    (lambda t: t.replace("abnormally_low: 0.80\n", ""), "abnormally_low"),
    (lambda t: t.replace("max_value: 250000", "max_value: veel"), "geen getal"),
    (lambda t: t.replace("code: K2", "code: KO1"), "verschillende onderdelen"),
    (lambda t: t.replace("tie_break: lot", "tie_break: munt"), "tie_break"),
    (lambda t: "title: [x", "geen geldige YAML"),
])
def test_invalid_methods_are_refused_in_dutch(change, message):
    with pytest.raises(MethodError) as caught:
        parse_method(change(METHOD_YAML))
    assert message in str(caught.value)


def test_page_text_is_normalised_to_lf():
    assert normalise_text("a: 1\r\nb: 2\r\n\r\n") == "a: 1\nb: 2\n"
