"""What the schouw tells the apps above it, without importing them (docs/adr/0006).

`plot_recorded` is sent by `quality.plots.plot_record` inside its transaction, after a plot's scores were saved
(not when it was skipped), with `plot`, `actor` and `origin`. Execution closes the schouw work orders that this
re-inspection shows are done.
"""

from django.dispatch import Signal

plot_recorded = Signal()
