"""The format library: reusable activity templates shipped as YAML in ``formats/``. No Django.

A format file (docs/planning.md, "Formats") has a name, a summary, participation properties
(headcount range, voice level, whether members meet, settings, purposes it suits), a default
agenda in plan-file shape, and a checklist template of items due before, during and after the
activity, each with a due offset from the start (``-7d``, ``-2h``, ``+30m``, ``+1d``) and an
owner. :func:`format_parse` validates one file with line and column for every problem;
:func:`format_library` loads them all.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from yaml.nodes import Node

from roundtable.domain.planning.located_yaml import (
    LocatedError,
    Location,
    NodeReader,
    Problem,
    compose,
)
from roundtable.domain.planning.plan import AgendaBlock, agenda_parse
from roundtable.domain.planning.taxonomy import PURPOSE_IDS

FORMATS_DIR = Path(__file__).with_name("formats")
PHASES = ("before", "during", "after")
OWNERS = ("manager", "facilitator", "host", "speakers", "producer")
VOICE_LEVELS = ("low", "medium", "high")
SETTINGS = ("online", "in_person", "hybrid")
_DUE = re.compile(r"^([+-]?)(\d+)([mhd])$")
_UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


@dataclass(frozen=True)
class ChecklistItem:
    """A task of the execution checklist, due ``due`` after the start (negative: before)."""

    phase: str
    title: str
    due: timedelta
    owner: str


@dataclass(frozen=True)
class Format:
    id: str
    name: str
    summary: str
    duration_minutes: int
    min_participants: int
    max_participants: int
    voice: str
    connections: bool
    settings: tuple[str, ...]
    suits: tuple[str, ...]
    agenda: tuple[AgendaBlock, ...]
    checklist: tuple[ChecklistItem, ...]


def due_parse(text: str) -> timedelta | None:
    """``-7d``, ``-2h``, ``+30m``, ``0m`` as a timedelta from the start; None if not that form."""
    match = _DUE.match(text.strip())
    if not match:
        return None
    sign, amount, unit = match.groups()
    delta = int(amount) * _UNIT[unit]
    return -delta if sign == "-" else delta


def format_parse(format_id: str, text: str) -> Format:
    """The format in ``text``; raises LocatedError listing every problem with its location."""
    root = compose(text)
    reader = NodeReader()
    if root is None:
        raise LocatedError([Problem(Location(1, 1), "the format file is empty")])
    keys = reader.mapping(
        root,
        f"the format {format_id}",
        required=(
            "name",
            "summary",
            "duration_minutes",
            "participants",
            "voice",
            "connections",
            "settings",
            "suits",
            "agenda",
            "checklist",
        ),
    )
    reader.raise_if_problems()
    assert keys is not None  # noqa: S101 - an invariant, stated for the type checker
    name = reader.text(keys["name"], "name")
    summary = reader.text(keys["summary"], "summary")
    duration = reader.integer(keys["duration_minutes"], "duration_minutes", minimum=1)
    size = reader.mapping(keys["participants"], "participants", required=("min", "max"))
    low = high = None
    if size and len(size) == 2:
        low = reader.integer(size["min"], "participants.min", minimum=1)
        high = reader.integer(size["max"], "participants.max", minimum=1)
        if low is not None and high is not None and high < low:
            reader.problem(size["max"], f"participants.max {high} is below participants.min {low}")
    voice = reader.choice(keys["voice"], "voice", VOICE_LEVELS)
    connections = reader.boolean(keys["connections"], "connections")
    settings = tuple(
        reader.choice(item, "setting", SETTINGS) or ""
        for item in reader.sequence(keys["settings"], "settings") or []
    )
    suits = tuple(
        reader.choice(item, "suits", PURPOSE_IDS) or ""
        for item in reader.sequence(keys["suits"], "suits") or []
    )
    agenda = agenda_parse(reader, keys["agenda"])
    if agenda is not None and duration is not None:
        total = sum(block.minutes for block in agenda)
        if total != duration:
            reader.problem(keys["agenda"], f"the agenda adds up to {total} minutes, not {duration}")
    checklist = _checklist(reader, keys["checklist"])
    reader.raise_if_problems()
    assert name and summary and duration and low and high and voice and agenda is not None  # noqa: S101 - an invariant, stated for the type checker
    return Format(
        id=format_id,
        name=name,
        summary=summary,
        duration_minutes=duration,
        min_participants=low,
        max_participants=high,
        voice=voice,
        connections=bool(connections),
        settings=settings,
        suits=suits,
        agenda=agenda,
        checklist=checklist,
    )


def _checklist(reader: NodeReader, node: Node) -> tuple[ChecklistItem, ...]:
    phases = reader.mapping(node, "checklist", required=PHASES)
    items: list[ChecklistItem] = []
    for phase, phase_node in (phases or {}).items():
        for number, item in enumerate(reader.sequence(phase_node, phase) or [], start=1):
            name = f"checklist {phase} item {number}"
            keys = reader.mapping(item, name, required=("item", "due", "owner"))
            if not keys or len(keys) < 3:
                continue
            title = reader.text(keys["item"], f"{name}: item")
            owner = reader.choice(keys["owner"], f"{name}: owner", OWNERS)
            due_text = reader.text(keys["due"], f"{name}: due")
            due = due_parse(due_text) if due_text else None
            if due_text and due is None:
                reader.problem(
                    keys["due"], f"{name}: due “{due_text}” is not like -7d, -2h, +30m or +1d"
                )
            elif due is not None and phase == "before" and due > timedelta(0):
                reader.problem(keys["due"], f"{name}: an item before the activity is due after it")
            elif due is not None and phase == "after" and due < timedelta(0):
                reader.problem(keys["due"], f"{name}: an item after the activity is due before it")
            if title and owner and due is not None:
                items.append(ChecklistItem(phase, title, due, owner))
    return tuple(items)


@cache
def format_library() -> dict[str, Format]:
    """Every shipped format by id (the file name without .yaml), sorted by name.

    Raises LocatedError naming the file when one is wrong: the library is shipped, so a broken
    file is a bug to catch in tests, not at a manager's desk.
    """
    formats: list[Format] = []
    for path in sorted(FORMATS_DIR.glob("*.yaml")):
        try:
            formats.append(format_parse(path.stem, path.read_text(encoding="utf-8")))
        except LocatedError as error:
            raise LocatedError(
                Problem(p.location, f"{path.name}: {p.message}") for p in error.problems
            ) from None
    return {fmt.id: fmt for fmt in sorted(formats, key=lambda fmt: fmt.name.lower())}
