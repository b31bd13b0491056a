from roundtable.members.services import member_search_refresh
from tests.browser.conftest import log_in, screenshot
from tests.factories import MemberFactory, NeedFactory


def test_find_a_member_by_the_words_of_their_need(page, community, manager):
    MemberFactory.create_batch(30, community=community)
    carlos = MemberFactory(community=community, full_name="Carlos Quispe", organisation="SEDAPAL")
    NeedFactory(member=carlos, text="How do we set a social tariff that still covers our costs?")
    member_search_refresh(community=community)
    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/members/")
    assert page.get_by_text("31 members").is_visible()
    page.get_by_role("textbox", name="Search").fill("social tariff")
    page.get_by_text("1 member", exact=True).wait_for()
    screenshot(page, "directory-search-by-need")
    page.get_by_role("link", name="Carlos Quispe").click()
    page.get_by_role("heading", name="Carlos Quispe").wait_for()
    assert page.get_by_text("social tariff that still covers our costs").is_visible()
    screenshot(page, "member-profile")


def test_directory_is_usable_on_a_phone(browser, live_server, community, manager):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    MemberFactory.create_batch(5, community=community)
    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/members/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px wide)"
    screenshot(page, "directory-phone")
    context.close()
