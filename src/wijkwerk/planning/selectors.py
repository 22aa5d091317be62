"""Planning reads."""

from django.http import Http404

from .models import Plan, PlannedWork


def plan_list(*, gemeente):
    return Plan.objects.filter(gemeente=gemeente).select_related("created_by")


def plan_get(*, gemeente, plan_id: int) -> Plan:
    plan = Plan.objects.filter(gemeente=gemeente, pk=plan_id).first()
    if plan is None:
        raise Http404("Dit plan bestaat niet.")
    return plan


def planned_work_list(*, gemeente, plan=None):
    qs = PlannedWork.objects.filter(gemeente=gemeente)
    return qs.filter(plan=plan) if plan is not None else qs
