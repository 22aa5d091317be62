from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.municipalities.models import Organisation
from wijkwerk.municipalities.services import organisation_add


class Command(BaseCommand):
    help = "Voegt een organisatie van de samenwerking toe aan een gemeente."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)

    def handle(self, *args, gemeente, name, kind, **options):
        g = get_gemeente_or_fail(gemeente)
        with ServiceErrors():
            organisation = organisation_add(gemeente=g, name=name, kind=kind, origin="cli")
        self.stdout.write(_("Organisatie '%(name)s' (%(kind)s) vastgelegd.")
                          % {"name": organisation.name, "kind": organisation.get_kind_display()})
