"""What planning tells the apps above it, without importing them (docs/adr/0006).

`plan_adopted` is sent by `services.plan_adopt` inside its transaction, after the plan became adopted, with
`plan`, `actor` and `origin`. Execution (the work app) turns the plan's first year into work orders there; a
receiver that raises undoes the adoption.
"""

from django.dispatch import Signal

plan_adopted = Signal()
