from django.core.management.base import BaseCommand

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
        self.stdout.write(f"Gemeente '{gemeente.name}' ({gemeente.slug}) aangemaakt.")
