"""`wijkwerk quickstart`: prepare everything and serve the web app.

Creates the data folder, applies the migrations, loads the demo municipality (idempotent), prints
the address and the demo logins, then serves the app (Django's server without auto-reload; static
files come from whitenoise, so it works with DEBUG off).
"""

import socket
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.commands import validation_message
from wijkwerk.core.private_files import private_dir, private_sqlite_file
from wijkwerk.demo.services import demo_load


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _port_free_or_fail(host: str, port: int) -> None:
    """A clear Dutch message before the preparation, instead of the server's error afterwards."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandError(
                _("Poort %(port)s op %(host)s is al in gebruik (draait Wijkwerk al?). "
                  "Kies een andere poort, bijvoorbeeld: wijkwerk quickstart --port %(next)s")
                % {"port": port, "host": host, "next": port + 1}
            ) from None


class Command(BaseCommand):
    help = "Zet Wijkwerk klaar (database, demogemeente Utrecht, demogebruikers) en start de webapplicatie."

    requires_system_checks = []  # the checks run once the database exists (migrate does them)

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Poort van de webapplicatie (standaard 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Adres om op te luisteren (standaard 127.0.0.1).")
        parser.add_argument("--no-serve", action="store_true", help="Alleen klaarzetten, de webapplicatie niet starten.")
        parser.add_argument("--no-demo", action="store_true", help="Geen demogemeente laden.")

    def handle(self, *args, port, host, no_serve, no_demo, **options):
        started = time.monotonic()
        if not no_serve:
            _port_free_or_fail(host, port)
        data_dir = settings.DATA_DIR
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(_("Kan de gegevensmap %(folder)s niet aanmaken: %(error)s.")
                               % {"folder": data_dir, "error": exc.strerror}) from None
        private_dir(data_dir)  # only the user running Wijkwerk may read it (also an older, open one)
        self.stdout.write(_("Gegevensmap: %(folder)s") % {"folder": data_dir})
        db = settings.DATABASES["default"]
        sqlite = db["ENGINE"].endswith("sqlite3")
        where = db["NAME"] if sqlite else f"{db.get('HOST') or 'localhost'}/{db['NAME']}"
        if sqlite:
            private_sqlite_file(db["NAME"])  # 0600 before SQLite first opens it
        self.stdout.write(_("Database bijwerken (%(database)s) ...") % {"database": where})
        call_command("migrate", interactive=False, verbosity=0)

        summary = None
        if not no_demo:
            self.stdout.write(_("Demogemeente Utrecht klaarzetten ..."))
            try:
                summary = demo_load(stdout=self.stdout)
            except ValidationError as exc:
                raise CommandError(validation_message(exc)) from None
            assets = sum(summary["assets"].values())
            self.stdout.write(
                _("Demogemeente '%(name)s': %(wijken)s wijken, %(buurten)s buurten, %(assets)s objecten in het "
                  "assetregister (%(outside)s buiten alle buurten).")
                % {"name": summary["name"], "wijken": summary["wijken"], "buurten": summary["buurten"],
                   "assets": _n(assets), "outside": _n(summary["outside_areas"])}
            )
        self.stdout.write(_("Klaar in %(seconds)s seconden.") % {"seconds": f"{time.monotonic() - started:.0f}"})

        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        address = f"http://{shown_host}:{port}/"
        self.stdout.write("")
        if summary is not None:
            self.stdout.write(_("Demogebruikers (alleen voor de demo; verander of verwijder ze in productie):"))
            for role, username in summary["users"].items():
                self.stdout.write(f"  {username:<20} " + _("rol %(role)s") % {"role": role})
            self.stdout.write("  " + _("Wachtwoord voor alle demogebruikers: %(password)s")
                              % {"password": summary["password"]})
            self.stdout.write("")
        if no_serve:
            self.stdout.write(self.style.SUCCESS(_("Klaar. Start de webapplicatie met: wijkwerk quickstart "
                                                   "(daarna te openen op %(address)s)") % {"address": address}))
            return
        self.stdout.write(self.style.SUCCESS(_("Wijkwerk draait op %(address)s  (stoppen: Ctrl+C)")
                                             % {"address": address}))
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=False)
