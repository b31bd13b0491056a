"""The state the broadcaster builds for both audiences on every tick."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.live import services
from roundtable.live.selectors import session_state, session_states


def _with_polls(session, count):
    for i in range(count):
        poll = services.poll_create(
            session=session, kind="single", prompt=f"Poll {i}?", options=["A", "B"]
        )
        services.poll_control(session=session, poll_id=poll.pk, action="open")
    return poll


def test_both_states_come_from_one_build_and_match_each_audiences_own(session, alice, bob):
    poll = _with_polls(session, 2)
    question = services.question_ask(participant=alice, text="Who fixes the pumps?")
    services.question_upvote(participant=bob, question_id=question.pk)
    services.poll_answer(participant=bob, poll_id=poll.pk, answer=poll.options.first().pk)

    public, staff = session_states(session=session)

    assert public == session_state(session=session, staff=False)
    assert staff == session_state(session=session, staff=True)
    assert "author" not in public["questions"][0] and staff["questions"][0]["author"] == "Alice"
    assert "results" not in public["poll"] and staff["poll"]["results"] == [1, 0]
    assert staff["poll"]["respondents"] == public["poll"]["respondents"] == 1


def test_the_build_does_not_query_per_poll(session):
    _with_polls(session, 1)
    with CaptureQueriesContext(connection) as one:
        session_states(session=session)
    _with_polls(session, 6)
    with CaptureQueriesContext(connection) as seven:
        session_states(session=session)

    assert len(seven.captured_queries) == len(one.captured_queries)
