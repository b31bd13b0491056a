"""Each format on the real exports kept in tests/data/attendance (see SOURCES.md there)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from roundtable.domain.attendance import FORMATS, is_attended, merge_people, read_attendance
from roundtable.domain.attendance.source import Source
from roundtable.domain.attendance.text import decode, records

DATA = Path(__file__).parents[2] / "data" / "attendance"


def _read(relative: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return read_attendance((DATA / relative).read_bytes(), **kwargs)  # type: ignore[arg-type]


def test_zoom_participants_table_one_row_per_join() -> None:
    file = _read("zoom/participants_heroes.csv")
    assert file.format == "zoom-meeting"
    assert file.label == "Zoom meeting participant report"
    assert len(file.rows) == 31
    assert file.problems == []
    loki = file.rows[0]
    assert (loki.line, loki.name, loki.email, loki.minutes) == (
        2,
        "015_Loki",
        "loki_asgardian@marvel.com",
        128,
    )
    assert loki.first_join == datetime(2021, 11, 19, 9, 54, 15)
    assert loki.last_leave == datetime(2021, 11, 19, 12, 1, 59)
    people = merge_people(file.rows)
    assert len(people) == 27
    dazzler = next(p for p in people if p.name == "022_Dazzler")
    # Two joins that do not overlap: 2 + 27 minutes.
    assert dazzler.minutes == 29
    assert dazzler.lines == (27, 28)
    assert dazzler.first_join == datetime(2021, 11, 19, 11, 1, 2)
    assert dazzler.last_leave == datetime(2021, 11, 19, 11, 29, 38)


def test_zoom_overlapping_joins_are_not_counted_twice() -> None:
    people = merge_people(_read("zoom/participants_heroes.csv").rows)
    power_girl = next(p for p in people if p.email == "power-girl_kryptonian@dc.com")
    # 10:08:26-12:01:58 (114) and 10:11:31-12:01:58 (111) overlap for 110 min 27 s.
    assert power_girl.minutes == pytest.approx(114 + 111 - (110 + 27 / 60))
    assert power_girl.name == "003_Power Girl"


def test_zoom_with_meeting_block_reads_the_meeting_and_its_host() -> None:
    file = _read("zoom/participants_heroes_full.csv")
    assert file.format == "zoom-meeting"
    assert file.meeting.topic == "Heroes meeting"
    assert file.meeting.meeting_id == "60245167821"
    assert file.meeting.start == datetime(2021, 11, 19, 10, 0)
    assert file.meeting.end == datetime(2021, 11, 19, 12, 0)
    assert len(file.rows) == 31
    assert file.rows[0].line == 5
    assert file.rows[0].first_join == datetime(2021, 11, 19, 9, 54, 15)
    hosts = [row for row in file.rows if row.role == "host"]
    assert [(r.name, r.email) for r in hosts] == [
        ("011_Green Goblin", "green-goblin_human@marvel.com")
    ]
    assert {row.role for row in file.rows} == {"host", "attendee"}


def test_zoom_2024_sentence_case_and_waiting_room() -> None:
    file = _read("zoom/meeting_participants_2024.csv")
    assert file.format == "zoom-meeting"
    assert [row.name for row in file.rows] == ["Rita Host", "Bao Tran", "Bao Tran", "Okonkwo, Ada"]
    waiting = file.rows[1]
    assert (waiting.minutes, waiting.first_join) == (0, None)
    people = merge_people(file.rows)
    assert [(p.name, p.minutes) for p in people] == [
        ("Rita Host", 62),
        ("Bao Tran", 62),
        ("Okonkwo, Ada", 28),
    ]
    assert people[1].first_join == datetime(2024, 3, 5, 18, 0, 20)
    assert people[2].email == ""


def test_teams_report_utf16_sectioned() -> None:
    file = _read("teams/attendance_report_2023.csv")
    assert file.format == "teams"
    assert file.meeting.topic == "Innovation Day Brain Storming"
    assert file.meeting.start == datetime(2023, 7, 20, 16, 16, 29)
    assert file.meeting.end == datetime(2023, 7, 20, 17, 30, 11)
    assert [(r.line, r.name, r.role) for r in file.rows] == [
        (11, "Moreau, Camille", "organiser"),
        (12, "Sato, Ken", "presenter"),
        (13, "Ana Lima-Costa", "presenter"),
        (14, "de Vries, Joost", "presenter"),
    ]
    camille = file.rows[0]
    assert camille.email == "camille.moreau@contoso.example"
    assert camille.upn == "n10001@contoso.example"
    assert camille.minutes == pytest.approx(59 + 35 / 60)
    assert camille.first_join == datetime(2023, 7, 20, 16, 30, 36)
    # The per-person table already merged Joost's rejoin: 31m 13s + 27m 9s = 58m 22s of
    # activities, Teams states 59m 22s between first join and last leave.
    assert file.rows[3].minutes == pytest.approx(59 + 22 / 60)
    assert len(merge_people(file.rows)) == 4


def test_teams_join_leave_list_pairs_events() -> None:
    file = _read("teams/join_leave_log_2021.csv")
    assert file.format == "teams-log"
    assert file.problems == []
    people = merge_people(file.rows)
    assert len(people) == 65
    first = next(p for p in people if p.name == "ECE_3B_STU0001")
    # 15:00:52-15:53:38 and 15:53:38-16:00:29.
    assert first.minutes == pytest.approx((52 * 60 + 46 + 6 * 60 + 51) / 60)
    assert first.lines == (3, 5)
    rahul = next(p for p in people if p.name == "ECE_3DIP_RAHUL A K")
    assert len(rahul.lines) == 3
    # Never left: counted until the last time in the file (16:00:38).
    lakshmi = next(p for p in people if p.name == "LAKSHMI R N")
    assert lakshmi.minutes == pytest.approx(61)
    assert lakshmi.last_leave is None
    assert all(row.email == "" for row in file.rows)


def test_luma_checked_in_is_attendance() -> None:
    file = _read("luma/Community Meetup - Guests - 2025-08-21-09-30-00.csv")
    assert file.format == "luma"
    assert [(r.name, r.email, r.attended) for r in file.rows] == [
        ("Bao Tran", "bao.tran@member.example", True),
        ("Okonkwo, Ada", "ada.o@member.example", False),
        ("Zoë Müller", "zoe.mueller@member.example", False),
        ("", "anon.guest@member.example", False),
    ]
    assert file.rows[0].first_join == datetime(2025, 8, 20, 18, 5, 12, 4000, tzinfo=UTC)
    assert file.rows[0].answer == "Join our newsletter for updates on future events.: true"
    assert file.rows[2].answer == ""
    people = merge_people(file.rows)
    assert [is_attended(p, threshold_minutes=30) for p in people] == [True, False, False, False]


def test_luma_from_the_member_import_data() -> None:
    file = read_attendance((DATA.parent / "luma_guests.csv").read_bytes())
    assert file.format == "luma"
    assert file.rows[0].answer == "What is your organisation?: Nairobi City Water"
    assert file.rows[1].name == "Carlos Quispe"
    assert file.rows[1].email == "carlos@sedapal.example"


def test_meetup_attendance_column() -> None:
    file = _read("meetup/event_attendee_list.csv")
    assert file.format == "meetup"
    assert [(r.name, r.role, r.attended, r.upn) for r in file.rows] == [
        ("Rita Host", "host", True, "user 100000001"),
        ("Bao Tran", "attendee", True, "user 100000002"),
        ("Okonkwo, Ada", "attendee", None, "user 100000003"),
        ("Zoë M.", "attendee", None, "user 100000004"),
    ]
    people = merge_people(file.rows)
    assert [is_attended(p, threshold_minutes=1) for p in people] == [True, True, False, False]


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.csv")), ids=lambda path: path.name)
def test_one_format_clearly_wins_on_every_sample(path: Path) -> None:
    text = decode(path.read_bytes())
    source = Source(text, records(text))
    scores = sorted((each.sniff(source) for each in FORMATS.values()), reverse=True)
    assert scores[0] >= scores[1] + 40
    assert read_attendance(path.read_bytes()).problems == []


def test_a_row_cut_short_says_which_column_is_missing() -> None:
    data = (DATA / "zoom/participants_heroes.csv").read_bytes()
    cut = data[: data.index(b"11/19/2021 12:01:58 PM,115")]
    file = read_attendance(cut)
    assert len(file.rows) == 2
    (problem,) = file.problems
    assert (problem.line, problem.field) == (3, "Duration (Minutes)")
    assert "truncated" in problem.message
