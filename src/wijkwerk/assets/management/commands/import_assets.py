import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.assets.importing import ImportFileError, ImportOptions, assets_import, load_type_map
from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail


class Command(BaseCommand):
    help = (
        "Leest assets in uit GeoJSON, GeoPackage, Shapefile (.shp of .zip), CSV of XLSX. "
        "Werkt bij op bronsleutel: hetzelfde bestand opnieuw inlezen verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--asset-type", dest="asset_type", help="één assettype voor alle rijen, bijv. tree")
        parser.add_argument("--type-field", dest="type_field", help="kolom met het assettype")
        parser.add_argument("--type-map", dest="type_map", help="YAML-bestand: waarde in --type-field -> typecode")
        parser.add_argument("--id-field", dest="id_fields", action="append", default=[],
                            help="kolom(men) die samen de bronsleutel vormen (herhaalbaar)")
        parser.add_argument("--crs", help="coördinatenstelsel van het bestand, bijv. EPSG:28992")
        parser.add_argument("--encoding", help="tekenset van het bestand, bijv. cp1252")
        parser.add_argument("--dry-run", dest="dry_run", action="store_true", help="controleren, niets opslaan")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")

    def handle(self, *args, file, gemeente, as_json, **opts):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        if opts["asset_type"] and (opts["type_field"] or opts["type_map"]):
            raise CommandError(_("Gebruik --asset-type óf --type-field (met eventueel --type-map), niet beide."))
        try:
            type_map = load_type_map(opts["type_map"]) if opts["type_map"] else None
            options = ImportOptions(
                asset_type=opts["asset_type"],
                type_field=opts["type_field"],
                type_map=type_map,
                id_fields=tuple(opts["id_fields"]),
                crs=opts["crs"],
                encoding=opts["encoding"],
                dry_run=opts["dry_run"],
            )
            show_progress = not as_json and sys.stderr.isatty()
            with ServiceErrors():
                report = assets_import(
                    gemeente=gemeente_obj, path=file, options=options, origin="cli",
                    progress=self._progress if show_progress else None,
                )
            if show_progress:
                sys.stderr.write("\r" + " " * 40 + "\r")
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        except CommandError:
            raise
        except MemoryError:
            raise CommandError(_("Het bestand is te groot om in het geheugen te lezen.")) from None
        except Exception as exc:  # never a traceback for the user; the message names the cause
            raise CommandError(_("Het inlezen is mislukt door een onverwachte fout (%(error)s: %(detail)s). "
                                 "Er is niets opgeslagen.")
                               % {"error": type(exc).__name__,
                                  "detail": str(exc).splitlines()[0] if str(exc) else ""}) from None
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(report.summary_lines()))

    @staticmethod
    def _progress(fraction: float) -> None:
        width = 30
        done = int(width * fraction)
        bar = "#" * done + "." * (width - done)
        sys.stderr.write("\r" + _("Inlezen [%(bar)s] %(percent)s%%") % {"bar": bar, "percent": f"{int(fraction * 100):3d}"})
        sys.stderr.flush()
