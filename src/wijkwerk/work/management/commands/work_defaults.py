import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.municipalities.models import Gemeente
from wijkwerk.work.catalogue import catalogue_defaults_ensure


class Command(BaseCommand):
    help = ("Vult de activiteitencatalogus aan met de standaard vaardigheden, certificaten en activiteiten "
            "(wat een gemeente al heeft blijft zoals het is).")

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="slug van de gemeente (zonder: alle gemeenten)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")

    def handle(self, *args, gemeente=None, as_json=False, **opts):
        gemeenten = [get_gemeente_or_fail(gemeente)] if gemeente else list(Gemeente.objects.order_by("slug"))
        out = {g.slug: catalogue_defaults_ensure(gemeente=g, origin="cli") for g in gemeenten}
        if as_json:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for slug, added in out.items():
            self.stdout.write(_("%(slug)s: %(skills)s vaardigheden, %(certificates)s certificaten en %(activities)s "
                                "activiteiten toegevoegd.") % {"slug": slug, **added})
