"""The purpose taxonomy and the indicator catalogue are complete and consistent."""

from roundtable.domain.planning.indicators import INDICATORS, target_problem
from roundtable.domain.planning.taxonomy import PURPOSE_IDS, purposes


def test_every_purpose_says_what_it_needs():
    taxonomy = purposes()
    assert tuple(taxonomy) == PURPOSE_IDS
    assert taxonomy["peer_support"].needs_voices and taxonomy["peer_support"].needs_connections
    assert any("follow up" in need for need in taxonomy["peer_support"].requires)
    assert not taxonomy["informing"].needs_voices
    for purpose in taxonomy.values():
        assert purpose.definition and purpose.requires and purpose.suggested_indicators


def test_the_indicator_catalogue():
    assert set(INDICATORS) == {
        "attendance",
        "segment_share",
        "voice_reach",
        "plus_delta_ratio",
        "mean_rating",
        "new_connections",
        "follow_up_actions",
        "manual",
    }
    assert target_problem("voice_reach", 0.7) is None
    assert (
        target_problem("voice_reach", 1.5) == "the target of voice_reach must be at most 1, not 1.5"
    )
    assert target_problem("attendance", -1) == "the target of attendance must be at least 0, not -1"
    assert target_problem("mean_rating", "high") is not None
    assert target_problem("manual", "Two utilities sign up") is None
    for indicator in INDICATORS.values():
        assert target_problem(indicator.id, indicator.default_target) is None
