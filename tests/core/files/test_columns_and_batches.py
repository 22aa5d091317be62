"""One rule for finding columns by alias; queries in batches, never one of all rows."""

import pytest

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.assets.models import Asset
from wijkwerk.core.files import (
    batched,
    column_key,
    columns_by_alias,
    filter_in_batches,
    find_column,
    missing_fields,
)


@pytest.mark.parametrize("column", ["aanlegjaar", "Aanlegjaar", "AANLEG-JAAR", "aanleg_jaar", "Aanleg jaar",
                                    " aanleg.jaar "])
def test_case_spaces_dashes_underscores_and_dots_are_ignored(column):
    assert find_column(["id", column, "x"], ("bouwjaar", "aanlegjaar")) == column


def test_accents_are_ignored():
    assert column_key("Café Één") == column_key("cafe een") == "cafeeen"
    assert find_column(["Patiënt"], "patient") == "Patiënt"


def test_aliases_are_tried_in_order_and_an_exact_name_wins():
    columns = ["soort", "boomsoort", "Type", "type"]
    assert find_column(columns, ("boomsoort", "soort")) == "boomsoort"
    assert find_column(columns, "type") == "type"
    assert find_column(columns, "TYPE") == "Type"
    assert find_column(columns, ("hoogte",)) is None


def test_columns_by_alias_gives_each_column_to_one_field():
    columns = ["Meetlocatie", "Onderdeel", "Kwaliteitsniveau", "X", "Y"]
    aliases = {"plot": ("plot", "meetlocatie"), "aspect": ("aspect", "onderdeel"),
               "level": ("level", "niveau", "kwaliteitsniveau"), "x": ("x", "rd_x"), "y": ("y", "rd_y"),
               "also_x": ("x",), "value": ("value", "waarde")}
    found = columns_by_alias(columns, aliases)
    assert found == {"plot": "Meetlocatie", "aspect": "Onderdeel", "level": "Kwaliteitsniveau", "x": "X", "y": "Y"}
    assert missing_fields(found, ["plot", "value"]) == ["value"]


def test_batched_is_lazy():
    def endless():
        n = 0
        while True:
            n += 1
            yield n

    batches = batched(endless(), 1000)
    assert next(batches)[-1] == 1000 and next(batches)[0] == 1001


@pytest.mark.django_db
def test_a_look_up_of_more_keys_than_sqlite_allows_runs_in_batches(django_assert_max_num_queries):
    gemeente = GemeenteFactory(slug="utrecht")
    keys = [f"B{i}" for i in range(40_000)]  # more than SQLite's 32,766 parameters per statement
    with django_assert_max_num_queries(80):
        assert list(filter_in_batches(Asset.objects.filter(gemeente=gemeente), "external_id", keys)) == []
