"""Working through many rows in batches, so that no query is built from all rows of a file.

SQLite refuses a statement with more than 999 (older builds) or 32,766 parameters ("too many SQL
variables"), and PostgreSQL slows down on huge IN lists: `filter(x__in=all_keys)` with a million
keys fails. Query per batch instead: `filter_in_batches(qs, "external_id", keys)`.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

BATCH_SIZE = 500  # values per IN (...) query: safe on every database


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """The items of `iterable` in lists of `size` (the last one shorter); lazy, so a stream of a
    million rows is never held at once. (itertools.batched from Python 3.12, as lists.)"""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def filter_in_batches(queryset, field: str, values: Iterable, *, size: int = BATCH_SIZE) -> Iterator:
    """The objects of `queryset` whose `field` is one of `values`, fetched with one query per batch of
    `size` values (duplicates are asked once)."""
    unique = list(dict.fromkeys(values))
    for batch in batched(unique, size):
        yield from queryset.filter(**{f"{field}__in": batch})
