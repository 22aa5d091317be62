"""Writes to the asset register, the only writer of Asset fields and asset history. Import and
export live in `assets.importing` / `assets.exporting`, the condition measurements in
`assets.conditions` (re-exported here, the entry for other apps)."""

import datetime
import json
import math
from decimal import Decimal, InvalidOperation

import numpy as np
import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.areas.models import Area
from wijkwerk.core.audit import audit_log
from wijkwerk.core.geo import in_netherlands_wgs84, wgs84_to_rd

from .conditions import CONDITION_BATCH as CONDITION_BATCH  # the condition measurements, for other apps
from .conditions import CONDITION_SOURCE as CONDITION_SOURCE
from .conditions import ConditionMeasurement as ConditionMeasurement
from .conditions import asset_condition_record as asset_condition_record
from .conditions import asset_conditions_record as asset_conditions_record
from .conditions import condition_message
from .importing import ImportOptions as ImportOptions  # the file import's entry points, for other apps
from .importing import assets_import as assets_import
from .importing.relocate import assets_relocate as _assets_relocate
from .models import Asset, AssetHistory, AssetType
from .schemas import clean_attributes
from .search_keys import attributes_address_key
from .types import ASSET_TYPES


def asset_types_sync(*, model=AssetType) -> int:
    """Creates or updates the shipped asset types; returns how many were created.
    `model` lets a data migration pass its historical model."""
    created = 0
    for spec in ASSET_TYPES:
        _type, was_created = model.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("label", "geometry_kind", "default_unit", "schema")},
        )
        created += was_created
    return created


# --- Editing one asset (API and pages) -------------------------------------------------------

# Fields a user may change on an existing asset; the rest (type, source key, areas) come from imports.
ASSET_EDITABLE_FIELDS = (
    "attributes", "quantity", "unit", "installation_year", "condition", "condition_date", "geometry",
)
GEOMETRY_DECIMALS = 7  # WGS84 degrees: ~1 cm, as the import stores them
INSTALLATION_YEAR_RANGE = (1500, 2100)


class StaleVersion(Exception):
    """Someone else changed the asset since the caller read it (optimistic concurrency)."""

    def __init__(self, *, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"Het object is intussen gewijzigd (u had versie {expected}, de huidige versie is {current}). "
            "Haal het opnieuw op en probeer het nog eens."
        )


class _Refused(Exception):
    """A requested change is refused: {field: [Dutch message]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _refused(field: str, message: str) -> _Refused:
    return _Refused({field: [message]})


def _clean_attributes(value, asset_type) -> dict:
    if not isinstance(value, dict):
        raise _refused("attributes", _("Kenmerken moeten een object zijn: {\"naam\": waarde, ...}."))
    bad = [k for k, v in value.items() if isinstance(v, (dict, list))]
    if bad:
        raise _Refused({f"attributes.{name}": [_("Kenmerk '%(name)s' moet een enkele waarde zijn (tekst, getal of "
                                                 "ja/nee).") % {"name": name}] for name in bad})
    removed = {k for k, v in value.items() if v is None or (isinstance(v, str) and not v.strip())}
    attrs, attr_errors = clean_attributes(asset_type.schema or [], value)
    if attr_errors:
        errors: dict[str, list[str]] = {}
        for name, message in attr_errors:
            errors.setdefault(f"attributes.{name}", []).append(message)
        raise _Refused(errors)
    return {"set": attrs, "remove": removed}


def _clean_quantity(value, asset_type) -> Decimal:
    try:
        if value is None or isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip().replace(",", "."))
        if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
            raise InvalidOperation
        return number.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _refused("quantity", _("Hoeveelheid '%(value)s' is ongeldig: geef een getal van 0 of meer.")
                       % {"value": value}) from None


def _clean_unit(value, asset_type) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 10:
        raise _refused("unit", _("Eenheid moet een korte tekst zijn (1 tot 10 tekens), bijv. st of m2."))
    return text


def _clean_installation_year(value, asset_type) -> int | None:
    low, high = INSTALLATION_YEAR_RANGE
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not _is_whole(value) or not low <= int(float(value)) <= high:
        raise _refused("installation_year", _("Aanlegjaar '%(value)s' is ongeldig: geef een jaartal van %(low)s tot en "
                                              "met %(high)s.") % {"value": value, "low": low, "high": high})
    return int(float(value))


def _clean_condition(value, asset_type) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not _is_whole(value) or not 1 <= int(float(value)) <= 6:
        raise _refused("condition", condition_message(value))
    return int(float(value))


def _clean_geometry_change(value, asset_type) -> dict:
    try:
        return _clean_geometry(value)
    except ValueError as exc:
        raise _refused("geometry", str(exc)) from None


def _clean_condition_date(value, asset_type) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _refused("condition_date", _("Conditiedatum '%(value)s' is ongeldig: geef een datum als JJJJ-MM-DD.")
                       % {"value": value}) from None


_FIELD_CLEANERS = {
    "attributes": _clean_attributes, "quantity": _clean_quantity, "unit": _clean_unit,
    "installation_year": _clean_installation_year, "condition": _clean_condition, "condition_date": _clean_condition_date,
    "geometry": _clean_geometry_change,
}


def _clean_asset_changes(*, asset_type, changes: dict) -> dict:
    """Validates the requested changes; returns them cleaned or raises ValidationError
    ({field: [Dutch message]}). `attributes` are cleaned per attribute; None / "" removes one."""
    if not isinstance(changes, dict):
        raise ValidationError(_("Geef de wijzigingen als een object met velden."))
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, value in changes.items():
        if field not in ASSET_EDITABLE_FIELDS:
            errors.setdefault(field, []).append(
                _("Het veld '%(field)s' bestaat niet of kan niet worden gewijzigd. Te wijzigen: %(fields)s.")
                % {"field": field, "fields": ", ".join(ASSET_EDITABLE_FIELDS)})
            continue
        try:
            cleaned[field] = _FIELD_CLEANERS[field](value, asset_type)
        except _Refused as exc:
            for key, messages in exc.errors.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_geometry(value) -> dict:
    """A GeoJSON geometry in WGS84 -> {"geojson", "lon", "lat", "bbox"}; ValueError (Dutch) if unusable."""
    allowed = {"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"}
    if not isinstance(value, dict) or value.get("type") not in allowed:
        raise ValueError("Geef de geometrie als GeoJSON-punt, -lijn of -vlak in WGS84, "
                         'bijv. {"type": "Point", "coordinates": [5.12, 52.09]}.')
    try:
        geom = shapely.from_geojson(json.dumps(value))
    except Exception:  # shapely raises GEOSException or ValueError for broken GeoJSON
        raise ValueError("De geometrie is geen geldige GeoJSON.") from None
    if geom is None or geom.is_empty:
        raise ValueError("De geometrie is leeg.")
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise ValueError("De geometrie bevat ongeldige coördinaten.")
    geom = shapely.transform(geom, lambda c: np.round(c, GEOMETRY_DECIMALS))
    if geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_valid:
        raise ValueError(f"Ongeldig vlak ({shapely.is_valid_reason(geom)}).")
    point = geom if geom.geom_type == "Point" else shapely.centroid(geom)
    lon, lat = round(point.x, GEOMETRY_DECIMALS), round(point.y, GEOMETRY_DECIMALS)
    if not bool(in_netherlands_wgs84([lon], [lat])[0]):
        raise ValueError(f"De geometrie ligt buiten Nederland (lon {lon:.5f}, lat {lat:.5f}); "
                         "gebruik WGS84 (lengtegraad, breedtegraad), geen RD-coördinaten.")
    return {"geojson": json.loads(shapely.to_geojson(geom)), "lon": lon, "lat": lat,
            "bbox": tuple(float(v) for v in shapely.bounds(geom))}


def _locate_point(*, gemeente, lon: float, lat: float) -> tuple[int | None, int | None, bool]:
    """(buurt id, wijk id, outside every buurt) for one point, with the same rules as the import
    (assets import uses AreaLocator for whole files; here only the areas whose box holds the point)."""
    near = list(
        Area.objects.filter(gemeente=gemeente, min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat)
        .order_by("code", "id").values_list("id", "level", "parent_id", "geometry")
    )
    has_buurten = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).exists()
    has_wijken = has_buurten or Area.objects.filter(gemeente=gemeente, level=Area.Level.WIJK).exists()
    buurten = [a for a in near if a[1] == Area.Level.BUURT]
    wijken = [a for a in near if a[1] == Area.Level.WIJK]
    locator = AreaLocator(
        buurt_ids=[a[0] for a in buurten], buurt_parents=[a[2] or 0 for a in buurten],
        buurt_geometries=[a[3] for a in buurten], wijk_ids=[a[0] for a in wijken],
        wijk_geometries=[a[3] for a in wijken],
    )
    buurt, wijk = locator.locate([lon], [lat])
    buurt_id, wijk_id = int(buurt[0]) or None, int(wijk[0]) or None
    if has_buurten:
        outside = buurt_id is None
    else:
        outside = has_wijken and wijk_id is None
    return buurt_id, wijk_id, outside


def _is_whole(value) -> bool:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError, OverflowError):
        return False
    return math.isfinite(number) and number == int(number)


def _move(asset, new: dict, *, gemeente) -> dict:
    """Sets the new geometry and everything derived from it; returns the history changes."""
    diff = {"geometry": [asset.geometry, new["geojson"]]}
    x, y = wgs84_to_rd(new["lon"], new["lat"])
    buurt_id, wijk_id, outside = _locate_point(gemeente=gemeente, lon=new["lon"], lat=new["lat"])
    codes = dict(Area.objects.filter(pk__in=[i for i in (asset.buurt_id, asset.wijk_id, buurt_id, wijk_id) if i])
                 .values_list("id", "code"))
    for name, old_id, new_id in (("buurt", asset.buurt_id, buurt_id), ("wijk", asset.wijk_id, wijk_id)):
        if old_id != new_id:
            diff[name] = [codes.get(old_id), codes.get(new_id)]
    if asset.outside_areas != outside:
        diff["outside_areas"] = [asset.outside_areas, outside]
    asset.geometry = new["geojson"]
    asset.lon, asset.lat = new["lon"], new["lat"]
    asset.x, asset.y = round(float(x), 3), round(float(y), 3)
    asset.min_lon, asset.min_lat, asset.max_lon, asset.max_lat = new["bbox"]
    asset.buurt_id, asset.wijk_id, asset.outside_areas = buurt_id, wijk_id, outside
    return diff


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def asset_update(
    *, asset, changes: dict, actor=None, expected_version: int | None = None, origin: str = "api"
):
    """Changes an asset's editable fields (see ASSET_EDITABLE_FIELDS) and returns the saved asset.

    `changes["attributes"]` is merged into the current attributes (a None or empty value removes
    that attribute) and validated against the type's schema. `expected_version`: the version the
    caller read; when another change came in between, raises StaleVersion and changes nothing.
    `changes["geometry"]` (GeoJSON, WGS84) moves the asset: lon/lat, RD x/y, bounding box, buurt,
    wijk and outside_areas are recomputed. Bumps `version`, appends an AssetHistory entry ({field: [old, new]}, attributes as
    `attributes.<name>`) and writes the audit log, all in one transaction. A request that changes
    nothing changes nothing (no new version, no history).
    Raises ValidationError ({field: [Dutch message]}) for bad values.
    """
    cleaned = _clean_asset_changes(asset_type=asset.asset_type, changes=changes)
    with transaction.atomic():
        # Lock only the asset's own row (a join would lock its type and areas too on PostgreSQL).
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(expected=expected_version, current=current.version)
        diff: dict[str, list] = {}
        update_fields: list[str] = []
        for field, new in cleaned.items():
            if field == "attributes":
                old_attrs = dict(current.attributes or {})
                new_attrs = dict(old_attrs)
                for name in new["remove"]:
                    new_attrs.pop(name, None)
                new_attrs.update(new["set"])
                for name in sorted(set(old_attrs) | set(new_attrs)):
                    if old_attrs.get(name) != new_attrs.get(name) or (name in old_attrs) != (name in new_attrs):
                        diff[f"attributes.{name}"] = [old_attrs.get(name), new_attrs.get(name)]
                if new_attrs != old_attrs:
                    current.attributes = new_attrs
                    current.search_address = attributes_address_key(new_attrs)
                    update_fields += ["attributes", "search_address"]
                continue
            if field == "geometry":
                if new["geojson"] != current.geometry:
                    diff.update(_move(current, new, gemeente=asset.gemeente))
                    update_fields += ["geometry", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon",
                                      "max_lat", "buurt", "wijk", "outside_areas"]
                continue
            old = getattr(current, field)
            if old != new:
                diff[field] = [_json_value(old), _json_value(new)]
                setattr(current, field, new)
                update_fields.append(field)
        if not diff:
            return current
        current.version += 1
        current.save(update_fields=[*update_fields, "version", "updated"])
        AssetHistory.objects.create(
            asset=current, kind=AssetHistory.Kind.UPDATED, changes=diff, source=origin,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            action="asset.update", actor=actor, gemeente=asset.gemeente, obj=current, origin=origin,
            detail={"changes": diff, "version": current.version},
        )
    return current


def assets_relocate(*, gemeente) -> int:
    """Recomputes buurt, wijk and outside_areas of the gemeente's assets (after an area import);
    returns how many assets changed place."""
    return _assets_relocate(gemeente=gemeente)
