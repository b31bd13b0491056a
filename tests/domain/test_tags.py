import pytest

from roundtable.domain.tags import tag_names


def test_tags_are_split_normalised_and_deduplicated() -> None:
    assert tag_names("Leak detection; GIS ,  gis\n#Pricing|  ") == [
        "leak detection",
        "gis",
        "pricing",
    ]


def test_empty_text_has_no_tags() -> None:
    assert tag_names("") == []


def test_over_long_tag_is_refused() -> None:
    with pytest.raises(ValueError, match="longer than 64 characters"):
        tag_names("x" * 65)
