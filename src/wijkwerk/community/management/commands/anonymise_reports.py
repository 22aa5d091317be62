"""`wijkwerk anonymise-reports`: clears the reporter's e-mail, name and phone of reports closed
longer than WIJKWERK_REPORT_CONTACT_RETENTION_DAYS ago (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from wijkwerk.community.reports import reports_anonymise


class Command(BaseCommand):
    help = "Anonimiseert de contactgegevens van melders na de bewaartermijn."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Bewaartermijn in dagen na afhandeling (standaard de instelling).")

    def handle(self, *args, days=None, **options):
        days = settings.WIJKWERK_REPORT_CONTACT_RETENTION_DAYS if days is None else days
        count = reports_anonymise(days=days)
        self.stdout.write(f"{count} melding(en) geanonimiseerd.")
