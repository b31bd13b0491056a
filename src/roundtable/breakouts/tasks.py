"""Background work of breakouts. Tasks take ids, never objects, and call one service."""

from django_tasks import task

# A module import, not names: coffee_chats imports this module to queue its task.
from roundtable.breakouts import coffee_chats


@task()
def coffee_chat_round_send_task(round_id: int) -> None:
    """Send the introduction e-mails of a coffee-chat round, once per pair."""
    coffee_chats.coffee_chat_round_emails_send(round_id=round_id)
