"""The one-page report (HTML and PDF) and `roundtable evaluate`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from roundtable.activities.models import SuccessIndicator
from roundtable.feedback.services import decision_add, responses_create, themes_regroup

ROWS = [
    {"plus": "The peer assists were practical", "delta": "Audio for the online room", "rating": 5},
    {"plus": "Practical peer assists", "delta": "Audio kept dropping", "rating": 4},
]


@pytest.fixture
def evaluated(past_activity):
    SuccessIndicator.objects.create(activity=past_activity, metric="attendance", target="2")
    SuccessIndicator.objects.create(activity=past_activity, metric="mean_rating", target="4.8")
    responses_create(activity=past_activity, rows=ROWS, on=past_activity.starts_at)
    themes_regroup(activity=past_activity)
    decision_add(activity=past_activity, text="Test the audio the day before")
    return past_activity


def test_the_html_report(manager_client, evaluated) -> None:
    url = reverse("activity_report", args=[evaluated.community.slug, evaluated.pk])
    page = manager_client.get(url).content.decode()
    assert "1 of 2 met" in page and "The peer assists were practical" in page
    assert "Test the audio the day before" in page and "<svg" in page


def test_the_pdf_report_has_the_text_and_renders(manager_client, evaluated) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    url = reverse("activity_report_pdf", args=[evaluated.community.slug, evaluated.pk])
    response = manager_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == 1  # one page
    text = pdf[0].get_textpage().get_text_range()
    for expected in (evaluated.title, "Success indicators", "Mean rating", "Audio", "4.5"):
        assert expected in text, expected
    image = pdf[0].render(scale=1).to_pil()
    assert image.size[0] > 500 and image.size[1] > 700
    assert len(image.convert("L").getcolors(maxcolors=100000) or []) > 10  # not a blank page
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "feedback-report-pdf.png")


def test_evaluate_command_json(evaluated) -> None:
    out = io.StringIO()
    call_command("evaluate", str(evaluated.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["activity"]["id"] == evaluated.pk
    by_metric = {i["metric"]: i for i in data["indicators"]}
    assert by_metric["attendance"]["actual"] == 2 and by_metric["attendance"]["met"] is True
    assert by_metric["mean_rating"]["actual"] == 4.5 and by_metric["mean_rating"]["met"] is False
    assert data["summary"]["pluses"] == 2


def test_evaluate_command_text_and_bad_ids(evaluated) -> None:
    out = io.StringIO()
    call_command("evaluate", str(evaluated.pk), stdout=out)
    assert "NOT met" in out.getvalue() and "Mean rating" in out.getvalue()
    with pytest.raises(CommandError, match="no activity 999"):
        call_command("evaluate", "999")
    with pytest.raises(CommandError, match="not an activity id"):
        call_command("evaluate", "abc")
