"""What the imports app tells the apps above it.

| event | sent by | payload | when |
| --- | --- | --- | --- |
| ``cleanup_due`` | ``retention.imports_cleanup`` | ``now``, ``cutoff`` | a question: receivers |
| | | | delete their own uploads waiting since before ``cutoff`` and return ``{name: count}`` |

Apps with imports of their own (attendance reports, forms exports) keep what they read until it
is confirmed; ``roundtable import_cleanup`` (and the task queued at each upload) asks them to drop
what has waited longer than ``IMPORT_ABANDON_HOURS``, as it does for member imports.
"""

from django.dispatch import Signal

cleanup_due = Signal()
