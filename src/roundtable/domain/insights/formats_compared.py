"""Activities compared: which formats work for which purpose.

Each activity brings its evaluation's facts (see :mod:`roundtable.domain.evaluation`): people
registered (answered "attending") and who attended, the share of those present who spoke
(voice reach, None when unknown), its ratings, pluses and deltas, new connections (pairs of
members who met for the first time in its small groups) and its success indicators judged and
met. Activities are grouped by (format, purpose); per group:

- ``turnout`` = attended / registered, summed over the group's activities that had
  registrations (None when none had); walk-ins count, so it can exceed 1;
- ``voice_reach`` = the mean of the activities' voice reach, over those where it is known;
- ``mean_rating`` = the mean of every rating given at the group's activities (each answer weighs
  the same, not each activity);
- ``plus_share`` = pluses / (pluses + deltas), None with neither: how much of the feedback
  was what to keep;
- ``new_connections`` = the mean per activity;
- ``indicators_met`` = met / judged over the group's indicators (None when none was judged).

Groups come in the order of their number of activities (most first), then format and purpose,
those without a format (or purpose) after those with one.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ActivityOutcome:
    activity_id: int
    format: str  # the format's name, "" when none was chosen
    purpose: str  # the deeper purpose's name, "" when none
    registered: int
    attended: int
    voice_reach: float | None
    ratings: tuple[int, ...]
    pluses: int
    deltas: int
    new_connections: int
    indicators_judged: int
    indicators_met: int

    @property
    def turnout(self) -> float | None:
        return self.attended / self.registered if self.registered else None

    @property
    def mean_rating(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def plus_share(self) -> float | None:
        feedback = self.pluses + self.deltas
        return self.pluses / feedback if feedback else None


@dataclass(frozen=True)
class FormatPurpose:
    format: str
    purpose: str
    activities: int
    turnout: float | None
    voice_reach: float | None
    mean_rating: float | None
    plus_share: float | None
    new_connections: float
    indicators_met: float | None


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _total(value: Callable[[ActivityOutcome], int], outcomes: list[ActivityOutcome]) -> int:
    return sum(value(o) for o in outcomes)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def compare_formats(outcomes: Iterable[ActivityOutcome]) -> list[FormatPurpose]:
    """The outcomes grouped by (format, purpose), as the module docstring counts them."""
    groups: dict[tuple[str, str], list[ActivityOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome.format, outcome.purpose)].append(outcome)
    rows = []
    for (format_name, purpose), group in groups.items():
        registered = [o for o in group if o.registered]

        rows.append(
            FormatPurpose(
                format=format_name,
                purpose=purpose,
                activities=len(group),
                turnout=_ratio(
                    _total(lambda o: o.attended, registered),
                    _total(lambda o: o.registered, registered),
                ),
                voice_reach=_mean([o.voice_reach for o in group if o.voice_reach is not None]),
                mean_rating=_mean([r for o in group for r in o.ratings]),
                plus_share=_ratio(
                    _total(lambda o: o.pluses, group), _total(lambda o: o.pluses + o.deltas, group)
                ),
                new_connections=_total(lambda o: o.new_connections, group) / len(group),
                indicators_met=_ratio(
                    _total(lambda o: o.indicators_met, group),
                    _total(lambda o: o.indicators_judged, group),
                ),
            )
        )
    rows.sort(key=lambda r: (-r.activities, not r.format, r.format, not r.purpose, r.purpose))
    return rows


# The columns an activities table sorts by, with the value each reads from an outcome.
SORTS: dict[str, Callable[[ActivityOutcome], float | None]] = {
    "registered": lambda o: o.registered,
    "attended": lambda o: o.attended,
    "turnout": lambda o: o.turnout,
    "voice": lambda o: o.voice_reach,
    "rating": lambda o: o.mean_rating,
    "pluses": lambda o: o.plus_share,
    "connections": lambda o: o.new_connections,
    "indicators": lambda o: _ratio(o.indicators_met, o.indicators_judged),
}


def sorted_outcomes(
    outcomes: Iterable[ActivityOutcome], column: str, *, descending: bool = True
) -> list[ActivityOutcome]:
    """``outcomes`` ordered by a column of :data:`SORTS`; unknown values (None) always last,
    ties in the order given. Raises KeyError for a column that is not in SORTS."""
    value = SORTS[column]
    outcomes = list(outcomes)
    known = [o for o in outcomes if value(o) is not None]
    unknown = [o for o in outcomes if value(o) is None]
    known.sort(key=lambda o: value(o) or 0.0, reverse=descending)
    return known + unknown
