"""The hand-worked community's ties (members 1 to 12 of community.py), December 2025 to June 2026.

Every expected network figure in tests/domain/insights/test_network.py is worked out by hand
from this table.

| day        | source       | members                    | pairs                                   |
| ---------- | ------------ | -------------------------- | --------------------------------------- |
| 2025-12-20 | breakout     | 1, 2                       | 1-2                                     |
| 2026-01-10 | breakout     | 1, 2, 3                    | 1-2 (again), 1-3, 2-3                   |
| 2026-02-14 | coffee chat  | 4, 5                       | 4-5                                     |
| 2026-02-14 | breakout     | 1, 4                       | 1-4                                     |
| 2026-03-12 | live session | 2, 5, 7, 8                 | 2-5, 2-7, 2-8, 5-7, 5-8, 7-8            |
| 2026-04-11 | conversation | 9 mentions 1, 3 replies 9  | 1-9, 3-9                                |
| 2026-05-09 | conversation | 3 replies 1                | 1-3 (again)                             |
| 2026-06-06 | coffee chat  | 9, 10, 11 (a trio)         | 9-10, 9-11, 10-11                       |

Members 6 and 12 have no tie at all.

Regions: Africa = 1, 2, 3, 4, 11 (Kenya, Kenya, Uganda, Uganda, Kenya); Americas = 5, 6, 7, 8,
12 (Peru, Peru, Brazil, Brazil, Peru); Europe = 9, 10 (France).
"""

from datetime import date

from roundtable.domain.insights.network import (
    BREAKOUT,
    COFFEE_CHAT,
    CONVERSATION,
    Tie,
    group_ties,
    live_session_ties,
)

COUNTRIES = {
    1: "KE", 2: "KE", 3: "UG", 4: "UG", 5: "PE", 6: "PE",
    7: "BR", 8: "BR", 9: "FR", 10: "FR", 11: "KE", 12: "PE",
}  # fmt: skip
REGIONS = {
    member: {"KE": "Africa", "UG": "Africa", "PE": "Americas", "BR": "Americas"}.get(code, "Europe")
    for member, code in COUNTRIES.items()
}

TIES: list[Tie] = [
    Tie(1, 2, date(2025, 12, 20), BREAKOUT),
    *group_ties([1, 2, 3], on=date(2026, 1, 10), source=BREAKOUT),
    Tie(4, 5, date(2026, 2, 14), COFFEE_CHAT),
    Tie(1, 4, date(2026, 2, 14), BREAKOUT),
    *live_session_ties([2, 5, 7, 8], on=date(2026, 3, 12)),
    Tie(9, 1, date(2026, 4, 11), CONVERSATION),
    Tie(3, 9, date(2026, 4, 11), CONVERSATION),
    Tie(3, 1, date(2026, 5, 9), CONVERSATION),
    *group_ties([9, 10, 11], on=date(2026, 6, 6), source=COFFEE_CHAT),
]
