import json

from django.core.management.base import BaseCommand, CommandError

from wijkwerk.areas.services import areas_import
from wijkwerk.assets.importing import ImportFileError
from wijkwerk.core.commands import ServiceErrors, get_gemeente_or_fail


class Command(BaseCommand):
    help = "Leest wijken of buurten (vlakken) in uit GeoJSON, GeoPackage of Shapefile; werkt bij op code."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--level", required=True, choices=["wijk", "buurt"], help="wijk of buurt")
        parser.add_argument("--code-field", dest="code_field", required=True, help="kolom met de gebiedscode")
        parser.add_argument("--name-field", dest="name_field", required=True, help="kolom met de naam")
        parser.add_argument("--parent-field", dest="parent_field",
                            help="kolom met de wijkcode (alleen voor buurten)")
        parser.add_argument("--crs", help="coördinatenstelsel, als het bestand het niet noemt")
        parser.add_argument("--encoding", help="tekenset van het bestand, bijv. cp1252")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")

    def handle(self, *args, file, gemeente, level, code_field, name_field, parent_field, crs, encoding, as_json,
               **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        try:
            with ServiceErrors():
                result = areas_import(
                    gemeente=gemeente_obj, path=file, level=level, code_field=code_field, name_field=name_field,
                    parent_field=parent_field, origin="cli", crs=crs, encoding=encoding,
                )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        except CommandError:
            raise
        except Exception as exc:  # never a traceback for the user
            raise CommandError(f"Het inlezen is mislukt door een onverwachte fout ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else ''}). Er is niets opgeslagen.") from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        label = "wijken" if level == "wijk" else "buurten"
        self.stdout.write(
            f"Gelezen: {result['read']} {label}. Nieuw: {result['created']}, gewijzigd: {result['updated']}, "
            f"ongewijzigd: {result['unchanged']}, geweigerd: {result['rejected']}."
        )
        if result["linked"]:
            self.stdout.write(f"{result['linked']} buurt(en) aan hun wijk gekoppeld.")
        if result["relocated"]:
            self.stdout.write(f"{result['relocated']} asset(s) opnieuw in hun buurt en wijk geplaatst.")
        for message in result["messages"]:
            self.stdout.write(f"Let op: {message}")
        for error in result["errors"][:20]:
            self.stdout.write(f"  rij {error['row']}, veld {error['field']}: {error['message']}")
