"""`wijkwerk verify-audit-log [--gemeente SLUG] [--json]`: recompute the audit log's hash chain.

Exit status 0 when every entry is unchanged and none is missing, 1 otherwise (naming the first
broken entry and why). The chain is that of the whole installation; --gemeente only narrows what is
reported.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkwerk.core.audit_chain import chain_verify
from wijkwerk.core.models import AuditLogEntry


class Command(BaseCommand):
    help = (
        "Controleert of het auditlog onveranderd en compleet is: herberekent de hash van elke regel en "
        "de keten van regel tot regel. Status 0 als alles klopt, 1 met de eerste regel die niet klopt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", default=None,
                            help="Alleen gewijzigde regels van deze gemeente melden (de hele keten wordt "
                                 "gecontroleerd).")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Uitkomst als JSON.")

    def handle(self, *args, gemeente, as_json, **options):
        gemeente_id = None
        if gemeente:
            model = AuditLogEntry._meta.get_field("gemeente").related_model
            found = model.objects.filter(slug=gemeente).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(_("Gemeente '%(slug)s' bestaat niet.") % {"slug": gemeente})
            gemeente_id = found
        start = time.perf_counter()
        report = chain_verify(gemeente_id=gemeente_id)
        seconds = time.perf_counter() - start
        first = report.breaks[0] if report.breaks else None
        if as_json:
            self.stdout.write(json.dumps({
                "ok": report.ok, "checked": report.checked, "last_seq": report.last_seq,
                "head_seq": report.head_seq, "gemeente": gemeente, "gemeente_checked": report.gemeente_checked,
                "first_break": first.as_dict() if first else None,
                "breaks": [b.as_dict() for b in report.breaks], "more_breaks": report.more_breaks,
                "seconds": round(seconds, 3),
            }, ensure_ascii=False))
        if first is None:
            if not as_json:
                self.stdout.write(_("Auditlog in orde: %(n)s regels gecontroleerd.") % {"n": report.checked})
                if gemeente:
                    self.stdout.write(ngettext(
                        "Daarvan hoort %(n)s regel bij gemeente %(slug)s.",
                        "Daarvan horen %(n)s regels bij gemeente %(slug)s.",
                        report.gemeente_checked) % {"n": report.gemeente_checked, "slug": gemeente})
            return
        more = len(report.breaks) - 1
        if more and not as_json:
            self.stderr.write(_("Alle problemen:"))
            for found in report.breaks:
                self.stderr.write(f"- {found.message}")
        message = _("Auditlog niet in orde. %(first)s") % {"first": first.message}
        if more:
            message += " " + ngettext("En nog %(n)s probleem.", "En nog %(n)s problemen.", more) % {"n": more}
        raise CommandError(message, returncode=1)
