"""Activities compared, on five hand-worked activities.

| id | format      | purpose         | registered | attended | voice | ratings | + | Δ | new conn. | judged | met |
| -- | ----------- | --------------- | ---------- | -------- | ----- | ------- | - | - | --------- | ------ | --- |
| 1  | Peer assist | Solve a problem | 10         | 8        | 0.5   | 4, 5    | 6 | 2 | 4         | 2      | 1   |
| 2  | Peer assist | Solve a problem | 0          | 5        |       |         | 0 | 0 | 0         | 0      | 0   |
| 3  | Peer assist | Solve a problem | 20         | 10       | 0.7   | 3       | 2 | 2 | 10        | 1      | 1   |
| 4  | Webinar     | Share knowledge | 100        | 40       | 0.1   | 4,4,4,2 | 3 | 7 | 0         | 2      | 0   |
| 5  | (none)      | (none)          | 4          | 4        |       |         | 0 | 0 | 0         | 0      | 0   |
"""  # noqa: E501

import pytest

from roundtable.domain.insights.formats_compared import (
    ActivityOutcome,
    FormatPurpose,
    compare_formats,
    sorted_outcomes,
)

PEER, SOLVE = "Peer assist", "Solve a problem"
OUTCOMES = [
    ActivityOutcome(1, PEER, SOLVE, 10, 8, 0.5, (4, 5), 6, 2, 4, 2, 1),
    ActivityOutcome(2, PEER, SOLVE, 0, 5, None, (), 0, 0, 0, 0, 0),
    ActivityOutcome(3, PEER, SOLVE, 20, 10, 0.7, (3,), 2, 2, 10, 1, 1),
    ActivityOutcome(4, "Webinar", "Share knowledge", 100, 40, 0.1, (4, 4, 4, 2), 3, 7, 0, 2, 0),
    ActivityOutcome(5, "", "", 4, 4, None, (), 0, 0, 0, 0, 0),
]


def test_formats_and_purposes_compared() -> None:
    assert compare_formats(OUTCOMES) == [
        # Turnout over 1 and 3 (2 had no registrations): 18 / 30; voice (0.5 + 0.7) / 2; the
        # three ratings 4, 5, 3; pluses 8 of 12; 14 connections over 3; indicators 2 of 3.
        FormatPurpose(PEER, SOLVE, 3, turnout=0.6, voice_reach=pytest.approx(0.6),
                      mean_rating=4.0, plus_share=pytest.approx(2 / 3),
                      new_connections=pytest.approx(14 / 3), indicators_met=pytest.approx(2 / 3)),
        # Of the single activities, the one with a format first.
        FormatPurpose("Webinar", "Share knowledge", 1, turnout=0.4, voice_reach=0.1,
                      mean_rating=3.5, plus_share=0.3, new_connections=0.0, indicators_met=0.0),
        FormatPurpose("", "", 1, turnout=1.0, voice_reach=None, mean_rating=None,
                      plus_share=None, new_connections=0.0, indicators_met=None),
    ]  # fmt: skip


def test_one_activity_alone_is_its_own_figures() -> None:
    (row,) = compare_formats(OUTCOMES[:1])

    assert (row.turnout, row.voice_reach, row.mean_rating, row.plus_share) == (0.8, 0.5, 4.5, 0.75)
    assert (row.new_connections, row.indicators_met) == (4.0, 0.5)


def test_nothing_to_compare() -> None:
    assert compare_formats([]) == []


def test_sorted_by_a_column_with_unknown_values_last() -> None:
    by_rating = sorted_outcomes(OUTCOMES, "rating")
    by_turnout = sorted_outcomes(OUTCOMES, "turnout", descending=False)

    # Ratings 4.5, 3.5, 3.0; 2 and 5 have none, in the order given.
    assert [o.activity_id for o in by_rating] == [1, 4, 3, 2, 5]
    # Turnout 0.4, 0.5, 0.8, 1.0; 2 had no registrations.
    assert [o.activity_id for o in by_turnout] == [4, 3, 1, 5, 2]
    # Ties keep the order given: 2, 4 and 5 have no new connection.
    assert [o.activity_id for o in sorted_outcomes(OUTCOMES, "connections")] == [3, 1, 2, 4, 5]


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(KeyError):
        sorted_outcomes(OUTCOMES, "title")
