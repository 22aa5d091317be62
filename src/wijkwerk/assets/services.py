"""Writes to the asset register. Import and export live in `assets.importing` / `assets.exporting`."""

from .models import AssetType
from .types import ASSET_TYPES


def asset_types_sync(*, model=AssetType) -> int:
    """Creates or updates the shipped asset types; returns how many were created.
    `model` lets a data migration pass its historical model."""
    created = 0
    for spec in ASSET_TYPES:
        _, was_created = model.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("label", "geometry_kind", "default_unit", "schema")},
        )
        created += was_created
    return created
