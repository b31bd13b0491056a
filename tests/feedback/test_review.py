"""The review page: evaluation from the data, themes edited by the manager, the retrospective,
and decisions carried into the next edition (now, or when it is planned later)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.activities.models import Encounter, SuccessIndicator
from roundtable.activities.services import activity_create, activity_next_edition, activity_update
from roundtable.execution.models import ChecklistItem
from roundtable.execution.services import checklist_item_done_set
from roundtable.feedback import selectors
from roundtable.feedback.models import Decision, FeedbackComment, Theme
from roundtable.feedback.services import (
    FeedbackError,
    decision_add,
    responses_create,
    theme_merge,
    theme_split,
    themes_regroup,
)
from roundtable.members.models import ParticipationRecord
from tests.factories import ActivityFactory, SegmentFactory, activity_fields

COMMENTS = [
    {"plus": "The breakout rooms were great", "delta": "Audio was bad", "rating": 5},
    {"plus": "Great breakout rooms with new people", "delta": "bad audio online", "rating": 4},
    {"plus": "breakout rooms gave me a voice", "delta": "audio dropped", "rating": 4,
     "next_step": "Call the Lima team"},
    {"plus": "Clear slides", "rating": 3},
]  # fmt: skip


def review_url(activity) -> str:
    return reverse("activity_review", args=[activity.community.slug, activity.pk])


def page_queries(client, url: str) -> int:
    """How many queries showing the page at ``url`` takes."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_facts_come_from_the_data(past_activity, community) -> None:
    ana, bo = [r.member for r in past_activity.registrations.exclude(member=None).order_by("name")]
    segment = SegmentFactory(
        community=community,
        rule={"match": "all", "conditions": [{"field": "organisation", "op": "in",
                                              "value": ["Utility of Accra"]}]},
    )  # fmt: skip
    ana.organisation = "Utility of Accra"
    ana.save()
    past_activity.segment = segment
    past_activity.save()
    low, high = sorted([ana, bo], key=lambda m: m.pk)
    Encounter.objects.create(
        community=community, activity=past_activity, member_a=low, member_b=high,
        met_at=past_activity.starts_at, first=True,
    )  # fmt: skip
    for _ in range(3):
        ParticipationRecord.objects.create(
            community=community, member=ana, kind="contribution", activity=past_activity,
            activity_title=past_activity.title, occurred_at=past_activity.starts_at,
        )  # fmt: skip
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    facts = selectors.activity_facts(past_activity)
    assert (facts.registered, facts.attended, facts.attended_from_segment) == (3, 2, 1)
    assert facts.voice.counts == (3,) and facts.voice.participants == 2
    assert (facts.pluses, facts.deltas, sorted(facts.ratings)) == (4, 3, [3, 4, 4, 5])
    assert facts.new_connections == 1 and facts.follow_up_intentions == 1


def test_targets_against_actuals_on_the_review_page(manager_client, past_activity) -> None:
    for position, (metric, target) in enumerate(
        [("attendance", "3"), ("mean_rating", "4"), ("manual", "Two partners join")]
    ):
        SuccessIndicator.objects.create(
            activity=past_activity, position=position, metric=metric, target=target
        )
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    page = manager_client.get(review_url(past_activity)).content.decode()
    assert "Not met" in page and "Met" in page  # 2 attended < 3; mean rating 4.0 ≥ 4
    assert "1 of 2 met" in page
    manual = past_activity.indicators.get(metric="manual")
    manager_client.post(
        reverse(
            "activity_indicator_actuals", args=[past_activity.community.slug, past_activity.pk]
        ),
        {f"actual-{manual.pk}": "One partner joined"},
    )
    manual.refresh_from_db()
    assert manual.manual_actual == "One partner joined"
    assert "One partner joined" in manager_client.get(review_url(past_activity)).content.decode()


def test_themes_are_grouped_then_renamed_merged_and_split(manager_client, past_activity) -> None:
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    slug = past_activity.community.slug
    manager_client.post(reverse("activity_themes_regroup", args=[slug, past_activity.pk]))
    assert FeedbackComment.objects.filter(theme=None).count() == 0
    pluses = list(Theme.objects.filter(activity=past_activity, kind="plus"))
    assert pluses
    page = manager_client.get(review_url(past_activity)).content.decode()
    assert "The breakout rooms were great" in page
    theme = pluses[0]
    edit = reverse("activity_theme_edit", args=[slug, past_activity.pk, theme.pk])
    manager_client.post(edit, {"action": "rename", "label": "Breakouts <b>work</b>"})
    theme.refresh_from_db()
    assert theme.label == "Breakouts <b>work</b>" and theme.edited
    page = manager_client.get(review_url(past_activity)).content.decode()
    assert "Breakouts &lt;b&gt;work&lt;/b&gt;" in page
    response = manager_client.post(edit, {"action": "rename", "label": "  "}, follow=True)
    assert "A theme needs a name" in response.content.decode()


def test_merge_and_split_keep_every_comment(past_activity) -> None:
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    deltas = list(Theme.objects.filter(activity=past_activity, kind="delta"))
    total = FeedbackComment.objects.filter(activity=past_activity, kind="delta").count()
    whole = deltas[0]
    if len(deltas) > 1:
        whole = theme_merge(theme=deltas[1], into=deltas[0])
    assert whole.comments.count() == total
    first, second = theme_split(theme=whole)
    assert first.comments.count() + second.comments.count() == total
    assert second.comments.count() > 0
    with pytest.raises(FeedbackError, match="another theme"):
        theme_merge(theme=first, into=first)


def test_merge_and_split_write_all_comments_at_once(past_activity) -> None:
    responses_create(activity=past_activity, rows=COMMENTS * 10, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    first, second = Theme.objects.filter(activity=past_activity, kind="plus")[:2]

    def order(theme) -> list[int]:
        return list(theme.comments.order_by("representative", "pk").values_list("pk", flat=True))

    merged = order(first) + order(second)
    assert len(merged) >= 20
    with CaptureQueriesContext(connection) as merging:
        theme_merge(theme=second, into=first)
    assert order(first) == merged  # the merged theme's comments follow the theme's own
    with CaptureQueriesContext(connection) as splitting:
        parts = theme_split(theme=first)
    assert sorted(order(parts[0]) + order(parts[1])) == sorted(merged)
    assert len(merging.captured_queries) < 10 and len(splitting.captured_queries) < 10


def test_grouping_is_repeatable(past_activity) -> None:
    responses_create(activity=past_activity, rows=COMMENTS * 5, on=past_activity.starts_at)

    def snapshot():
        return sorted(
            (t.kind, t.label, tuple(sorted(c.text for c in t.comments.all())))
            for t in Theme.objects.filter(activity=past_activity)
        )

    themes_regroup(activity=past_activity)
    first = snapshot()
    themes_regroup(activity=past_activity)
    assert snapshot() == first


def test_a_decision_is_carried_into_the_existing_next_edition(
    manager_client, past_activity, community
) -> None:
    later = ActivityFactory(
        community=community, series=past_activity.series,
        starts_at=past_activity.starts_at + timedelta(days=30),
    )  # fmt: skip
    slug = community.slug
    manager_client.post(
        reverse("activity_decision_add", args=[slug, past_activity.pk]),
        {"text": "Start breakouts 10 minutes earlier", "carry_as": "note"},
    )
    decision = Decision.objects.get()
    assert decision.carried_to == later
    plan = manager_client.get(reverse("activity_detail", args=[slug, later.pk])).content.decode()
    assert "Carried over from earlier editions" in plan
    assert "Start breakouts 10 minutes earlier" in plan and past_activity.title in plan
    manager_client.post(
        reverse("decision_status", args=[slug, decision.pk]),
        {"status": "done", "next": reverse("activity_detail", args=[slug, later.pk])},
    )
    decision.refresh_from_db()
    assert decision.status == "done"


def test_a_decision_waits_for_the_next_edition_to_be_planned(
    manager_client, past_activity, community
) -> None:
    decision = decision_add(activity=past_activity, text="Invite the regulators")
    assert decision.carried_to is None
    later = activity_next_edition(
        activity=past_activity, starts_at=past_activity.starts_at + timedelta(days=28)
    )
    page = manager_client.get(
        reverse("activity_detail", args=[community.slug, later.pk])
    ).content.decode()
    assert "Invite the regulators" in page
    decision.refresh_from_db()
    assert decision.carried_to == later


def test_a_waiting_decision_goes_to_the_very_next_edition_only(
    manager_client, past_activity, community
) -> None:
    first = decision_add(activity=past_activity, text="Invite the regulators")
    second = decision_add(activity=past_activity, text="Share the slides")
    assert first.carried_to is None and second.carried_to is None
    nearer, later = [
        activity_create(
            community=community,
            fields=activity_fields(series=past_activity.series, starts_at=start),
        )
        for start in (past_activity.starts_at + timedelta(days=d) for d in (28, 56))
    ]
    page = manager_client.get(reverse("activity_detail", args=[community.slug, later.pk]))
    assert "Invite the regulators" not in page.content.decode()
    page = manager_client.get(reverse("activity_detail", args=[community.slug, nearer.pk]))
    assert "Invite the regulators" in page.content.decode()
    assert set(Decision.objects.values_list("carried_to", flat=True)) == {nearer.pk}


def test_a_waiting_decision_goes_to_an_edition_moved_into_the_series(
    past_activity, community
) -> None:
    decision = decision_add(activity=past_activity, text="Invite the regulators")
    stray = ActivityFactory(community=community, starts_at=past_activity.starts_at + timedelta(7))
    fields = activity_fields(
        series=past_activity.series, starts_at=stray.starts_at, timezone=stray.timezone
    )
    activity_update(activity=stray, fields=fields)
    decision.refresh_from_db()
    assert decision.carried_to == stray


def test_a_checklist_decision_lands_on_the_checklist(past_activity, community) -> None:
    later = ActivityFactory(
        community=community, series=past_activity.series,
        starts_at=past_activity.starts_at + timedelta(days=30),
    )  # fmt: skip
    decision = decision_add(activity=past_activity, text="Book a room", carry_as="checklist")
    assert decision.carried_to == later
    item = ChecklistItem.objects.get(activity=later, title="Book a room")
    assert past_activity.title in item.origin and decision.checklist_item_id == item.pk
    checklist_item_done_set(item=item, done=True, by=None)
    decision.refresh_from_db()
    assert decision.status == "done"


def test_bad_decisions_are_refused(past_activity) -> None:
    with pytest.raises(FeedbackError, match="Write the decision"):
        decision_add(activity=past_activity, text=" ")
    with pytest.raises(FeedbackError, match="500"):
        decision_add(activity=past_activity, text="x" * 501)


def test_the_series_page_shows_editions_side_by_side(manager_client, past_activity, community):
    second = ActivityFactory(
        community=community, series=past_activity.series,
        starts_at=past_activity.starts_at + timedelta(days=1), title="Second edition",
    )  # fmt: skip
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    responses_create(activity=second, rows=COMMENTS[:2], on=second.starts_at)
    page = manager_client.get(
        reverse("series_detail", args=[community.slug, past_activity.series_id])
    ).content.decode()
    assert "Editions side by side" in page and "#1" in page and "#2" in page
    assert page.count("<svg") >= 4 and "Mean rating" in page
    assert "4.0" in page and "4.5" in page  # (5+4+4+3)/4 and (5+4)/2
    listing = manager_client.get(reverse("activity_list", args=[community.slug])).content.decode()
    assert reverse("series_detail", args=[community.slug, past_activity.series_id]) in listing


def test_a_live_session_without_metrics_falls_back_to_records(past_activity) -> None:
    facts = selectors.activity_facts(past_activity)
    assert facts.voice.source == "none" and facts.voice.participants == 0
    assert selectors.activity_evaluation(past_activity).summary["voice_reach"] is None


def test_feedback_settings_need_a_manager(manager_client, facilitator_client, community) -> None:
    url = reverse("feedback_settings", args=[community.slug])
    assert facilitator_client.get(url).status_code == 403
    manager_client.post(url, {"named": "1"})
    assert selectors.feedback_named(community=community)


def test_voice_comes_from_the_live_session_when_there_was_one(past_activity) -> None:
    from django.utils import timezone

    from roundtable.live.models import LiveSession, Participant

    session = LiveSession.objects.create(activity=past_activity, opened_at=timezone.now())
    for contributions in (3, 1, 0, 0):
        Participant.objects.create(session=session, contributions=contributions)
    facts = selectors.activity_facts(past_activity)
    assert facts.voice.source == "live"
    assert (facts.voice.participants, facts.voice.contributors) == (4, 2)
    summary = selectors.activity_evaluation(past_activity).summary
    assert summary["voice_reach"] == 0.5
    # Values 0, 0, 1, 3: Gini 0.625 (worked out in tests/domain/test_evaluation.py), evenness 0.375.
    assert summary["voice_evenness"] == pytest.approx(0.375)


def test_the_review_and_series_pages_do_not_query_per_comment(
    manager_client, past_activity, community
) -> None:
    def queries(url: str) -> int:
        return page_queries(manager_client, url)

    review = review_url(past_activity)
    series = reverse("series_detail", args=[community.slug, past_activity.series_id])
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    decision_add(activity=past_activity, text="One")
    queries(review)  # the first visit creates the feedback form
    few = (queries(review), queries(series))
    responses_create(activity=past_activity, rows=COMMENTS * 20, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    decision_add(activity=past_activity, text="Two")
    decision_add(activity=past_activity, text="Three")
    assert (queries(review), queries(series)) == few


def test_the_series_page_does_not_query_per_edition(manager_client, past_activity, community):
    url = reverse("series_detail", args=[community.slug, past_activity.series_id])
    responses_create(activity=past_activity, rows=COMMENTS, on=past_activity.starts_at)
    one = page_queries(manager_client, url)
    for weeks in (1, 2, 3):
        earlier = ActivityFactory(
            community=community, series=past_activity.series,
            starts_at=past_activity.starts_at - timedelta(weeks=weeks),
        )  # fmt: skip
        responses_create(activity=earlier, rows=COMMENTS[:2], on=earlier.starts_at)
    assert page_queries(manager_client, url) == one
