import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.people.retention import retention_apply


class Command(BaseCommand):
    help = ("Anonimiseert de persoonsgegevens van deelnemers een vaste termijn na hun uitstroom "
            "(WIJKWERK_PARTICIPANT_RETENTION_DAYS dagen). Draai dit dagelijks.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"termijn in dagen (standaard {settings.WIJKWERK_PARTICIPANT_RETENTION_DAYS})")
        parser.add_argument("--today", default=None, help="peildatum JJJJ-MM-DD (standaard vandaag)")
        parser.add_argument("--dry-run", action="store_true", help="alleen tellen, niets wijzigen")

    def handle(self, *args, days, today, dry_run, **opts):
        if days is not None and days < 0:
            raise CommandError(_("De termijn kan niet negatief zijn."))
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(_("‘%(value)s’ is geen datum (gebruik JJJJ-MM-DD).") % {"value": today}) from None
        count = retention_apply(today=day, days=days, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("%(count)s deelnemer(s) zouden worden geanonimiseerd.") % {"count": count})
        else:
            self.stdout.write(_("%(count)s deelnemer(s) geanonimiseerd.") % {"count": count})
