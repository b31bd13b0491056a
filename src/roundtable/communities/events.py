"""What happens to a community, told to the apps that depend on its settings.

| event | sent by | payload |
| --- | --- | --- |
| ``thresholds_changed`` | ``community_thresholds_update`` (in its transaction) | ``community_id`` |

``thresholds_changed`` is sent inside the transaction that stores the new thresholds, so the
members app recomputes every level in it: levels never disagree with the thresholds shown.
"""

from django.dispatch import Signal

thresholds_changed = Signal()
