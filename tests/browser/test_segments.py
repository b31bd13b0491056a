"""Segments and needs in a real browser: the live count follows the rule as it is built, and a
need's status changes in place on the board.
"""

from tests.browser.conftest import log_in, screenshot
from tests.factories import MemberFactory, NeedFactory


def settled(page) -> None:
    """Wait until htmx has swapped and processed new content (listeners are attached after the
    settle step), as a person would before using the new inputs."""
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
    page.wait_for_timeout(100)


def test_build_a_segment_and_see_its_count(page, community, facilitator):
    for index in range(3):
        MemberFactory(
            community=community, full_name=f"Kenyan {index}", country="KE", role="Billing officer"
        )
    MemberFactory(community=community, full_name="Ugandan Engineer", country="UG", role="Engineer")
    MemberFactory(community=community, full_name="Peruvian Engineer", country="PE")
    log_in(page, facilitator.email)
    page.goto(page.base_url + f"/c/{community.slug}/segments/new/")
    page.get_by_text("Fill in condition 1 to see who matches.").wait_for()
    page.get_by_label("Countries").select_option(["KE", "UG"])
    page.locator("#preview").get_by_text("4 members").wait_for()
    page.get_by_role("button", name="Add a condition").click()
    page.get_by_label("Condition 2: field").wait_for()
    settled(page)
    page.get_by_label("Condition 2: field").select_option("role")
    page.locator("#text_2").wait_for()
    settled(page)
    page.locator("#text_2").fill("engineer")
    page.locator("#text_2").press("Tab")
    page.locator("#preview").get_by_text("1 member", exact=True).wait_for()
    assert page.locator("#preview").get_by_text("Ugandan Engineer").is_visible()
    page.get_by_label("any of these conditions").check()
    page.locator("#preview").get_by_text("5 members").wait_for()
    screenshot(page, "segment-editor-live-count")
    page.get_by_label("Name", exact=True).fill("East Africa or engineers")
    page.get_by_role("button", name="Save segment").click()
    page.get_by_role("heading", name="East Africa or engineers").wait_for()
    assert page.get_by_text(
        "Members in Kenya or Uganda or whose role contains “engineer”"
    ).is_visible()
    page.goto(page.base_url + f"/c/{community.slug}/segments/")
    assert page.get_by_role("cell", name="5").is_visible()
    screenshot(page, "segment-list")


def test_change_a_need_status_inline(page, community, facilitator):
    need = NeedFactory(member=MemberFactory(community=community), text="Tariffs for the poor")
    log_in(page, facilitator.email)
    page.goto(page.base_url + f"/c/{community.slug}/needs/")
    page.get_by_label("Status of this need").select_option("addressed")
    page.get_by_text("Saved").wait_for()
    need.refresh_from_db()
    assert need.status == "addressed"
    screenshot(page, "needs-board")
