"""The quarterly community report over the hand-worked community (the clock on 15 July 2026)."""

from datetime import date

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.urls import reverse

from roundtable.communities.models import Community
from roundtable.insights.report import Quarter, last_full_quarter, quarter_parse


def _report(client: Client, community: Community, **query: str):
    return client.get(reverse("insights_report", args=[community.slug]), query)


def test_the_last_full_quarter_by_default(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    page = _report(manager_client, community)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Q2 2026: is the community getting stronger?" in text
    assert "1 April 2026 to 30 June 2026." in text
    # 12 had joined by 30 June; 9, 10, 11 and 12 joined in the quarter; June's active: 1, 9, 11.
    assert "<strong>12</strong><span>members</span>" in text
    assert "<strong>4</strong><span>joined this quarter</span>" in text
    assert "<strong>3</strong><span>active in June 2026 (25 %)</span>" in text
    assert 'role="img" aria-label="Active members by month"' in text


def test_the_report_names_nobody(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    # Q3 2026, as of 15 July: members 2, 3, 4, 5, 7, 8 and 10 have slipped away.
    text = _report(manager_client, community, quarter="2026-Q3").content.decode()

    assert "(the quarter is not over)" in text
    assert "Slipping away:</strong> " in text
    assert "Member " not in text


def test_the_report_as_pdf(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    answer = manager_client.get(
        reverse("insights_report_pdf", args=[community.slug]), {"quarter": "2026-Q2"}
    )

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == 'inline; filename="alpha-2026-Q2-report.pdf"'
    document = pdfium.PdfDocument(answer.content)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Q2 2026: is the community getting stronger?" in text
    assert "Member " not in text


@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("2026-Q5", "Quarter: “2026-Q5” is not a quarter; write it as YYYY-Qn"),
        ("spring", "is not a quarter"),
        ("1800-Q1", "Quarter: 1800 is out of range"),
    ],
)
def test_a_mistyped_quarter_is_named(
    hand_worked: dict[int, int], community: Community, manager_client: Client, quarter: str,
    message: str,
) -> None:  # fmt: skip
    page = _report(manager_client, community, quarter=quarter)
    pdf = manager_client.get(
        reverse("insights_report_pdf", args=[community.slug]), {"quarter": quarter}
    )

    assert page.status_code == pdf.status_code == 400
    assert message in page.content.decode()


def test_a_quarter_to_come_and_a_quarter_before_anyone_joined(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    later = _report(manager_client, community, quarter="2026-Q4").content.decode()
    before = _report(manager_client, community, quarter="2024-Q1").content.decode()

    assert "Q4 2026 starts on 1 October 2026, after today" in later
    assert "Nobody had joined the community by the end of Q1 2024" in before


def test_an_empty_community(community: Community, manager_client: Client) -> None:
    text = _report(manager_client, community).content.decode()

    assert "nothing to report" in text


def test_members_cannot_read_it(community: Community, member_client: Client) -> None:
    assert _report(member_client, community).status_code == 403


def test_quarters() -> None:
    assert quarter_parse("2026-q3") == Quarter(date(2026, 7, 1), date(2026, 9, 30))
    assert last_full_quarter(date(2026, 1, 10)) == Quarter(date(2025, 10, 1), date(2025, 12, 31))
    assert Quarter.holding(date(2026, 5, 5)).param == "2026-Q2"
