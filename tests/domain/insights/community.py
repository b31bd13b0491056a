"""A hand-worked community: 12 members, participation from January to June 2026.

Every expected figure in the tests of this folder is worked out by hand from this table.
A = attendance, C = contribution.

| member | joined     | events                                                          |
| ------ | ---------- | --------------------------------------------------------------- |
| 1      | 2025-12-01 | 01-10 A, 01-10 C, 02-14 A, 03-20 C, 04-11 A, 06-06 A            |
| 2      | 2025-12-15 | 2025-12-20 A, 03-12 A                                           |
| 3      | 2026-01-05 | 01-10 A, 01-24 A                                                |
| 4      | 2026-01-20 | 02-14 A                                                         |
| 5      | 2026-02-03 | 02-14 A, 03-12 C, 05-09 A                                       |
| 6      | 2026-02-10 | (none)                                                          |
| 7      | 2026-03-01 | 03-12 A, 04-11 A, 04-11 C, 05-09 A                              |
| 8      | 2026-03-15 | 03-12 A, 03-12 A (twice the same day)                           |
| 9      | 2026-04-02 | 04-11 A, 06-06 A                                                |
| 10     | 2026-05-05 | 05-09 C                                                         |
| 11     | 2026-06-01 | 06-06 A                                                         |
| 12     | 2026-06-30 | (none)                                                          |
"""

from datetime import date

from roundtable.domain.insights import Event, MemberJoin

A, C = "attendance", "contribution"

JOINED = {
    1: date(2025, 12, 1),
    2: date(2025, 12, 15),
    3: date(2026, 1, 5),
    4: date(2026, 1, 20),
    5: date(2026, 2, 3),
    6: date(2026, 2, 10),
    7: date(2026, 3, 1),
    8: date(2026, 3, 15),
    9: date(2026, 4, 2),
    10: date(2026, 5, 5),
    11: date(2026, 6, 1),
    12: date(2026, 6, 30),
}

_EVENTS = {
    1: [("2026-01-10", A), ("2026-01-10", C), ("2026-02-14", A), ("2026-03-20", C),
        ("2026-04-11", A), ("2026-06-06", A)],
    2: [("2025-12-20", A), ("2026-03-12", A)],
    3: [("2026-01-10", A), ("2026-01-24", A)],
    4: [("2026-02-14", A)],
    5: [("2026-02-14", A), ("2026-03-12", C), ("2026-05-09", A)],
    7: [("2026-03-12", A), ("2026-04-11", A), ("2026-04-11", C), ("2026-05-09", A)],
    8: [("2026-03-12", A), ("2026-03-12", A)],
    9: [("2026-04-11", A), ("2026-06-06", A)],
    10: [("2026-05-09", C)],
    11: [("2026-06-06", A)],
}  # fmt: skip

MEMBERS = [MemberJoin(member_id, joined_on) for member_id, joined_on in JOINED.items()]
EVENTS = [
    Event(member_id, date.fromisoformat(day), kind)
    for member_id, events in _EVENTS.items()
    for day, kind in events
]
