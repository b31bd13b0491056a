"""Rows to people: rejoins merged, overlaps not counted twice, attendance decided."""

from datetime import datetime

from roundtable.domain.attendance import AttendanceRow, is_attended, merge_people


def _row(line: int, name: str = "Ada", email: str = "", **fields: object) -> AttendanceRow:
    values: dict[str, object] = {
        "minutes": 0.0,
        "first_join": None,
        "last_leave": None,
        "role": "attendee",
    }
    values.update(fields)
    return AttendanceRow(line=line, name=name, email=email, **values)  # type: ignore[arg-type]


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 3, 5, hour, minute)


def test_merged_by_email_then_upn_then_name() -> None:
    rows = [
        _row(2, "Ada O.", "ada@x.example", minutes=10),
        _row(3, "Ada Okonkwo", "ada@x.example", minutes=5),
        _row(4, "Ken", upn="n1@x.example", minutes=1),
        _row(5, "Ken Sato", upn="N1@x.example", minutes=2),
        _row(6, "  bao   TRAN ", minutes=3),
        _row(7, "Bao Tran", minutes=4),
        _row(8, "", minutes=1),
        _row(9, "", minutes=1),
    ]
    people = merge_people(rows)
    assert [(p.name, p.minutes, p.lines) for p in people] == [
        ("Ada O.", 15, (2, 3)),
        ("Ken", 3, (4, 5)),
        ("  bao   TRAN ", 7, (6, 7)),
        ("", 1, (8,)),
        ("", 1, (9,)),
    ]


def test_overlapping_joins_count_once_and_times_span_all_rows() -> None:
    rows = [
        _row(2, email="a@x", minutes=60, first_join=_at(10, 0), last_leave=_at(11, 0)),
        _row(3, email="a@x", minutes=30, first_join=_at(10, 30), last_leave=_at(11, 0)),
        _row(4, email="a@x", minutes=15, first_join=_at(11, 15), last_leave=_at(11, 30)),
    ]
    (person,) = merge_people(rows)
    assert person.minutes == 75
    assert (person.first_join, person.last_leave) == (_at(10, 0), _at(11, 30))


def test_role_with_most_say_wins() -> None:
    rows = [_row(2, role="attendee"), _row(3, role="co-host"), _row(4, role="")]
    assert merge_people(rows)[0].role == "co-host"


def test_attendance_stated_or_by_minutes() -> None:
    stated = merge_people([_row(2, attended=False, minutes=90), _row(3, attended=True)])[0]
    assert stated.attended is True
    assert is_attended(stated, threshold_minutes=1000)
    said_no = merge_people([_row(2, attended=False, minutes=90)])[0]
    assert not is_attended(said_no, threshold_minutes=10)
    by_minutes = merge_people([_row(2, minutes=30)])[0]
    assert is_attended(by_minutes, threshold_minutes=30)
    assert not is_attended(by_minutes, threshold_minutes=30.5)
