"""The planner in a real browser: a 60-minute panel for 80 people whose purpose is peer support.

The alignment check warns that the design does not let members voice their challenges; applying
a suggestion removes the warning and raises the voice budget. The agenda editor's budget follows
changes before anything is saved.
"""

from roundtable.activities.models import Activity
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_segments import settled


def _reach(page) -> int:
    return int(page.locator("[data-voice=spoken_reach]").first.inner_text().rstrip("%"))


def test_plan_a_panel_for_peer_support_and_apply_a_suggestion(page, community, manager):
    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/activities/new/")
    page.get_by_label("Title").fill("Leak detection: help each other")
    page.get_by_label("Peer support").check()
    page.get_by_label("Expressed purpose").fill(
        "Bring your leak detection challenge and get help from peers who solved it."
    )
    page.get_by_label("Expected people").fill("80")
    page.get_by_label("Format (optional)").select_option("panel")
    page.get_by_label("Date").fill("2027-03-09")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Time zone").select_option("Europe/Madrid")
    page.get_by_label("Minutes").fill("60")
    page.get_by_role("button", name="Plan it").click()
    page.get_by_role("heading", name="Alignment check").wait_for()
    stage = page.locator("[data-rule=stage-heavy-agenda]")
    assert stage.is_visible()
    assert page.locator("[data-rule=peer-support-no-voicing]").is_visible()
    before = _reach(page)
    screenshot(page, "planner-panel-for-peer-support")

    stage.get_by_role("button", name="Apply this suggestion").click()
    page.get_by_text("Applied:").wait_for()
    assert page.locator("[data-rule=stage-heavy-agenda]").count() == 0
    after = _reach(page)
    assert after > before
    screenshot(page, "planner-suggestion-applied")
    activity = Activity.objects.get(title="Leak detection: help each other")
    assert "small_groups" in set(activity.agenda_blocks.values_list("mode", flat=True))


def test_the_agenda_editor_budget_follows_the_changes(page, community, manager):
    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/activities/new/?format=panel")
    page.get_by_label("Title").fill("Tariff panel")
    page.get_by_label("Informing").check()
    page.get_by_label("Expressed purpose").fill("What the new tariff rules mean for utilities.")
    page.get_by_label("Expected people").fill("40")
    page.get_by_label("Date").fill("2027-03-09")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Plan it").click()
    page.get_by_role("link", name="Edit the agenda").click()
    page.get_by_role("heading", name="Voice budget").wait_for()
    before = _reach(page)
    page.get_by_role("button", name="Add a block").click()
    row = page.locator("#agenda-rows tr").last
    row.get_by_label("Block title").fill("Pairs: what does it change for you?")
    row.get_by_label("Interaction mode").select_option("pairs")
    row.get_by_label("Minutes").fill("10")
    row.get_by_label("Minutes").press("Tab")
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-voice=spoken_reach]').innerText) > "
        + str(before)
    )
    settled(page)
    assert page.get_by_text("does not add up").is_visible()  # 70 minutes planned in 60
    screenshot(page, "planner-agenda-editor")
    page.get_by_role("button", name="Save the agenda").click()
    page.get_by_text("Agenda saved.").wait_for()
    assert page.get_by_role("cell", name="Pairs: what does it change for you?").is_visible()
