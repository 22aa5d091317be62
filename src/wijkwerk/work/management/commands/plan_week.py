"""wijkwerk plan-week --gemeente SLUG --week YYYY-Www [--json]: plans the week's open orders for the
municipality's workers, writes the assignments and moves the orders to gepland."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.work.weekplan import weekplan_compute
from wijkwerk.work.weekplan_problem import week_parse
from wijkwerk.work.weekplan_selectors import computed_data


class Command(BaseCommand):
    help = "Plant de open werkorders van een week in (vaardigheden, certificaten, begeleiding, uren)."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--week", required=True, help="de week als JJJJ-Www, bijvoorbeeld 2026-W10")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")
        parser.add_argument("--time-limit", type=float, default=20.0, help="rekentijd in seconden (standaard 20)")

    def handle(self, *args, gemeente, week, as_json, time_limit, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        with ServiceErrors():
            monday = week_parse(week)
        if not 0 < time_limit <= 3600:
            raise CommandError(_("De rekentijd moet tussen 0 en 3600 seconden liggen."))
        with ServiceErrors():
            result = weekplan_compute(gemeente=gemeente_obj, monday=monday, origin="cli", time_limit=time_limit)
        data = computed_data(result.week, result.plan)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_("Week %(week)s: %(placed)s werkorders ingepland, %(unplaced)s niet; benutting %(util)s %%, "
                            "gat tot de grens %(gap)s %%.") % {
            "week": data["week"], "placed": len(data["assignments"]), "unplaced": len(data["unassigned"]),
            "util": round(100 * data["utilisation"], 1), "gap": round(100 * data["gap"], 1)})
        for u in data["unassigned"]:
            self.stdout.write(f"  {u['order']}: {u['reason']}")
