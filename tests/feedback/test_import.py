"""Importing Google Forms / Microsoft Forms exports: preview, choosing columns, all-or-nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.feedback.models import FeedbackComment, FeedbackImport, FeedbackResponse

GOOGLE_CSV = (
    "Timestamp,Email Address,What went well?,What could be even better if…?,"
    "How would you rate this session?,Which country?\n"
    '2024/05/02 10:01:00,ana@example.org,"The pairs, really",Start on time,5,Peru\n'
    "2024/05/02 10:03:00,bo@example.org,,More examples,4 stars,Chile\n"
    ",,,,,\n"
)


def preview_url(activity, job) -> str:
    return reverse(
        "activity_feedback_upload_preview", args=[activity.community.slug, activity.pk, job.pk]
    )


def upload(client, activity, content: str, name: str = "responses.csv"):
    url = reverse("activity_feedback_upload", args=[activity.community.slug, activity.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content.encode())}, follow=True)


def test_preview_then_import(manager_client, past_activity) -> None:
    page = upload(manager_client, past_activity, GOOGLE_CSV).content.decode()
    assert "2 responses ready" in page  # the blank line is skipped
    assert "The pairs, really" in page
    assert "Which country?" in page and "Not imported" in page  # the unknown column is named
    assert "ana@example.org" not in page
    assert FeedbackResponse.objects.count() == 0  # nothing before confirmation
    job = FeedbackImport.objects.get()
    url = preview_url(past_activity, job)
    manager_client.post(url, {"action": "apply"})
    assert FeedbackResponse.objects.count() == 2
    assert sorted(FeedbackResponse.objects.values_list("rating", flat=True)) == [4, 5]
    assert FeedbackComment.objects.filter(kind="plus").count() == 1
    assert FeedbackComment.objects.filter(kind="delta").count() == 2
    assert not FeedbackResponse.objects.exclude(respondent_name="").exists()
    # Confirming twice (a double click, a back button) counts nothing twice.
    response = manager_client.post(url, {"action": "apply"}, follow=True)
    assert FeedbackResponse.objects.count() == 2
    assert "counted once" in response.content.decode()


def test_one_bad_row_imports_nothing(manager_client, past_activity) -> None:
    bad = GOOGLE_CSV.replace("4 stars", "9")
    page = upload(manager_client, past_activity, bad).content.decode()
    assert "Nothing will be imported" in page and "not between 1 and 5" in page
    job = FeedbackImport.objects.get()
    url = preview_url(past_activity, job)
    response = manager_client.post(url, {"action": "apply"}, follow=True)
    assert "nothing was imported" in response.content.decode()
    assert "Line 3" in response.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_unknown_columns_are_named_and_can_be_chosen(manager_client, past_activity) -> None:
    csv = "ID,Start time,Q1,Q2\n1,2024-05-02,Loved it,3\n"
    page = upload(manager_client, past_activity, csv).content.decode()
    assert "No column holds pluses, deltas or ratings" in page and "“Q1”" in page
    job = FeedbackImport.objects.get()
    url = preview_url(past_activity, job)
    page = manager_client.post(
        url, {"action": "map", "plus": "Q1", "rating": "Q2"}, follow=True
    ).content.decode()
    assert "1 response ready" in page
    manager_client.post(url, {"action": "apply"})
    assert FeedbackResponse.objects.get().rating == 3


def test_a_file_that_is_not_a_table_is_refused(manager_client, past_activity) -> None:
    page = upload(manager_client, past_activity, "", "empty.csv").content.decode()
    assert "The submitted file is empty" in page
    page = upload(manager_client, past_activity, "\n\n", "blank.csv").content.decode()
    assert "blank.csv: The file is empty" in page
    assert "empty" in page
    assert FeedbackImport.objects.count() == 0


def test_the_preview_shows_the_files_markup_as_text(manager_client, past_activity) -> None:
    """Column names and cells come from someone else's file: the preview escapes them."""
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    hostile = GOOGLE_CSV.replace("The pairs, really", payload).replace("Which country?", payload)
    for page in (
        upload(manager_client, past_activity, hostile).content.decode(),
        upload(manager_client, past_activity, hostile.replace("4 stars", "9")).content.decode(),
    ):
        assert "<img src=x" not in page and "<script>alert" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_file_over_the_upload_limits_is_refused_naming_the_limit(
    manager_client, past_activity, settings
) -> None:
    settings.IMPORT_MAX_CELL_CHARS = 100
    content = "Plus,Delta\nThe talks," + "x" * 101 + "\n"
    page = upload(manager_client, past_activity, content, "form.csv").content.decode()
    assert (
        "form.csv: Line 2, column 2: the cell holds 101 characters; a cell may hold at most 100."
        in page
    )
    assert FeedbackImport.objects.count() == 0
