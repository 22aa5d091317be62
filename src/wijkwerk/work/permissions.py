"""Which role action each status change of an order needs on the pages and in the API (the role
table is municipalities/roles.py). Gereed goes through the completion form (COMPLETE_WORK);
gepland from nieuw or afgekeurd is the weekly plan's (PLAN_WORK)."""

from django.utils.translation import gettext_lazy as _

from wijkwerk.municipalities import roles

from .models import WORK_ORDER_FLOW, WorkOrder

S = WorkOrder.Status

# (source or None for any, target) -> (action, button label)
PAGE_TRANSITIONS = {
    (S.PLANNED, S.IN_PROGRESS): (roles.COMPLETE_WORK, _("Start het werk")),
    (S.IN_PROGRESS, S.PLANNED): (roles.COMPLETE_WORK, _("Terug naar gepland")),
    (None, S.CHECKED): (roles.CHECK_WORK, _("Goedkeuren")),
    (None, S.REJECTED): (roles.CHECK_WORK, _("Afkeuren")),
    (None, S.CANCELLED): (roles.MANAGE_WORK, _("Laten vervallen")),
}


def transition_action(source: str, target: str) -> str | None:
    """The action a page needs for source -> target, or None when no page offers it."""
    found = PAGE_TRANSITIONS.get((source, target)) or PAGE_TRANSITIONS.get((None, target))
    return found[0] if found else None


def order_transitions_for(order: WorkOrder, actions: frozenset[str] | set[str]) -> list[dict]:
    """The status changes this user may make on the order page: [{"to", "label", "reason_required"}]."""
    out = []
    for target in sorted(WORK_ORDER_FLOW.next_states(order.status)):
        found = PAGE_TRANSITIONS.get((order.status, target)) or PAGE_TRANSITIONS.get((None, target))
        if found and found[0] in actions:
            out.append({"to": target, "label": found[1], "reason_required": target in WORK_ORDER_FLOW.reason_required})
    return out


def can_complete(order: WorkOrder, actions) -> bool:
    return roles.COMPLETE_WORK in actions and order.status in (S.PLANNED, S.IN_PROGRESS)
