"""Read YAML while keeping where each value came from, so every problem names its line and column.

PyYAML's composer gives a node tree whose nodes carry start marks; :class:`NodeReader` checks
the nodes against the shape a caller expects and collects one :class:`Problem` per mistake,
instead of stopping at the first. No Django.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in the source text."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, where it is, and what is wrong, in words."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class LocatedError(ValueError):
    """A file that cannot be read as what it claims to be; ``problems`` lists every mistake."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def location_of(node: Node) -> Location:
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)


def compose(text: str) -> Node | None:
    """The node tree of one YAML document; raises LocatedError for malformed YAML."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(mark.line + 1, mark.column + 1) if mark else Location(1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise LocatedError([Problem(where, f"this is not valid YAML: {what}")]) from None
    except yaml.YAMLError as error:
        raise LocatedError([Problem(Location(1, 1), f"this is not valid YAML: {error}")]) from None


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    return f"“{node.value}”"


class NodeReader:
    """Checks nodes against an expected shape; every check records a problem and returns None."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()

    def problem(self, node: Node | Location, message: str) -> None:
        where = node if isinstance(node, Location) else location_of(node)
        self.problems.append(Problem(where, message))

    def mapping(
        self,
        node: Node,
        name: str,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        """The keys of a mapping node; unknown, duplicate and missing keys are each a problem."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{name} must be a mapping of keys, not {_describe(node)}")
            return None
        required, optional = list(required), list(optional)
        allowed = required + optional
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key in found:
                self.problem(key_node, f"{name} has “{key}” twice")
            elif key not in allowed:
                close = get_close_matches(key, allowed, n=1)
                hint = f"; did you mean “{close[0]}”?" if close else ""
                known = ", ".join(allowed)
                self.problem(key_node, f"{name} has an unknown key “{key}”{hint} (known: {known})")
            else:
                found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{name} is missing “{key}”")
        return found

    def sequence(self, node: Node, name: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{name} must be a list, not {_describe(node)}")
            return None
        return list(node.value)

    def scalar(self, node: Node) -> Any:
        return self._constructor.construct_object(node)

    def text(self, node: Node, name: str, *, allow_empty: bool = False) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag == NULL_TAG:
            self.problem(node, f"{name} must be text, not {_describe(node)}")
            return None
        value = str(node.value).strip()
        if not value and not allow_empty:
            self.problem(node, f"{name} must not be empty")
            return None
        return value

    def integer(self, node: Node, name: str, *, minimum: int) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != INT_TAG:
            self.problem(node, f"{name} must be a whole number, not {_describe(node)}")
            return None
        value = int(self.scalar(node))
        if value < minimum:
            self.problem(node, f"{name} must be at least {minimum}, not {value}")
            return None
        return value

    def number(self, node: Node, name: str) -> float | None:
        if not isinstance(node, ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
            self.problem(node, f"{name} must be a number, not {_describe(node)}")
            return None
        return float(self.scalar(node))

    def boolean(self, node: Node, name: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != BOOL_TAG:
            self.problem(node, f"{name} must be true or false, not {_describe(node)}")
            return None
        return bool(self.scalar(node))

    def choice(self, node: Node, name: str, choices: Iterable[str]) -> str | None:
        value = self.text(node, name)
        if value is None:
            return None
        choices = list(choices)
        if value not in choices:
            close = get_close_matches(value, choices, n=1)
            hint = f"; did you mean “{close[0]}”?" if close else ""
            self.problem(node, f"{name} “{value}” is not one of {', '.join(choices)}{hint}")
            return None
        return value

    def raise_if_problems(self) -> None:
        if self.problems:
            raise LocatedError(self.problems)
