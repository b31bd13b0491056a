"""Long text wraps everywhere: a 300-character word typed into every free-text field a page
shows never makes a page scroll sideways, on a phone or a laptop."""

from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.feedback.models import FeedbackComment, FeedbackResponse
from tests.browser.conftest import log_in, screenshot
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    NeedFactory,
    RegistrationFactory,
    SegmentFactory,
    TagFactory,
)

WORD = "Wastewater" * 30  # one word of 300 characters, no space to break at


def _community_of_long_words(community):
    member = MemberFactory(
        community=community, full_name=WORD[:200], organisation=WORD[:200], country="PE"
    )
    member.expertise.add(TagFactory(community=community, name=WORD[:64]))
    NeedFactory(member=member, text=WORD)
    activity = ActivityFactory(
        community=community, title=WORD[:200], purpose_expressed=WORD,
        status=Activity.Status.DONE, starts_at=timezone.now() - timezone.timedelta(days=2),
    )  # fmt: skip
    RegistrationFactory(activity=activity, member=member, name=WORD[:200], email=member.email)
    response = FeedbackResponse.objects.create(
        activity=activity, rating=4, next_step=WORD, submitted_on=timezone.localdate()
    )
    for kind in ("plus", "delta"):
        FeedbackComment.objects.create(response=response, activity=activity, kind=kind, text=WORD)
    segment = SegmentFactory(community=community, name=WORD[:100])
    return {
        "directory": reverse("member_list", args=[community.slug]),
        "profile": reverse("member_detail", args=[community.slug, member.pk]),
        "needs": reverse("need_board", args=[community.slug]),
        "activities": reverse("activity_list", args=[community.slug]),
        "activity": reverse("activity_detail", args=[community.slug, activity.pk]),
        "review": reverse("activity_review", args=[community.slug, activity.pk]),
        "segments": reverse("segment_list", args=[community.slug]),
        "segment": reverse("segment_detail", args=[community.slug, segment.pk]),
    }


def test_no_page_scrolls_sideways_with_a_300_character_word(
    browser, live_server, community, manager
):
    pages = _community_of_long_words(community)
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.base_url = live_server.url
        log_in(page, manager.email)
        wide = {}
        for name, path in pages.items():
            answer = page.goto(live_server.url + path)
            assert answer is not None and answer.status == 200, (name, path)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > width:
                wide[name] = scrolled
                screenshot(page, f"long-word-{name}-{width}")
        context.close()
        assert not wide, f"at {width} px these pages scroll sideways (their width): {wide}"
