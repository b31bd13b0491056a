"""What a conversation export is read into: authors, contributions, interactions and problems.

A reader turns one tool's export (a Slack workspace, a Discourse forum) into these plain values;
the text of the messages is never kept, only its length. Every reader offers the same
``ConversationExport`` interface, so the importer does not need to know which tool wrote the file.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol


@dataclass(frozen=True)
class Author:
    """A person as the tool knows them."""

    key: str  # stable id in the tool: "slack:U123", "discourse:alice"
    name: str  # display or real name
    email: str  # lower-cased, "" when unknown
    username: str = ""
    other_emails: tuple[str, ...] = ()  # lower-cased (Discourse's secondary e-mails)


@dataclass(frozen=True)
class Contribution:
    """One message or post that counts as a contribution; ``chars`` is the length of its text."""

    key: str  # stable and unique in the tool: re-imports skip keys already known
    author: str  # Author.key
    channel: str  # channel name or topic title
    at: datetime  # timezone-aware, UTC
    kind: str  # "message", "reply", "topic" or "post"
    chars: int


@dataclass(frozen=True)
class Interaction:
    """Someone answered or mentioned someone else."""

    key: str  # contribution key + target + kind
    source: str  # Author.key of who wrote
    target: str  # Author.key of who was answered or mentioned
    kind: str  # "reply" or "mention"
    at: datetime


class Problem(NamedTuple):
    """An entry that was skipped: the file inside the export, the entry, and why."""

    file: str
    entry: str
    message: str


class ExportError(ValueError):
    """The export cannot be read at all; the message names the file (and entry) and what was
    expected."""


Item = Contribution | Interaction


class ConversationExport(Protocol):
    """What every reader returns.

    ``authors()`` is small (one entry per person) and may be a list. ``items()`` is a generator
    that reads the export one file at a time, so memory does not grow with the export; it fills
    ``problems`` as it goes, starting afresh on each call.
    """

    format: str
    label: str
    problems: list[Problem]

    def authors(self) -> Iterable[Author]: ...

    def items(self) -> Iterator[Item]: ...


def interaction_key(contribution_key: str, target: str, kind: str) -> str:
    """The stable key of an interaction raised by one contribution."""
    return f"{contribution_key}>{target}>{kind}"
