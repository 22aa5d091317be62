import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkwerk.areas.services import areas_import
from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.files import FileRefused
from wijkwerk.municipalities.commands import get_gemeente_or_fail


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
        except FileRefused as exc:
            raise CommandError(str(exc)) from None
        except CommandError:
            raise
        except Exception as exc:  # never a traceback for the user
            raise CommandError(_("Het inlezen is mislukt door een onverwachte fout (%(error)s: %(detail)s). "
                                 "Er is niets opgeslagen.")
                               % {"error": type(exc).__name__,
                                  "detail": str(exc).splitlines()[0] if str(exc) else ""}) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        counts = {k: result[k] for k in ("read", "created", "updated", "unchanged", "rejected")}
        if level == "wijk":
            read = _("Gelezen: %(read)s wijken. Nieuw: %(created)s, gewijzigd: %(updated)s, "
                     "ongewijzigd: %(unchanged)s, geweigerd: %(rejected)s.")
        else:
            read = _("Gelezen: %(read)s buurten. Nieuw: %(created)s, gewijzigd: %(updated)s, "
                     "ongewijzigd: %(unchanged)s, geweigerd: %(rejected)s.")
        self.stdout.write(read % counts)
        if result["linked"]:
            self.stdout.write(_("%(n)s buurt(en) aan hun wijk gekoppeld.") % {"n": result["linked"]})
        if result["relocated"]:
            self.stdout.write(ngettext("%(n)s asset opnieuw in zijn buurt en wijk geplaatst.",
                                       "%(n)s assets opnieuw in hun buurt en wijk geplaatst.",
                                       result["relocated"]) % {"n": result["relocated"]})
        for message in result["messages"]:
            self.stdout.write(_("Let op: %(message)s") % {"message": message})
        for error in result["errors"][:20]:
            self.stdout.write("  " + _("rij %(row)s, veld %(field)s: %(message)s")
                              % {"row": error["row"], "field": error["field"], "message": error["message"]})
