"""A stranger on a phone (375 px) types a member's e-mail into the registration and intake
forms: the member's registration and needs stay as they were until the link mailed to them is
pressed."""

from django.core import mail

from roundtable.activities.models import Registration
from roundtable.execution.registrations import registration_submit
from roundtable.needs.models import Need
from tests.browser.conftest import fits_the_phone, screenshot
from tests.factories import ActivityFactory, MemberFactory
from tests.public_forms import as_a_person, confirmation_link


def test_a_stranger_changes_nothing_until_the_member_confirms(phone, community, manager):
    ana = MemberFactory(community=community, full_name="Ana Quispe", email="ana@example.org")
    activity = ActivityFactory(community=community, title="Leak detection clinic", owner=None)
    registration_submit(activity=activity, name="Ana Quispe", email=ana.email, response="attending")
    mail.outbox.clear()

    phone.goto(phone.base_url + f"/r/{activity.public_token}/")
    phone.get_by_label("Your name").fill("Not Ana")
    phone.get_by_label("Your e-mail").fill("ana@example.org")
    phone.get_by_text("Maybe", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_role("heading", name="Check your inbox").wait_for()
    fits_the_phone(phone)
    screenshot(phone, "confirmation-registration-held-375")
    assert Registration.objects.get(activity=activity).response == "attending"
    registration_link = confirmation_link()

    phone.goto(phone.base_url + f"/c/{community.slug}/needs/intake/")
    phone.get_by_label("Your name").fill("Not Ana")
    phone.get_by_label("Your e-mail").fill("ana@example.org")
    phone.get_by_label("What are you trying to solve?").fill("Ana wants the network closed.")
    phone.get_by_role("button", name="Send").click()
    phone.get_by_role("heading", name="Check your inbox").wait_for()
    assert not Need.objects.exists()
    need_link = confirmation_link()

    phone.goto(phone.base_url + registration_link)  # Ana opens her mail: nothing changes yet
    phone.get_by_role("button", name="Confirm your registration").wait_for()
    fits_the_phone(phone)
    screenshot(phone, "confirmation-page-375")
    assert Registration.objects.get(activity=activity).response == "attending"
    phone.get_by_role("button", name="Confirm your registration").click()
    phone.get_by_role("heading", name="Thank you: it is confirmed").wait_for()
    assert Registration.objects.get(activity=activity).response == "maybe"

    phone.goto(phone.base_url + registration_link)  # used: a clear page, nothing again
    phone.get_by_role("heading", name="This link cannot be used").wait_for()
    fits_the_phone(phone)
    screenshot(phone, "confirmation-used-375")

    phone.goto(phone.base_url + need_link)
    phone.get_by_role("button", name="Confirm this need is yours").click()
    phone.get_by_role("heading", name="Thank you: it is confirmed").wait_for()
    assert Need.objects.get().member == ana


def test_the_confirmation_page_on_a_wide_screen(browser, live_server, community, client):
    MemberFactory(community=community, email="ana@example.org")
    activity = ActivityFactory(community=community, title="Leak detection clinic", owner=None)
    client.post(
        f"/r/{activity.public_token}/",
        {"name": "Not Ana", "email": "ana@example.org", "response": "maybe", **as_a_person()},
    )
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + confirmation_link())
    page.get_by_role("button", name="Confirm your registration").wait_for()
    screenshot(page, "confirmation-page-1366")
    assert not Registration.objects.exists()
    context.close()
