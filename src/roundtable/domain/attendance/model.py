"""What every attendance file is read into, whichever tool wrote it."""

from dataclasses import dataclass
from datetime import datetime

ROLES = ("host", "co-host", "panelist", "presenter", "organiser", "attendee", "")


@dataclass(frozen=True)
class AttendanceRow:
    """One row of the file: one join, for tools that repeat a person who rejoined."""

    line: int  # line number as a person sees it in the file (1-based)
    name: str  # display name; "Name (original name)" reduced to the current name
    email: str  # lower-cased, "" when none; for Teams the e-mail, or the UPN when there is none
    minutes: float  # time in the meeting for this row (0 when unknown)
    first_join: datetime | None  # aware when the file states the zone, else naive
    last_leave: datetime | None
    role: str  # one of ROLES
    answer: str = ""  # registration answers, "Question: answer; ..."
    upn: str = ""  # Teams UPN or the tool's participant id, when it differs from the e-mail
    attended: bool | None = None  # stated by the file (a check-in); None: decide by minutes


@dataclass(frozen=True)
class Person:
    """One person of the file, their rejoins merged."""

    name: str
    email: str
    upn: str
    minutes: float
    first_join: datetime | None
    last_leave: datetime | None
    role: str
    answer: str
    lines: tuple[int, ...]
    attended: bool | None


@dataclass(frozen=True)
class Meeting:
    """What the file says about the meeting, when it says it."""

    topic: str = ""
    meeting_id: str = ""
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Problem:
    """A row-level problem: the row is kept, the field named could not be read."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class AttendanceFile:
    format: str  # key in FORMATS, e.g. "zoom-meeting"
    label: str  # e.g. "Zoom meeting participant report"
    meeting: Meeting
    rows: list[AttendanceRow]
    problems: list[Problem]


class UnknownFormat(ValueError):
    """No known format recognises the file; the message names the formats and what was seen."""


class AttendanceFileError(ValueError):
    """The file is of no readable shape (binary, truncated, no participants); the message says
    where and what was expected."""
