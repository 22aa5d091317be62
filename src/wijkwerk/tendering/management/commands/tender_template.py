from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.tendering.billsheet import write_template
from wijkwerk.tendering.method import MethodError, load_method
from wijkwerk.tendering.services import audit_safely


class Command(BaseCommand):
    help = ("Maakt het inschrijfbiljet (xlsx) voor inschrijvers uit het methodebestand: tabblad Inschrijving "
            "(alleen de kolom Eenheidsprijs invullen), tabblad Inschrijver en de vingerafdruk (SHA-256) van "
            "de methode.")

    def add_arguments(self, parser):
        parser.add_argument("--method", required=True, metavar="METHODE.yaml", help="het methodebestand (YAML)")
        parser.add_argument("--out", required=True, metavar="inschrijfbiljet.xlsx", help="waar het biljet komt")

    def handle(self, *args, method, out, **options):
        try:
            parsed = load_method(method)
        except MethodError as exc:
            raise CommandError(_("Methode ongeldig: %(errors)s") % {"errors": " ".join(exc.messages)}) from None
        if Path(out).suffix.lower() != ".xlsx":
            raise CommandError(_("Het inschrijfbiljet moet een .xlsx-bestand zijn, niet '%(name)s'.")
                               % {"name": Path(out).name})
        try:
            write_template(parsed, out)
        except OSError as exc:
            raise CommandError(_("Kan '%(file)s' niet schrijven: %(error)s.")
                               % {"file": out, "error": exc.strerror or exc}) from None
        audit_safely(action="tender.template", object_type="tender-method", object_id=parsed.sha256[:16],
                     detail={"method_sha256": parsed.sha256, "out": str(out), "items": len(parsed.price_items)})
        for warning in parsed.warnings:
            self.stderr.write(warning)
        self.stdout.write(_("Inschrijfbiljet geschreven naar %(file)s (%(items)s regels, methode %(sha256)s).")
                          % {"file": out, "items": len(parsed.price_items), "sha256": parsed.sha256})
