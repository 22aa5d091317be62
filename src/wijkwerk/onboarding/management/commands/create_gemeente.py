from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.onboarding.services import gemeente_setup


class Command(BaseCommand):
    help = "Maakt een gemeente (tenant) aan."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)

    def handle(self, *args, slug, name, **options):
        with ServiceErrors():
            gemeente = gemeente_setup(slug=slug, name=name, origin="cli")
        self.stdout.write(_("Gemeente '%(name)s' (%(slug)s) aangemaakt.") % {"name": gemeente.name, "slug": gemeente.slug})
