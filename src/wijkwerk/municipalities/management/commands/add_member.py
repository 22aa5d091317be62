from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.municipalities.roles import ROLES
from wijkwerk.municipalities.services import member_add


class Command(BaseCommand):
    help = "Geeft een gebruiker een rol in een gemeente (maakt de gebruiker aan als die nieuw is)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--gemeente", required=True)
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--organisation")

    def handle(self, *args, user, gemeente, role, organisation, **options):
        g = get_gemeente_or_fail(gemeente)
        with ServiceErrors():
            member_add(username=user, gemeente=g, role=role, organisation_name=organisation, origin="cli")
        self.stdout.write(_("%(user)s is %(role)s in %(gemeente)s.") % {"user": user, "role": role, "gemeente": g.name})
