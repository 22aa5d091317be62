"""`wijkwerk revoke-api-token --prefix KENMERK` or `--user NAME`: revoke API tokens at once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.tokens import api_token_revoke


class Command(BaseCommand):
    help = (
        "Trekt API-tokens in: één token met --prefix (het kenmerk uit list-api-tokens), of alle tokens "
        "van een gebruiker met --user. Een ingetrokken token werkt direct niet meer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default=None, help="Het kenmerk van het token, bijv. ww_AbC12xY.")
        parser.add_argument("--user", default=None, help="Gebruikersnaam: alle tokens van deze gebruiker.")

    def handle(self, *args, prefix, user, **options):
        with ServiceErrors():
            revoked = api_token_revoke(prefix=prefix, username=user, origin="cli")
        if not revoked:
            self.stdout.write(_("Gebruiker %(user)s heeft geen API-tokens die nog niet ingetrokken zijn.") % {"user": user})
            return
        for token in revoked:
            self.stdout.write(_("Ingetrokken: %(prefix)s van %(user)s.")
                              % {"prefix": token.prefix, "user": token.user.get_username()})
