"""Feedback in a real browser: a participant answers on a phone, the manager sees the answer in
the themes, records a decision, and finds it on the next edition's plan."""

from datetime import timedelta

from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.feedback.models import FeedbackResponse
from roundtable.feedback.services import feedback_form_get, responses_create
from tests.browser.conftest import log_in, screenshot
from tests.factories import ActivityFactory, SeriesFactory


def test_phone_answer_themes_decision_next_edition(browser, page, community, manager):
    series = SeriesFactory(community=community, title="Leak detection clinic")
    start = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    activity = ActivityFactory(
        community=community, series=series, starts_at=start, status=Activity.Status.DONE,
        title="Leak detection clinic #4",
    )  # fmt: skip
    following = ActivityFactory(
        community=community, series=series, starts_at=start + timedelta(days=30),
        title="Leak detection clinic #5",
    )  # fmt: skip
    responses_create(
        activity=activity,
        rows=[
            {"plus": "The small groups were practical", "delta": "The audio was bad", "rating": 4},
            {"plus": "Practical small groups", "delta": "Bad audio online", "rating": 5},
        ],
        on=start,
    )
    token = feedback_form_get(activity=activity).token

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    mobile.goto(page.base_url + f"/feedback/{token}/")
    assert mobile.get_by_text("Anonymous.").is_visible()
    # Nothing sticks out sideways on a phone.
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    mobile.get_by_label("Plus: what went well?").fill("Meeting the Lima team in the small groups")
    mobile.get_by_label("Delta: what could be even better if…?").fill(
        "The audio for online people kept dropping"
    )
    mobile.locator("label.rating-choice", has_text="4").click()
    screenshot(mobile, "feedback-phone-form")
    mobile.get_by_role("button", name="Send my feedback").click()
    mobile.get_by_role("heading", name="Thank you").wait_for()
    screenshot(mobile, "feedback-phone-thanks")
    phone.close()
    assert FeedbackResponse.objects.filter(activity=activity).count() == 3

    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/activities/{activity.pk}/review/")
    page.get_by_role("button", name="Group into themes").click()
    page.get_by_text("Grouped into").wait_for()
    themes = page.locator("#themes")
    # The themes are swapped in after the message shows: wait for them, do not sample.
    themes.get_by_text("Meeting the Lima team in the small groups").wait_for()
    themes.get_by_text("The audio for online people kept dropping").wait_for()
    screenshot(page, "feedback-review-themes")

    page.get_by_label("Change next time").fill("Test the audio with the online room first")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("carried into the edition of").wait_for()

    page.goto(page.base_url + f"/c/{community.slug}/activities/{following.pk}/")
    notes = page.locator(".carried-over")
    notes.get_by_text("Test the audio with the online room first", exact=True).wait_for()
    assert notes.get_by_text("Leak detection clinic #4").is_visible()
    screenshot(page, "feedback-carried-over")
    notes.get_by_label("Status of “Test the audio with the online room first”").select_option(
        "done"
    )
    notes.get_by_role("button", name="Set").click()
    page.wait_for_load_state()
    assert page.locator(".carried-done").count() == 1


def test_feedback_pages_pass_axe(page, community, manager):
    from tests.browser.test_accessibility import serious_violations

    series = SeriesFactory(community=community, title="Clinic")
    start = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    activity = ActivityFactory(
        community=community, series=series, starts_at=start, status=Activity.Status.DONE
    )
    responses_create(
        activity=activity,
        rows=[{"plus": "Good pairs", "delta": "Audio", "rating": 4, "next_step": "Call Lima"}],
        on=start,
    )
    token = feedback_form_get(activity=activity).token
    problems = {}
    page.goto(page.base_url + f"/feedback/{token}/")
    problems["form"] = serious_violations(page)
    log_in(page, manager.email)
    for name, path in {
        "review": f"/c/{community.slug}/activities/{activity.pk}/review/",
        "series": f"/c/{community.slug}/series/{series.pk}/",
        "report": f"/c/{community.slug}/activities/{activity.pk}/report/",
        "import": f"/c/{community.slug}/activities/{activity.pk}/review/import/",
        "settings": f"/c/{community.slug}/feedback/settings/",
    }.items():
        page.goto(page.base_url + path)
        problems[name] = serious_violations(page)
    assert not any(problems.values()), problems
