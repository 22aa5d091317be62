from django.core.management.base import BaseCommand

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.services import api_token_create


class Command(BaseCommand):
    help = "Maakt een API-token voor een gebruiker en drukt alleen het token af."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)

    def handle(self, *args, user, **options):
        with ServiceErrors():
            key = api_token_create(username=user, origin="cli")
        self.stdout.write(key)
