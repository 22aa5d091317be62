from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors, refuse_rows
from wijkwerk.inspections.importing import RowErrors
from wijkwerk.inspections.quality.schouw_import import schouw_import
from wijkwerk.municipalities.commands import get_gemeente_or_fail


class Command(BaseCommand):
    help = (
        "Leest een schouw (CSV of XLSX) in als schouwronde. Kolommen: plot, lat en lon (WGS84) of x en y "
        "(RD New), aspect (naam of code uit de kwaliteitscatalogus, hoofdletters maken niet uit), en level "
        "(A+, A, B, C, D) of value (gemeten waarde, omgezet met de grenzen van de catalogus); optioneel buurt "
        "(de meetlocatie moet in die buurt liggen) en skip (reden dat de meetlocatie is overgeslagen). "
        "Alles of niets: wordt een regel geweigerd, dan wordt er niets opgeslagen; alle redenen worden "
        "getoond (regel, veld, reden) en de opdracht eindigt met status 1. Bestaat de ronde al, dan worden "
        "meetlocaties met dezelfde code vervangen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--round", required=True, dest="round_name", help="naam van de schouwronde")

    def handle(self, *args, file, gemeente, round_name, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        try:
            with ServiceErrors():
                report = schouw_import(gemeente=gemeente_obj, round_name=round_name, path=file, origin="cli")
        except RowErrors as exc:
            refuse_rows(self.stderr, exc.errors, exc.total)
        if report["skipped"]:
            line = _("Schouwronde '%(round)s': %(plots)s meetlocaties, %(scores)s scores, %(skipped)s overgeslagen "
                     "ingelezen.")
        else:
            line = _("Schouwronde '%(round)s': %(plots)s meetlocaties, %(scores)s scores ingelezen.")
        self.stdout.write(line % {k: report[k] for k in ("round", "plots", "scores", "skipped")})
