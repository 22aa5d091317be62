"""`wijkwerk create-open311-key --gemeente SLUG --client NAME`: an API key for an Open311 client.

Prints only the key on standard output (so `KEY=$(wijkwerk create-open311-key ...)` works); the rest
goes to standard error. The key is shown this once: Wijkwerk keeps only its hash.
`--revoke PREFIX` revokes a client's key instead.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.community.open311_keys import open311_key_create, open311_key_revoke
from wijkwerk.core.commands import ServiceErrors


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een Open311-client van een gemeente en drukt alleen de sleutel af. De "
        "sleutel is alleen nu te zien: Wijkwerk bewaart er een hash van."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="Code (slug) van de gemeente.")
        parser.add_argument("--client", help="Naam van de client, bijv. 'BuitenBeter'.")
        parser.add_argument("--revoke", metavar="KENMERK", help="Trekt de sleutel met dit kenmerk in.")

    def handle(self, *args, gemeente, client, revoke, **options):
        if revoke:
            with ServiceErrors():
                revoked = open311_key_revoke(prefix=revoke, origin="cli")
            self.stderr.write(_("Sleutel van Open311-client %(name)s (kenmerk %(prefix)s) ingetrokken.")
                              % {"name": revoked.name, "prefix": revoked.prefix})
            return
        if not gemeente or not client:
            raise CommandError(_("Geef --gemeente en --client (of --revoke KENMERK)."))
        with ServiceErrors():
            made, key = open311_key_create(gemeente_slug=gemeente, name=client, origin="cli")
        self.stdout.write(key)
        self.stderr.write(
            _("Open311-sleutel voor %(name)s gemaakt: kenmerk %(prefix)s. Bewaar de sleutel nu: hij is later niet "
              "meer op te vragen. Intrekken: wijkwerk create-open311-key --revoke %(prefix)s")
            % {"name": made.name, "prefix": made.prefix}
        )
