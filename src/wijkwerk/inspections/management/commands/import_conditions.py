from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors, refuse_rows
from wijkwerk.inspections.condition.conditions_import import conditions_import
from wijkwerk.inspections.importing import RowErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail


class Command(BaseCommand):
    help = (
        "Leest NEN 2767-conditiemetingen in (CSV of XLSX), één regel per gebrek. Kolommen: asset (bronsleutel), "
        "element, replacement_value (vervangingswaarde), defect (gebrek; leeg = element zonder gebreken), "
        "severity (gering, serieus, ernstig), intensity (1 t/m 3), extent (klasse 1 t/m 5, of een percentage "
        "zoals 25%: <2% = 1, 2-10% = 2, 10-30% = 3, 30-70% = 4, 70% en meer = 5; een grens hoort bij de hogere "
        "klasse) en date (JJJJ-MM-DD, niet in de toekomst). Regels met hetzelfde asset en dezelfde datum vormen "
        "één meting. Alles of niets: wordt een regel geweigerd, dan wordt er niets opgeslagen; alle redenen "
        "worden getoond en de opdracht eindigt met status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")

    def handle(self, *args, file, gemeente, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        try:
            with ServiceErrors():
                report = conditions_import(gemeente=gemeente_obj, path=file, origin="cli")
        except RowErrors as exc:
            refuse_rows(self.stderr, exc.errors, exc.total)
        spread = ", ".join(_("conditie %(condition)s: %(n)s") % {"condition": k, "n": v}
                           for k, v in report["conditions"].items())
        self.stdout.write(
            _("%(inspections)s conditiemeting(en) van %(assets)s asset(s) ingelezen (%(spread)s).")
            % {"inspections": report["inspections"], "assets": report["assets"], "spread": spread}
        )
