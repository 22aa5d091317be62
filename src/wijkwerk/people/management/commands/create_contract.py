"""wijkwerk create-contract --gemeente SLUG --code CODE --name NAME --value-per-year EUR
[--obligation 0.05] [--table NAME] [--parent CODE]: a (sub)contract with its social-return obligation;
prints the contract's code."""

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.numbers import parse_amount
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.people.social_selectors import contract_get, table_latest
from wijkwerk.people.social_services import contract_create
from wijkwerk.people.tables import DEFAULT_TABLE_NAME


class Command(BaseCommand):
    help = "Maakt een contract (of subcontract) met de waarde per jaar en de verplichting social return."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="slug van de gemeente")
        parser.add_argument("--code", required=True, help="code van het contract (uniek in de gemeente)")
        parser.add_argument("--name", required=True, help="naam van het contract")
        parser.add_argument("--value-per-year", required=True, help="contractwaarde per jaar in euro")
        parser.add_argument("--obligation", default="0.05", help="verplichting als deel van de waarde (standaard 0.05)")
        parser.add_argument("--table", default=DEFAULT_TABLE_NAME,
                            help="naam van de waarderingstabel; de nieuwste versie telt (standaard Haaglanden)")
        parser.add_argument("--parent", help="code van het hoofdcontract (voor een subcontract)")

    def handle(self, *args, gemeente, code, name, value_per_year, obligation, table, parent=None, **options):
        gemeente_obj = get_gemeente_or_fail(gemeente)
        try:
            value = parse_amount(value_per_year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:  # a share below 1: "0.125" and "0,125" are both an eighth, never a thousands group
            share = Decimal(obligation.strip().replace(",", "."))
        except InvalidOperation:
            share = obligation  # the service explains what an obligation looks like
        table_obj = table_latest(name=table)
        if table_obj is None:
            raise CommandError(_("Waarderingstabel ‘%(name)s’ bestaat niet.") % {"name": table})
        parent_obj = None
        if parent:
            parent_obj = contract_get(gemeente=gemeente_obj, code=parent)
            if parent_obj is None:
                raise CommandError(_("Hoofdcontract ‘%(code)s’ bestaat niet in gemeente %(slug)s.")
                                   % {"code": parent, "slug": gemeente_obj.slug})
        with ServiceErrors():
            contract = contract_create(gemeente=gemeente_obj, code=code, name=name, value_per_year=value,
                                       obligation=share, table=table_obj, parent=parent_obj, origin="cli")
        self.stdout.write(contract.code)
