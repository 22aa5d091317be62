from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkwerk.assets.exporting import FORMATS, assets_export
from wijkwerk.municipalities.commands import get_gemeente_or_fail


class Command(BaseCommand):
    help = "Schrijft de assets van een gemeente naar GeoJSON, GeoPackage, CSV of XLSX (opnieuw in te lezen)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--format", dest="fmt", choices=FORMATS,
                            help="geojson, gpkg, csv of xlsx (standaard: volgens de bestandsnaam)")

    def handle(self, *args, file, gemeente, fmt, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        if fmt is None:
            suffix = Path(file).suffix.lower().lstrip(".")
            fmt = {"json": "geojson"}.get(suffix, suffix)
            if fmt not in FORMATS:
                raise CommandError(_("Geef --format op (%(formats)s); '%(name)s' zegt het niet.")
                                   % {"formats": ", ".join(FORMATS), "name": Path(file).name})
        try:
            count = assets_export(gemeente=gemeente_obj, path=file, fmt=fmt)
        except OSError as exc:
            raise CommandError(_("Kan '%(file)s' niet schrijven: %(error)s.")
                               % {"file": file, "error": exc.strerror or exc}) from None
        self.stdout.write(ngettext("%(count)s asset geschreven naar %(file)s.", "%(count)s assets geschreven naar %(file)s.",
                                   count) % {"count": count, "file": file})
