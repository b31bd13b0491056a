"""What happens to a checklist, told to the apps that react to it (see activities/events.py).

| event | sent by | payload |
| --- | --- | --- |
| ``checklist_item_done`` | ``checklist_item_done_set`` when an item is ticked off | ``item_id`` |
"""

from django.dispatch import Signal

checklist_item_done = Signal()
