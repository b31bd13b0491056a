"""Breakouts in a real browser: plan for an activity of 20, swap two people, download the Zoom
file; and the coffee-chat page."""

import csv
import io
from pathlib import Path

from roundtable.breakouts import coffee_chats, services
from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan
from tests.breakouts.conftest import registrations_for
from tests.breakouts.validator import check_plan
from tests.browser.conftest import log_in, screenshot
from tests.factories import ActivityFactory, MemberFactory


def test_plan_swap_and_download_the_zoom_file(page, community, facilitator, settings):
    settings.BREAKOUTS_TIME_LIMIT = 2.0
    activity = ActivityFactory(community=community, title="Peer exchange on leak detection")
    activity.facilitators.add(facilitator)  # the Zoom file is for the activity's facilitators
    people = registrations_for(activity, 20)
    log_in(page, facilitator.email)
    page.goto(page.base_url + f"/c/{community.slug}/activities/{activity.pk}/")
    page.get_by_role("link", name="Breakouts").click()
    page.get_by_label("Group size").fill("4")
    page.locator("#id_rounds").fill("3")
    page.get_by_label("Mix by").select_option("organisation")
    page.get_by_role("button", name="Plan the breakouts").click()
    page.get_by_role("heading", name="Round 3").wait_for()
    assert page.get_by_text("3 rounds without a repeated pair.").first.is_visible()
    plan = BreakoutPlan.objects.get()
    assert check_plan(plan, {r.pk for r in people}) == 0
    screenshot(page, "breakouts-plan")

    round1 = page.locator("section", has=page.get_by_role("heading", name="Round 1"))
    rooms = round1.locator(".room")
    first = rooms.nth(0).locator("li").nth(0)
    second = rooms.nth(1).locator("li").nth(0)
    first_name = first.inner_text().split("\n")[0].strip()
    first.locator("input").check()
    second.locator("input").check()
    round1.get_by_role("button", name="Swap the two selected").click()
    page.get_by_text("Swapped. Now").wait_for()
    moved = BreakoutAssignment.objects.get(plan=plan, round=1, registration__name=first_name)
    assert moved.room == 2
    check_plan(plan, {r.pk for r in people})
    screenshot(page, "breakouts-after-swap")

    page.get_by_label("Round", exact=True).select_option("2")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download Zoom CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"]
    assert sorted(r[1] for r in rows[1:]) == sorted(p.email for p in people)

    page.get_by_role("link", name="Teams list").click()
    page.get_by_role("heading", name="Round 1 for Microsoft Teams").wait_for()
    screenshot(page, "breakouts-teams")
    page.goto(page.base_url + f"/c/{community.slug}/activities/{activity.pk}/breakouts/rooms/")
    page.emulate_media(media="print")
    screenshot(page, "breakouts-room-sheet-print")


def test_coffee_chat_page_and_profile(page, community, manager, settings):
    settings.BREAKOUTS_TIME_LIMIT = 1.0
    activity = ActivityFactory(community=community)
    people = registrations_for(activity, 9)
    services.breakout_plan_create(
        activity=activity, request=services.BreakoutRequest(group_size=3, rounds=2, seed=1)
    )
    services.encounters_record(activity=activity)
    for registration in people:
        coffee_chats.coffee_chat_opt_in(member=registration.member)
    MemberFactory(community=community)
    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/coffee-chats/")
    page.get_by_role("button", name="Start a round").click()
    page.get_by_text("Preview: 4 pairs").wait_for()
    screenshot(page, "coffee-chats-preview")
    page.get_by_role("button", name="Send the introductions").click()
    page.get_by_text("The introductions are being sent").wait_for()
    page.goto(page.base_url + f"/c/{community.slug}/members/{people[0].member_id}/")
    page.get_by_text("Has met").wait_for()
    screenshot(page, "member-connections")
