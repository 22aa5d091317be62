"""The demo's execution work, made through the work app's services the pages and commands use, so
that every execution page has something to show without any setup:

- the default activity catalogue (`catalogue_defaults_ensure`; set-up made it already, unless the
  demo municipality is older than the work app);
- three mixed teams with about thirty workers (`demo.workers`);
- work orders: a bounded part of the computed demo plan's first year (see `_plan_orders`), every
  plot and aspect of the done schouw round below its target (`orders_from_schouw`), a few made by
  hand and one from a resident's report (`order_from_report`); one order made by hand is cancelled
  again (vervallen, with its reason);
- the weekly plan of the current week (`weekplan_compute`, as `wijkwerk plan-week` does, with a
  short time limit): the board shows who does what, and the orders left out with their reasons;
- a few orders further along: two in progress, three completed (hours per person, materials, one
  with the new NEN 2767 condition of its asset, one with learning hours), two checked and one
  rejected with its reason.

Idempotent: all of this is made once, in one transaction (found by the demo teams). A later start
in another week plans that week too when nothing is planned in it yet, so the board is never empty.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.assets.models import Asset
from wijkwerk.inspections.models import InspectionRound
from wijkwerk.planning.models import PLAN_WITH_RESULT, Plan, PlanItem
from wijkwerk.work.catalogue import catalogue_defaults_ensure
from wijkwerk.work.completion import order_cancel, order_check, order_complete, order_start
from wijkwerk.work.models import Activity, Team, WorkAssignment, Worker, WorkOrder
from wijkwerk.work.services import OrderSpec, order_create, orders_create, week_bounds
from wijkwerk.work.sources import order_from_report, orders_from_schouw
from wijkwerk.work.weekplan import weekplan_compute
from wijkwerk.work.weekplan_problem import week_label
from wijkwerk.work.weekplan_selectors import last_computation

from .plans import MAIN_PLAN
from .rounds import DONE_ROUND
from .workers import TEAMS, demo_teams_ensure, demo_workers_ensure

UITVOERDER = "demo-uitvoerder"
BEHEERDER = "demo-beheerder"
WEEK_TIME_LIMIT = 3.0  # seconds for the weekly plan
# plan items turned into orders, per team (its wijken) and asset type; the first year has thousands
PLAN_ORDERS_PER_TEAM = {"tree": 4, "bench": 2, "bin": 2, "bicycle_rack": 1, "playground_equipment": 1, "grass": 2,
                        "plant_bed": 2, "paving": 1, "street_light": 2}
PLAN_MAX_HOURS = Decimal("12")  # larger areas (paving of 1,000 m2) are left to a later order import
SCHOUW_WEEKS = 6  # the schouw orders' deadline, in weeks from the day the demo is made
CANCEL_REASON = "Dubbel: dezelfde vraag staat al als melding in de lijst."
REJECT_REASON = "Bij de controle lag er nog zwerfafval onder de struiken langs het fietspad; graag opnieuw."
REPORT = "MOR-0412"

# description, activity, quantity, (lat, lon) or the first bench of wijk "06", priority, deadline in days
HAND_ORDERS = [
    ("Bank vervangen na aanrijding, Oudegracht", "bank-vervangen", 1, None, WorkOrder.Priority.URGENT, 7),
    ("Zwerfafval opruimen na de weekmarkt, Vredenburg", "zwerfafval", 2400, (52.0927, 5.1146),
     WorkOrder.Priority.HIGH, 5),
    ("Bermen maaien langs de Vecht, Zuilen", "bermen-maaien", 1500, (52.1105, 5.1050), WorkOrder.Priority.NORMAL, 21),
    ("Onkruid wieden in de geveltuinen, Lombok", "onkruid-beplanting", 150, (52.0905, 5.1040),
     WorkOrder.Priority.NORMAL, -4),
    ("Hondenpoepbak plaatsen bij het Griftpark", "klein-onderhoud", 1, (52.0990, 5.1270), WorkOrder.Priority.LOW, 30),
]


def _activities(gemeente) -> dict[str, Activity]:
    return {a.code: a for a in Activity.objects.filter(gemeente=gemeente, active=True)}


def _plan_activity(activities: dict[str, Activity], type_code: str, intervention: str) -> Activity | None:
    """The catalogue's activity for an asset type and intervention, as `orders_from_plan` picks it."""
    ordered = sorted(activities.values(), key=lambda a: a.code)
    return (next((a for a in ordered if type_code in (a.asset_types or []) and intervention in (a.interventions or [])),
                 None)
            or next((a for a in ordered if not a.asset_types and intervention in (a.interventions or [])), None))


def _plan_orders(gemeente, plan: Plan, actor) -> int:
    """Orders for a part of the plan's first year, made as `orders_from_plan` makes them (origin plan,
    the same reference, so that turning the whole year into orders later skips these): per team
    the first items of each asset type in its wijken (by asset id) that take at most 12 hours.
    The whole first year is some 23,000 interventions: too many for a demo week."""
    start = int((plan.result or {}).get("start_year") or plan.created.year)
    activities = _activities(gemeente)
    specs = []
    for codes in TEAMS.values():
        for type_code, count in PLAN_ORDERS_PER_TEAM.items():
            items = (PlanItem.objects.filter(plan=plan, year=1, asset__wijk__code__in=codes,
                                             asset__asset_type__code=type_code)
                     .select_related("asset").order_by("asset_id")[:200])
            picked = 0
            for item in items:
                activity = _plan_activity(activities, type_code, item.intervention)
                if picked >= count:
                    break
                if activity is None:
                    continue
                asset = item.asset
                quantity = asset.quantity if (asset.unit or "st") == activity.unit else Decimal("1")
                if quantity * activity.norm_hours > PLAN_MAX_HOURS:
                    continue
                specs.append(OrderSpec(activity=activity, quantity=quantity, assets=[asset],
                                       origin=WorkOrder.Origin.PLAN,
                                       origin_ref=f"plan:{plan.pk}:{item.asset_id}:{item.intervention}",
                                       plan_id=plan.pk, year=start, deadline=datetime.date(start, 12, 31),
                                       description=f"{plan.name} ({start})"[:255]))
                picked += 1
    return len(orders_create(gemeente=gemeente, specs=specs, actor=actor, origin="system",
                             action="work.orders_from_plan")) if specs else 0


def _hand_orders(gemeente, actor, today: datetime.date) -> int:
    activities = _activities(gemeente)
    bench = (Asset.objects.filter(gemeente=gemeente, asset_type__code="bench", wijk__code="06").order_by("pk")
             .first())
    made = []
    for description, code, quantity, place, priority, days in HAND_ORDERS:
        if code not in activities or (place is None and bench is None):
            continue
        lat, lon = place or (None, None)
        made.append(order_create(gemeente=gemeente, actor=actor, origin="system", spec=OrderSpec(
            activity=activities[code], quantity=quantity, description=description, lat=lat, lon=lon,
            assets=[] if place else [bench], priority=priority, deadline=today + datetime.timedelta(days=days))))
    if made:
        order_cancel(order=made[-1], reason=CANCEL_REASON, actor=actor, origin="system")
    if "meubilair-herstellen" in activities:
        report, _created = order_from_report(
            gemeente=gemeente, report_ref=REPORT, activity=activities["meubilair-herstellen"], lat=52.1046,
            lon=5.0935, description="Melding: fietsenrek los bij station Zuilen", priority=WorkOrder.Priority.HIGH,
            deadline=today + datetime.timedelta(days=10))
        made.append(report)
    return len(made)


def _crew_hours(order: WorkOrder) -> dict[int, Decimal]:
    """The hours each person of the order's crew registers: what the plan gave them, rounded up to
    the quarter."""
    return {a.worker_id: (a.hours * 4).to_integral_value(rounding=ROUND_CEILING) / 4
            for a in WorkAssignment.objects.filter(order=order)}


def _progress(gemeente, monday: datetime.date, today: datetime.date, users: dict) -> dict[str, int]:
    """Moves a few of the week's planned orders along: 2 in progress, 3 completed, 2 checked, 1 rejected."""
    first, last = week_bounds(monday)
    planned = list(WorkOrder.objects.filter(gemeente=gemeente, status=WorkOrder.Status.PLANNED,
                                            planned_day__range=(first, last))
                   .prefetch_related("assets").order_by("planned_day", "code"))
    # overdue orders stay open: the insight page shows them (which ones the week plan puts first varies)
    planned = [o for o in planned if o.deadline is None or o.deadline >= today]
    learners = set(WorkAssignment.objects.filter(order__in=planned, learning_skill__isnull=False)
                   .values_list("order_id", flat=True))
    with_asset = [o for o in planned if o.origin == WorkOrder.Origin.PLAN and o.assets.all()]
    # first an asset order (its new condition) and one with a learner (learning hours on the insight page)
    first_picks = list(dict.fromkeys(with_asset[:1] + [o for o in planned if o.pk in learners][:1]))
    rest = [o for o in planned if o not in first_picks]
    litter = [o for o in rest if o.activity.code == "zwerfafval"][:1]
    ordered = first_picks + [o for o in rest if o not in litter]
    done, checked, rejected, started = ordered[:3], ordered[3:5], litter, ordered[5:7]
    uitvoerder, beheerder = users.get(UITVOERDER), users.get(BEHEERDER)
    for order in done + checked + rejected:
        condition = 2 if order.origin == WorkOrder.Origin.PLAN and order.assets.all() else None
        materials = [{"name": "Afvalzakken", "quantity": "6", "unit": "st"}] if order.activity.code == "zwerfafval" \
            else []
        order_complete(order=order, hours=_crew_hours(order), materials=materials, condition=condition,
                       remarks="Uitgevoerd volgens planning." if condition is None else
                       "Onderhoud uitgevoerd; na afloop in goede staat (conditie 2).",
                       date=min(order.planned_day or today, today), actor=uitvoerder, origin="system")
    for order in checked:
        order_check(order=order, approved=True, actor=beheerder, origin="system")
    for order in rejected:
        order_check(order=order, approved=False, reason=REJECT_REASON, actor=beheerder, origin="system")
    for order in started:
        order_start(order=order, actor=uitvoerder, origin="system")
    return {"gereed": len(done), "gecontroleerd": len(checked), "afgekeurd": len(rejected),
            "in_uitvoering": len(started)}


def _week_plan(gemeente, monday: datetime.date, actor, say) -> bool:
    result = weekplan_compute(gemeente=gemeente, monday=monday, actor=actor, origin="system",
                              time_limit=WEEK_TIME_LIMIT)
    say("  " + _("Weekplanning %(week)s: %(placed)s werkorders ingepland, %(unplaced)s niet (met de reden op "
                 "het planbord).") % {"week": week_label(monday), "placed": len(result.plan.assignments),
                                      "unplaced": len(result.plan.unassigned)})
    return True


def demo_work_ensure(*, gemeente, say: Callable[[str], None]) -> dict:
    """Makes the demo's execution work once, and plans the current week when nothing is planned in it
    yet. Returns {"work": made?, "week": planned?}."""
    today = timezone.localdate()
    monday, sunday = week_bounds(today)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(UITVOERDER, BEHEERDER))}
    uitvoerder, beheerder = users.get(UITVOERDER), users.get(BEHEERDER)
    made = {"work": False, "week": False}
    if not Team.objects.filter(gemeente=gemeente, name__in=list(TEAMS)).exists():
        say(_("Demo-uitvoering klaarzetten (teams, medewerkers, werkorders en de weekplanning) ..."))
        with transaction.atomic():
            catalogue_defaults_ensure(gemeente=gemeente, actor=beheerder, origin="system")
            teams = demo_teams_ensure(gemeente=gemeente, actor=beheerder)
            workers = demo_workers_ensure(gemeente=gemeente, teams=teams, today=today, actor=beheerder)
            plan = Plan.objects.filter(gemeente=gemeente, name=MAIN_PLAN, status__in=PLAN_WITH_RESULT).first()
            from_plan = _plan_orders(gemeente, plan, beheerder) if plan else 0
            done_round = InspectionRound.objects.filter(gemeente=gemeente, name=DONE_ROUND).first()
            from_schouw = orders_from_schouw(round=done_round, actor=beheerder, origin="system",
                                             deadline=today + datetime.timedelta(weeks=SCHOUW_WEEKS)
                                             )["created"] if done_round else 0
            by_hand = _hand_orders(gemeente, uitvoerder, today)
            made["week"] = _week_plan(gemeente, monday, uitvoerder, say)
            progress = _progress(gemeente, monday, today, users)
        made["work"] = True
        say("  " + _("%(teams)s teams, %(workers)s medewerkers; werkorders: %(plan)s uit het plan, %(schouw)s uit "
                     "de schouw, %(hand)s met de hand of uit een melding; %(done)s gereed gemeld, %(started)s in "
                     "uitvoering.") % {
            "teams": len(teams), "workers": workers, "plan": from_plan, "schouw": from_schouw, "hand": by_hand,
            "done": progress["gereed"] + progress["gecontroleerd"] + progress["afgekeurd"],
            "started": progress["in_uitvoering"]})
    elif (Worker.objects.filter(gemeente=gemeente).exists()
          and last_computation(gemeente=gemeente, monday=monday) is None
          and not WorkAssignment.objects.filter(order__gemeente=gemeente, day__range=(monday, sunday)).exists()):
        with transaction.atomic():
            made["week"] = _week_plan(gemeente, monday, uitvoerder, say)
    return made
