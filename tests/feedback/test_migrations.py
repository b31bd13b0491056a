"""The migration to random comment ids keeps every comment, its answer and its theme, both ways."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from roundtable.feedback.models import FeedbackComment, FeedbackRequest, FeedbackResponse, Theme
from roundtable.feedback.services import feedback_requests_send, responses_create, themes_regroup

BEFORE = ("feedback", "0003_decision_remove_carried_note")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def _latest() -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    return max(key for key in executor.loader.graph.leaf_nodes() if key[0] == "feedback")


def _comments() -> set[tuple[str, str, str, str | None, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.text, c.kind, r.next_step, t.label, c.representative "
            "FROM feedback_feedbackcomment c "
            "JOIN feedback_feedbackresponse r ON r.id = c.response_id "
            "LEFT JOIN feedback_theme t ON t.id = c.theme_id"
        )
        return set(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_comments_get_random_ids_and_keep_their_answer_and_theme(past_activity) -> None:
    rows = [
        {"plus": f"The pairs worked {i}", "delta": f"More time {i}", "next_step": f"Step {i}"}
        for i in range(12)
    ]
    responses_create(activity=past_activity, rows=rows, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    feedback_requests_send(activity=past_activity)
    FeedbackRequest.objects.update(answered=True)
    before = _comments()
    assert len(before) == 24 and any(label for *_, label, _ in before)

    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM feedback_feedbackcomment")
        assert all(isinstance(i, int) for (i,) in cursor.fetchall())  # sequence ids again
    assert _comments() == before

    _migrate(_latest())
    assert _comments() == before
    ids = list(FeedbackComment.objects.values_list("id", flat=True))
    assert len(ids) == 24 and all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    assert FeedbackResponse.objects.count() == 12
    assert Theme.objects.filter(comments__isnull=False).exists()
    assert FeedbackRequest.objects.filter(answered=True).count() == 2
