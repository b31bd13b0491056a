"""The insights command over the hand-worked community of tests/domain/insights/community.py,
stored as members and participation records."""

import json
from datetime import date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from roundtable.communities.models import Community
from roundtable.insights.figures import community_insight_figures


def _insights(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("insights", "--community", "alpha", "--json", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_the_first_half_year_of_the_hand_worked_community(hand_worked: dict[int, int]) -> None:
    figures = _insights("--from", "2026-01-01", "--to", "2026-06-30")

    assert (figures["community"], figures["from"], figures["to"], figures["as_of"]) == (
        "alpha",
        "2026-01-01",
        "2026-06-30",
        "2026-06-30",
    )
    # Worked out in tests/domain/insights/test_activity.py.
    assert [
        (m["month"], m["active"], m["new"], m["returning"], m["community"])
        for m in figures["active_by_month"]
    ] == [
        ("2026-01", 2, 2, 0, 4),
        ("2026-02", 3, 2, 1, 6),
        ("2026-03", 5, 2, 3, 8),
        ("2026-04", 3, 1, 2, 9),
        ("2026-05", 3, 1, 2, 10),
        ("2026-06", 3, 1, 2, 12),
    ]
    assert [m["share"] for m in figures["active_by_month"]] == [0.5, 0.5, 0.625, 1 / 3, 0.3, 0.25]
    # The cohorts of the period's months only (December 2025's is before it); the data end
    # with June 30, so June is over and July is not (test_retention.py).
    assert [
        (c["month"], c["size"], [h["retained"] for h in c["horizons"]])
        for c in figures["retention_cohorts"]
    ] == [
        ("2026-01", 2, [1, 0, None, None]),
        ("2026-02", 2, [1, 1, None, None]),
        ("2026-03", 2, [1, 0, None, None]),
        ("2026-04", 1, [0, None, None, None]),
        ("2026-05", 1, [0, None, None, None]),
        ("2026-06", 2, [None, None, None, None]),
    ]
    assert figures["newcomer_conversion"] == {
        "newcomers": 8,
        "converted": 5,
        "rate": 0.625,
        "median_days_to_second": 35,
    }
    # As of June 30, the quarter before last is October to December 2025: nobody.
    assert figures["slipping_away"] == []
    ids = hand_worked
    assert figures["level_flows"] == {
        "from_quarter_end": "2026-03-31",
        "to_quarter_end": "2026-06-30",
        "flows": [
            {"from": "core", "to": "occasional", "count": 1, "member_ids": [ids[1]]},
            {"from": "occasional", "to": "peripheral", "count": 1, "member_ids": [ids[5]]},
            {"from": "occasional", "to": "inactive", "count": 2, "member_ids": [ids[3], ids[8]]},
            {"from": "peripheral", "to": "active", "count": 1, "member_ids": [ids[7]]},
            {"from": "peripheral", "to": "inactive", "count": 2, "member_ids": [ids[2], ids[4]]},
            {"from": "inactive", "to": "inactive", "count": 1, "member_ids": [ids[6]]},
            {"from": None, "to": "occasional", "count": 1, "member_ids": [ids[9]]},
            {"from": None, "to": "peripheral", "count": 2, "member_ids": [ids[10], ids[11]]},
            {"from": None, "to": "inactive", "count": 1, "member_ids": [ids[12]]},
        ],
    }


def test_slipping_away_in_july_names_the_members(hand_worked: dict[int, int]) -> None:
    figures = _insights("--from", "2026-07-01", "--to", "2026-07-15")

    # January to March is the quarter before last (test_slipping.py).
    assert figures["slipping_away"] == [
        {"member_id": hand_worked[3], "name": "Member 3", "last_active": "2026-01-24"},
        {"member_id": hand_worked[4], "name": "Member 4", "last_active": "2026-02-14"},
        {"member_id": hand_worked[2], "name": "Member 2", "last_active": "2026-03-12"},
        {"member_id": hand_worked[8], "name": "Member 8", "last_active": "2026-03-12"},
    ]
    assert figures["active_by_month"] == [
        {"month": "2026-07", "active": 0, "new": 0, "returning": 0, "community": 12, "share": 0.0}
    ]


def test_records_after_the_period_do_not_count(hand_worked: dict[int, int]) -> None:
    figures = _insights("--from", "2026-01-01", "--to", "2026-03-31")

    # Newcomers 1, 3, 4, 5, 7, 8; by March 31 only 1 (35 days) and 3 (14 days) came back:
    # 5 came back in May and 7 in April, after the period.
    assert figures["newcomer_conversion"] == {
        "newcomers": 6,
        "converted": 2,
        "rate": 2 / 6,
        "median_days_to_second": 24.5,
    }
    # Only members who had joined by March 31 are counted.
    assert [c["month"] for c in figures["retention_cohorts"]] == ["2026-01", "2026-02", "2026-03"]
    assert figures["level_flows"]["to_quarter_end"] == "2026-03-31"


def test_the_default_period_is_the_last_twelve_months(hand_worked: dict[int, int]) -> None:
    figures = _insights()

    assert (figures["from"], figures["to"], figures["as_of"]) == (
        "2025-08-01",
        "2026-07-15",
        "2026-07-15",
    )
    assert len(figures["active_by_month"]) == 12


def test_a_period_in_the_future_has_nothing_yet(hand_worked: dict[int, int]) -> None:
    figures = _insights("--from", "2027-01-01", "--to", "2027-02-28")

    # The figures stand as of today, July 15 2026: nobody has taken part in 2027.
    assert figures["as_of"] == "2026-07-15"
    assert [m["active"] for m in figures["active_by_month"]] == [0, 0]
    assert figures["retention_cohorts"] == []
    assert figures["newcomer_conversion"]["newcomers"] == 0


def test_a_community_without_members(community: Community) -> None:
    figures = _insights("--from", "2026-01-01", "--to", "2026-01-31")

    assert figures["active_by_month"] == [
        {"month": "2026-01", "active": 0, "new": 0, "returning": 0, "community": 0, "share": 0.0}
    ]
    assert figures["retention_cohorts"] == []
    assert figures["slipping_away"] == []
    assert figures["level_flows"]["flows"] == []


def test_the_figures_take_a_fixed_number_of_queries(
    hand_worked: dict[int, int], community: Community, django_assert_num_queries: Any
) -> None:
    # Members, records, and the names of those slipping away, however many there are.
    with django_assert_num_queries(3):
        community_insight_figures(
            community=community,
            start=datetime(2026, 1, 1).date(),
            end=datetime(2026, 7, 15).date(),
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--community", "nope"], "No community with the slug 'nope'."),
        (
            ["--community", "alpha", "--from", "2026-13-01"],
            "--from '2026-13-01' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.",
        ),
        (["--community", "alpha", "--to", "last week"], "--to 'last week' is not a date"),
        (
            ["--community", "alpha", "--to", "0001-01-15"],
            "--to 0001-01-15 is out of range: use a date from 1900-01-01 to 2199-12-31.",
        ),
        (["--community", "alpha", "--from", "9999-12-01"], "--from 9999-12-01 is out of range"),
        (
            ["--community", "alpha", "--from", "2026-05-01", "--to", "2026-04-30"],
            "--from 2026-05-01 is after --to 2026-04-30: the period must start on or before",
        ),
    ],
)
def test_bad_arguments_are_named(community: Community, args: list[str], message: str) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("insights", *args, "--json", stdout=out)

    assert str(error.value).startswith(message)
    assert out.getvalue() == ""


def test_a_start_after_today_without_an_end_is_named(hand_worked: dict[int, int]) -> None:
    with pytest.raises(CommandError, match=r"--from 2026-08-01 is after today \(2026-07-15\)"):
        call_command("insights", "--community", "alpha", "--from", "2026-08-01", "--json")


def test_without_json_a_short_summary(hand_worked: dict[int, int]) -> None:
    out = StringIO()
    call_command(
        "insights", "--community", "alpha", "--from", "2026-06-01", "--to", "2026-07-15", stdout=out
    )

    text = out.getvalue()
    assert "Insights for alpha, 2026-06-01 to 2026-07-15 (as of 2026-07-15)" in text
    # June: active {1, 9, 11}, 11 new, 12 members; July: nobody yet.
    assert "  2026-06       3     1         2        12    25%" in text
    assert "  2026-07       0     0         0        12     0%" in text
    # The June cohort {11, 12}: July is not over.
    assert "  2026-06      2      –      –      –      –" in text
    # Newcomers: only 11 came first in the period (June 6) and not again.
    assert "Newcomers: 0 of 1 came again (0%)." in text
    assert "Slipping away: 4\n  Member 3 (last 2026-01-24)\n  Member 4 (last 2026-02-14)" in text
    assert "  not yet a member → peripheral: 2" in text


def test_levels_by_month_end_and_a_group_as_if_it_were_the_community(
    hand_worked: dict[int, int], community: Community
) -> None:
    figures = community_insight_figures(
        community=community, start=date(2026, 1, 1), end=date(2026, 6, 30), level_history=True
    )
    history = {h["month"]: h["levels"] for h in figures["levels_by_month"]}
    assert len(figures["levels_by_month"]) == 24
    assert figures["levels_by_month"][0]["month"] == "2024-07"
    # The same levels as the flows' ends (above): March 31 and June 30.
    assert history["2026-03"] == {
        "core": 1, "active": 0, "occasional": 3, "peripheral": 3, "inactive": 1
    }  # fmt: skip
    assert history["2026-06"] == {
        "core": 0, "active": 1, "occasional": 2, "peripheral": 3, "inactive": 6
    }  # fmt: skip
    assert sum(history["2025-11"].values()) == 0  # nobody had joined yet

    # Members 1 to 6 only: their events, their join dates, nobody else's.
    ids = [hand_worked[n] for n in range(1, 7)]
    grouped = community_insight_figures(
        community=community,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        group=lambda prefix: Q(**{f"{prefix}pk__in": ids}),
        level_history=True,
    )
    assert [(m["active"], m["new"], m["community"]) for m in grouped["active_by_month"]] == [
        (2, 2, 4),
        (3, 2, 6),
        (3, 0, 6),
        (1, 0, 6),
        (1, 0, 6),
        (1, 0, 6),
    ]
    assert sum(grouped["levels_by_month"][-1]["levels"].values()) == 6
