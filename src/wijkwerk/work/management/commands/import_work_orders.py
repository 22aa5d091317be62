from wijkwerk.work.importers import work_orders_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = ("Leest werkorders in (CSV of XLSX): code,activity,asset,lat,lon,quantity,deadline,priority. asset is "
            "de bronsleutel (of laat hem leeg en geef lat/lon); uren = hoeveelheid x normuren van de activiteit.")

    def handle(self, *args, file, gemeente, as_json, **opts):
        self.run_import(gemeente=gemeente, as_json=as_json,
                        run=lambda g: work_orders_import(gemeente=g, path=file, origin="cli"))
