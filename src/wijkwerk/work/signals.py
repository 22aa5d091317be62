"""What the work app tells the apps above it, without importing them (docs/adr/0006).

`order_status_changed` is sent by `history.order_transition` once the change is committed, with
`order`, `from_status`, `to_status`, `actor` and `origin`. The community app closes the resident's
report when its order is checked (gecontroleerd) or cancelled (vervallen). A receiver runs after the
commit: an error there does not undo the order's change.
"""

from django.dispatch import Signal

order_status_changed = Signal()
