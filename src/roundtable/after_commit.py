"""Work that must wait until the caller's transaction has committed.

A task queued inside a transaction can run before the rows it reads exist (a worker of another
process is faster than the commit) or, under the immediate backend, in the middle of the caller's
transaction. An event sent inside a transaction tells subscribers about a change that may still be
rolled back. Both go through here: outside a transaction they happen at once; inside one, when
the outermost block commits, and never if it rolls back.
"""

from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django_tasks.base import Task


def enqueue_on_commit(task: Task[Any, Any], *args: Any, run_after: Any = None) -> None:
    """Queue ``task`` with ``args`` (ids, never objects) once the transaction commits.

    ``run_after`` (an aware datetime) defers it on backends that can wait.
    """

    def enqueue() -> None:
        (task.using(run_after=run_after) if run_after is not None else task).enqueue(*args)

    transaction.on_commit(enqueue)


def send_on_commit(event: Signal, **payload: Any) -> None:
    """Send the domain ``event`` with ``payload`` (ids and plain values) once committed.

    Receivers run one after the other in the sending request or task; a receiver that fails raises
    to the caller after the change it reacts to has been committed, so receivers that can fail
    for reasons of their own queue a task instead of doing the work inline.
    """
    transaction.on_commit(lambda: event.send(sender=None, **payload))
