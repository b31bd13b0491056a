from datetime import UTC, datetime

import pytest

from roundtable.domain.places import (
    PlaceError,
    countries_in_region,
    country_code,
    current_timezone,
    current_timezone_names,
    region_of,
    timezone_choices,
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


def test_people_pick_from_current_zone_names_and_old_ones_map_to_them() -> None:
    names = current_timezone_names()

    assert names[0] == "UTC" and "Africa/Nairobi" in names and "Asia/Kolkata" in names
    assert "Africa/Asmera" not in names and "Asia/Calcutta" not in names
    assert "Europe/Kiev" not in names and "Europe/Kyiv" in names
    # A browser may still report an old name: it means the zone it links to.
    assert current_timezone("Asia/Calcutta") == "Asia/Kolkata"
    assert current_timezone("Europe/Kiev") == "Europe/Kyiv"
    assert current_timezone("America/Lima") == "America/Lima"
    assert current_timezone("Not/A_Zone") == "Not/A_Zone"


def test_a_form_keeps_the_old_zone_name_a_record_already_has() -> None:
    assert ("Asia/Calcutta", "Asia/Calcutta") not in timezone_choices()
    assert ("Asia/Calcutta", "Asia/Calcutta") in timezone_choices("Asia/Calcutta")
    assert ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos Aires") in (
        timezone_choices()
    )
    # Nothing that is not a zone is ever offered.
    assert len(timezone_choices("Not/A_Zone")) == len(timezone_choices())
