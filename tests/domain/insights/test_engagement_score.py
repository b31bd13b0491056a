from datetime import date

from roundtable.domain.insights import EngagementScore, Participation, engagement_scores
from tests.domain.insights.community import EVENTS, JOINED

# Where each day's records of community.py took place: the activity's format, or the tool a
# contribution was imported from. Member 10's May contribution came from nowhere known.
WHERE = {
    "2025-12-20": "webinar",
    "2026-01-10": "webinar",
    "2026-01-24": "clinic",
    "2026-02-14": "workshop",
    "2026-03-12": "webinar",
    "2026-03-20": "slack",
    "2026-04-11": "workshop",
    "2026-05-09": "webinar",
    "2026-06-06": "workshop",
}
PARTICIPATIONS = [
    Participation(m, on, kind, "" if m == 10 else WHERE[on.isoformat()]) for m, on, kind in EVENTS
]


def test_the_hand_worked_community_at_the_end_of_june() -> None:
    scores = engagement_scores(JOINED, PARTICIPATIONS, as_of=date(2026, 6, 30))

    # Window: 2025-07-01 to 2026-06-30 (365 days). Days to June 30: 06-06 24, 05-09 52,
    # 03-12 110, 02-14 136, 01-24 157, 2025-12-20 192.
    # recency = round(100 × (1 − d/365)): 24 → 93.4 → 93; 52 → 85.8 → 86; 110 → 69.9 → 70;
    # 136 → 62.7 → 63; 157 → 57.0 → 57. frequency = round(100 × months / 12): 1 → 8, 2 → 17,
    # 3 → 25, 5 → 42. breadth = 20 × ways.
    # 1: last 06-06 (93); Jan, Feb, Mar, Apr, Jun (42); attended, contributed, webinar,
    #    workshop, slack = 5 (100); (93 + 42 + 100) / 3 = 78.3 → 78.
    # 2: last 03-12 (70); Dec, Mar (17); attended, webinar (40); 127 / 3 = 42.3 → 42.
    # 3: last 01-24 (57); Jan (8); attended, webinar, clinic (60); 125 / 3 = 41.7 → 42.
    # 4: last 02-14 (63); Feb (8); attended, workshop (40); 111 / 3 = 37.
    # 5: last 05-09 (86); Feb, Mar, May (25); attended, contributed, workshop, webinar (80);
    #    191 / 3 = 63.7 → 64.
    # 7: last 05-09 (86); Mar, Apr, May (25); attended, contributed, webinar, workshop (80): 64.
    # 8: last 03-12 (70); Mar (8; two records, one month); attended, webinar (40); 118 / 3 → 39.
    # 9: last 06-06 (93); Apr, Jun (17); attended, workshop (40); 150 / 3 = 50.
    # 10: last 05-09 (86); May (8); contributed, no place (20); 114 / 3 = 38.
    # 11: last 06-06 (93); Jun (8); attended, workshop (40); 141 / 3 = 47.
    # 6 and 12 never took part: 0.
    assert [(s.member_id, s.score, s.recency, s.frequency, s.breadth) for s in scores] == [
        (1, 78, 93, 42, 100),
        (2, 42, 70, 17, 40),
        (3, 42, 57, 8, 60),
        (4, 37, 63, 8, 40),
        (5, 64, 86, 25, 80),
        (6, 0, 0, 0, 0),
        (7, 64, 86, 25, 80),
        (8, 39, 70, 8, 40),
        (9, 50, 93, 17, 40),
        (10, 38, 86, 8, 20),
        (11, 47, 93, 8, 40),
        (12, 0, 0, 0, 0),
    ]
    assert scores[0] == EngagementScore(1, 78, 93, 42, 100, date(2026, 6, 6), 5, 5)
    assert scores[5] == EngagementScore(6, 0, 0, 0, 0, None, 0, 0)


def test_records_leave_the_window_and_later_ones_do_not_count_yet() -> None:
    # At the end of 2026 the window is 2026-01-01 to 2026-12-31: member 2's December 2025
    # attendance has left it. 03-12 is 294 days before Dec 31: 100 × 71 / 365 = 19.45 → 19;
    # one month (8); attended, webinar (40); 67 / 3 = 22.3 → 22.
    # On 2026-02-01 member 5's three records are all still to come: 0.
    late = engagement_scores([2], PARTICIPATIONS, as_of=date(2026, 12, 31))
    early = engagement_scores([5], PARTICIPATIONS, as_of=date(2026, 2, 1))

    assert [(s.score, s.recency, s.frequency, s.breadth, s.months) for s in late] == [
        (22, 19, 8, 40, 1)
    ]
    assert early == [EngagementScore(5, 0, 0, 0, 0, None, 0, 0)]


def test_the_window_holds_365_days_and_frequency_and_breadth_stop_at_full_marks() -> None:
    as_of = date(2026, 6, 30)
    # 2025-07-01 is the window's first day (recency round(100 × 1/365) = 0); 2025-06-30 is out.
    edge = engagement_scores(
        [1, 2],
        [
            Participation(1, date(2025, 7, 1), "attendance", ""),
            Participation(2, date(2025, 6, 30), "attendance", ""),
        ],
        as_of=as_of,
    )
    # Up to June 15 the window (2025-06-16 on) touches 13 months. Something in every one, in 6
    # places and both kinds: frequency and breadth are capped at 100; a record on the day itself
    # gives recency 100.
    mid_june = date(2026, 6, 15)
    busy = engagement_scores(
        [3],
        [
            Participation(3, date(2025 + (5 + k) // 12, (5 + k) % 12 + 1, 1 if k else 16), kind, w)
            for k in range(13)
            for kind, w in [("attendance", f"format {k % 6}"), ("contribution", "")]
        ]
        + [Participation(3, mid_june, "attendance", "")],
        as_of=mid_june,
    )

    assert [(s.member_id, s.recency, s.frequency, s.months) for s in edge] == [
        (1, 0, 8, 1),
        (2, 0, 0, 0),
    ]
    assert (busy[0].recency, busy[0].frequency, busy[0].breadth, busy[0].score) == (
        100,
        100,
        100,
        100,
    )
    assert busy[0].months == 13 and busy[0].ways == 8


def test_places_are_one_way_whatever_their_case_and_others_records_are_left_out() -> None:
    scores = engagement_scores(
        [1],
        [
            Participation(1, date(2026, 6, 1), "attendance", "Webinar"),
            Participation(1, date(2026, 6, 2), "attendance", "webinar"),
            Participation(2, date(2026, 6, 3), "contribution", "slack"),
        ],
        as_of=date(2026, 6, 30),
    )

    # attended + webinar: 2 ways (40); member 2 is not asked for.
    assert [(s.member_id, s.breadth, s.ways) for s in scores] == [(1, 40, 2)]
