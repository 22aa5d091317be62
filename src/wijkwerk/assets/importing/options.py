"""What the user chose for an import (command options, import page, ImportJob.options)."""

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from .errors import ImportFileError


@dataclass(frozen=True)
class ImportOptions:
    asset_type: str | None = None  # one type code for every row
    type_field: str | None = None  # or: the column holding the type
    type_map: dict[str, str] | str | None = None  # value -> type code (a dict, or the path of a YAML file)
    id_fields: tuple[str, ...] = field(default_factory=tuple)  # columns forming the external id
    crs: str | None = None  # overrides the file's CRS, e.g. "EPSG:28992"
    encoding: str | None = None  # overrides encoding detection
    dry_run: bool = False

    @classmethod
    def from_dict(cls, data: dict | None) -> "ImportOptions":
        data = dict(data or {})
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if values.get("id_fields") is not None:
            ids = values["id_fields"]
            values["id_fields"] = (ids,) if isinstance(ids, str) else tuple(ids)
        return cls(**values)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["id_fields"] = list(self.id_fields)
        return data


def load_type_map(value: dict | str | Path | None) -> dict[str, str] | None:
    """A type map as a dict {file value: type code}; reads YAML when given a path."""
    if value is None:
        return None
    if isinstance(value, dict):
        raw = value
    else:
        path = Path(value)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ImportFileError(_("Typetabel '%(path)s' bestaat niet.") % {"path": path}) from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ImportFileError(_("Typetabel '%(name)s' is geen leesbaar YAML-bestand: %(error)s")
                                  % {"name": path.name, "error": first}) from None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ImportFileError(
                _("Typetabel '%(name)s' moet per regel 'waarde: typecode' bevatten (een YAML-mapping).")
                % {"name": path.name}
            )
    return {_key_text(k): str(v).strip() for k, v in raw.items() if v is not None}


def _key_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
