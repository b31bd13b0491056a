"""Prepare a database for live servers started by the tests and the benchmark.

``python -m tests.live.server_setup`` (with DATA_DIR or DATABASE_URL set) migrates, opens a
live session on a new activity, and prints its code and session id as JSON.
"""

import json


def setup(*, questions: int = 0, poll: bool = False) -> dict[str, object]:
    from roundtable.live import services
    from roundtable.live.models import Question
    from tests.factories import ActivityFactory, CommunityFactory

    community = CommunityFactory()
    session = services.session_open(activity=ActivityFactory(community=community))
    result: dict[str, object] = {"code": session.code, "session": session.pk}
    if questions:  # set-up data, written directly (one asker is rate-limited to 20)
        created = Question.objects.bulk_create(
            Question(session=session, text=f"Question {i + 1}?") for i in range(questions)
        )
        result["questions"] = [q.pk for q in created]
    if poll:
        created = services.poll_create(
            session=session, kind="single", prompt="Pick one", options=["A", "B", "C"]
        )
        services.poll_control(session=session, poll_id=created.pk, action="open")
        result["poll"] = created.pk
        result["options"] = list(created.options.values_list("pk", flat=True))
    return result


if __name__ == "__main__":
    import sys

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    print(json.dumps(setup(questions=int(args.get("questions", 0)), poll="poll" in args)))
