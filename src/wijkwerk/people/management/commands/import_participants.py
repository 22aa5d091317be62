from wijkwerk.people.importing import participants_import
from wijkwerk.work.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = ("Leest deelnemers van één organisatie in (CSV of XLSX): name,target_group,start,end,hours_per_week,"
            "contract,birth_year (end leeg zolang het traject loopt). Elke geschreven regel staat in het logboek; "
            "een foute regel wordt geweigerd met de reden. Dezelfde naam en startdatum werkt de deelnemer bij.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--organisation", "--organisatie", dest="organisation", required=True,
                            help="naam van de organisatie (meestal het SW-bedrijf)")

    def handle(self, *args, file, gemeente, organisation, as_json, **opts):
        def run(g):
            org = self.organisation_or_fail(g, organisation)
            return participants_import(gemeente=g, organisation=org, path=file, origin="cli")

        self.run_import(gemeente=gemeente, as_json=as_json, run=run)
