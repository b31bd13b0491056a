"""Evaluating an activity's success indicators: targets against actuals. No Django.

A selector gathers the facts of one activity into :class:`ActivityFacts` (counts only, never who
said what); :func:`evaluate` turns the indicators chosen at planning time into
:class:`IndicatorResult` rows: the actual value, the target, and whether the target was met.
Every formula is here so that it can be read, tested against hand-worked figures and timed alone.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.voice_metrics import gini


@dataclass(frozen=True)
class VoiceFacts:
    """Who contributed: ``counts`` holds one number of contributions per attendee who spoke or
    contributed at least once; ``participants`` is how many people could have."""

    participants: int
    counts: tuple[int, ...] = ()
    source: str = "records"  # "live" (the live session), "records" (contribution records), "none"
    gini: float | None = None  # as the live session computed it, when counts are not given
    reported_contributors: int | None = None

    @property
    def contributors(self) -> int:
        if self.reported_contributors is not None:
            return self.reported_contributors
        return sum(1 for c in self.counts if c > 0)


@dataclass(frozen=True)
class ActivityFacts:
    """What happened at one activity, as counts."""

    registered: int  # people who answered "attending"
    attended: int  # people with an attendance time
    attended_from_segment: int | None  # None when the activity targets the whole community
    voice: VoiceFacts
    pluses: int
    deltas: int
    ratings: tuple[int, ...]
    new_connections: int
    follow_up_intentions: int
    responses: int = 0
    requests_sent: int = 0
    requests_answered: int = 0


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as planned: the metric id, the target as written, the manual actual."""

    metric: str
    target: str
    description: str = ""
    manual_actual: str = ""


@dataclass(frozen=True)
class IndicatorResult:
    metric: str
    name: str
    unit: str
    description: str
    target: float | str
    actual: float | str | None  # None: no data yet
    met: bool | None  # None: cannot be judged (no data, or a manual text)
    note: str = ""

    @property
    def target_text(self) -> str:
        return value_text(self.target, self.unit)

    @property
    def actual_text(self) -> str:
        return "—" if self.actual is None else value_text(self.actual, self.unit)


@dataclass(frozen=True)
class Evaluation:
    facts: ActivityFacts
    results: tuple[IndicatorResult, ...]
    summary: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met is True)

    @property
    def judged_count(self) -> int:
        return sum(1 for r in self.results if r.met is not None)


def value_text(value: float | str, unit: str) -> str:
    """A value as a person reads it: shares in per cent, ratings with one decimal."""
    if isinstance(value, str):
        return value
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit in ("rating", "ratio"):
        return f"{value:.1f}"
    return f"{value:g}" if value != int(value) else f"{int(value)}"


def parse_number(text: str) -> float | str:
    """``"0.6"`` -> 0.6, ``"60%"`` -> 0.6, anything else stays text."""
    cleaned = text.strip().replace(",", ".")
    percent = cleaned.endswith("%")
    try:
        number = float(cleaned.rstrip("%").strip())
    except ValueError:
        return text.strip()
    return number / 100 if percent else number


def share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else part / whole


def mean(values: Sequence[int]) -> float | None:
    return None if not values else sum(values) / len(values)


def plus_delta_ratio(pluses: int, deltas: int) -> float | None:
    """Pluses per delta; with no delta the ratio is the number of pluses (never infinite)."""
    if pluses == 0 and deltas == 0:
        return None
    return pluses / deltas if deltas else float(pluses)


def voice_evenness(voice: VoiceFacts) -> float | None:
    """How evenly contributions spread over the people present: 1 - Gini coefficient.

    People who were present and said nothing count as zeros. 1.0 means everyone contributed the
    same; close to 0 means one person did all the talking. None when nobody was present or nobody
    contributed. A live session reports its own Gini coefficient, used as it is.
    """
    if voice.participants <= 0 or voice.contributors == 0:
        return None
    if voice.gini is not None:
        return max(0.0, min(1.0, 1 - voice.gini))
    values = [c for c in voice.counts if c > 0]
    full = [0] * max(0, voice.participants - len(values)) + values
    return max(0.0, min(1.0, 1 - gini(full)))


def actual_of(metric: str, facts: ActivityFacts) -> tuple[float | None, str]:
    """The actual value of a computed metric and a note saying where it comes from."""
    if metric == "attendance":
        return float(facts.attended), f"{facts.registered} registered, {facts.attended} attended"
    if metric == "segment_share":
        if facts.attended_from_segment is None:
            return None, "the activity targets the whole community"
        return (
            share(facts.attended_from_segment, facts.attended),
            f"{facts.attended_from_segment} of {facts.attended} attendees",
        )
    if metric == "voice_reach":
        if facts.voice.source == "none":
            return None, "no live session and no contribution records"
        where = "live session" if facts.voice.source == "live" else "contribution records"
        return (
            share(facts.voice.contributors, facts.voice.participants),
            f"{facts.voice.contributors} of {facts.voice.participants} people ({where})",
        )
    if metric == "plus_delta_ratio":
        return (
            plus_delta_ratio(facts.pluses, facts.deltas),
            f"{facts.pluses} plus, {facts.deltas} delta",
        )
    if metric == "mean_rating":
        return mean(facts.ratings), f"{len(facts.ratings)} rating{'s' * (len(facts.ratings) != 1)}"
    if metric == "new_connections":
        return float(facts.new_connections), "first encounters in groups and pairs"
    if metric == "follow_up_actions":
        return float(facts.follow_up_intentions), "“one thing I will do next” answers"
    raise KeyError(metric)


def _judge(indicator: IndicatorSpec, facts: ActivityFacts) -> IndicatorResult:
    spec = INDICATORS.get(indicator.metric)
    name = spec.name if spec else indicator.metric
    unit = spec.unit if spec else "text"
    target = parse_number(indicator.target)
    if spec is None or spec.unit == "text":
        manual = indicator.manual_actual.strip()
        actual: float | str | None = parse_number(manual) if manual else None
        met = None
        if isinstance(actual, float) and isinstance(target, float):
            met = actual >= target
        return IndicatorResult(
            indicator.metric,
            name,
            "text" if not isinstance(actual, float) else "count",
            indicator.description,
            target,
            actual,
            met,
            "entered by hand" if manual else "not entered yet",
        )
    value, note = actual_of(indicator.metric, facts)
    met_value = None
    if value is not None and isinstance(target, float):
        met_value = value >= target - 1e-9
    return IndicatorResult(
        indicator.metric, name, unit, indicator.description, target, value, met_value, note
    )


def evaluate(indicators: Iterable[IndicatorSpec], facts: ActivityFacts) -> Evaluation:
    """Judge every indicator against the facts; also summarise the facts for reports."""
    results = tuple(_judge(i, facts) for i in indicators)
    summary: dict[str, float | int | None] = {
        "registered": facts.registered,
        "attended": facts.attended,
        "segment_share": (
            None
            if facts.attended_from_segment is None
            else share(facts.attended_from_segment, facts.attended)
        ),
        "voice_reach": share(facts.voice.contributors, facts.voice.participants),
        "voice_evenness": voice_evenness(facts.voice),
        "pluses": facts.pluses,
        "deltas": facts.deltas,
        "plus_delta_ratio": plus_delta_ratio(facts.pluses, facts.deltas),
        "mean_rating": mean(facts.ratings),
        "ratings": len(facts.ratings),
        "new_connections": facts.new_connections,
        "follow_up_intentions": facts.follow_up_intentions,
        "responses": facts.responses,
        "response_rate": share(facts.requests_answered, facts.requests_sent),
    }
    return Evaluation(facts, results, summary)
