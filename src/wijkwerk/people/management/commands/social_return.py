"""wijkwerk social-return --gemeente SLUG --contract CODE --year YYYY [--json]: what a contract (with its
subcontracts) realised in social return in a year, against its obligation. Nothing is suppressed: this is an
operator's command."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.numbers import format_money, format_percent
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.people.social_return import UnknownTargetGroup
from wijkwerk.people.social_selectors import contract_get, contract_year
from wijkwerk.people.tables import TARGET_GROUP_LABELS


class Command(BaseCommand):
    help = "Toont de gerealiseerde social return van een contract in een jaar, naast de verplichting."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--contract", required=True, help="code van het contract")
        parser.add_argument("--year", required=True, type=int, help="het jaar, bijvoorbeeld 2026")
        parser.add_argument("--json", dest="as_json", action="store_true", help="uitkomst als JSON")

    def handle(self, *args, gemeente, contract, year, as_json, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        contract_obj = contract_get(gemeente=gemeente_obj, code=contract)
        if contract_obj is None:
            raise CommandError(_("Contract ‘%(code)s’ bestaat niet in gemeente %(slug)s. Maak het aan met: "
                                 "wijkwerk create-contract.") % {"code": contract, "slug": gemeente_obj.slug})
        if not 2000 <= year <= 2100:
            raise CommandError(_("Het jaar moet tussen 2000 en 2100 liggen."))
        try:
            result = contract_year(contract=contract_obj, year=year)
        except UnknownTargetGroup as exc:
            raise CommandError(str(exc)) from None
        data = result.as_json()
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_("%(code)s in %(year)s: gerealiseerd %(realised)s van de verplichting %(obligation)s "
                            "(%(share)s van de contractwaarde; tabel %(table)s).") % {
            "code": data["contract"], "year": year, "realised": format_money(result.realised, 2),
            "obligation": format_money(result.obligation, 2), "table": data["table"],
            "share": format_percent(result.share, 2) if result.share is not None else "-"})
        for group, amount in data["by_target_group"].items():
            self.stdout.write(f"  {TARGET_GROUP_LABELS.get(group, group)}: {format_money(amount, 2)}")
        for key, label in (("bonuses", _("Bonussen")), ("training", _("Opleidingen")),
                           ("purchases", _("Inkoop bij SW-bedrijf"))):
            self.stdout.write(f"  {label}: {format_money(data[key], 2)}")
        if len(data["by_contract"]) > 1:
            for code, amount in data["by_contract"].items():
                self.stdout.write("  " + _("contract %(code)s: %(amount)s") % {"code": code,
                                                                               "amount": format_money(amount, 2)})
