from wijkwerk.work.importers import workers_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = ("Leest medewerkers van één organisatie in (CSV of XLSX): name,skills,certificates,learning,"
            "hours_per_week,days,protected,supervisor. Certificaten als CODE:JJJJ-MM-DD;..., dagen als "
            "ma;di;wo;do;vr;za;zo, ja/nee. Een medewerker met dezelfde naam wordt bijgewerkt.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--organisation", "--organisatie", dest="organisation", required=True,
                            help="naam van de organisatie (wijkwerk add-organisation)")

    def handle(self, *args, file, gemeente, organisation, as_json, **opts):
        def run(g):
            org = self.organisation_or_fail(g, organisation)
            return workers_import(gemeente=g, organisation=org, path=file, origin="cli")

        self.run_import(gemeente=gemeente, as_json=as_json, run=run)
