"""Declared states: which status may follow which, in one table per model, and the one function
that changes a status (docs/adr/0004-declared-states.md).

A model declares its flow next to its `Status` choices::

    PLAN_FLOW = StateFlow(name="planning.plan", choices=Plan.Status, transitions={
        Plan.Status.DRAFT: {Plan.Status.COMPUTING},
        ...
    }, reason_required={Plan.Status.FAILED})

and every status change goes through `transition(obj, flow=..., to=...)`: it locks the row, checks
the table (and the reason, where the target needs one), writes the new status with any other
fields of the same change, appends the audit record with the old and new status, and runs side
effects (starting a task, deleting a file) only once the change is committed. A change the table
does not allow raises `TransitionRefused`; pages show its message, the API answers 409.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import audit_log

M = TypeVar("M", bound=models.Model)


class TransitionRefused(Exception):
    """A status change the flow does not allow, or one that lacks its required reason. `message`
    is Dutch and meant for the user (a page message, the API's 409 detail)."""

    def __init__(self, message: str, *, source: str, target: str):
        super().__init__(message)
        self.message = message
        self.source = source
        self.target = target


@dataclass(frozen=True, eq=False)
class StateFlow:
    """The declared flow of one model's status field.

    `name`: prefix of the audit actions (`<name>.<target>`, e.g. `planning.plan.adopted`).
    `choices`: the model's TextChoices; every choice is a state and every state a choice.
    `transitions`: {state: states allowed next}; a final state maps to an empty set.
    `reason_required`: target states that need a reason (kept in the audit record).
    """

    name: str
    choices: type[models.TextChoices]
    transitions: Mapping[str, Iterable[str]]
    reason_required: Iterable[str] = ()
    status_field: str = "status"
    _table: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = {str(s): frozenset(str(t) for t in targets) for s, targets in self.transitions.items()}
        states = set(self.choices.values)
        if set(table) != states:
            raise ValueError(f"{self.name}: the table must list every state once "
                             f"(missing {sorted(states - set(table))}, unknown {sorted(set(table) - states)}).")
        for source, targets in table.items():
            if not targets <= states:
                raise ValueError(f"{self.name}: {source} leads to unknown states {sorted(targets - states)}.")
            if source in targets:
                raise ValueError(f"{self.name}: {source} may not lead to itself.")
        required = frozenset(str(s) for s in self.reason_required)
        if not required <= states:
            raise ValueError(f"{self.name}: reasons required for unknown states {sorted(required - states)}.")
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "reason_required", required)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self._table)

    def next_states(self, source: str) -> frozenset[str]:
        return self._table.get(str(source), frozenset())

    def allows(self, source: str, target: str) -> bool:
        return str(target) in self.next_states(source)

    def is_final(self, state: str) -> bool:
        return not self.next_states(state)

    def label(self, state: str) -> str:
        try:
            return str(self.choices(state).label)
        except ValueError:
            return str(state)

    def check(self, source: str, target: str, *, reason: str = "", message: str | None = None) -> None:
        """Raises TransitionRefused unless `source` -> `target` is declared (and has its reason)."""
        source, target = str(source), str(target)
        if not self.allows(source, target):
            if message is None:
                message = _("Dit kan niet: de status is ‘%(source)s’ en kan niet overgaan in ‘%(target)s’.") % {
                    "source": self.label(source), "target": self.label(target)}
                options = sorted(self.label(s) for s in self.next_states(source))
                message += " " + (_("Vanaf hier kan alleen: %(states)s.") % {"states": ", ".join(options)}
                                  if options else _("Dit is een eindstatus."))
            raise TransitionRefused(message, source=source, target=target)
        if target in self.reason_required and not (reason or "").strip():
            raise TransitionRefused(
                _("Geef een reden op voor de status ‘%(target)s’.") % {"target": self.label(target)},
                source=source, target=target)


def transition(obj: M, *, flow: StateFlow, to: str, actor=None, origin: str = "system", reason: str = "",
               changes: Mapping[str, Any] | None = None, detail: Mapping[str, Any] | None = None,
               after_commit: Callable[[], None] | None = None, refused: str | None = None,
               action: str | None = None) -> M:
    """Moves `obj` to the status `to`, or raises TransitionRefused (and changes nothing).

    Under a row lock (`select_for_update`; SQLite has none, there the conditional UPDATE is the
    guard) it reads the current status and checks it against the flow. It writes the new status
    plus `changes` (other fields of the same change, e.g. an error text) with one queryset UPDATE
    that also requires the status it read, so a concurrent change is never overwritten (`save()`
    is not called: `auto_now` fields are not touched). In the same transaction it appends the
    audit record `<flow.name>.<to>` (or `action`) with the old and new status, the reason and
    `detail`. `after_commit` runs once the change is committed (at once when no transaction is
    open). `refused`: the message when the table refuses (default: a generic one). Returns `obj`
    with the written fields updated."""
    target = str(to)
    values = {flow.status_field: target, **(changes or {})}
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().only("pk", flow.status_field).get(pk=obj.pk)
        source = str(getattr(locked, flow.status_field))
        flow.check(source, target, reason=reason, message=refused)
        written = model._default_manager.filter(pk=obj.pk, **{flow.status_field: source}).update(**values)
        if written != 1:  # the status changed between the read and the write
            raise TransitionRefused(refused or _("De status is intussen gewijzigd; probeer het opnieuw."),
                                    source=source, target=target)
        for name, value in values.items():
            setattr(obj, name, value)
        audit_log(action=action or f"{flow.name}.{target}", actor=actor, gemeente=getattr(obj, "gemeente", None),
                  obj=obj, origin=origin,
                  detail={"old_status": source, "new_status": target, **({"reason": reason} if reason else {}),
                          **(detail or {})})
        if after_commit is not None:
            transaction.on_commit(after_commit)
    return obj
