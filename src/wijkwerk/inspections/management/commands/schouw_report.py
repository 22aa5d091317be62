import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.inspections.quality.selectors import round_get_by_name, round_results
from wijkwerk.municipalities.commands import get_gemeente_or_fail

FIELDS = ("buurt", "aspect", "plots", "at_or_above_target", "share", "target", "pass_share", "meets_norm")


class Command(BaseCommand):
    help = (
        "Uitslag van een schouwronde per buurt en aspect: aantal meetlocaties (overgeslagen tellen niet mee), "
        "aantal op of boven het streefniveau, aandeel (0..1, 4 decimalen), streefniveau, normpercentage en of "
        "de norm gehaald is (aandeel >= normpercentage). buurt = de buurtcode zoals ingelezen; aspect = de naam "
        "van het aspect in de kwaliteitscatalogus (bijv. 'onkruid op verharding'). Met --json een JSON-lijst."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--round", required=True, dest="round_name", help="naam van de schouwronde")
        parser.add_argument("--json", action="store_true", help="schrijf de uitslag als JSON")

    def handle(self, *args, gemeente, round_name, json: bool = False, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        rnd = round_get_by_name(gemeente=gemeente_obj, name=round_name)
        if rnd is None:
            raise CommandError(_("Schouwronde '%(round)s' bestaat niet in gemeente '%(gemeente)s'.")
                               % {"round": round_name, "gemeente": gemeente})
        rows = [{k: r[k] for k in FIELDS} for r in round_results(round=rnd)]
        if json:
            self.stdout.write(_json_dumps(rows))
            return
        if not rows:
            self.stdout.write(_("Deze schouwronde heeft nog geen scores."))
            return
        head = (_("buurt"), _("aspect"), _("locaties"), _("goed"), _("aandeel"), _("streef"), _("norm"), _("oordeel"))
        self.stdout.write(f"{head[0]:<12} {head[1]:<24} {head[2]:>8} {head[3]:>5} {head[4]:>8} {head[5]:>6} "
                          f"{head[6]:>5}  {head[7]}")
        meets, fails = _("voldoet"), _("voldoet niet")
        for r in rows:
            self.stdout.write(
                f"{r['buurt']:<12} {r['aspect']:<24} {r['plots']:>8} {r['at_or_above_target']:>5} "
                f"{r['share'] * 100:>7.1f}% {r['target']:>6} {r['pass_share'] * 100:>4.0f}%  "
                f"{meets if r['meets_norm'] else fails}"
            )


def _json_dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
