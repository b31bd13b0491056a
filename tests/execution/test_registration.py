"""The public registration page, the confirmation with its calendar file, changing an answer."""

from datetime import UTC, timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.execution.registrations import RegistrationError, registration_submit
from roundtable.web.bot_trap import TRAP_NAME
from tests.factories import ActivityFactory, MemberFactory, SeriesFactory
from tests.public_forms import as_a_person, confirm_by_link

pytestmark = pytest.mark.django_db


def _page(activity):
    return reverse("registration_page", args=[activity.public_token])


def _form(**changes):
    data = {"name": "Ana Quispe", "email": "Ana.Quispe@Example.org", "response": "attending"}
    data.update(as_a_person())
    data.update(changes)
    return data


def _register(client, activity, **changes):
    """The public form sent by a visitor, then confirmed from the e-mail: the button's page."""
    held = client.post(_page(activity), _form(**changes))
    assert "Check your inbox" in held.content.decode()
    return confirm_by_link(client)


def calendar_of(message):
    """The parsed .ics attachment of an e-mail of the outbox."""
    found = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(found) == 1, "one calendar file"
    name, content, mimetype = found[0]
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_the_page_shows_the_activity_in_its_time_zone(client, activity):
    response = client.get(_page(activity))
    assert response.status_code == 200
    html = response.content.decode()
    local = activity.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Madrid"))
    assert activity.title in html
    assert f"{local:%H:%M}" in html and "Europe/Madrid" in html
    assert activity.purpose_expressed in html
    assert "Will you come?" in html
    assert "The whole series" not in html  # not in a series


def test_the_page_shows_the_visitors_time_too(client, activity):
    client.cookies["roundtable_tz"] = "America/Lima"
    html = client.get(_page(activity)).content.decode()
    lima = activity.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Lima"))
    assert f"{lima:%H:%M}" in html and "your time (America/Lima)" in html


def test_registering_matches_the_member_and_sends_the_calendar(client, activity, community):
    member = MemberFactory(community=community, email="ana.quispe@example.org")
    response = _register(client, activity)
    assert response.status_code == 200
    assert "Registered Ana Quispe: “attending” for" in response.content.decode()
    registration = Registration.objects.get(activity=activity)
    assert registration.member == member
    assert registration.response == "attending"
    assert registration.email == "Ana.Quispe@example.org"
    link, message = mail.outbox
    assert link.to == message.to == ["Ana.Quispe@example.org"]
    assert registration.token in message.body  # the personal link to change the answer
    assert registration.token not in response.content.decode()
    calendar = calendar_of(message)
    assert str(calendar["method"]) == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == activity.starts_at
    assert event.decoded("dtend").astimezone(UTC) == activity.ends_at
    assert str(event["summary"]) == activity.title
    assert str(event["uid"]) == f"activity-{activity.pk}@127.0.0.1"
    assert "mailto:" in str(event["organizer"])
    assert str(event["location"]) == "Online"
    assert activity.purpose_expressed in str(event["description"])


def test_registering_again_updates_instead_of_duplicating(client, activity):
    _register(client, activity)
    _register(client, activity, email="ANA.QUISPE@example.org", response="maybe")
    registration = Registration.objects.get(activity=activity)
    assert registration.response == "maybe"
    assert len(mail.outbox) == 4  # a link and a confirmation each time
    assert "invitation.ics" in [a[0] for a in mail.outbox[3].attachments]


def test_not_attending_gets_no_calendar_file(client, activity):
    _register(client, activity, response="not_attending")
    assert mail.outbox[-1].attachments == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_form(email="not-an-address"), "Enter a valid email address."),
        (_form(email=""), "This field is required."),
        (_form(name=""), "This field is required."),
        (_form(name="x" * 201), "Ensure this value has at most 200 characters"),
        (_form(email="a" * 250 + "@example.org"), "at most 254 characters"),
        (_form(response="perhaps"), "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, activity, data, message):
    response = client.post(_page(activity), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_bad_input_naming_the_field(activity):
    with pytest.raises(RegistrationError, match="E-mail: “x@” is not an e-mail address.") as error:
        registration_submit(activity=activity, name="Ana", email="x@", response="attending")
    assert error.value.field == "email"
    with pytest.raises(RegistrationError, match="Answer: “yes” is not one of"):
        registration_submit(activity=activity, name="Ana", email="a@example.org", response="yes")
    with pytest.raises(RegistrationError, match="Name: please tell us your name."):
        registration_submit(activity=activity, name="  ", email="a@example.org", response="maybe")


def test_a_wrong_token_is_not_found(client, activity):
    assert client.get("/r/not-a-token/").status_code == 404
    assert client.post("/r/not-a-token/", _form()).status_code == 404
    assert client.get("/r/not-a-token/calendar.ics").status_code == 404
    bad_change = reverse("registration_change", args=[activity.public_token, "nope"])
    assert client.get(bad_change).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_open": False}, "Registration for this activity is closed."),
        ({"status": Activity.Status.DONE}, "This activity has taken place"),
    ],
)
def test_closed_registration_says_so(client, activity, changes, message):
    Activity.objects.filter(pk=activity.pk).update(**changes)
    page = client.get(_page(activity)).content.decode()
    assert message in page and "Send my answer" not in page
    response = client.post(_page(activity), _form())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_past_activity_is_closed(client, community):
    past = ActivityFactory(community=community, starts_at=timezone.now() - timedelta(days=2))
    assert "has taken place" in client.get(_page(past)).content.decode()


def test_staff_may_still_add_after_registration_closed(activity):
    activity.registration_open = False
    activity.save()
    with pytest.raises(RegistrationError, match="closed"):
        registration_submit(activity=activity, name="A", email="a@example.org", response="maybe")
    done = registration_submit(
        activity=activity, name="A", email="a@example.org", response="maybe", check_open=False
    )
    assert done.created


def test_the_trap_field_stores_nothing_and_says_so(client, activity):
    response = client.post(_page(activity), _form(**{TRAP_NAME: "http://spam.example"}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Your answer was not saved: a field meant to stay empty was filled in" in text
    assert 'value="Ana Quispe"' in text  # what was typed comes back
    assert not Registration.objects.exists()


def test_registrations_are_rate_limited(client, activity, settings):
    settings.CONFIRMATION_MAILS_PER_RECIPIENT = settings.CONFIRMATION_MAILS_PER_ADDRESS = 100
    for _ in range(5):
        assert client.post(_page(activity), _form(response="maybe")).status_code == 200
    response = client.post(_page(activity), _form())
    assert response.status_code == 429
    assert "Too many registrations" in response.content.decode()
    for n in range(15):
        client.post(_page(activity), _form(email=f"p{n}@example.org"))
    assert client.post(_page(activity), _form(email="new@example.org")).status_code == 429


def test_an_unmatched_email_or_another_communitys_member_is_not_linked(
    client, activity, other_community
):
    MemberFactory(community=other_community, email="ana.quispe@example.org")
    _register(client, activity)
    assert Registration.objects.get(activity=activity).member is None


def test_user_text_is_escaped(client, activity):
    _register(client, activity, name="<script>alert(1)</script>")
    registration = Registration.objects.get()
    change = reverse("registration_change", args=[activity.public_token, registration.token])
    html = client.get(change).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_personal_link_changes_the_answer(client, activity):
    _register(client, activity)
    registration = Registration.objects.get()
    change = reverse("registration_change", args=[activity.public_token, registration.token])
    assert "Attending" in client.get(change).content.decode()
    response = client.post(change, {"response": "not_attending"})
    assert response.status_code == 200
    assert "Saved: not attending" in response.content.decode()
    registration.refresh_from_db()
    assert registration.response == "not_attending"
    assert Registration.objects.count() == 1
    assert client.post(change, {"response": "bogus"}).status_code == 400
    other = ActivityFactory(community=activity.community)
    wrong = reverse("registration_change", args=[other.public_token, registration.token])
    assert client.get(wrong).status_code == 404


def test_the_personal_link_expires_a_while_after_the_activity(client, activity, clock, settings):
    settings.REGISTRATION_LINK_DAYS = 30
    _register(client, activity)
    registration = Registration.objects.get()
    change = reverse("registration_change", args=[activity.public_token, registration.token])
    clock.move_to(activity.ends_at + timedelta(days=29))
    assert client.get(change).status_code == 200
    clock.move_to(activity.ends_at + timedelta(days=31))
    expired = client.get(change)
    assert expired.status_code == 404 and registration.email not in expired.content.decode()


def test_the_calendar_download(client, activity):
    response = client.get(reverse("registration_ics", args=[activity.public_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == activity.starts_at
    assert str(event["uid"]) == f"activity-{activity.pk}@127.0.0.1"


def test_registering_for_the_whole_series(client, community, activity):
    series = SeriesFactory(community=community)
    start = activity.starts_at
    Activity.objects.filter(pk=activity.pk).update(series=series)
    activity.refresh_from_db()
    later = [
        ActivityFactory(community=community, series=series, starts_at=start + timedelta(weeks=n))
        for n in (1, 2)
    ]
    past = ActivityFactory(
        community=community, series=series, starts_at=timezone.now() - timedelta(days=30)
    )
    closed = ActivityFactory(
        community=community,
        series=series,
        starts_at=start + timedelta(weeks=3),
        registration_open=False,
    )
    html = client.get(_page(activity)).content.decode()
    assert "The whole series" in html
    response = _register(client, activity, scope="series")
    assert response.status_code == 200
    assert "and the later editions of its series" in response.content.decode()
    registrations = Registration.objects.filter(email__iexact="ana.quispe@example.org")
    assert {r.activity_id for r in registrations} == {activity.pk, *(a.pk for a in later)}
    assert all(r.whole_series and r.response == "attending" for r in registrations)
    assert not Registration.objects.filter(activity__in=[past, closed]).exists()
    events = calendar_of(mail.outbox[1]).walk("VEVENT")
    assert sorted(e.decoded("dtstart").astimezone(UTC) for e in events) == [
        activity.starts_at,
        *(a.starts_at for a in later),
    ]
    assert len({str(e["uid"]) for e in events}) == 3
    # the whole series again, as maybe: updated, never duplicated
    _register(client, activity, scope="series", response="maybe")
    assert registrations.count() == 3
    assert set(registrations.values_list("response", flat=True)) == {"maybe"}
    # this edition only
    _register(client, activity, scope="edition", response="not_attending")
    mine = Registration.objects.get(activity=activity)
    assert (mine.response, mine.whole_series) == ("not_attending", False)
    assert Registration.objects.get(activity=later[0]).response == "maybe"


def test_a_series_page_reads_its_editions_once(
    client, community, activity, django_assert_num_queries
):
    series = SeriesFactory(community=community)
    Activity.objects.filter(pk=activity.pk).update(series=series)
    ActivityFactory(
        community=community, series=series, starts_at=activity.starts_at + timedelta(weeks=1)
    )
    with django_assert_num_queries(2):  # the activity by its token, then its upcoming editions
        html = client.get(_page(activity)).content.decode()
    assert "The whole series" in html
