from roundtable.domain.participation import Counts, Level, Thresholds, participation_level


def test_no_participation_is_inactive() -> None:
    assert participation_level(Counts(0, 0), Thresholds()) is Level.INACTIVE
