"""`wijkwerk list-api-tokens [--user NAME] [--all]`: the API tokens, never their keys."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.tokens import api_token_list

STATUS_LABELS = {"actief": gettext_lazy("actief"), "verlopen": gettext_lazy("verlopen"),
                 "ingetrokken": gettext_lazy("ingetrokken")}


def _when(value) -> str:
    return f"{timezone.localtime(value):%d-%m-%Y %H:%M}" if value else "-"


class Command(BaseCommand):
    help = "Toont de API-tokens (kenmerk, gebruiker, geldigheid, laatst gebruikt); nooit de sleutels."

    def add_arguments(self, parser):
        parser.add_argument("--user", default=None, help="Alleen de tokens van deze gebruiker.")
        parser.add_argument("--all", action="store_true", dest="include_inactive",
                            help="Ook verlopen en ingetrokken tokens.")

    def handle(self, *args, user, include_inactive, **options):
        with ServiceErrors():
            tokens = list(api_token_list(username=user, include_inactive=include_inactive))
        if not tokens:
            self.stdout.write(_("Geen API-tokens.") if include_inactive else
                              _("Geen geldige API-tokens (--all toont ook verlopen en ingetrokken)."))
            return
        now = timezone.now()
        header = (_("kenmerk"), _("gebruiker"), _("status"), _("geldig tot"), _("laatst gebruikt"), _("naam"))
        rows = [
            (t.prefix, t.user.get_username(), STATUS_LABELS.get(t.status(now), t.status(now)), _when(t.expires),
             _when(t.last_used), t.name)
            for t in tokens
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
        for row in [header, *rows]:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, str(row[-1])]).rstrip())
