"""Segment rules: parse, validate and describe them. Pure Python, no Django.

A rule is JSON (see docs/segments.md)::

    {"match": "all" | "any", "conditions": [condition_or_group, ...]}

where a condition is ``{"field": F, "op": OP, "value": V}`` and a group has the same shape as
the rule itself, so groups nest. :func:`parse_rule` turns the JSON into frozen dataclasses with
normalised values (country codes upper-case, tags lower-case, dates as ``date``), or raises
:class:`RuleError` whose message names the condition ("condition 2: 'XX' is not a country
code"; nested conditions are numbered "condition 3.1"). :func:`describe_rule` says the rule in
words for staff; :func:`rule_to_json` gives back the canonical JSON.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT
from roundtable.domain.places import REGIONS, country_choices, country_name
from roundtable.domain.tags import MAX_TAG_LENGTH, normalise_tag

MATCH_ALL = "all"
MATCH_ANY = "any"
MAX_DEPTH = 4
MAX_CONDITIONS = 50
MAX_TEXT = 200

# field -> (label, allowed operators, kind of value)
FIELDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "country": ("Country", ("in", "not_in"), "countries"),
    "region": ("Region", ("in", "not_in"), "regions"),
    "organisation": ("Organisation", ("in", "contains"), "organisation"),
    "role": ("Role", ("contains",), "text"),
    "tag": ("Expertise or interest tag", ("has_any", "has_all"), "tags"),
    "timezone_offset": ("Time zone offset (hours from UTC)", ("between",), "range"),
    "joined": ("Joined", ("before", "after"), "date"),
    "participation_level": ("Participation level", ("in", "not_in"), "levels"),
    "open_need_tag": ("Open need tagged", ("has_any",), "tags"),
    "language": ("Language", ("contains",), "text"),
}
OPERATOR_LABELS = {
    "in": "is one of",
    "not_in": "is not one of",
    "contains": "contains",
    "has_any": "has any of",
    "has_all": "has all of",
    "between": "is between",
    "before": "before",
    "after": "after",
    "at_least": "is at least",
    "at_most": "is at most",
}
# The kinds of value a field may take; "score" is a whole number from 0 to 100.
KINDS = frozenset(
    {"countries", "regions", "organisation", "text", "tags", "range", "date", "levels", "score"}
)


def field_register(name: str, label: str, operators: tuple[str, ...], kind: str) -> None:
    """Add a field that an app above segments provides (see ``segments.rule_fields``): rules
    may then use it, the editor offers it, and :func:`describe_rule` says it in words."""
    unknown = [op for op in operators if op not in OPERATOR_LABELS]
    if kind not in KINDS or unknown or not operators:
        raise ValueError(f"the field {name!r} needs a known kind and operators")
    FIELDS[name] = (label, operators, kind)


LEVELS: tuple[str, ...] = tuple(level.value for level in LEVELS_BY_ENGAGEMENT)

Value = tuple[str, ...] | str | date | tuple[float, float]


class RuleError(ValueError):
    """A rule that cannot be used; the message names the condition and what is wrong."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Value

    # Typed views of ``value``; parse_condition guarantees the shape for each field's kind.
    @property
    def items(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], self.value)

    @property
    def text(self) -> str:
        return cast(str, self.value)

    @property
    def day(self) -> date:
        return cast(date, self.value)

    @property
    def bounds(self) -> tuple[float, float]:
        return cast(tuple[float, float], self.value)


@dataclass(frozen=True)
class Group:
    match: str
    conditions: tuple["Condition | Group", ...]

    @property
    def is_empty(self) -> bool:
        return not self.conditions


EMPTY_RULE = Group(match=MATCH_ALL, conditions=())


def parse_rule(data: Any) -> Group:
    """Parse and validate rule JSON (a dict; None or {} mean the empty rule, matching everyone).

    Returns a :class:`Group` with normalised values; raises :class:`RuleError` otherwise.
    """
    if data is None or data == {}:
        return EMPTY_RULE
    return _parse_group(data, where="the rule", prefix="", depth=1)


def _parse_group(data: Any, *, where: str, prefix: str, depth: int) -> Group:
    if not isinstance(data, dict):
        raise RuleError(f"{where}: expected an object with “match” and “conditions”")
    if depth > MAX_DEPTH:
        raise RuleError(f"{where}: groups nest more than {MAX_DEPTH} levels deep")
    unknown = sorted(set(data) - {"match", "conditions"})
    if unknown:
        raise RuleError(f"{where}: unknown key “{unknown[0]}”; use “match” and “conditions”")
    match = data.get("match", MATCH_ALL)
    if match not in (MATCH_ALL, MATCH_ANY):
        raise RuleError(f"{where}: “match” must be “all” or “any”, not {match!r}")
    raw = data.get("conditions", [])
    if not isinstance(raw, list):
        raise RuleError(f"{where}: “conditions” must be a list")
    if len(raw) > MAX_CONDITIONS:
        raise RuleError(f"{where}: more than {MAX_CONDITIONS} conditions")
    parsed: list[Condition | Group] = []
    for index, item in enumerate(raw, start=1):
        number = f"{prefix}{index}"
        label = f"condition {number}"
        if isinstance(item, dict) and "conditions" in item:
            parsed.append(_parse_group(item, where=label, prefix=f"{number}.", depth=depth + 1))
        else:
            parsed.append(parse_condition(item, where=label))
    return Group(match=match, conditions=tuple(parsed))


def parse_condition(item: Any, *, where: str = "condition") -> Condition:
    """Validate one ``{"field", "op", "value"}`` condition; ``where`` prefixes error messages."""
    if not isinstance(item, dict):
        raise RuleError(f"{where}: expected an object with “field”, “op” and “value”")
    field = item.get("field")
    if field not in FIELDS:
        known = ", ".join(FIELDS)
        raise RuleError(f"{where}: unknown field {field!r}; use one of {known}")
    label, ops, kind = FIELDS[field]
    op = item.get("op")
    if op not in ops:
        allowed = " or ".join(ops)
        raise RuleError(f"{where}: {field} cannot use the operator {op!r}; use {allowed}")
    value = _parse_value(kind, op, item.get("value"), where=where, field=field)
    return Condition(field=field, op=op, value=value)


def _as_list(value: Any, *, where: str, field: str) -> list[str]:
    """A list of non-empty strings; a comma-separated string is accepted too."""
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list | tuple):
        items = []
        for item in value:
            if not isinstance(item, str):
                raise RuleError(f"{where}: {field} values must be text, not {item!r}")
            items.append(item.strip())
    else:
        raise RuleError(f"{where}: {field} needs a list of values")
    items = list(dict.fromkeys(item for item in items if item))
    if not items:
        raise RuleError(f"{where}: choose at least one {field.replace('_', ' ')}")
    return items


def _known_countries() -> frozenset[str]:
    return frozenset(code for code, _ in country_choices())


def _parse_value(kind: str, op: str, value: Any, *, where: str, field: str) -> Value:
    if kind == "countries":
        codes = [c.upper() for c in _as_list(value, where=where, field=field)]
        known = _known_countries()
        for code in codes:
            if code not in known:
                raise RuleError(f"{where}: '{code}' is not a country code")
        return tuple(codes)
    if kind == "regions":
        regions = _as_list(value, where=where, field=field)
        by_lower = {r.lower(): r for r in REGIONS}
        out = []
        for region in regions:
            if region.lower() not in by_lower:
                raise RuleError(
                    f"{where}: '{region}' is not a region; use one of {', '.join(REGIONS)}"
                )
            out.append(by_lower[region.lower()])
        return tuple(out)
    if kind == "levels":
        levels = [lv.lower() for lv in _as_list(value, where=where, field=field)]
        for level in levels:
            if level not in LEVELS:
                raise RuleError(
                    f"{where}: '{level}' is not a participation level; "
                    f"use one of {', '.join(LEVELS)}"
                )
        return tuple(levels)
    if kind == "tags":
        tags = [normalise_tag(t) for t in _as_list(value, where=where, field=field)]
        for tag in tags:
            if len(tag) > MAX_TAG_LENGTH:
                raise RuleError(f"{where}: the tag '{tag[:30]}…' is too long")
        return tuple(dict.fromkeys(tags))
    if kind == "organisation" and op == "in":
        names = _as_list(value, where=where, field=field)
        return tuple(_short_text(n, where=where, field=field) for n in names)
    if kind in ("organisation", "text"):
        if not isinstance(value, str) or not value.strip():
            raise RuleError(f"{where}: {field} needs some text to look for")
        return _short_text(value.strip(), where=where, field=field)
    if kind == "date":
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not value.strip():
            raise RuleError(f"{where}: joined needs a date like 2026-03-01")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise RuleError(
                f"{where}: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
            ) from None
    if kind == "range":
        return _parse_range(value, where=where)
    if kind == "score":
        return _parse_score(value, where=where, field=field)
    raise RuleError(f"{where}: cannot read the value of {field}")  # pragma: no cover


def _short_text(text: str, *, where: str, field: str) -> str:
    if len(text) > MAX_TEXT:
        raise RuleError(f"{where}: the {field} text is longer than {MAX_TEXT} characters")
    return text


def _parse_score(value: Any, *, where: str, field: str) -> str:
    """A whole number from 0 to 100, kept as its digits ("60")."""
    words = FIELDS[field][0].lower()
    text = str(value).strip() if isinstance(value, int | str) else ""
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise RuleError(f"{where}: {words} needs a whole number from 0 to 100, not {value!r}")
    return str(int(text))


def _parse_range(value: Any, *, where: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise RuleError(f"{where}: the time zone offset needs two numbers, [low, high] in hours")
    bounds = []
    for bound in value:
        try:
            number = float(bound)
        except (TypeError, ValueError):
            raise RuleError(f"{where}: '{bound}' is not a number of hours") from None
        if not -12 <= number <= 14:
            raise RuleError(f"{where}: {bound} hours is outside UTC−12 to UTC+14")
        bounds.append(number)
    low, high = bounds
    if low > high:
        raise RuleError(
            f"{where}: the low offset ({_hours(low)}) is above the high ({_hours(high)})"
        )
    return (low, high)


def rule_to_json(group: Group) -> dict[str, Any]:
    """The canonical JSON for a parsed rule (what is stored in ``Segment.rule``)."""
    return {"match": group.match, "conditions": [_item_json(c) for c in group.conditions]}


def _item_json(item: Condition | Group) -> dict[str, Any]:
    if isinstance(item, Group):
        return rule_to_json(item)
    value: Any = item.value
    if isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, tuple):
        value = list(value)
    return {"field": item.field, "op": item.op, "value": value}


# --- words -------------------------------------------------------------------------------


def _either(items: Sequence[str], word: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _quoted(items: Sequence[str]) -> list[str]:
    return [f"“{item}”" for item in items]


def _hours(hours: float) -> str:
    sign = "+" if hours >= 0 else "−"
    whole = int(abs(hours))
    minutes = round((abs(hours) - whole) * 60)
    return f"UTC{sign}{whole}" + (f":{minutes:02d}" if minutes else "")


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def describe_condition(condition: Condition) -> str:
    """One condition as a phrase that follows "Members ..." (e.g. "in Kenya or Peru")."""
    field, op = condition.field, condition.op
    if field == "country":
        names = [country_name(code) for code in condition.items]
        return ("in " if op == "in" else "outside ") + _either(names)
    if field == "region":
        return ("in " if op == "in" else "outside ") + _either(condition.items)
    if field == "organisation":
        if op == "in":
            return "at " + _either(condition.items)
        return f"whose organisation contains “{condition.text}”"
    if field == "role":
        return f"whose role contains “{condition.text}”"
    if field == "tag":
        word = "or" if op == "has_any" else "and"
        return "tagged " + _either(_quoted(condition.items), word)
    if field == "timezone_offset":
        low, high = condition.bounds
        if low == high:
            return f"in time zones at {_hours(low)}"
        return f"in time zones from {_hours(low)} to {_hours(high)}"
    if field == "joined":
        return f"who joined {op} {_day(condition.day)}"
    if field == "participation_level":
        levels = _either(condition.items)
        return f"who are {levels}" if op == "in" else f"who are not {levels}"
    if field == "open_need_tag":
        return "with an open need tagged " + _either(_quoted(condition.items))
    if field == "language":
        return f"who speak {condition.text}"
    label, _ops, kind = FIELDS.get(field, (field, (), ""))
    if kind == "score":
        return f"whose {label.lower()} {OPERATOR_LABELS[op]} {condition.text}"
    return f"{field} {op} {condition.value}"  # pragma: no cover


def _describe_items(group: Group) -> str:
    parts = []
    for item in group.conditions:
        if isinstance(item, Group):
            inner = "any member" if item.is_empty else _describe_items(item)
            parts.append(f"({inner})" if len(item.conditions) > 1 else inner)
        else:
            parts.append(describe_condition(item))
    if group.match == MATCH_ANY:
        return " or ".join(parts)
    # "in Africa who joined after 1 March 2026 and are occasional": the first "who" clause
    # attaches directly, later ones drop their "who" so the sentence reads naturally.
    text, seen_who = "", False
    for index, part in enumerate(parts):
        separator = " and " if index else ""
        if part.startswith("who "):
            if seen_who:
                part = part[len("who ") :]
            elif index:
                separator = " "
            seen_who = True
        text += separator + part
    return text


def describe_rule(group: Group) -> str:
    """The rule in words, e.g. "Members in Africa and who joined after 1 March 2026"."""
    if group.is_empty:
        return "All members"
    return f"Members {_describe_items(group)}"
