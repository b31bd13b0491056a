"""Live sessions in a real browser, served by uvicorn (websockets) on the test database:
one participant asks, another upvotes, and the presenter screen shows the new count within 1 s.
"""

import socket
import threading
import time

import pytest

from roundtable.live import services
from tests.browser.conftest import screenshot
from tests.factories import ActivityFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def asgi_url(transactional_db):
    """uvicorn in a thread of this process, so it uses the test database."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from roundtable.asgi import application as asgi_application

    application = ASGIStaticFilesHandler(asgi_application)  # tests run with DEBUG off

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        # log_config=None: uvicorn would otherwise replace the process's logging set-up
        # (Django's, with the filter that keeps feedback tokens out of the logs) for every test
        # that runs after this one.
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            log_config=None,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _context(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15000)
    return context


def test_ask_upvote_and_the_presenter_follows_within_a_second(
    browser, asgi_url, community, facilitator
):
    activity = ActivityFactory(community=community, title="Leak detection clinic")
    session = services.session_open(activity=activity)
    presenter_context = _context(browser, 1280, 720)
    asker_context = _context(browser, 375, 740)
    voter_context = _context(browser, 375, 740)
    try:
        presenter = presenter_context.new_page()
        presenter.goto(asgi_url + "/login/")
        presenter.get_by_label("E-mail").fill(facilitator.email)
        presenter.get_by_label("Password").fill(PASSWORD)
        presenter.get_by_role("button", name="Log in").click()
        presenter.wait_for_url(lambda url: "/login/" not in url)
        presenter.goto(asgi_url + f"/c/{community.slug}/activities/{activity.pk}/live/present/")
        presenter.locator('[data-live="status"]', has_text="Live").wait_for()

        dialogs: list[str] = []
        asker = asker_context.new_page()
        asker.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        asker.goto(asgi_url + f"/j/{session.code}/")
        asker.get_by_label("Your name").fill("Ana")
        asker.get_by_role("button", name="Join the session").click()
        asker.locator('[data-live="status"]', has_text="Live").wait_for()
        hostile = '<img src=x onerror="alert(1)"> <script>alert(2)</script> Is it safe?'
        asker.get_by_label("Ask a question").fill(hostile)
        asker.get_by_role("button", name="Send").click()
        asker.locator(".live-q-text", has_text="Is it safe?").wait_for()
        assert asker.locator(".live-q-text").first.text_content() == hostile  # shown as text
        assert asker.locator(".live-questions img").count() == 0

        voter = voter_context.new_page()
        voter.goto(asgi_url + f"/j/{session.code}/")
        voter.get_by_role("button", name="Join the session").click()  # anonymous
        question = voter.locator(".live-q", has_text="Is it safe?")
        question.wait_for()
        presenter.locator(".live-q", has_text="Is it safe?").locator(".live-votes").filter(
            has_text="0"
        ).wait_for()

        clicked = time.monotonic()
        question.get_by_role("button").click()
        presenter.locator(".live-q", has_text="Is it safe?").locator(".live-votes").filter(
            has_text="1"
        ).wait_for(timeout=1000)
        assert time.monotonic() - clicked < 1.0
        assert dialogs == []  # no script ran anywhere

        voter.locator('.live-vote[aria-pressed="true"]').wait_for()
        screenshot(asker, "live-participant-375")
        screenshot(presenter, "live-presenter")
        presenter.goto(asgi_url + f"/c/{community.slug}/activities/{activity.pk}/live/")
        presenter.locator(".live-q", has_text="Is it safe?").wait_for()
        screenshot(presenter, "live-console")
    finally:
        for context in (presenter_context, asker_context, voter_context):
            context.close()


def test_the_console_follows_moderation_and_a_poll_through_patches(
    browser, asgi_url, community, facilitator
):
    # After its first state the console only gets patches: a question added to the moderation
    # queue, moved to the visible list, and a poll's counts must all show without a reload.
    activity = ActivityFactory(community=community, title="Pump maintenance clinic")
    session = services.session_open(activity=activity)
    services.session_settings(session=session, identity="anonymous", moderation=True)
    poll = services.poll_create(
        session=session, kind="single", prompt="Which pump first?", options=["Hand", "Solar"]
    )
    console_context = _context(browser, 1280, 900)
    phone_context = _context(browser, 375, 740)
    try:
        console = console_context.new_page()
        console.goto(asgi_url + "/login/")
        console.get_by_label("E-mail").fill(facilitator.email)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.wait_for_url(lambda url: "/login/" not in url)
        console.goto(asgi_url + f"/c/{community.slug}/activities/{activity.pk}/live/")
        console.locator('[data-live="status"]', has_text="Live").wait_for()
        polls = console.locator('[data-live="polls"] .live-poll-item', has_text="Which pump")
        polls.get_by_role("button", name="Open").click()
        polls.filter(has_text="open").wait_for()

        phone = phone_context.new_page()
        phone.goto(asgi_url + f"/j/{session.code}/")
        phone.get_by_role("button", name="Join the session").click()
        phone.locator('[data-live="status"]', has_text="Live").wait_for()
        phone.get_by_label("Ask a question").fill("Who keeps the spare parts?")
        phone.locator('[data-live="ask"]').get_by_role("button", name="Send").click()

        waiting = console.locator('[data-live="pending"] .live-q', has_text="spare parts")
        waiting.wait_for(timeout=3000)
        waiting.get_by_role("button", name="Approve").click()
        console.locator('[data-live="questions"] .live-q', has_text="spare parts").wait_for(
            timeout=3000
        )
        assert console.locator('[data-live="pending"] .live-q').count() == 0
        phone.locator('[data-live="questions"] .live-q-text', has_text="spare parts").wait_for(
            timeout=3000
        )

        ballot = phone.locator('[data-live="poll"]')
        ballot.get_by_label("Solar").check()
        ballot.get_by_role("button", name="Send").click()
        polls.filter(has_text="1 answered").wait_for(timeout=3000)
        assert "1 (100 %)" in polls.locator(".live-bars").inner_text()
        voice = console.locator('[data-live="metrics"]')  # the Voice card, above the live area
        voice.get_by_text("1 (100 %)").wait_for(timeout=3000)  # asked and voted: contributed
        assert voice.locator("dd").first.inner_text() == "1"  # joined
        screenshot(console, "live-console-patched")
    finally:
        for context in (console_context, phone_context):
            context.close()
    assert poll.responses.count() == 1
