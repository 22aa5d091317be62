from wijkwerk.work.importers import activities_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = ("Leest de activiteitencatalogus in (CSV of XLSX): code,name,unit,norm_hours,skills,certificates "
            "(vaardigheden en certificaten als codes gescheiden door ;). Een bestaande code wordt bijgewerkt; "
            "een foute regel wordt geweigerd, de rest opgeslagen.")

    def handle(self, *args, file, gemeente, as_json, **opts):
        self.run_import(gemeente=gemeente, as_json=as_json,
                        run=lambda g: activities_import(gemeente=g, path=file, origin="cli"))
