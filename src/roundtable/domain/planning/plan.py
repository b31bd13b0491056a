"""Activity plans: their data types, and reading and writing them as YAML plan files. No Django.

A plan file (docs/planning.md) states the purpose, audience, start, agenda, success indicators,
feedback and follow-up of one activity. :func:`plan_parse` returns a frozen :class:`Plan`, or
raises :class:`~roundtable.domain.planning.located_yaml.LocatedError` listing every problem
with its line and column. :func:`plan_dump` writes a plan back as YAML that parses to the same
plan.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from roundtable.domain.places import PlaceError, timezone_name
from roundtable.domain.planning.indicators import INDICATORS, target_problem
from roundtable.domain.planning.located_yaml import (
    FLOAT_TAG,
    INT_TAG,
    LocatedError,
    Location,
    NodeReader,
    Problem,
    compose,
    location_of,
)
from roundtable.domain.planning.taxonomy import PURPOSE_IDS

MODES: tuple[str, ...] = (
    "presentation",
    "panel",
    "plenary_discussion",
    "qa",
    "poll",
    "small_groups",
    "pairs",
    "reflection",
    "share_back",
)
STAGE_MODES = frozenset({"presentation", "panel"})  # a few people talk, the audience listens
INTERACTIVE_MODES = frozenset(MODES) - STAGE_MODES
TOOL_MODES = frozenset({"qa", "poll"})  # everyone can voice through the live tools
GROUP_MODES = frozenset({"small_groups", "pairs"})
DEFAULT_GROUP_SIZE = 4
DEFAULT_SPEAKERS = {"presentation": 1, "panel": 3}
MAX_MINUTES = 24 * 60

PLAN_KEYS_REQUIRED = ("title", "purpose", "audience", "start", "duration_minutes", "agenda")
PLAN_KEYS_OPTIONAL = (
    "description",
    "format",
    "success_indicators",
    "feedback",
    "follow_up",
)
BLOCK_KEYS_REQUIRED = ("title", "minutes", "mode")
BLOCK_KEYS_OPTIONAL = ("group_size", "speakers")


@dataclass(frozen=True)
class AgendaBlock:
    """A slice of an activity: minutes in one interaction mode.

    ``group_size`` only for small groups (default 4); ``speakers`` only for presentations
    (default 1) and panels (default 3).
    """

    title: str
    minutes: int
    mode: str
    group_size: int | None = None
    speakers: int | None = None

    @property
    def effective_group_size(self) -> int:
        if self.mode == "pairs":
            return 2
        return self.group_size or DEFAULT_GROUP_SIZE

    @property
    def effective_speakers(self) -> int:
        return self.speakers or DEFAULT_SPEAKERS.get(self.mode, 0)


@dataclass(frozen=True)
class PurposeChoice:
    expressed: str
    deeper: str


@dataclass(frozen=True)
class Audience:
    """Expected headcount, optional segment name, and audience time zones with their counts."""

    expected: int
    segment: str | None = None
    timezones: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class SuccessIndicator:
    metric: str
    target: float | str
    description: str = ""


@dataclass(frozen=True)
class Plan:
    """One activity as planned. ``locations`` maps a key path (``agenda.2.minutes``) to where
    it was written, for messages; it takes no part in equality."""

    title: str
    purpose: PurposeChoice
    audience: Audience
    start: datetime
    duration_minutes: int
    agenda: tuple[AgendaBlock, ...]
    success_indicators: tuple[SuccessIndicator, ...] = ()
    feedback: bool = False
    follow_up: str | None = None
    description: str = ""
    format: str | None = None
    locations: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    @property
    def agenda_minutes(self) -> int:
        return sum(block.minutes for block in self.agenda)


def plan_parse(text: str, *, known_formats: frozenset[str] | None = None) -> Plan:
    """The plan written in ``text`` (YAML).

    Raises LocatedError with one problem per mistake (malformed YAML, unknown or missing keys,
    wrong types, unknown modes or purposes, minutes below 1, a start without a UTC offset...).
    ``known_formats``, when given, are the format ids a ``format`` key may name.
    """
    root = compose(text)
    reader = NodeReader()
    if root is None:
        raise LocatedError([Problem(Location(1, 1), "the file is empty; a plan needs keys")])
    locations: dict[str, Location] = {}
    keys = reader.mapping(
        root, "the plan", required=PLAN_KEYS_REQUIRED, optional=PLAN_KEYS_OPTIONAL
    )
    if keys is None:  # not a mapping: the reader has recorded why
        raise LocatedError(reader.problems)
    for key, node in keys.items():
        locations[key] = location_of(node)
    values: dict[str, Any] = {}
    if "title" in keys:
        values["title"] = reader.text(keys["title"], "title")
    if "description" in keys:
        values["description"] = reader.text(keys["description"], "description", allow_empty=True)
    if "format" in keys:
        if known_formats is None:
            values["format"] = reader.text(keys["format"], "format")
        else:
            values["format"] = reader.choice(keys["format"], "format", sorted(known_formats))
    if "purpose" in keys:
        values["purpose"] = _purpose(reader, keys["purpose"])
    if "audience" in keys:
        values["audience"] = _audience(reader, keys["audience"], locations)
    if "start" in keys:
        values["start"] = _start(reader, keys["start"])
    if "duration_minutes" in keys:
        values["duration_minutes"] = reader.integer(
            keys["duration_minutes"], "duration_minutes", minimum=1
        )
    if "agenda" in keys:
        values["agenda"] = agenda_parse(reader, keys["agenda"], locations)
    if "success_indicators" in keys:
        values["success_indicators"] = _indicators(reader, keys["success_indicators"])
    if "feedback" in keys:
        values["feedback"] = reader.boolean(keys["feedback"], "feedback")
    if "follow_up" in keys:
        node = keys["follow_up"]
        null = isinstance(node, ScalarNode) and node.tag.endswith(":null")
        values["follow_up"] = None if null else reader.text(node, "follow_up", allow_empty=True)
    # Every value that failed its check recorded a problem, so no None reaches the Plan.
    reader.raise_if_problems()
    return Plan(**values, locations=locations)


def _purpose(reader: NodeReader, node: Node) -> PurposeChoice | None:
    keys = reader.mapping(node, "purpose", required=("expressed", "deeper"))
    if not keys or len(keys) < 2:
        return None
    expressed = reader.text(keys["expressed"], "purpose.expressed")
    deeper = reader.choice(keys["deeper"], "purpose.deeper", PURPOSE_IDS)
    if expressed is None or deeper is None:
        return None
    return PurposeChoice(expressed=expressed, deeper=deeper)


def _audience(reader: NodeReader, node: Node, locations: dict[str, Location]) -> Audience | None:
    keys = reader.mapping(
        node, "audience", required=("expected",), optional=("segment", "timezones")
    )
    if not keys or "expected" not in keys:
        return None
    expected = reader.integer(keys["expected"], "audience.expected", minimum=1)
    segment = None
    if "segment" in keys:
        locations["audience.segment"] = location_of(keys["segment"])
        segment = reader.text(keys["segment"], "audience.segment")
    zones: dict[str, int] = {}
    if "timezones" in keys:
        zones_node = keys["timezones"]
        entries: list[tuple[Node, int | None]] = []
        if isinstance(zones_node, MappingNode):
            for key_node, count_node in zones_node.value:
                count = reader.integer(count_node, f"the count of {key_node.value}", minimum=1)
                entries.append((key_node, count))
        else:
            for item in reader.sequence(zones_node, "audience.timezones") or []:
                entries.append((item, 1))
        for zone_node, count in entries:
            name = reader.text(zone_node, "a time zone")
            if name is None or count is None:
                continue
            try:
                canonical = timezone_name(name)
            except PlaceError as error:
                reader.problem(zone_node, str(error))
                continue
            zones[canonical] = zones.get(canonical, 0) + count
    if expected is None:
        return None
    return Audience(expected=expected, segment=segment, timezones=tuple(sorted(zones.items())))


def _start(reader: NodeReader, node: Node) -> datetime | None:
    if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
        reader.problem(node, "start must be a date and time like 2026-03-10T14:00:00+01:00")
        return None
    raw = str(node.value).strip()
    try:
        start = datetime.fromisoformat(raw)
    except ValueError:
        reader.problem(node, f"start “{raw}” is not a date and time like 2026-03-10T14:00:00+01:00")
        return None
    if start.tzinfo is None:
        reader.problem(node, f"start “{raw}” has no UTC offset; write it like {raw}+01:00")
        return None
    return start


def agenda_parse(
    reader: NodeReader, node: Node, locations: dict[str, Location] | None = None
) -> tuple[AgendaBlock, ...] | None:
    """Agenda blocks from a list node, recording a problem for each wrong block."""
    items = reader.sequence(node, "agenda")
    if items is None:
        return None
    blocks: list[AgendaBlock] = []
    ok = True
    for number, item in enumerate(items, start=1):
        block = _block(reader, item, number)
        if block is None:
            ok = False
            continue
        if locations is not None:
            locations[f"agenda.{number}"] = location_of(item)
        blocks.append(block)
    return tuple(blocks) if ok else None


def _block(reader: NodeReader, node: Node, number: int) -> AgendaBlock | None:
    name = f"agenda block {number}"
    keys = reader.mapping(node, name, required=BLOCK_KEYS_REQUIRED, optional=BLOCK_KEYS_OPTIONAL)
    if not keys or any(key not in keys for key in BLOCK_KEYS_REQUIRED):
        return None
    title = reader.text(keys["title"], f"{name}: title")
    if title:
        name = f"agenda block {number} “{title}”"
    minutes = reader.integer(keys["minutes"], f"{name}: minutes", minimum=1)
    if minutes is not None and minutes > MAX_MINUTES:
        reader.problem(keys["minutes"], f"{name}: minutes must be at most {MAX_MINUTES}")
        minutes = None
    mode = reader.choice(keys["mode"], f"{name}: mode", MODES)
    group_size = speakers = None
    if "group_size" in keys:
        if mode is not None and mode != "small_groups":
            reader.problem(keys["group_size"], f"{name}: group_size applies only to small_groups")
            return None
        group_size = reader.integer(keys["group_size"], f"{name}: group_size", minimum=2)
        if group_size is None:
            return None
    if "speakers" in keys:
        if mode is not None and mode not in STAGE_MODES:
            reader.problem(
                keys["speakers"], f"{name}: speakers applies only to presentation and panel"
            )
            return None
        speakers = reader.integer(keys["speakers"], f"{name}: speakers", minimum=1)
        if speakers is None:
            return None
    if title is None or minutes is None or mode is None:
        return None
    return AgendaBlock(title, minutes, mode, group_size=group_size, speakers=speakers)


def _indicators(reader: NodeReader, node: Node) -> tuple[SuccessIndicator, ...] | None:
    items = reader.sequence(node, "success_indicators")
    if items is None:
        return None
    result: list[SuccessIndicator] = []
    ok = True
    for number, item in enumerate(items, start=1):
        name = f"success indicator {number}"
        keys = reader.mapping(item, name, required=("metric", "target"), optional=("description",))
        if not keys or "metric" not in keys or "target" not in keys:
            ok = False
            continue
        metric = reader.choice(keys["metric"], f"{name}: metric", INDICATORS)
        target_node = keys["target"]
        target: float | str | None
        if isinstance(target_node, ScalarNode) and target_node.tag in (INT_TAG, FLOAT_TAG):
            target = reader.number(target_node, f"{name}: target")
        else:
            target = reader.text(target_node, f"{name}: target")
        description = ""
        if "description" in keys:
            description = reader.text(keys["description"], f"{name}: description") or ""
        if metric is None or target is None:
            ok = False
            continue
        problem = target_problem(metric, target)
        if problem:
            reader.problem(target_node, f"{name}: {problem}")
            ok = False
            continue
        result.append(SuccessIndicator(metric, target, description))
    return tuple(result) if ok else None


def plan_as_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data in plan-file shape (keys in the documented order)."""
    data: dict[str, Any] = {"title": plan.title}
    if plan.description:
        data["description"] = plan.description
    if plan.format:
        data["format"] = plan.format
    data["purpose"] = {"expressed": plan.purpose.expressed, "deeper": plan.purpose.deeper}
    audience: dict[str, Any] = {"expected": plan.audience.expected}
    if plan.audience.segment:
        audience["segment"] = plan.audience.segment
    if plan.audience.timezones:
        audience["timezones"] = dict(plan.audience.timezones)
    data["audience"] = audience
    data["start"] = plan.start.isoformat()
    data["duration_minutes"] = plan.duration_minutes
    agenda = []
    for block in plan.agenda:
        item: dict[str, Any] = {"title": block.title, "minutes": block.minutes, "mode": block.mode}
        if block.group_size is not None:
            item["group_size"] = block.group_size
        if block.speakers is not None:
            item["speakers"] = block.speakers
        agenda.append(item)
    data["agenda"] = agenda
    indicators = []
    for indicator in plan.success_indicators:
        entry: dict[str, Any] = {"metric": indicator.metric, "target": indicator.target}
        if indicator.description:
            entry["description"] = indicator.description
        indicators.append(entry)
    data["success_indicators"] = indicators
    data["feedback"] = plan.feedback
    if plan.follow_up is not None:
        data["follow_up"] = plan.follow_up
    return data


def plan_dump(plan: Plan) -> str:
    """The plan as a plan file; ``plan_parse(plan_dump(p)) == p`` holds."""
    return yaml.safe_dump(plan_as_data(plan), sort_keys=False, allow_unicode=True, width=96)
