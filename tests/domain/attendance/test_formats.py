"""Each format on small files written from the vendors' documented layouts."""

from datetime import date, datetime, timedelta, timezone

import pytest

from roundtable.domain.attendance import (
    FORMATS,
    AttendanceFileError,
    Problem,
    UnknownFormat,
    merge_people,
    read_attendance,
)


def _read(text: str, encoding: str = "utf-8", **kwargs: object):  # type: ignore[no-untyped-def]
    return read_attendance(text.encode(encoding), **kwargs)  # type: ignore[arg-type]


def test_zoom_export_with_meeting_data_day_first() -> None:
    text = (
        "Topic,Meeting ID,User Name,User Email,Department,Group,Has Zoom Rooms,Creation Time,"
        "Start Time,End Time,Duration (Minutes),Participants,Name (Original Name),User Email,"
        "Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room\n"
        "Peer clinic,852 1848 6288,James Warren,James.Warren@contoso.example,Ops,,No,"
        "15/08/2022 01:27,01/06/2023 09:00,01/06/2023 10:21,81,2,James Warren,"
        "James.Warren@contoso.example,01/06/2023 09:00,01/06/2023 10:21,81,No,,No\n"
        "Peer clinic,852 1848 6288,James Warren,James.Warren@contoso.example,Ops,,No,"
        "15/08/2022 01:27,01/06/2023 09:00,01/06/2023 10:21,81,2,Amina Odhiambo (Amina),"
        "amina@water.example,01/06/2023 09:05,01/06/2023 10:20,75,Yes,,No\n"
    )
    file = _read(text)
    assert file.format == "zoom-meeting"
    assert file.meeting.topic == "Peer clinic"
    assert file.meeting.meeting_id == "852 1848 6288"
    # "15/08/2022" shows the file is day-first: 01/06/2023 is the 1st of June.
    assert file.meeting.start == datetime(2023, 6, 1, 9, 0)
    assert [(r.name, r.email, r.minutes, r.role) for r in file.rows] == [
        ("James Warren", "james.warren@contoso.example", 81, "host"),
        ("Amina Odhiambo", "amina@water.example", 75, "attendee"),
    ]
    assert file.rows[1].first_join == datetime(2023, 6, 1, 9, 5)


def test_zoom_dates_default_to_month_first() -> None:
    text = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Ada,ada@x.example,01/06/2023 09:00:00 AM,01/06/2023 10:00:00 AM,60,No\n"
    )
    assert _read(text).rows[0].first_join == datetime(2023, 1, 6, 9, 0)


def test_zoom_bad_values_are_problems_with_line_and_field() -> None:
    text = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Ada,ada@x.example,13/45/2023 09:00,01/06/2023 10:00:00 AM,sixty,No\n"
        "Bo,bo@x.example,01/06/2023 09:00:00 AM,01/06/2023 10:00:00 AM,60,No\n"
    )
    file = _read(text)
    assert len(file.rows) == 2
    assert [(p.line, p.field) for p in file.problems] == [
        (2, "Join Time"),
        (2, "Duration (Minutes)"),
    ]
    assert "“sixty” is not a duration" in file.problems[1].message
    assert file.rows[0].minutes == 0


def test_zoom_webinar_sections() -> None:
    text = (
        "Attendee Report\n"
        'Report Generated:,"Mar 10, 2024 08:36 PM"\n'
        "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,"
        "# Cancelled,Unique Viewers,Total Users,Max Concurrent Views\n"
        'Water utilities forum,"123 4567 8901","Mar 10, 2024 06:58 PM",95,4,0,3,3,3\n'
        "Host Details\n"
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,"
        "Time in Session (minutes),Is Guest,Country/Region Name\n"
        'Yes,Rita Host,rita@contoso.example,"Mar 10, 2024 06:58 PM","Mar 10, 2024 08:33 PM",'
        "95,No,Kenya\n"
        "Panelist Details\n"
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,"
        "Time in Session (minutes),Is Guest,Country/Region Name\n"
        'Yes,Ken Sato (Ken),KEN@contoso.example,"Mar 10, 2024 07:00 PM",'
        '"Mar 10, 2024 08:30 PM",90,Yes,Japan\n'
        "Attendee Details\n"
        "Attended,User Name (Original Name),First Name,Last Name,Email,Organization,"
        "What do you hope to learn?,Registration Time,Approval Status,Join Time,Leave Time,"
        "Time in Session (minutes),Is Guest,Country/Region Name\n"
        "Yes,Ada Okonkwo,Ada,Okonkwo,ada@member.example,City Water,Leak detection,"
        '"Mar 1, 2024 10:00 AM",approved,"Mar 10, 2024 07:05 PM","Mar 10, 2024 08:00 PM",'
        "55,Yes,Nigeria\n"
        "No,Bao Tran,Bao,Tran,bao@member.example,--,--,"
        '"Mar 2, 2024 10:00 AM",approved,--,--,--,--,--\n'
        "Other Attended\n"
        "User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
        "Is Guest,Country/Region Name\n"
        'Walk In,,"Mar 10, 2024 07:10 PM","Mar 10, 2024 07:40 PM",30,Yes,Peru\n'
    )
    file = _read(text)
    assert file.format == "zoom-webinar"
    assert file.problems == []
    assert file.meeting.topic == "Water utilities forum"
    assert file.meeting.meeting_id == "123 4567 8901"
    assert file.meeting.start == datetime(2024, 3, 10, 18, 58)
    assert file.meeting.end == datetime(2024, 3, 10, 20, 33)
    assert [(r.name, r.email, r.role, r.minutes, r.attended) for r in file.rows] == [
        ("Rita Host", "rita@contoso.example", "host", 95, True),
        ("Ken Sato", "ken@contoso.example", "panelist", 90, True),
        ("Ada Okonkwo", "ada@member.example", "attendee", 55, True),
        ("Bao Tran", "bao@member.example", "attendee", 0, False),
        ("Walk In", "", "attendee", 30, True),
    ]
    assert file.rows[2].answer == (
        "Organization: City Water; What do you hope to learn?: Leak detection"
    )
    assert file.rows[3].answer == ""
    assert file.rows[3].first_join is None
    assert file.rows[2].line == 13


def test_teams_saved_as_csv_day_first_with_a_guest() -> None:
    text = (
        "1. summary\n"
        "Meeting title,Monthly clinic\n"
        '"Start time","14/11/22, 09:29:07"\n'
        '"End time","14/11/22, 10:40:00"\n'
        "\n"
        "2. participants\n"
        "Name,First join,Last leave,In-meeting duration,Email,Participant ID (UPN),Role\n"
        '"Lima, Ana","14/11/22, 09:29:07","14/11/22, 10:40:00",1h 10m 53s,'
        "ana@contoso.example,ana@contoso.example,Organizer\n"
        'Guest Person,"14/11/22, 09:30:00","14/11/22, 09:30:45",45s,'
        "guest@partner.example,guest_partner.example#EXT#@contoso.onmicrosoft.com,Attendee\n"
        'No Mail,"14/11/22, 09:31:00","14/11/22, 09:52:07",21m 7s,,'
        "NoMail@contoso.example,Presenter\n"
        "\n"
        "3. in-meeting activities\n"
        "Name,Join time,Leave time,Duration,Email,Role\n"
        '"Lima, Ana","14/11/22, 09:29:07","14/11/22, 10:40:00",1h 10m 53s,'
        "ana@contoso.example,Organizer\n"
    )
    file = _read(text)
    assert file.format == "teams"
    assert file.meeting.topic == "Monthly clinic"
    assert file.meeting.start == datetime(2022, 11, 14, 9, 29, 7)
    assert [(r.name, r.email, r.upn, r.role) for r in file.rows] == [
        ("Lima, Ana", "ana@contoso.example", "", "organiser"),
        (
            "Guest Person",
            "guest@partner.example",
            "guest_partner.example#ext#@contoso.onmicrosoft.com",
            "attendee",
        ),
        ("No Mail", "nomail@contoso.example", "", "presenter"),
    ]
    assert [round(r.minutes, 4) for r in file.rows] == [
        round(70 + 53 / 60, 4),
        0.75,
        round(21 + 7 / 60, 4),
    ]


def test_teams_month_first_with_am_pm_utf16_big_endian() -> None:
    text = (
        "1. Summary\n"
        "Meeting title\tStand-up\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
        "Ken\t7/20/23, 4:16:29 PM\t7/20/23, 4:30:29 PM\t14m\tken@x.example\tken@x.example\t"
        "Presenter\n"
    )
    file = read_attendance(b"\xfe\xff" + text.encode("utf-16-be"))
    assert file.format == "teams"
    assert file.rows[0].first_join == datetime(2023, 7, 20, 16, 16, 29)
    assert file.rows[0].minutes == 14


def test_teams_join_leave_list_saved_as_comma_csv() -> None:
    text = (
        "Full Name,User Action,Timestamp\n"
        'Ada,Joined,"6/1/2021, 2:00:00 PM"\n'
        'Bo,Joined before,"6/1/2021, 1:55:00 PM"\n'
        'Ada,Left,"6/1/2021, 2:30:00 PM"\n'
        'Bo,Left,"6/1/2021, 3:00:00 PM"\n'
    )
    file = _read(text)
    assert file.format == "teams-log"
    assert [(r.line, r.name, r.minutes) for r in file.rows] == [(2, "Ada", 30), (3, "Bo", 65)]


MEET = (
    "First name,Last name,Email,Duration,Time joined,Time exited\n"
    "Ada,Okonkwo,Ada@member.example,1 hr 2 min,10:01 AM,11:03 AM\n"
    "Bao,Tran,bao@member.example,45 min,10:15,11:00\n"
)


def test_meet_takes_the_date_from_the_file_name() -> None:
    file = _read(MEET, file_name="Clinic - Attendance report 2024-03-05.csv")
    assert file.format == "meet"
    assert [(r.name, r.email, r.minutes) for r in file.rows] == [
        ("Ada Okonkwo", "ada@member.example", 62),
        ("Bao Tran", "bao@member.example", 45),
    ]
    assert file.rows[0].first_join == datetime(2024, 3, 5, 10, 1)
    assert file.rows[1].last_leave == datetime(2024, 3, 5, 11, 0)
    assert file.problems == []


def test_meet_takes_the_meeting_date_when_the_name_has_none() -> None:
    file = _read(MEET, file_name="attendance.csv", meeting_date=date(2024, 4, 1))
    assert file.rows[0].first_join == datetime(2024, 4, 1, 10, 1)


def test_meet_without_a_date_says_it_is_needed() -> None:
    file = _read(MEET)
    assert file.rows[0].first_join is None
    assert file.rows[0].minutes == 62
    assert len(file.problems) == 1
    assert file.problems[0].line == 2
    assert "meeting's date" in file.problems[0].message


def test_webex_utf16_tab_separated() -> None:
    text = (
        "Meeting Name\tName\tEmail\tJoin time\tLeave time\tAttendance duration\tRole\n"
        "Clinic\tAda Okonkwo\tada@member.example\t03/05/2024 10:00 AM\t03/05/2024 10:45 AM\t"
        "45 mins\tHost\n"
        "Clinic\tBao Tran\tbao@member.example\t03/05/2024 10:05 AM\t03/05/2024 10:40 AM\t"
        "35 mins\tAttendee\n"
    )
    file = read_attendance(b"\xff\xfe" + text.encode("utf-16-le"))
    assert file.format == "webex"
    assert file.meeting.topic == "Clinic"
    assert [(r.name, r.minutes, r.role) for r in file.rows] == [
        ("Ada Okonkwo", 45, "host"),
        ("Bao Tran", 35, "attendee"),
    ]


def test_eventbrite_check_in() -> None:
    text = (
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,"
        "Attendee Status,Checked In,Organisation\n"
        "1001,2024-03-01 10:00:00+00:00,Ada,Okonkwo,ADA@member.example,1,General,1,Checked In,"
        "Yes,City Water\n"
        "1002,2024-03-01 11:00:00+00:00,Bao,Tran,bao@member.example,1,General,2,Attending,No,\n"
        "1003,2024-03-02 11:00:00+00:00,Zoë,Müller,zoe@member.example,1,General,3,Deleted,,\n"
    )
    file = _read(text, encoding="cp1252")
    assert file.format == "eventbrite"
    assert [(r.name, r.email, r.attended, r.answer) for r in file.rows] == [
        ("Ada Okonkwo", "ada@member.example", True, "Organisation: City Water"),
        ("Bao Tran", "bao@member.example", False, ""),
        ("Zoë Müller", "zoe@member.example", False, ""),
    ]


def test_unknown_format_names_what_it_saw_and_the_formats_known() -> None:
    with pytest.raises(UnknownFormat) as raised:
        _read("Member,Country\nAda,Kenya\n")
    message = str(raised.value)
    assert "“Member,Country”" in message
    for each in FORMATS.values():
        assert each.label in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"PK\x03\x04rest of a workbook", "save it as CSV"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xff\xfeN\x00a\x00m", "truncated"),
    ],
)
def test_unreadable_files(data: bytes, words: str) -> None:
    with pytest.raises(AttendanceFileError, match=words):
        read_attendance(data)


def test_header_without_rows_names_the_line() -> None:
    text = "\n\nName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
    with pytest.raises(AttendanceFileError, match="Line 3: the participants table has its header"):
        _read(text)


def test_zone_stated_in_the_file_gives_aware_times() -> None:
    text = (
        "Name,Email,Join time,Leave time,Attendance duration\n"
        "Ada,ada@x.example,2024-03-05 10:00:00 GMT+02:00,2024-03-05 10:30:00 GMT+02:00,30 mins\n"
    )
    row = _read(text).rows[0]
    assert row.first_join == datetime(2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=2)))


def test_problem_is_a_plain_value() -> None:
    assert Problem(3, "Join Time", "x") == Problem(3, "Join Time", "x")
    assert merge_people([]) == []


def test_teams_2021_meeting_summary_layout() -> None:
    text = (
        "Meeting Summary\n"
        "Total Number of Participants\t2\n"
        "Meeting Title\tCommunity call\n"
        "Meeting Start Time\t3/1/2022, 9:00:00 AM\n"
        "Meeting End Time\t3/1/2022, 10:00:00 AM\n"
        "\n"
        "Full Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\tParticipant ID (UPN)\n"
        "Ada Okonkwo\t3/1/2022, 9:00:00 AM\t3/1/2022, 10:00:00 AM\t1h\tada@x.example\t"
        "Organizer\tada@x.example\n"
        "Bao Tran\t3/1/2022, 9:10:00 AM\t3/1/2022, 9:40:30 AM\t30m 30s\tbao@x.example\t"
        "Attendee\tbao@x.example\n"
    )
    file = read_attendance(b"\xff\xfe" + text.encode("utf-16-le"), file_name="zoom.csv")
    assert file.format == "teams"
    assert file.meeting.topic == "Community call"
    assert file.meeting.start == datetime(2022, 3, 1, 9, 0)
    assert [(r.name, r.minutes, r.role, r.upn) for r in file.rows] == [
        ("Ada Okonkwo", 60, "organiser", ""),
        ("Bao Tran", 30.5, "attendee", ""),
    ]


def test_meetup_attendance_words() -> None:
    text = (
        "Name,User ID,Title,Event Host,RSVP,Guests,Attendance,What do you work on?\n"
        "Ada,user 1,,No,Yes,0,attended,Water meters\n"
        "Bao,user 2,,No,Yes,0,noshow,\n"
        "Zoë,user 3,,No,Waitlist,0,,\n"
    )
    file = _read(text)
    assert file.format == "meetup"
    assert [(r.attended, r.answer) for r in file.rows] == [
        (True, "What do you work on?: Water meters"),
        (False, ""),
        (None, ""),
    ]


def test_format_comes_from_the_content_not_the_file_name() -> None:
    text = "Full Name\tUser Action\tTimestamp\nAda\tJoined\t6/1/2021, 2:00:00 PM\n"
    file = _read(text, file_name="Zoom participants 2024-03-05.csv")
    assert file.format == "teams-log"


def test_zoom_unique_users_view() -> None:
    text = (
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        "Bao Tran (Bao T.),bao@member.example,65,Yes\n"
    )
    file = _read(text)
    assert file.format == "zoom-meeting"
    assert [(r.name, r.minutes, r.first_join) for r in file.rows] == [("Bao Tran", 65, None)]


def test_meet_times_with_a_zone_and_past_midnight() -> None:
    text = (
        "Participant,Email,Duration,Time joined,Time exited\n"
        "Ada Okonkwo,ada@member.example,1 hr,11:30 PM GMT+01:00,12:30 AM GMT+01:00\n"
    )
    (row,) = _read(text, meeting_date=date(2024, 3, 5)).rows
    zone = timezone(timedelta(hours=1))
    assert row.first_join == datetime(2024, 3, 5, 23, 30, tzinfo=zone)
    assert row.last_leave == datetime(2024, 3, 6, 0, 30, tzinfo=zone)
    assert row.name == "Ada Okonkwo"


def test_zoom_2024_meeting_block_names_its_host() -> None:
    text = (
        "Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n"
        "Clinic,852 1848 6288,Rita Host,62,03/05/2024 06:00:00 PM,03/05/2024 07:02:00 PM,2\n"
        "\n"
        "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n"
        "Rita  Host,,03/05/2024 06:00:12 PM,03/05/2024 07:01:40 PM,62,No\n"
        "Bao Tran (Bao T.),bao@member.example,03/05/2024 06:00:20 PM,"
        "03/05/2024 07:01:33 PM,62,Yes\n"
    )
    file = _read(text)
    assert file.meeting.meeting_id == "852 1848 6288"
    assert file.meeting.end == datetime(2024, 3, 5, 19, 2)
    assert [(r.name, r.role) for r in file.rows] == [
        ("Rita Host", "host"),
        ("Bao Tran", "attendee"),
    ]


def test_meet_lines_above_the_table() -> None:
    text = "Meeting code,abc-defg-hij\nMeeting title,Clinic\nDate,2024-03-07\n\n" + MEET
    file = _read(text, file_name="Clinic 2024-03-05.csv")
    assert (file.meeting.meeting_id, file.meeting.topic) == ("abc-defg-hij", "Clinic")
    assert file.rows[0].first_join == datetime(2024, 3, 7, 10, 1)
    assert file.rows[0].line == 6


def test_teams_activities_stand_in_for_an_empty_participants_table() -> None:
    text = (
        "1. Summary\n"
        "Meeting title\tStand-up\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
        "\n"
        "3. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Ken\t7/20/23, 4:00:00 PM\t7/20/23, 4:10:00 PM\t10m\tken@x.example\tPresenter\n"
        "Ken\t7/20/23, 4:20:00 PM\t7/20/23, 4:25:00 PM\t5m\tken@x.example\tPresenter\n"
    )
    file = _read(text)
    assert [(r.line, r.minutes) for r in file.rows] == [(9, 10), (10, 5)]
    assert merge_people(file.rows)[0].minutes == 15
