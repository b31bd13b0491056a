"""Many simultaneous votes, each thread with its own database connection; prints the counts.

Run by tests/live/test_concurrency.py: directly on PostgreSQL, and as
``python -m tests.live.concurrent_votes`` on a fresh SQLite file when the test database is
SQLite in memory (whose shared cache raises "table is locked" instead of waiting).
"""

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

VOTERS = 40


def at_once(work: Callable[[Any], None], items: Sequence[Any]) -> list[BaseException]:
    from django.db import connection

    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item: Any) -> None:
        try:
            barrier.wait()
            work(item)
        except BaseException as error:  # returned to the caller, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def scenario(slug: str = "concurrent") -> dict[str, Any]:
    """Everyone votes for one option at once; half of them upvote one question twice at once."""
    from roundtable.live import services
    from roundtable.live.models import PollOption, Question, QuestionVote
    from tests.factories import ActivityFactory, CommunityFactory

    session = services.session_open(activity=ActivityFactory(community=CommunityFactory(slug=slug)))
    poll = services.poll_create(session=session, kind="single", prompt="Pick", options=["A", "B"])
    services.poll_control(session=session, poll_id=poll.pk, action="open")
    option = poll.options.get(position=1)
    voters = [services.participant_join(session=session) for _ in range(VOTERS)]
    errors = at_once(
        lambda voter: services.poll_answer(participant=voter, poll_id=poll.pk, answer=option.pk),
        voters,
    )
    question = services.question_ask(participant=voters[0], text="Everyone agrees?")
    refused: list[str] = []

    def upvote(voter: Any) -> None:
        try:
            services.question_upvote(participant=voter, question_id=question.pk)
        except services.LiveError as error:
            refused.append(error.code)

    half = voters[: VOTERS // 2]
    errors += at_once(upvote, half + half)
    return {
        "errors": [repr(e) for e in errors],
        "option_votes": PollOption.objects.get(pk=option.pk).votes,
        "question_votes": Question.objects.get(pk=question.pk).votes,
        "vote_rows": QuestionVote.objects.filter(question=question).count(),
        "refused": refused,
    }


if __name__ == "__main__":
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print(json.dumps(scenario()))
