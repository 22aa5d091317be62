"""What the execution import commands share: a Dutch one-line error instead of a traceback, and
the report as text or `--json` (read/created/updated/rejected/errors, like import-assets)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.municipalities.models import Organisation


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND")
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")

    def organisation_or_fail(self, gemeente, name: str):
        """The organisation of that name in the municipality, or a CommandError saying how to add it."""
        organisation = Organisation.objects.filter(gemeente=gemeente, name=name).first()
        if organisation is None:
            raise CommandError(_("Organisatie '%(name)s' bestaat niet in deze gemeente. Maak haar aan met: "
                                 "wijkwerk add-organisation.") % {"name": name})
        return organisation

    def run_import(self, *, gemeente: str, as_json: bool, run) -> None:
        gemeente_obj = get_gemeente_or_fail(gemeente)
        try:
            with ServiceErrors():
                report = run(gemeente_obj)
        except CommandError:
            raise
        except MemoryError:
            raise CommandError(_("Het bestand is te groot om in het geheugen te lezen.")) from None
        except Exception as exc:  # never a traceback for the user; the message names the cause
            raise CommandError(_("Het inlezen is mislukt door een onverwachte fout (%(error)s: %(detail)s).")
                               % {"error": type(exc).__name__,
                                  "detail": str(exc).splitlines()[0] if str(exc) else ""}) from None
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(report.summary_lines()))
