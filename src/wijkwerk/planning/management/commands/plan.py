"""wijkwerk plan: compute the multi-year plan of a municipality and print its figures."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.core.commands import ServiceErrors
from wijkwerk.core.numbers import format_number
from wijkwerk.municipalities.commands import get_gemeente_or_fail
from wijkwerk.planning import build, exporting, report_pdf, services
from wijkwerk.planning.defaults import budget_line_order


class Command(BaseCommand):
    help = "Bereken het risicogestuurde meerjarenplan (MJOP) van een gemeente."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True)
        parser.add_argument("--years", type=str, default="10")
        parser.add_argument("--budget", default=None, help="budget per jaar in euro")
        parser.add_argument("--budgets", default=None, help="budget per jaar, komma-gescheiden: J1,J2,...")
        parser.add_argument("--line-budgets", dest="line_budgets", default=None,
                            help="budget per budgetlijn per jaar (elk jaar hetzelfde): "
                                 "green=EUR,paving=EUR,furniture=EUR,lighting=EUR")
        parser.add_argument("--objective", default="risk", choices=["risk", "cost"])
        parser.add_argument("--out", default=None, help="Excel-bestand (.xlsx) of PDF (.pdf) van het plan")
        parser.add_argument("--export-mps", dest="export_mps", default=None)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--time-limit", dest="time_limit", type=float, default=50.0)

    def handle(self, *args, **opts):
        gemeente = get_gemeente_or_fail(opts["gemeente"])
        try:
            years = int(opts["years"])
        except ValueError:
            raise CommandError(_("--years '%(value)s' is geen geheel getal.") % {"value": opts["years"]}) from None
        with ServiceErrors():
            budgets = build.parse_budgets(budget=opts["budget"], budgets=opts["budgets"], years=years)
            line_budgets = build.parse_line_budgets(
                opts["line_budgets"], lines=budget_line_order(services.planning_config_get(gemeente=gemeente)))
            if line_budgets and budgets is not None:
                raise CommandError(_("Geef --budget/--budgets of --line-budgets, niet allebei."))
            built, plan, summary = services.plan_compute(gemeente=gemeente, years=years, budgets=budgets,
                                                         objective=opts["objective"], time_limit=opts["time_limit"],
                                                         line_budgets=line_budgets)
        if opts["export_mps"]:
            services.plan_export_mps(built=built, plan=plan, path=opts["export_mps"])
        if opts["out"]:
            doc = exporting.PlanDocument(gemeente=gemeente, name=_("Meerjarenplan"), summary=summary,
                                         items=services.plan_items(built, plan.choice), objective=opts["objective"])
            write = report_pdf.plan_pdf if opts["out"].lower().endswith(".pdf") else exporting.plan_xlsx
            write(doc, path=opts["out"])
        keys = ["objective", "lower_bound", "gap", "cost_per_year", "risk_per_year_before", "risk_per_year_after",
                "assets", "seconds"]
        out = {k: summary[k] for k in keys}
        out["cost_per_line"] = summary.get("cost_per_line")
        if summary.get("budget_per_line"):
            out["budget_per_line"] = summary["budget_per_line"]
        if opts["json"]:
            self.stdout.write(json.dumps(out))
        else:
            self.stdout.write(_("Plan voor %(gemeente)s: %(assets)s assets, %(years)s jaar.")
                              % {"gemeente": gemeente.name, "assets": summary["assets"], "years": years})
            self.stdout.write(_("Risico na plan: %(risk)s (ondergrens %(bound)s, afstand tot optimum hooguit %(gap)s %%).")
                              % {"risk": format_number(summary["objective"], 1), "bound": format_number(summary["lower_bound"], 1),
                                 "gap": format_number(summary["gap"] * 100, 3)})
            self.stdout.write(_("Kosten per jaar: %(costs)s")
                              % {"costs": "; ".join(format_number(v) for v in summary["cost_per_year"])})
            self.stdout.write(json.dumps(out))
