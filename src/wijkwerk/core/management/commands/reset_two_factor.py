"""`wijkwerk reset-two-factor --user NAME`: remove a user's authenticator app (lost or new phone)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.two_factor import two_factor_reset


class Command(BaseCommand):
    help = (
        "Verwijdert de authenticator-app (tweede stap) van een gebruiker, bijv. na een verloren telefoon. "
        "Bij de volgende keer inloggen stelt de gebruiker de app opnieuw in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Gebruikersnaam.")

    def handle(self, *args, user, **options):
        with ServiceErrors():
            removed = two_factor_reset(username=user, origin=AuditLogEntry.Origin.CLI)
        if not removed:
            self.stdout.write(_("Gebruiker %(user)s had geen authenticator-app ingesteld.") % {"user": user})
            return
        self.stdout.write(
            _("De tweede stap van %(user)s is verwijderd. Bij de volgende keer inloggen stelt %(user)s de "
              "authenticator-app opnieuw in.") % {"user": user}
        )
