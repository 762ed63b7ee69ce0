"""Hooks for higher apps: a sector was created (sent by `sector_save`, inside its transaction).

The pact gives every sector a chapter; the pact app sits above sectors, so sectors cannot call
it. The pact registers a receiver instead (see `pact/apps.py`), and the receiver runs in the
same transaction as the new sector: both are saved, or neither.
"""

from django.dispatch import Signal

#: Sent with `sector=` (the new Sector) and `by=` (who created it, or None).
sector_created = Signal()
