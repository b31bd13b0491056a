"""A member on a phone (375 px) opens their personal link: registers for the next edition of a
series in one tap, cancels, states a need, and sees the activity the team then plans for it."""

from datetime import timedelta

from django.utils import timezone

from roundtable.activities.models import Registration
from roundtable.needs.models import Need
from roundtable.needs.services import need_status_set
from tests.browser.conftest import fits_the_phone, screenshot
from tests.factories import ActivityFactory, MemberFactory, SeriesFactory


def test_a_member_answers_in_one_tap_and_follows_their_need(phone, community):
    ana = MemberFactory(
        community=community, full_name="Ana Quispe", email="ana@example.org", timezone="Asia/Manila"
    )
    series = SeriesFactory(community=community, title="Monthly clinic")
    now = timezone.now()
    ActivityFactory(
        community=community,
        series=series,
        title="Clinic: tariffs",
        starts_at=now + timedelta(days=3),
    )
    later = ActivityFactory(
        community=community,
        series=series,
        title="Clinic: metering",
        starts_at=now + timedelta(days=33),
    )
    own = phone.base_url + f"/c/{community.slug}/me/{ana.access_token}/"

    phone.goto(own)
    phone.get_by_role("heading", name="Coming up").wait_for()
    card = phone.get_by_role("article", name="Clinic: metering")
    card.get_by_role("button", name="Register").click()
    phone.get_by_text("You are registered for “Clinic: metering”").wait_for()
    assert Registration.objects.get(activity=later).response == "attending"
    fits_the_phone(phone)
    screenshot(phone, "member-home-registered-375")

    card = phone.get_by_role("article", name="Clinic: metering")
    card.get_by_role("button", name="Cancel my registration").click()
    phone.get_by_text("you will not attend “Clinic: metering”").wait_for()
    assert Registration.objects.get(activity=later).response == "not_attending"

    phone.get_by_label("What are you trying to solve?").fill(
        "Finding leaks in old cast-iron pipes at night"
    )
    phone.get_by_label("Topics").fill("leaks")
    phone.get_by_role("button", name="Send").click()
    phone.get_by_text("Your need is recorded").wait_for()
    need = Need.objects.get(member=ana)

    # The team plans an activity for it and marks the need as being addressed.
    ActivityFactory(
        community=community,
        title="Leak detection clinic",
        purpose_expressed="Finding leaks in old cast-iron pipes: night flow and acoustic loggers.",
        starts_at=now + timedelta(days=10),
    )
    need_status_set(need=need, status=Need.Status.BEING_ADDRESSED)

    phone.goto(own)
    needs = phone.get_by_role("region", name="What you need")
    needs.get_by_text("Being addressed").wait_for()
    needs.get_by_text("Coming up on this: Leak detection clinic").wait_for()
    fits_the_phone(phone)
    screenshot(phone, "member-home-need-served-375")
