from datetime import UTC, datetime

import pytest

from roundtable.domain.places import (
    PlaceError,
    countries_in_region,
    country_code,
    region_of,
    timezone_name,
    timezones_with_offset_between,
)


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("KE", "KE"),
        ("ken", "KE"),
        ("Kenya", "KE"),
        ("kenya", "KE"),
        ("UK", "GB"),
        ("Côte d'Ivoire", "CI"),
        ("Bolivia", "BO"),
        ("  peru ", "PE"),
        ("", ""),
    ],
)
def test_country_code_accepts_codes_and_names(given: str, code: str) -> None:
    assert country_code(given) == code


def test_unknown_country_names_what_was_given() -> None:
    with pytest.raises(PlaceError, match="“Atlantis” is not a country"):
        country_code("Atlantis")


def test_regions() -> None:
    assert region_of("KE") == "Africa"
    assert region_of("PE") == "Americas"
    assert "DE" in countries_in_region("Europe")
    assert region_of("AQ") == ""


def test_timezone_names_are_validated_and_canonicalised() -> None:
    assert timezone_name("africa/nairobi") == "Africa/Nairobi"
    with pytest.raises(PlaceError, match="“Mars/Olympus” is not a time zone"):
        timezone_name("Mars/Olympus")


def test_offsets_follow_daylight_saving() -> None:
    january = datetime(2026, 1, 15, tzinfo=UTC)
    july = datetime(2026, 7, 15, tzinfo=UTC)
    assert "Europe/Paris" in timezones_with_offset_between(1, 1, january)
    assert "Europe/Paris" not in timezones_with_offset_between(1, 1, july)
    assert "Africa/Nairobi" in timezones_with_offset_between(3, 3, july)
