"""The members' directory seen by a member, on a phone and on a laptop."""

import pytest

from tests.browser.conftest import log_in, screenshot
from tests.factories import MemberFactory, TagFactory


@pytest.fixture
def listed(community):
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    leaks = TagFactory(community=community, name="leak detection")
    gis = TagFactory(community=community, name="gis")
    billing = TagFactory(community=community, name="billing")
    for n in range(28):
        member = MemberFactory(
            community=community,
            full_name=f"Listed Person {n:02d}",
            organisation="Nairobi Water and Sewerage Company",
            country="KE",
            listed_in_directory=True,
        )
        member.expertise.set([billing] if n % 2 else [gis, billing])
    amara = MemberFactory(
        community=community,
        full_name="Amara Nwosu",
        organisation="Lagos Water Corporation",
        country="NG",
        email="amara@lagoswater.example",
        listed_in_directory=True,
    )
    amara.expertise.set([leaks, gis])
    return amara


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)], ids=["phone", "laptop"])
def test_a_member_finds_the_peer_by_expertise(
    browser, live_server, member_user, listed, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, member_user.email)
    page.goto(page.base_url + f"/c/{listed.community.slug}/")
    page.get_by_role("link", name="Find other members by their expertise").click()
    page.get_by_role("heading", name="Members' directory").wait_for()
    assert page.get_by_text("29 members listed").is_visible()
    assert "Page 1 of 2" in page.content()
    page.get_by_role("textbox", name="Search").fill("leak")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("1 member found").wait_for()
    assert page.get_by_role("heading", name="Amara Nwosu").is_visible()
    assert "amara@lagoswater.example" not in page.content()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways ({scroll}px wide at {width}px)"
    screenshot(page, f"people-{width}")
    context.close()


def test_a_member_agrees_on_their_own_page_and_appears(browser, live_server, community):
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    amara = MemberFactory(community=community, full_name="Amara Nwosu", country="NG")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + f"/c/{community.slug}/me/{amara.access_token}/")
    box = page.get_by_label("List me in the members' directory")
    assert not box.is_checked()
    box.check()
    screenshot(page, "people-consent-390")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your profile is saved").wait_for()
    amara.refresh_from_db()
    assert amara.listed_in_directory
    context.close()
