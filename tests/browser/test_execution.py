"""Execution on a phone: a person registers on the public page, then staff check them in at the
door; checking in writes the member's attendance record."""

from django.core import mail

from roundtable.activities.models import Registration
from roundtable.members.models import ParticipationRecord
from tests.browser.conftest import fits_the_phone, log_in, screenshot
from tests.browser.test_segments import settled
from tests.factories import ActivityFactory, MemberFactory
from tests.public_forms import confirmation_link


def test_register_on_a_phone_then_get_checked_in(phone, community, facilitator):
    member = MemberFactory(community=community, full_name="Ana Quispe", email="ana@example.org")
    activity = ActivityFactory(
        community=community, title="Leak detection clinic", timezone="Europe/Madrid", owner=None
    )
    phone.goto(phone.base_url + f"/r/{activity.public_token}/")
    phone.get_by_role("heading", name="Leak detection clinic").wait_for()
    assert "your time (Asia/Manila)" in phone.locator(".your-time").inner_text()
    fits_the_phone(phone)
    screenshot(phone, "execution-public-registration")
    phone.get_by_label("Your name").fill("Ana Quispe")
    phone.get_by_label("Your e-mail").fill("ANA@example.org")
    phone.get_by_text("Maybe", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_role("heading", name="Check your inbox").wait_for()
    screenshot(phone, "execution-public-thanks")
    assert not Registration.objects.exists()  # not until the address confirms it
    phone.goto(phone.base_url + confirmation_link())
    phone.get_by_role("button", name="Confirm your registration").click()
    phone.get_by_role("heading", name="Thank you: it is confirmed").wait_for()
    registration = Registration.objects.get(activity=activity)
    assert (registration.member, registration.response) == (member, "maybe")
    assert len(mail.outbox) == 2  # the link, then the confirmation with the calendar file

    log_in(phone, facilitator.email)
    phone.goto(phone.base_url + f"/c/{community.slug}/activities/{activity.pk}/checkin/")
    with phone.expect_response(lambda response: "partial=1" in response.url):
        phone.get_by_placeholder("Search a name or e-mail").fill("quis")
    settled(phone)
    row = phone.locator(f"#checkin-{registration.pk}")
    row.get_by_role("button", name="Mark Ana Quispe present").click()
    row = phone.locator(f"#checkin-{registration.pk}")
    row.get_by_role("button", name="Undo: Ana Quispe is not here").wait_for()
    phone.locator("#checkin-count").get_by_text("1", exact=True).wait_for()
    settled(phone)
    fits_the_phone(phone)
    screenshot(phone, "execution-checkin-phone")
    assert (
        ParticipationRecord.objects.filter(
            member=member, activity=activity, kind="attendance"
        ).count()
        == 1
    )
    row.get_by_role("button", name="Undo: Ana Quispe is not here").click()
    phone.locator(f"#checkin-{registration.pk}").get_by_role(
        "button", name="Mark Ana Quispe present"
    ).wait_for()
    assert not ParticipationRecord.objects.filter(member=member, activity=activity).exists()
