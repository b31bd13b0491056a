import pytest

from roundtable.domain.voice_metrics import gini, voice_metrics


def test_an_even_spread_has_gini_zero():
    assert gini([3, 3, 3, 3]) == 0.0


def test_one_person_doing_everything_has_gini_n_minus_one_over_n():
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)


def test_nobody_contributing_is_not_unequal():
    assert gini([]) == 0.0
    assert gini([0, 0]) == 0.0


def test_negative_values_are_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        gini([1, -1])


def test_voice_metrics_count_everyone_who_joined():
    metrics = voice_metrics(contributions=[0, 2, 4, 0], questions_asked=3, questions_answered=1)
    assert metrics.joined == 4
    assert metrics.contributors == 2
    assert metrics.voice_reach == 0.5
    assert metrics.contributions_per_participant == 1.5
    assert metrics.gini == pytest.approx(0.5833, abs=1e-3)
    assert (metrics.questions_asked, metrics.questions_answered) == (3, 1)


def test_an_empty_session_has_zero_metrics():
    metrics = voice_metrics(contributions=[], questions_asked=0, questions_answered=0)
    assert (metrics.joined, metrics.voice_reach, metrics.gini) == (0, 0.0, 0.0)
