"""Live pages: console, presenter, CSV, joining by code, and the HTTP fallback of the protocol."""

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from roundtable.live import services
from roundtable.live.consumers import cookie_name
from roundtable.live.models import LiveSession, Participant, Question
from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def console_url(activity, name="live_console"):
    return reverse(name, args=[activity.community.slug, activity.pk])


def test_the_facilitator_opens_a_session_from_the_live_tab(facilitator_client, activity):
    page = facilitator_client.get(console_url(activity))
    assert page.status_code == 200 and b"Open the live session" in page.content
    response = facilitator_client.post(
        console_url(activity), {"identity": "named", "moderation": "1"}, follow=True
    )
    session = LiveSession.objects.get(activity=activity)
    assert (session.identity, session.moderation) == ("named", True)
    assert session.code.encode() in response.content
    assert b"<svg" in response.content  # the QR code
    assert reverse("live_join", args=[session.code]).encode() in response.content


def test_members_cannot_run_a_session(member_client, activity):
    assert member_client.get(console_url(activity)).status_code == 403


def test_the_presenter_shows_code_and_qr(facilitator_client, session):
    page = facilitator_client.get(console_url(session.activity, "live_presenter"))
    assert page.status_code == 200
    assert session.code.encode() in page.content and b"<svg" in page.content
    assert b'data-mode="presenter"' in page.content


def test_joining_by_code_sets_a_cookie_and_rejoining_restores_the_participant(session):
    client = Client()
    assert client.get("/j/").status_code == 200
    typed = client.get("/j/", {"code": session.code.lower()})
    assert typed.status_code == 302 and typed["Location"] == f"/j/{session.code}/"
    form = client.get(f"/j/{session.code}/")
    assert b"You can stay anonymous" in form.content
    joined = client.post(f"/j/{session.code}/", {"name": "Ana"})
    assert joined.status_code == 302
    participant = Participant.objects.get(session=session)
    assert client.cookies[cookie_name(session.code)].value == participant.token
    page = client.get(f"/j/{session.code}/")
    assert b'data-mode="participant"' in page.content and b"You are Ana" in page.content
    assert Participant.objects.count() == 1  # the same device came back, nobody new


def test_an_unknown_code_says_so(db):
    response = Client().get("/j/", {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "No live session has the code “ZZZZZZ”".encode() in response.content
    assert Client().get("/j/ZZZZZZ/").status_code == 404


def test_a_closed_session_says_it_has_ended(session):
    services.session_close(session=session)
    response = Client().get(f"/j/{session.code}/")
    assert response.status_code == 410 and b"has ended" in response.content


def test_a_session_closed_long_ago_is_no_longer_found_by_its_code(session, clock, settings):
    settings.LIVE_CLOSED_VISIBLE_DAYS = 7
    services.session_close(session=session)
    clock.shift(timedelta(days=6))
    assert Client().get(f"/j/{session.code}/").status_code == 410
    clock.shift(timedelta(days=2))
    assert Client().get(f"/j/{session.code}/").status_code == 404
    assert Client().get(f"/j/{session.code}/state/").status_code == 404


def test_codes_cannot_be_tried_one_after_the_other(session, settings):
    settings.LIVE_CODE_MISSES_PER_MINUTE = 3
    guesser = Client()
    for guess in ("AAAAAA", "AAAAAB", "AAAAAC", "AAAAAD"):
        assert guesser.get(f"/j/{guess}/").status_code == 404
    refused = guesser.get(f"/j/{session.code}/")  # even the right code, for a minute
    assert refused.status_code == 429 and "Too many wrong codes" in refused.content.decode()
    assert guesser.get(f"/j/{session.code}/state/").status_code == 429
    assert guesser.get("/j/", {"code": session.code}).status_code == 429


def test_a_named_session_requires_a_name(activity):
    session = services.session_open(activity=activity, identity="named")
    response = Client().post(f"/j/{session.code}/", {"name": "  "})
    assert response.status_code == 400
    assert b"This session asks for your name." in response.content
    assert not Participant.objects.exists()


def test_a_members_session_matches_by_email(community, activity):
    member = MemberFactory(community=community, email="ana@example.org", full_name="Ana Silva")
    session = services.session_open(activity=activity, identity="members")
    refused = Client().post(f"/j/{session.code}/", {"email": "stranger@example.org"})
    assert refused.status_code == 400 and b"for members of the community" in refused.content
    Client().post(f"/j/{session.code}/", {"email": "Ana@Example.org"})
    participant = Participant.objects.get()
    assert (participant.member, participant.name) == (member, "Ana Silva")


def test_joins_are_rate_limited_per_address(session, settings):
    settings.LIVE_JOINS_PER_MINUTE = 2
    for _ in range(2):
        assert Client().post(f"/j/{session.code}/", {"name": "x"}).status_code == 302
    refused = Client().post(f"/j/{session.code}/", {"name": "x"})
    assert refused.status_code == 400 and b"Too many people joined" in refused.content
    assert Participant.objects.count() == 2


def test_joins_over_http_and_the_form_share_one_limit_per_address(session, settings):
    settings.LIVE_JOINS_PER_MINUTE = 2
    assert Client().post(f"/j/{session.code}/", {"name": "x"}).status_code == 302
    assert _act(Client(), session, {"type": "join", "name": "y"}).status_code == 200
    refused = _act(Client(), session, {"type": "join", "name": "z", "ref": 3})
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert Participant.objects.count() == 2


def test_an_id_too_large_for_the_database_is_a_clear_error(session):
    client = Client()
    _act(client, session, {"type": "join", "name": "Bo"})
    for message in (
        {"type": "upvote", "question": 10**22},
        {"type": "vote", "poll": 10**22, "answer": 1},
    ):
        refused = _act(client, session, message)
        assert refused.status_code == 400 and refused.json()["type"] == "error"


def test_the_http_fallback_refuses_another_sites_page(session):
    foreign = _act(Client(), session, {"type": "join"}, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403 and foreign.json()["code"] == "forbidden"
    own = _act(Client(), session, {"type": "join"}, HTTP_ORIGIN="http://testserver")
    assert own.status_code == 200
    assert Participant.objects.count() == 1


def _act(client, session, message, **extra):
    return client.post(
        f"/j/{session.code}/act/", json.dumps(message), content_type="application/json", **extra
    )


def test_the_http_fallback_speaks_the_same_protocol(session):
    client = Client()
    joined = _act(client, session, {"type": "join", "name": "Bo", "ref": "a"})
    assert joined.json()["type"] == "ack" and joined.json()["ref"] == "a"
    assert joined.json()["committed_at"] > 0  # the same acknowledgement as on the socket
    asked = _act(client, session, {"type": "ask", "text": "Fallback works?", "ref": 2})
    assert asked.status_code == 200 and asked.json()["result"]["status"] == "visible"
    state = client.get(f"/j/{session.code}/state/").json()
    assert state["state"]["questions"][0]["text"] == "Fallback works?"
    assert state["me"]["name"] == "Bo"
    question = Question.objects.get()
    token = state["me"] and Participant.objects.get().token
    other = Client()
    voted = _act(
        other, session, {"type": "upvote", "question": question.pk}, HTTP_X_LIVE_TOKEN=token
    )
    assert voted.json()["result"]["votes"] == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "needle"),
    [
        ("{oops", "application/json", 400, "Malformed JSON"),
        ("   ", "application/json", 400, "Empty message"),
        ('{"type": "ask", "text": "hi"}', "text/plain", 415, "application/json"),
        ('{"type": "ask", "text": "hi"}', "application/json", 400, "Join the session first"),
    ],
)
def test_bad_http_messages_get_clear_errors(session, body, content_type, status, needle):
    response = Client().post(f"/j/{session.code}/act/", body, content_type=content_type)
    assert response.status_code == status
    assert needle in response.json()["message"]


def test_http_actions_are_rate_limited(session, monkeypatch):
    from roundtable.live import views

    monkeypatch.setattr(views, "HTTP_ACTIONS_PER_MINUTE", 3)
    client = Client()
    _act(client, session, {"type": "join"})
    replies = [_act(client, session, {"type": "react", "reaction": "heart"}) for _ in range(4)]
    assert [r.status_code for r in replies] == [200, 200, 200, 429]
    assert replies[-1].json()["code"] == "rate_limited"


def test_poll_results_export_as_csv_and_formulas_are_defused(facilitator_client, session, alice):
    poll = services.poll_create(session=session, kind="words", prompt="One word?")
    services.poll_control(session=session, poll_id=poll.pk, action="open")
    services.poll_answer(participant=alice, poll_id=poll.pk, answer="=HYPERLINK(x)")
    choice = services.poll_create(session=session, kind="single", prompt="Pick", options=["A", "B"])
    services.poll_control(session=session, poll_id=choice.pk, action="open")
    services.poll_answer(participant=alice, poll_id=choice.pk, answer=choice.options.last().pk)
    response = facilitator_client.get(console_url(session.activity, "live_export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["poll", "kind", "status", "answer", "count"]
    assert ["One word?", "words", "open", "'=hyperlink(x)", "1"] in rows
    assert ["Pick", "single", "open", "B", "1"] in rows


def test_facilitators_add_polls_with_clear_errors(facilitator_client, session):
    url = console_url(session.activity, "live_poll_new")
    response = facilitator_client.post(
        url, {"kind": "single", "prompt": "Pick", "options": "Only one"}, follow=True
    )
    assert b"A choice poll needs at least two options." in response.content
    facilitator_client.post(url, {"kind": "rating", "prompt": "How useful?", "scale_max": "5"})
    assert session.polls.get().options.count() == 5


def test_closing_from_the_console(facilitator_client, session):
    facilitator_client.post(console_url(session.activity, "live_status"), {"action": "close"})
    session.refresh_from_db()
    assert session.status == "closed"


def test_the_participant_page_weighs_under_100_kb_on_first_load(session):
    import re

    from django.contrib.staticfiles import finders

    client = Client()
    client.post(f"/j/{session.code}/", {"name": "Ana"})
    page = client.get(f"/j/{session.code}/")
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', page.content.decode())
    assert "live/live.js" in assets and not any("htmx" in a for a in assets)
    total = len(page.content) + sum(Path(finders.find(a)).stat().st_size for a in assets)
    assert total < 100 * 1024, total
