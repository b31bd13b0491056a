"""Matching headers to member fields, and validating rows with messages a person can act on."""

from datetime import date

import pytest

from roundtable.domain.member_rows import (
    HeaderError,
    RowValidator,
    column_mapping,
    header_key,
    is_email,
    parse_date,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("  MAIL ", "email"),
        ("Name", "full_name"),
        ("Full name", "full_name"),
        ("first_name", "first_name"),
        ("Last Name", "last_name"),
        ("Organization", "organisation"),
        ("Company", "organisation"),
        ("Institution", "organisation"),
        ("Job title", "role"),
        ("Position", "role"),
        ("Time zone", "timezone"),
        ("TZ", "timezone"),
        ("Country/Region", "country"),
        ("Skills", "expertise"),
        ("Expertise", "expertise"),
        ("Interests", "interests"),
        ("Languages", "languages"),
        ("Member since", "joined_on"),
        ("Joined", "joined_on"),
        ("Bio", "bio"),
        ("Correo electrónico", "email"),
        ("Need urgency", "need_urgency"),
    ],
)
def test_headers_are_matched_tolerantly(header: str, field: str) -> None:
    mapping = column_mapping([header, "Email"] if field != "email" else [header])
    assert mapping.columns[field] == header


def test_header_key_drops_case_spaces_punctuation_and_accents() -> None:
    assert header_key(" E-Mail_Address ") == "emailaddress"
    assert header_key("País") == "pais"


def test_unknown_columns_are_ignored_not_errors() -> None:
    mapping = column_mapping(["api_id", "name", "email", "ticket_name"])
    assert mapping.columns == {"full_name": "name", "email": "email"}
    assert mapping.ignored == ["api_id", "ticket_name"]


def test_a_data_row_instead_of_a_header_is_reported() -> None:
    with pytest.raises(HeaderError, match="“Ana Lima”, “ana@example.org”.* is not a header row"):
        column_mapping(["Ana Lima", "ana@example.org", "Kenya"])


def test_no_email_column() -> None:
    with pytest.raises(HeaderError, match="There is no e-mail column"):
        column_mapping(["Name", "Company"])


def test_two_columns_meaning_the_same_field() -> None:
    with pytest.raises(HeaderError, match="“Email” and “E-mail address” both mean E-mail"):
        column_mapping(["Email", "E-mail address"])


def _validate(raw: dict[str, str], validator: RowValidator | None = None, line: int = 2):
    validator = validator or RowValidator(column_mapping(list(raw)))
    return validator.validate(line, raw)


def test_a_valid_row_is_normalised() -> None:
    row, errors = _validate(
        {
            "Name": " Ana Lima ",
            "E-mail": "Ana@Example.org",
            "Country": "Kenya",
            "TZ": "africa/nairobi",
            "Skills": "Leak detection; GIS , gis",
            "Joined": "5 March 2024",
            "Need": "Finding leaks",
            "Urgency": "burning",
        }
    )
    assert errors == []
    assert row is not None
    assert (row.full_name, row.email, row.country, row.timezone) == (
        "Ana Lima",
        "ana@example.org",
        "KE",
        "Africa/Nairobi",
    )
    assert row.expertise == ["leak detection", "gis"]
    assert row.joined_on == date(2024, 3, 5)
    assert (row.need, row.need_urgency) == ("Finding leaks", 4)


def test_first_and_last_name_make_the_full_name() -> None:
    row, _ = _validate({"First name": "Ana", "Last name": "Lima", "Email": "a@example.org"})
    assert row is not None and row.full_name == "Ana Lima"


def test_every_error_names_line_column_value_and_reason() -> None:
    row, errors = _validate(
        {
            "E-mail": "bob@",
            "Country": "Atlantis",
            "Time zone": "Mars/Olympus",
            "Member since": "05/03/2024",
            "Company": "x" * 201,
        },
        line=12,
    )
    assert row is None
    messages = [str(e) for e in errors]
    assert messages[0] == 'line 12, column "E-mail": “bob@” is not a valid e-mail address'
    assert 'line 12, column "Company": “xxx' in messages[1]
    assert "is 201 characters long; the most allowed is 200" in messages[1]
    assert messages[2].startswith('line 12, column "Country": “Atlantis” is not a country')
    assert messages[3].startswith('line 12, column "Time zone": “Mars/Olympus” is not a time zone')
    assert "YYYY-MM-DD" in messages[4] and "ambiguous" in messages[4]
    assert len(errors[1].value) <= 60


def test_missing_email() -> None:
    _, errors = _validate({"Name": "Ana", "Email": ""})
    assert str(errors[0]) == (
        'line 2, column "Email": is empty: every row needs an e-mail address, '
        "the key members are matched by"
    )


def test_duplicate_email_names_the_earlier_line() -> None:
    validator = RowValidator(column_mapping(["Name", "Email"]))
    assert validator.validate(2, {"Name": "Ana", "Email": "ana@example.org"})[1] == []
    _, errors = validator.validate(7, {"Name": "Ana L", "Email": "ANA@example.org"})
    assert str(errors[0]) == (
        'line 7, column "Email": “ANA@example.org” appears again: line 2 already has this '
        "e-mail address"
    )


def test_neutralised_cells_read_back_as_written() -> None:
    row, _ = _validate({"Name": "Ana", "Email": "a@example.org", "Bio": "'-- engineer"})
    assert row is not None and row.bio == "-- engineer"


def test_bad_urgency() -> None:
    _, errors = _validate({"Email": "a@example.org", "Name": "A", "Need": "x", "Urgency": "9"})
    assert errors[0].reason.startswith("is not an urgency")


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "2024/03/05",
        "5 March 2024",
        "5 Mar 2024",
        "March 5, 2024",
        "2024-03-05T10:00:00Z",
    ],  # fmt: skip
)
def test_dates(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 5)


@pytest.mark.parametrize("text", ["05/03/2024", "yesterday", "2024-13-01"])
def test_unreadable_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("ana@example.org", True),
        ("o'brien+cop@water.co.uk", True),
        ("x@münchen.de", True),
        ("bob@", False),
        ("a b@example.org", False),
        ("ana@example", False),
        ("lucía@example.org", False),  # Django's forms refuse it, so the member could not be edited
    ],
)
def test_email_syntax(value: str, valid: bool) -> None:
    assert is_email(value) is valid
