"""`wijkwerk openapi`: the OpenAPI document of /api/v1 (generated, committed, checked in CI)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.api import generate_openapi_schema, openapi_dumps

COMMITTED = Path(settings.BASE_DIR) / "openapi.json"


class Command(BaseCommand):
    help = (
        "Maakt het OpenAPI-document van de API. --write schrijft het naar src/wijkwerk/openapi.json; "
        "--check controleert of dat bestand nog klopt met de code (voor CI). Zonder optie: naar het scherm."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="Schrijf het vastgelegde document opnieuw.")
        group.add_argument("--check", action="store_true",
                           help="Stop met status 1 als het vastgelegde document afwijkt van de code.")
        parser.add_argument("--file", default=str(COMMITTED), help="Het vastgelegde document (standaard: %(default)s).")

    def handle(self, *args, write: bool, check: bool, file: str, **options):
        path = Path(file)
        schema = generate_openapi_schema()
        text = openapi_dumps(schema)
        if write:
            path.write_text(text, encoding="utf-8")
            self.stdout.write(_("OpenAPI-document geschreven: %(path)s (%(n)s adressen).")
                              % {"path": path, "n": len(schema.get("paths", {}))})
            return
        if check:
            if not path.exists():
                raise CommandError(_("%(path)s bestaat niet. Maak het met: wijkwerk openapi --write") % {"path": path})
            try:
                committed = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise CommandError(_("%(path)s is geen geldige JSON (%(error)s). Maak het opnieuw met: wijkwerk openapi "
                                     "--write") % {"path": path, "error": exc}) from None
            if committed != schema:
                raise CommandError(
                    _("Het OpenAPI-document %(path)s wijkt af van de API in de code (%(difference)s). "
                      "Maak het opnieuw met: wijkwerk openapi --write, en leg het vast.")
                    % {"path": path, "difference": _difference(committed, schema)}
                )
            self.stdout.write(_("OpenAPI-document klopt (%(n)s adressen).") % {"n": len(schema.get("paths", {}))})
            return
        self.stdout.write(text, ending="")


def _difference(old: dict, new: dict) -> str:
    old_paths, new_paths = set(old.get("paths", {})), set(new.get("paths", {}))
    parts = []
    if new_paths - old_paths:
        parts.append(_("nieuw: %(paths)s") % {"paths": ", ".join(sorted(new_paths - old_paths))})
    if old_paths - new_paths:
        parts.append(_("verdwenen: %(paths)s") % {"paths": ", ".join(sorted(old_paths - new_paths))})
    changed = sorted(p for p in old_paths & new_paths if old["paths"][p] != new["paths"][p])
    if changed:
        parts.append(_("gewijzigd: %(paths)s") % {"paths": ", ".join(changed)})
    if not parts:
        keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        parts.append(_("verschil in: %(keys)s") % {"keys": ", ".join(keys)})
    return "; ".join(parts)
