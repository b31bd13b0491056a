"""The rule editor: turn its rows of (field, operator, value) into rule JSON, and back.

The editor posts, for each row ``i`` listed in ``row``: ``field_i``, ``op_i`` and a value whose
inputs depend on the field (``value_i`` repeated for multi-choice fields, ``low_i``/``high_i``
for the time-zone offset). Nested groups, which the editor does not build, travel untouched in
the hidden ``nested`` field as JSON.
"""

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict

from roundtable.domain.places import REGIONS, country_choices
from roundtable.domain.segment_rules import (
    FIELDS,
    LEVELS,
    MATCH_ALL,
    MATCH_ANY,
    OPERATOR_LABELS,
    Condition,
    Group,
    describe_rule,
    parse_rule,
    rule_to_json,
)
from roundtable.segments.models import Segment

MAX_ROWS = 30


class SegmentForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: who this segment is for, and why.",
    )
    kind = forms.ChoiceField(
        label="Kind", choices=Segment.Kind.choices, initial=Segment.Kind.RULE, required=False
    )


@dataclass
class EditorRow:
    index: int
    field: str
    op: str
    values: list[str] = dataclasses.field(default_factory=list)
    text: str = ""
    low: str = ""
    high: str = ""

    @property
    def kind(self) -> str:
        return FIELDS[self.field][2]

    @property
    def operators(self) -> list[tuple[str, str]]:
        return [(op, OPERATOR_LABELS[op]) for op in FIELDS[self.field][1]]

    @property
    def is_blank(self) -> bool:
        """Nothing entered yet: a row just added, not yet a mistake."""
        return not (self.values or self.text or self.low or self.high)

    def as_json(self) -> dict[str, Any]:
        kind = self.kind
        value: Any
        if kind in ("countries", "regions", "levels"):
            value = self.values
        elif kind == "range":
            value = [self.low, self.high]
        else:
            value = self.text
        return {"field": self.field, "op": self.op, "value": value}


@dataclass
class Editor:
    """What the rule editor shows: the match word, flat rows, and nested groups kept as JSON."""

    match: str = MATCH_ALL
    rows: list[EditorRow] = dataclasses.field(default_factory=list)
    nested: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def rule_json(self) -> dict[str, Any]:
        return {
            "match": self.match,
            "conditions": [row.as_json() for row in self.rows] + self.nested,
        }

    @property
    def nested_json(self) -> str:
        return json.dumps(self.nested)

    @property
    def nested_words(self) -> list[str]:
        words = []
        for item in self.nested:
            try:
                words.append(describe_rule(parse_rule(item)).removeprefix("Members "))
            except ValueError as error:
                words.append(f"(cannot be read: {error})")
        return words

    @property
    def next_index(self) -> int:
        return max((row.index for row in self.rows), default=0) + 1


def _row_from_condition(index: int, condition: Condition) -> EditorRow:
    data = rule_to_json(Group(match=MATCH_ALL, conditions=(condition,)))["conditions"][0]
    row = EditorRow(index=index, field=condition.field, op=condition.op)
    value = data["value"]
    if row.kind in ("countries", "regions", "levels"):
        row.values = list(value)
    elif row.kind == "range":
        row.low, row.high = (_number(v) for v in value)
    elif isinstance(value, list):
        row.text = ", ".join(value)
    else:
        row.text = str(value)
    return row


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def editor_from_rule(rule: dict[str, Any] | None) -> Editor:
    """The editor for a stored rule: top-level conditions become rows, groups stay as JSON."""
    group = parse_rule(rule or {})
    editor = Editor(match=group.match)
    for item in group.conditions:
        if isinstance(item, Group):
            editor.nested.append(rule_to_json(item))
        else:
            editor.rows.append(_row_from_condition(editor.next_index, item))
    return editor


def default_row(index: int, field_name: str = "country") -> EditorRow:
    return EditorRow(index=index, field=field_name, op=FIELDS[field_name][1][0])


def editor_from_post(data: QueryDict, *, apply_buttons: bool = True) -> Editor:
    """Read the editor's inputs, applying "add a row" and "remove row i" buttons.

    The live preview passes ``apply_buttons=False``: htmx sends the last button clicked or
    focused with every later request of the form, and the preview must not act on it again.

    Unknown fields fall back to the first field, unknown operators to the field's first one,
    so the editor can always be drawn; validation of values happens in :func:`parse_rule`.
    """
    match = data.get("match", MATCH_ALL)
    editor = Editor(match=match if match in (MATCH_ALL, MATCH_ANY) else MATCH_ALL)
    remove = data.get("remove", "") if apply_buttons else ""
    seen: set[int] = set()
    for raw in data.getlist("row")[:MAX_ROWS]:
        if not raw.isdigit() or int(raw) in seen or raw == remove:
            continue
        index = int(raw)
        seen.add(index)
        field_name = data.get(f"field_{index}", "country")
        if field_name not in FIELDS:
            field_name = "country"
        op = data.get(f"op_{index}", "")
        if op not in FIELDS[field_name][1]:
            op = FIELDS[field_name][1][0]
        row = EditorRow(index=index, field=field_name, op=op)
        if data.get(f"was_field_{index}", field_name) != field_name:
            # The field was just changed: the old operator and values belong to another field.
            row.op = FIELDS[field_name][1][0]
            editor.rows.append(row)
            continue
        row.values = [v for v in data.getlist(f"value_{index}") if v]
        row.text = data.get(f"text_{index}", "").strip()
        row.low = data.get(f"low_{index}", "").strip()
        row.high = data.get(f"high_{index}", "").strip()
        editor.rows.append(row)
    if apply_buttons and data.get("add") and len(editor.rows) < MAX_ROWS:
        editor.rows.append(default_row(editor.next_index))
    try:
        nested = json.loads(data.get("nested", "") or "[]")
    except ValueError:
        nested = []
    editor.nested = (
        [item for item in nested if isinstance(item, dict)] if isinstance(nested, list) else []
    )
    return editor


def editor_choices() -> dict[str, Any]:
    """The option lists the editor's value inputs need."""
    return {
        "fields": [(name, spec[0]) for name, spec in FIELDS.items()],
        "countries": country_choices(),
        "regions": REGIONS,
        "levels": [(level, level.capitalize()) for level in LEVELS],
    }
