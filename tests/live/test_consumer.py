"""The live websocket, end to end through Channels' communicator (real database, real services)."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing.websocket import WebsocketCommunicator
from django.db import connections

from roundtable.domain.state_patch import state_apply
from roundtable.live import broadcast, services
from roundtable.live.consumers import BURST, CLOSE_UNKNOWN_SESSION
from roundtable.live.models import Poll, Question, QuestionVote
from roundtable.live.routing import websocket_urlpatterns
from tests.factories import ActivityFactory, CommunityFactory

pytestmark = pytest.mark.django_db(transaction=True)

application = URLRouter(websocket_urlpatterns)


def run(scenario):
    async def and_close():
        try:
            await asyncio.wait_for(scenario(), timeout=20)
        finally:  # the worker thread's connection, so the test database can be dropped
            await database_sync_to_async(connections.close_all)()

    # In a thread of its own: the browser tests' Playwright keeps an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, and_close()).result()


# What each test socket was last told: (state, seq), followed through the patches.
followed: dict[WebsocketCommunicator, tuple[dict, int]] = {}


async def connect(code: str, query: str = "") -> tuple[WebsocketCommunicator, dict]:
    communicator = WebsocketCommunicator(application, f"/ws/live/{code}/{query}")
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    if hello["type"] == "state":
        followed[communicator] = (hello["state"], hello["seq"])
    return communicator, hello


def follow(communicator: WebsocketCommunicator, message: dict) -> dict:
    """The socket's state after a push: a full state, or a patch on the one before it."""
    if message["type"] == "state":
        followed[communicator] = (message["state"], message["seq"])
    else:
        state, seq = followed[communicator]
        assert message["base"] == seq, "a patch on a state this socket never had"
        followed[communicator] = (state_apply(state, message), message["seq"])
    return followed[communicator][0]


async def send(communicator: WebsocketCommunicator, message: dict) -> dict:
    await communicator.send_to(text_data=json.dumps(message))
    while True:  # follow the pushes until the reply to this message
        reply = await communicator.receive_json_from(timeout=5)
        if reply["type"] in ("ack", "error"):
            return reply
        follow(communicator, reply)


async def next_state(communicator: WebsocketCommunicator, timeout: float = 3) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] in ("state", "patch"):
            return follow(communicator, message)


@pytest.fixture
def session():
    activity = ActivityFactory(community=CommunityFactory(slug="ws"), title="Leak clinic")
    return services.session_open(activity=activity)


def test_a_client_joins_asks_and_everyone_gets_the_coalesced_state(session):
    async def scenario():
        asker, hello = await connect(session.code)
        assert hello["state"]["session"]["code"] == session.code and hello["me"] is None
        viewer, _ = await connect(session.code.lower())  # codes are read in any case
        joined = await send(asker, {"type": "join", "name": "Ana", "ref": 1})
        assert joined["type"] == "ack" and joined["ref"] == 1 and joined["result"]["token"]
        ack = await send(asker, {"type": "ask", "text": "<script>alert(1)</script>", "ref": 2})
        assert ack["type"] == "ack" and ack["ref"] == 2
        # acknowledged means committed: the row is there when the ack arrives
        assert await question_count() == 1
        state = await next_state(viewer)
        while not state["questions"]:
            state = await next_state(viewer)
        assert state["questions"][0]["text"] == "<script>alert(1)</script>"
        await asker.disconnect()
        await viewer.disconnect()

    question_count = database_sync_to_async(lambda: Question.objects.count())
    run(scenario)


def test_joins_over_the_socket_count_against_the_address_like_the_form(session, settings):
    settings.LIVE_JOINS_PER_MINUTE = 2

    async def scenario():
        replies = []
        for n in range(3):
            socket, _ = await connect(session.code)
            replies.append(await send(socket, {"type": "join", "name": f"P{n}", "ref": n}))
            await socket.disconnect()
        assert [r["type"] for r in replies] == ["ack", "ack", "error"]
        assert replies[2]["code"] == "rate_limited" and replies[2]["ref"] == 2
        assert all(r["committed_at"] > 0 for r in replies[:2])

    run(scenario)
    assert session.participants.count() == 2


def test_a_socket_from_an_address_that_guessed_codes_is_refused(session, settings):
    settings.LIVE_CODE_MISSES_PER_MINUTE = 2

    async def scenario():
        for guess in ("AAAAAA", "AAAAAB", "AAAAAC"):
            _, hello = await connect(guess)
            assert hello["code"] == "unknown_session"
        _, hello = await connect(session.code)
        assert hello["type"] == "error" and hello["code"] == "rate_limited"

    run(scenario)


def test_rejoining_with_the_token_restores_the_participant(session):
    alice = services.participant_join(session=session, name="Alice")
    question = services.question_ask(participant=alice, text="What sensors work?")
    services.question_upvote(participant=alice, question_id=question.pk)

    async def scenario():
        communicator, hello = await connect(session.code, f"?token={alice.token}")
        assert hello["me"]["participant"] == alice.pk
        assert hello["me"]["upvoted"] == [question.pk]
        assert hello["me"]["asked"][0]["text"] == "What sensors work?"
        await communicator.disconnect()

    run(scenario)


def test_an_unknown_code_gets_a_clear_error_and_a_close(db):
    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/live/NOPE99/")
        await communicator.connect()
        error = await communicator.receive_json_from(timeout=5)
        assert error == {
            "type": "error",
            "code": "unknown_session",
            "message": "No live session has the code “NOPE99”.",
        }
        closed = await communicator.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": CLOSE_UNKNOWN_SESSION}

    run(scenario)


BAD_MESSAGES = [
    ("{not json", "malformed", "Malformed JSON"),
    ("[1, 2]", "malformed", "must be a JSON object"),
    ("   ", "empty", "Empty message"),
    ('{"text": "no type"}', "malformed", "has no “type”"),
    ("x" * 5000, "too_large", "Message too large: 5000 bytes, at most 4096."),
    ('{"type": "fly"}', "unknown_type", "Unknown message type “fly”."),
    ('{"type": "ask", "text": ""}', "empty", "Question is empty."),
    ('{"type": "ask", "text": "' + "y" * 281 + '"}', "too_long", "at most 280"),
    ('{"type": "upvote", "question": "7"}', "invalid", "expected a question id"),
    ('{"type": "moderate", "question": 1, "action": "hide"}', "forbidden", "facilitators"),
]


@pytest.mark.parametrize(("text", "code", "message"), BAD_MESSAGES)
def test_bad_input_gets_a_clear_error_and_the_socket_goes_on(session, text, code, message):
    alice = services.participant_join(session=session, name="Alice")

    async def scenario():
        communicator, _ = await connect(session.code, f"?token={alice.token}")
        await communicator.send_to(text_data=text)
        reply = await communicator.receive_json_from(timeout=5)
        while reply["type"] in ("state", "patch"):
            reply = await communicator.receive_json_from(timeout=5)
        assert reply["type"] == "error" and reply["code"] == code
        assert message in reply["message"]
        ok = await send(communicator, {"type": "ask", "text": "Still here?"})
        assert ok["type"] == "ack"
        await communicator.disconnect()

    run(scenario)


def test_duplicate_upvotes_and_closed_polls_are_refused(session):
    alice = services.participant_join(session=session, name="Alice")
    question = services.question_ask(participant=alice, text="Pressure or acoustic?")
    poll = services.poll_create(session=session, kind="single", prompt="Pick", options=["A", "B"])
    services.poll_control(session=session, poll_id=poll.pk, action="open")
    services.poll_control(session=session, poll_id=poll.pk, action="close")
    option_id = poll.options.first().pk

    async def scenario():
        communicator, _ = await connect(session.code, f"?token={alice.token}")
        first = await send(communicator, {"type": "upvote", "question": question.pk})
        assert first["result"]["votes"] == 1
        again = await send(communicator, {"type": "upvote", "question": question.pk})
        assert again["code"] == "duplicate"
        assert again["message"] == "You have already upvoted this question."
        vote = await send(communicator, {"type": "vote", "poll": poll.pk, "answer": option_id})
        assert (vote["code"], vote["message"]) == ("closed", "This poll is closed.")
        await communicator.disconnect()

    run(scenario)
    assert QuestionVote.objects.count() == 1


def test_a_flood_is_told_to_slow_down_and_others_carry_on(session):
    alice = services.participant_join(session=session, name="Alice")
    bob = services.participant_join(session=session, name="Bob")

    async def scenario():
        flooder, _ = await connect(session.code, f"?token={alice.token}")
        calm, _ = await connect(session.code, f"?token={bob.token}")
        for _ in range(BURST + 10):  # cheap messages (no database), so none is slowed down
            await flooder.send_to(text_data="{not json")
        codes = []
        while "rate_limited" not in codes and len(codes) < BURST + 10:
            reply = await flooder.receive_json_from(timeout=5)
            if reply["type"] == "error":
                codes.append(reply["code"])
        assert codes[:BURST] == ["malformed"] * BURST and codes[-1] == "rate_limited"
        ok = await send(calm, {"type": "ask", "text": "Can we continue?"})
        assert ok["type"] == "ack"
        await flooder.disconnect()
        await calm.disconnect()

    run(scenario)


def test_staff_sockets_need_a_facilitator_login(session):
    async def scenario():
        communicator, hello = await connect(session.code, "?staff=1")  # no user in scope
        assert "pending" not in hello["state"]
        reply = await send(
            communicator, {"type": "poll_create", "kind": "words", "prompt": "One word?"}
        )
        assert reply["code"] == "forbidden"
        await communicator.disconnect()

    run(scenario)
    assert not Poll.objects.exists()


def test_broadcasts_are_coalesced_on_the_tick(session):
    people = [services.participant_join(session=session, name=f"P{i}") for i in range(5)]
    question = services.question_ask(participant=people[0], text="Shall we?")

    async def scenario():
        listener, _ = await connect(session.code)
        clients = [(await connect(session.code, f"?token={p.token}"))[0] for p in people]
        await asyncio.gather(
            *(send(c, {"type": "upvote", "question": question.pk}) for c in clients)
        )
        await asyncio.sleep(1.2)
        pushes = []
        while not await listener.receive_nothing(timeout=0.05):
            pushes.append(await listener.receive_json_from())
        assert pushes and all(push["type"] == "patch" for push in pushes)
        states = [follow(listener, push) for push in pushes]
        assert states[-1]["questions"][0]["votes"] == 5
        assert len(pushes) <= 1.2 / broadcast.TICK_SECONDS + 1  # never one push per vote
        for c in [listener, *clients]:
            await c.disconnect()

    run(scenario)


def test_a_connection_starts_from_the_last_push_with_its_own_actions(session):
    alice = services.participant_join(session=session, name="Alice")
    bob = services.participant_join(session=session, name="Bob")

    async def scenario():
        listener, _ = await connect(session.code)
        asker, _ = await connect(session.code, f"?token={alice.token}")
        ack = await send(asker, {"type": "ask", "text": "Cached?"})
        await send(asker, {"type": "upvote", "question": ack["result"]["question"]})
        state = await next_state(listener)
        while not state["questions"] or state["questions"][0]["votes"] != 1:
            state = await next_state(listener)
        again, hello = await connect(session.code, f"?token={alice.token}")  # from the cache
        assert hello["state"]["questions"][0]["votes"] == 1
        assert hello["me"]["upvoted"] == [ack["result"]["question"]]
        other, hello = await connect(session.code, f"?token={bob.token}")
        assert hello["me"]["upvoted"] == [] and hello["me"]["name"] == "Bob"
        for c in (listener, asker, again, other):
            await c.disconnect()

    run(scenario)


def test_a_socket_opened_before_the_close_cannot_vote_after_it(session):
    # Upvotes and poll votes reuse the session the socket read when it connected: the
    # session's status must still be read fresh, with the question or the poll.
    alice = services.participant_join(session=session, name="Alice")
    question = services.question_ask(participant=alice, text="Still open?")
    poll = services.poll_create(session=session, kind="single", prompt="Pick", options=["A", "B"])
    services.poll_control(session=session, poll_id=poll.pk, action="open")
    option_id = poll.options.first().pk

    async def scenario():
        communicator, _ = await connect(session.code, f"?token={alice.token}")
        await database_sync_to_async(services.session_close)(session=session)
        for message in (
            {"type": "upvote", "question": question.pk},
            {"type": "upvote", "question": 999999},
            {"type": "vote", "poll": poll.pk, "answer": option_id},
            {"type": "vote", "poll": "x", "answer": option_id},
        ):
            reply = await send(communicator, message)
            assert (reply["type"], reply["code"]) == ("error", "closed"), message
        await communicator.disconnect()

    run(scenario)
    assert QuestionVote.objects.count() == 0
    assert not poll.responses.exists()


def test_sockets_connecting_together_share_one_state_and_get_their_own_part(session):
    alice = services.participant_join(session=session, name="Alice")

    async def scenario():
        (hub := await broadcast.hub()).latest.pop(session.pk, None)
        opened = await asyncio.gather(
            *(connect(session.code) for _ in range(4)),
            connect(session.code, f"?token={alice.token}"),
        )
        states = [hello["state"] for _, hello in opened]
        assert all(state == states[0] for state in states)
        assert [hello["me"] for _, hello in opened[:4]] == [None] * 4
        assert opened[4][1]["me"]["name"] == "Alice"
        assert hub.latest[session.pk]  # kept for the next socket
        for communicator, _ in opened:
            await communicator.disconnect()

    run(scenario)


def test_pushes_after_the_first_state_carry_only_what_changed(session):
    alice = services.participant_join(session=session, name="Alice")
    questions = Question.objects.bulk_create(
        Question(session=session, text=f"Question {i} about leak detection?") for i in range(30)
    )

    async def scenario():
        listener, hello = await connect(session.code)
        voter, _ = await connect(session.code, f"?token={alice.token}")
        await send(voter, {"type": "upvote", "question": questions[7].pk})
        push = await listener.receive_json_from(timeout=3)

        assert push["type"] == "patch" and push["base"] == hello["seq"]
        assert push["lists"]["questions"]["changed"] == [{"id": questions[7].pk, "votes": 1}]
        assert "set" not in push  # nothing else a participant sees changed
        assert len(json.dumps(push)) * 5 < len(json.dumps(hello))
        state = follow(listener, push)
        assert state["questions"][0] == {**hello["state"]["questions"][7], "votes": 1}

        # Asked to resync, the socket gets the whole state again, numbered as the last patch.
        await listener.send_to(text_data=json.dumps({"type": "resync"}))
        again = await listener.receive_json_from(timeout=3)
        assert again["type"] == "state" and again["seq"] == push["seq"]
        assert again["state"] == state
        for c in (listener, voter):
            await c.disconnect()

    run(scenario)


def test_a_change_only_facilitators_see_pushes_nothing_to_participants():
    public = {"questions": [], "joined": 3}
    staff = {**public, "pending": []}
    first = broadcast.Pushed(public, staff, 4, 9, built_at=1.0)
    waiting = {"id": 1, "text": "Held for moderation?", "votes": 0}

    after, public_text, staff_text = first.advance(public, {**staff, "pending": [waiting]}, 2.0)

    assert public_text is None and after.public_seq == 4
    patch = json.loads(staff_text)
    assert (patch["type"], patch["seq"], patch["base"]) == ("patch", 10, 9)
    assert patch["lists"]["pending"] == {"added": [waiting], "order": [1]}
    assert json.loads(after.public_text)["seq"] == 4  # a new socket starts from the same state


def test_simultaneous_upvotes_through_sockets_are_all_counted(session):
    # On PostgreSQL the actions run on a pool of threads, in concurrent transactions.
    people = [services.participant_join(session=session, name=f"P{i}") for i in range(30)]
    question = services.question_ask(participant=people[0], text="Counted exactly?")

    async def scenario():
        clients = [(await connect(session.code, f"?token={p.token}"))[0] for p in people]
        replies = await asyncio.gather(
            *(send(c, {"type": "upvote", "question": question.pk}) for c in clients)
        )
        assert [r["type"] for r in replies] == ["ack"] * 30
        assert sorted(r["result"]["votes"] for r in replies) == list(range(1, 31))
        for c in clients:
            await c.disconnect()

    run(scenario)
    question.refresh_from_db()
    assert question.votes == 30 == QuestionVote.objects.filter(question=question).count()


def test_a_build_older_than_the_last_push_is_not_pushed():
    # Builds of two processes can cross on their way through Redis.
    class Socket:
        staff = False

        def __init__(self) -> None:
            self.got: list[dict] = []

        async def push(self, text: str) -> None:
            self.got.append(json.loads(text))

    socket = Socket()

    async def scenario() -> None:
        hub = broadcast.Hub(asyncio.get_running_loop())
        hub.listeners[1] = {socket}
        await hub.fan_out(1, {"joined": 2}, {"joined": 2}, built_at=20.0)
        await hub.fan_out(1, {"joined": 1}, {"joined": 1}, built_at=10.0)  # read earlier
        await hub.fan_out(1, {"joined": 3}, {"joined": 3}, built_at=30.0)

    run(scenario)

    got = socket.got
    assert [(m["type"], m["seq"]) for m in got] == [("state", 1), ("patch", 2)]
    assert got[1]["base"] == 1 and got[1]["set"] == {"joined": 3}
