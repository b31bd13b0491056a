"""The Insights page in a real browser: a filter applied from the form changes the charts, each
chart is an image with its name and the table behind it, and the page passes axe-core."""

from datetime import timedelta

from django.utils import timezone

from tests.browser.conftest import log_in, screenshot
from tests.browser.test_accessibility import serious_violations
from tests.factories import MemberFactory, ParticipationRecordFactory


def test_filter_the_insights_by_country(page, community, facilitator):
    now = timezone.now()
    for index in range(8):
        country = "KE" if index < 5 else "PE"
        member = MemberFactory(
            community=community, full_name=f"Member {index}", country=country,
            joined_on=(now - timedelta(days=400)).date(),
        )  # fmt: skip
        for months_ago in range(index % 4, 10, 2):
            ParticipationRecordFactory(
                member=member, occurred_at=now - timedelta(days=30 * months_ago)
            )
    log_in(page, facilitator.email)
    page.goto(page.base_url + f"/c/{community.slug}/insights/")
    page.get_by_role("heading", name="Everyone (8 members)").wait_for()
    page.get_by_label("Country", exact=True).select_option("KE")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Members matching the filters (5 members)").wait_for()
    assert "country=KE" in page.url

    chart = page.get_by_role("img", name="Active members by month")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200
    page.get_by_text("Table behind this chart").first.click()
    table = page.get_by_role("table", name="Active members by month")
    assert table.is_visible()
    assert table.get_by_role("row").count() == 13  # the header and twelve months
    assert page.get_by_role("img", name="Participation levels over the last 24 months").is_visible()
    assert page.get_by_role("link", name="Download “Active members by month” as CSV").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "insights-filtered")
