"""Indicator calculations against figures worked out by hand."""

import pytest

from roundtable.domain.evaluation import (
    ActivityFacts,
    IndicatorSpec,
    VoiceFacts,
    evaluate,
    parse_number,
    plus_delta_ratio,
    voice_evenness,
)


def facts(**changes) -> ActivityFacts:
    base = {
        "registered": 40,
        "attended": 25,
        "attended_from_segment": 15,
        "voice": VoiceFacts(25, (3, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
        "pluses": 12,
        "deltas": 5,
        "ratings": (5, 4, 4, 3, 5, 4),
        "new_connections": 18,
        "follow_up_intentions": 7,
    }
    return ActivityFacts(**{**base, **changes})


def result(metric: str, target: str, f: ActivityFacts | None = None, manual: str = ""):
    return evaluate([IndicatorSpec(metric, target, "", manual)], f or facts()).results[0]


def test_attendance_counts_people_who_came_not_registrations() -> None:
    r = result("attendance", "20")
    assert r.actual == 25 and r.met is True
    assert "40 registered" in r.note
    assert result("attendance", "30").met is False


def test_segment_share_is_attendees_from_the_segment_over_attendees() -> None:
    r = result("segment_share", "0.6")  # 15 / 25 = 0.60: exactly the target is met
    assert r.actual == pytest.approx(0.6) and r.met is True
    assert r.actual_text == "60 %"
    assert result("segment_share", "0.61").met is False


def test_segment_share_without_a_segment_cannot_be_judged() -> None:
    r = result("segment_share", "0.6", facts(attended_from_segment=None))
    assert r.actual is None and r.met is None
    assert "whole community" in r.note


def test_voice_reach_is_contributors_over_people_present() -> None:
    r = result("voice_reach", "0.7")  # 20 of 25 contributed = 0.8
    assert r.actual == pytest.approx(0.8) and r.met is True
    assert "20 of 25" in r.note


def test_plus_delta_ratio_and_mean_rating() -> None:
    assert result("plus_delta_ratio", "2").actual == pytest.approx(12 / 5)
    rating = result("mean_rating", "4.5")  # (5+4+4+3+5+4)/6 = 25/6 = 4.1666…
    assert rating.actual == pytest.approx(25 / 6) and rating.met is False
    assert rating.actual_text == "4.2"


def test_ratio_without_deltas_is_the_number_of_pluses_and_none_without_feedback() -> None:
    assert plus_delta_ratio(3, 0) == 3.0
    assert plus_delta_ratio(0, 0) is None
    r = result("mean_rating", "4", facts(ratings=()))
    assert r.actual is None and r.met is None and r.actual_text == "—"


def test_new_connections_and_follow_up() -> None:
    assert result("new_connections", "10").actual == 18
    assert result("follow_up_actions", "8").met is False


def test_manual_indicators_use_the_entered_value() -> None:
    assert result("manual", "3", manual="4").met is True
    text = result("manual", "A partner joins", manual="The bank joined")
    assert text.actual == "The bank joined" and text.met is None
    empty = result("manual", "A partner joins")
    assert empty.actual is None and empty.note == "not entered yet"


def test_evenness_by_hand() -> None:
    # 4 people present, one spoke 3 times, one once, two not at all: values 0,0,1,3.
    # Gini = 2*(1*0+2*0+3*1+4*3)/(4*4) - 5/4 = 30/16 - 20/16 = 0.625; evenness 0.375.
    assert voice_evenness(VoiceFacts(4, (3, 1))) == pytest.approx(0.375)
    assert voice_evenness(VoiceFacts(3, (2, 2, 2))) == pytest.approx(1.0)
    assert voice_evenness(VoiceFacts(0, ())) is None
    assert voice_evenness(VoiceFacts(10, (), "live", gini=0.25, reported_contributors=4)) == 0.75


def test_summary_and_counts_of_met() -> None:
    evaluation = evaluate(
        [IndicatorSpec("attendance", "20"), IndicatorSpec("mean_rating", "4.5")],
        facts(requests_sent=20, requests_answered=5),
    )
    assert evaluation.met_count == 1 and evaluation.judged_count == 2
    assert evaluation.summary["response_rate"] == 0.25


@pytest.mark.parametrize(
    ("text", "value"), [("0.6", 0.6), ("60%", 0.6), ("4,5", 4.5), ("a partner", "a partner")]
)
def test_targets_are_read_as_numbers_or_shares(text: str, value: float | str) -> None:
    assert parse_number(text) == (pytest.approx(value) if isinstance(value, float) else value)
