"""Member lists exported by Mailchimp and Discourse: their own columns, quoting and status rows."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roundtable.domain.member_rows import (
    LEFT_OUT_BOT,
    LEFT_OUT_STAGED,
    LEFT_OUT_SUSPENDED,
    HeaderError,
    RowValidator,
    column_mapping,
    source_of,
)

MAILCHIMP = (  # noqa: SIM905 - the header line as Mailchimp writes it
    "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,OPTIN_TIME,"
    "OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
    "LAST_CHANGED,LEID,EUID,NOTES,TAGS"
).split(",")
MAILCHIMP_UNSUBSCRIBED = [
    *MAILCHIMP[:19],
    "UNSUB_TIME",
    "UNSUB_CAMPAIGN_TITLE",
    "UNSUB_CAMPAIGN_ID",
    "UNSUB_REASON",
    "UNSUB_REASON_OTHER",
    *MAILCHIMP[19:],
]
MAILCHIMP_CLEANED = [*MAILCHIMP[:19], "CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", *MAILCHIMP[19:]]
DISCOURSE = (  # noqa: SIM905 - the header line as Discourse writes it
    "id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,"
    "trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,"
    "ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,"
    "post_count,likes_given,likes_received,location,website,views,group_names"
).split(",")
TODAY = date(2026, 5, 4)


def read(headers: list[str], csv_lines: str) -> list[dict[str, str]]:
    """Rows as a CSV reader gives them, from data lines written as the tool writes them."""
    text = ",".join(headers) + "\n" + csv_lines
    return list(csv.DictReader(io.StringIO(text)))


def mailchimp_row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(MAILCHIMP, "")
    row.update(
        {
            "Email Address": "ana@example.org",
            "First Name": "Ana",
            "Last Name": "Lima",
            "MEMBER_RATING": "2",
            "OPTIN_TIME": "2023-05-01 12:34:56",
            "CONFIRM_TIME": "2023-05-01 12:40:00",
            "TIMEZONE": "America/Lima",
            "CC": "PE",
            "LEID": "123",
            "EUID": "abc",
        }
    )
    row.update(cells)
    return row


def discourse_row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(DISCOURSE, "")
    row.update(
        {
            "id": "7",
            "name": "Jane Smith",
            "username": "jsmith",
            "email": "jane@example.org",
            "title": "Regular",
            "created_at": "2021-03-12 10:15:02 UTC",
            "trust_level": "2",
            "approved": "false",
            "active": "true",
            "staged": "false",
        }
    )
    row.update(cells)
    return row


def test_the_tools_are_recognised_by_their_columns() -> None:
    assert source_of(MAILCHIMP) == "mailchimp"
    assert source_of(DISCOURSE) == "discourse"
    assert source_of(["Full name", "E-mail", "Country", "Time zone"]) == ""
    assert source_of(["name", "email", "username"]) == ""  # one mark is not enough


def test_a_mailchimp_row_gives_name_country_zone_tags_and_date() -> None:
    mapping = column_mapping(MAILCHIMP)
    lines = read(
        MAILCHIMP,
        "ana@example.org,Ana,Lima,,,,2,2023-05-01 12:34:56,,2023-05-01 12:40:00,,,,,,"
        'America/Lima,PE,,2024-01-02 00:00:00,1,a,,"""Leak detection"",""Water, sanitation"""\n',
    )
    row, errors = RowValidator(mapping, today=TODAY).validate(2, lines[0])
    assert errors == [] and row is not None
    assert (row.email, row.full_name, row.country, row.timezone) == (
        "ana@example.org",
        "Ana Lima",
        "PE",
        "America/Lima",
    )
    assert row.interests == ["leak detection", "water, sanitation"]
    assert row.joined_on == date(2023, 5, 1)
    assert {"MEMBER_RATING", "LEID", "NOTES", "REGION", "Address"} <= set(mapping.ignored)


def test_mailchimp_falls_back_to_the_confirm_time_and_drops_guessed_places() -> None:
    mapping = column_mapping(MAILCHIMP)
    row, errors = RowValidator(mapping).validate(
        3, mailchimp_row(OPTIN_TIME="", TIMEZONE="Mars/Olympus", CC="ZZ", TAGS="")
    )
    assert errors == [] and row is not None
    assert row.joined_on == date(2023, 5, 1)
    assert (row.country, row.timezone, row.interests) == ("", "", [])


def test_a_mailchimp_country_column_comes_first_and_cc_fills_its_blanks() -> None:
    headers = [*MAILCHIMP, "Country"]
    mapping = column_mapping(headers)
    assert mapping.columns["country"] == "Country"
    validator = RowValidator(mapping)
    row, _ = validator.validate(2, {**mailchimp_row(), "Country": "Kenya"})
    assert row is not None and row.country == "KE"
    row, _ = validator.validate(3, {**mailchimp_row(**{"Email Address": "b@example.org"}),
                                    "Country": ""})  # fmt: skip
    assert row is not None and row.country == "PE"
    row, errors = validator.validate(4, {**mailchimp_row(**{"Email Address": "c@example.org"}),
                                         "Country": "Atlantis"})  # fmt: skip
    assert row is None and errors[0].column == "Country"  # typed by a person: an error


@pytest.mark.parametrize(
    ("headers", "status", "column"),
    [
        (MAILCHIMP_UNSUBSCRIBED, "unsubscribed", "UNSUB_TIME"),
        (MAILCHIMP_CLEANED, "cleaned", "CLEAN_TIME"),
    ],
)
def test_mailchimp_files_of_people_who_left_are_refused(
    headers: list[str], status: str, column: str
) -> None:
    with pytest.raises(HeaderError) as refused:
        column_mapping(headers)
    message = str(refused.value)
    assert f"{status} contacts" in message and f"“{column}”" in message
    assert "subscribed members' file" in message


def test_a_discourse_row_strips_the_extra_quotes_and_ignores_the_forum_title() -> None:
    mapping = column_mapping(DISCOURSE)
    assert "role" not in mapping.columns and "title" in mapping.ignored
    lines = read(
        DISCOURSE,
        '7,"""Smith, Jane""",jsmith,jane@example.org,"""Leader, Pumps""",'
        "2021-03-12 10:15:02 UTC,,,,2,false,,,,true,false,false,,false,,1,2,3,4,5,6,7,"
        '"""Nairobi, Kenya""",,0,trust_level_2\n',
    )
    row, errors = RowValidator(mapping, today=TODAY).validate(2, lines[0])
    assert errors == [] and row is not None
    assert (row.full_name, row.role, row.country) == ("Smith, Jane", "", "")
    assert row.joined_on == date(2021, 3, 12)


@pytest.mark.parametrize(
    ("location", "country"),
    [("Kenya", "KE"), ("Côte d'Ivoire", "CI"), ("CA", ""), ("GA", ""), ("Lima", ""), ("", "")],
)
def test_the_discourse_location_is_a_country_only_when_it_clearly_is_one(
    location: str, country: str
) -> None:
    mapping = column_mapping(DISCOURSE)
    row, errors = RowValidator(mapping).validate(2, discourse_row(location=location))
    assert errors == [] and row is not None and row.country == country


def test_a_discourse_user_without_a_name_is_named_by_username() -> None:
    row, _ = RowValidator(column_mapping(DISCOURSE)).validate(2, discourse_row(name=""))
    assert row is not None and row.full_name == "jsmith"


def test_discourse_custom_user_fields_are_read_as_member_fields() -> None:
    headers = [*DISCOURSE, "Organisation (custom user field)", "Country (custom user field)"]
    mapping = column_mapping(headers)
    assert mapping.columns["organisation"] == "Organisation (custom user field)"
    assert mapping.columns["country"] == "Country (custom user field)"
    row, _ = RowValidator(mapping).validate(
        2,
        {
            **discourse_row(location="Peru"),
            "Organisation (custom user field)": "KWA",
            "Country (custom user field)": "Kenya",
        },
    )
    assert row is not None and (row.organisation, row.country) == ("KWA", "KE")


def test_bots_staged_and_suspended_users_are_left_out_and_counted() -> None:
    validator = RowValidator(column_mapping(DISCOURSE), today=TODAY)
    rows = [
        discourse_row(id="-1", name="system", username="system", email="no_email"),
        discourse_row(id="-2", name="discobot", username="discobot", email="discobot_email"),
        discourse_row(id="8", email="staged@example.org", staged="true"),
        discourse_row(
            id="9",
            email="banned@example.org",
            suspended_at="2025-01-01 00:00:00 UTC",
            suspended_till="3025-01-01 00:00:00 UTC",
        ),
        discourse_row(
            id="10",
            email="back@example.org",
            suspended_at="2025-01-01 00:00:00 UTC",
            suspended_till="2025-02-01 00:00:00 UTC",  # over before today: a member again
        ),
        discourse_row(id="11", email="ok@example.org"),
    ]
    results = [validator.validate(line, raw) for line, raw in enumerate(rows, start=2)]
    assert [row.email if row else None for row, _ in results] == [
        None,
        None,
        None,
        None,
        "back@example.org",
        "ok@example.org",
    ]
    assert all(errors == [] for _, errors in results)
    assert validator.left_out == {LEFT_OUT_BOT: 2, LEFT_OUT_STAGED: 1, LEFT_OUT_SUSPENDED: 1}


def test_without_today_every_suspension_counts() -> None:
    validator = RowValidator(column_mapping(DISCOURSE))
    row, _ = validator.validate(2, discourse_row(suspended_till="2020-02-01 00:00:00 UTC"))
    assert row is None and validator.left_out == {LEFT_OUT_SUSPENDED: 1}


def test_staged_is_only_a_discourse_column() -> None:
    headers = ["Full name", "E-mail", "staged"]
    row, _ = RowValidator(column_mapping(headers)).validate(
        2, {"Full name": "Ana", "E-mail": "ana@example.org", "staged": "true"}
    )
    assert row is not None


@settings(max_examples=40, deadline=None)
@given(
    order=st.permutations(MAILCHIMP),
    upper=st.lists(st.booleans(), min_size=len(MAILCHIMP), max_size=len(MAILCHIMP)),
)
def test_mailchimp_columns_in_any_order_and_case(order: list[str], upper: list[bool]) -> None:
    headers = [h.upper() if up else h.lower() for h, up in zip(order, upper, strict=True)]
    renamed = dict(zip(order, headers, strict=True))
    raw = {renamed[k]: v for k, v in mailchimp_row(TAGS='"A","B"').items()}
    mapping = column_mapping(headers)
    assert mapping.source == "mailchimp"
    row, errors = RowValidator(mapping).validate(2, raw)
    assert errors == [] and row is not None
    assert (row.full_name, row.country, row.interests) == ("Ana Lima", "PE", ["a", "b"])


@settings(max_examples=40, deadline=None)
@given(order=st.permutations(DISCOURSE), upper=st.booleans())
def test_discourse_columns_in_any_order_and_case(order: list[str], upper: bool) -> None:
    headers = [h.upper() if upper else h for h in order]
    renamed = dict(zip(order, headers, strict=True))
    mapping = column_mapping(headers)
    validator = RowValidator(mapping, today=TODAY)
    row, _ = validator.validate(2, {renamed[k]: v for k, v in discourse_row(name="").items()})
    assert row is not None and row.full_name == "jsmith"
    staged = {renamed[k]: v for k, v in discourse_row(staged="true").items()}
    assert validator.validate(3, staged) == (None, [])
