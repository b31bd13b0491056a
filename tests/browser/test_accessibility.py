"""Everyone has a voice, in the product too: the main pages pass axe-core's automated checks
(WCAG 2 A and AA rules) with no serious or critical violation. axe-core is vendored in
tests/browser/vendor (MPL-2.0) so no download happens at test time.
"""

from pathlib import Path

import pytest

from roundtable.members.services import member_search_refresh
from tests.browser.conftest import log_in
from tests.factories import MemberFactory, NeedFactory, ParticipationRecordFactory, SegmentFactory

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

STAFF_PAGES = [
    "/",
    "/c/alpha/members/",
    "/c/alpha/members/{member}/",
    "/c/alpha/members/{member}/edit/",
    "/c/alpha/needs/",
    "/c/alpha/segments/",
    "/c/alpha/segments/new/",
    "/c/alpha/segments/{segment}/",
    "/c/alpha/imports/",
    "/c/alpha/insights/",
    "/c/alpha/activities/",
    "/c/alpha/settings/",
    "/c/alpha/settings/staff/",
    "/account/",
]
PUBLIC_PAGES = ["/login/", "/password/reset/", "/c/alpha/needs/intake/", "/c/alpha/me/{token}/"]


def serious_violations(page) -> list[str]:
    page.evaluate(AXE)  # not a <script> tag: the page's policy admits no inline script
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def filled(community):
    member = MemberFactory(community=community, full_name="Amina Njoroge", country="KE")
    NeedFactory(member=member)
    ParticipationRecordFactory(member=member)
    segment = SegmentFactory(community=community)
    member_search_refresh(community=community)
    return {"member": member.pk, "segment": segment.pk, "token": member.access_token}


def problems_on(page, templates: list[str], objects: dict) -> dict[str, list[str]]:
    problems = {}
    for template in templates:
        page.goto(page.base_url + template.format(**objects))
        found = serious_violations(page)
        if found:
            problems[template] = found
    return problems


def test_staff_pages_pass_automated_accessibility_checks(page, manager, filled):
    log_in(page, manager.email)
    assert not problems_on(page, STAFF_PAGES, filled)


def test_public_pages_pass_automated_accessibility_checks(page, filled):
    assert not problems_on(page, PUBLIC_PAGES, filled)
