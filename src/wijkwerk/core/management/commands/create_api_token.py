"""`wijkwerk create-api-token --user NAME [--days N] [--name TEXT]`: a new API token.

Prints only the key on standard output (so `TOKEN=$(wijkwerk create-api-token --user anna)` works);
the rest goes to standard error. The key is shown this once: Wijkwerk keeps only its hash.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Maakt een API-token voor een gebruiker en drukt alleen de sleutel af. De sleutel is alleen nu "
        "te zien: Wijkwerk bewaart er een hash van."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Gebruikersnaam.")
        parser.add_argument(
            "--days", type=int, default=None,
            help=f"Aantal dagen dat het token geldig is (standaard {settings.WIJKWERK_API_TOKEN_DAYS}).",
        )
        parser.add_argument("--name", default="", help="Waarvoor het token is, bijv. 'koppeling GIS'.")

    def handle(self, *args, user, days, name, **options):
        with ServiceErrors():
            token, key = api_token_create(username=user, days=days, name=name, origin="cli")
        self.stdout.write(key)
        self.stderr.write(
            _("API-token voor %(user)s gemaakt: kenmerk %(prefix)s, geldig tot %(expires)s. Bewaar de sleutel nu: "
              "hij is later niet meer op te vragen. Intrekken: wijkwerk revoke-api-token --prefix %(prefix)s")
            % {"user": user, "prefix": token.prefix, "expires": f"{timezone.localtime(token.expires):%d-%m-%Y %H:%M}"}
        )
