"""Member rows from a spreadsheet: which column means what, and whether each row is valid.

:func:`column_mapping` matches headers tolerantly (case, spaces, punctuation and synonyms such as
"E-mail", "Email Address", "Company" or "TZ"). :class:`RowValidator` turns one raw row into a
:class:`MemberRow` or a list of :class:`RowError`, each naming the line, the column as written in
the file, the value and the reason. Pure Python: no Django.

Two tools' own exports are recognised by the columns only they write (:data:`SOURCES`): a
Mailchimp audience export and a Discourse user list. Their extra columns (Mailchimp's ``CC`` and
``TAGS``, Discourse's ``username`` and ``location``...) are read as well, and rows that are not
members (Discourse's staged and suspended users, its bots) are left out, each counted by reason.
"""

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from roundtable.domain.places import PlaceError, country_code, timezone_name
from roundtable.domain.tabular import unneutralise_formula
from roundtable.domain.tags import MAX_TAG_LENGTH, normalise_tag, tag_names

# The column names an export writes, which the importer reads back (one per field).
EXPORT_HEADERS: dict[str, str] = {
    "full_name": "Full name",
    "email": "E-mail",
    "organisation": "Organisation",
    "country": "Country",
    "timezone": "Time zone",
    "languages": "Languages",
    "role": "Role",
    "expertise": "Expertise",
    "interests": "Interests",
    "joined_on": "Member since",
    "bio": "Bio",
    "need": "Need",
    "need_urgency": "Need urgency",
    "other_emails": "Other e-mails",
}

# Synonyms, written as people write them; they are compared after normalisation.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "Full name",
        "Name",
        "Member name",
        "Display name",
        "Contact name",
        "Participant name",
        "Attendee name",
        "Person",
        "Nombre",
        "Nom",
    ),
    "first_name": ("First name", "Given name", "Forename", "First"),
    "last_name": ("Last name", "Surname", "Family name", "Last"),
    "email": (
        "E-mail",
        "Email",
        "Email address",
        "E-mail address",
        "Mail",
        "Email ID",
        "Work email",
        "Primary email",
        "Courriel",
        "Correo electrónico",
    ),
    "organisation": (
        "Organisation",
        "Organization",
        "Org",
        "Company",
        "Company name",
        "Institution",
        "Employer",
        "Affiliation",
        "Agency",
    ),
    "country": (
        "Country",
        "Country/Region",
        "Country or region",
        "Country code",
        "Nation",
        "País",
        "Pays",
    ),
    "timezone": ("Time zone", "Timezone", "TZ", "Zone", "IANA time zone"),
    "languages": ("Languages", "Language", "Spoken languages", "Working languages"),
    "role": ("Role", "Job title", "Title", "Position", "Job", "Function", "Job role"),
    "expertise": ("Expertise", "Skills", "Skill", "Areas of expertise", "Expert in"),
    "interests": ("Interests", "Interest", "Topics of interest", "Topics"),
    "joined_on": ("Member since", "Joined", "Joined on", "Join date", "Date joined"),
    "bio": ("Bio", "Biography", "About", "About me", "Profile"),
    "need": ("Need", "Burning need", "Urgent need", "Challenge", "Problem"),
    "need_urgency": ("Need urgency", "Urgency"),
    # Discourse's user list writes ``secondary_emails``, its addresses joined with ";".
    "other_emails": (
        "Other e-mails",
        "Other emails",
        "Secondary emails",
        "Secondary email",
        "Secondary e-mail addresses",
        "Other email addresses",
        "Alternate emails",
        "Alternative emails",
        "Additional emails",
    ),
}

FIELD_LABELS: dict[str, str] = {
    **EXPORT_HEADERS,
    "first_name": "First name",
    "last_name": "Last name",
}

MAX_LENGTHS: dict[str, int] = {
    "full_name": 200,
    "email": 254,
    "organisation": 200,
    "languages": 200,
    "role": 200,
    "bio": 2000,
    "need": 2000,
}

URGENCY_WORDS: dict[str, int] = {
    "1": 1,
    "low": 1,
    "can wait": 1,
    "2": 2,
    "medium": 2,
    "soon": 2,
    "normal": 2,
    "3": 3,
    "high": 3,
    "urgent": 3,
    "4": 4,
    "burning": 4,
    "critical": 4,
}
DEFAULT_URGENCY = 2

DATE_FORMATS_TEXT = "YYYY-MM-DD (2024-03-05), 5 March 2024, 5 Mar 2024 or March 5, 2024"
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%b %d %Y")  # fmt: skip
# As Django's EmailValidator: an ASCII local part (so the member can be edited in a form later).
_ADDRESS_SEPARATORS = re.compile(r"[;,\s]+")
MAX_OTHER_EMAILS = 10
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[^@\s,;<>\"()\[\]]+\.[^\W\d_][\w-]*$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
VALUE_SHOWN = 60


def header_key(header: str) -> str:
    """A header's comparable form: lower case, letters and digits only ("E-mail" -> "email")."""
    plain = unicodedata.normalize("NFKD", header.casefold())
    return _NOT_ALNUM.sub("", "".join(c for c in plain if not unicodedata.combining(c)))


_FIELD_OF_KEY: dict[str, str] = {
    header_key(name): field_name for field_name, names in SYNONYMS.items() for name in names
}


@dataclass(frozen=True)
class Source:
    """A tool whose export is recognised by its columns, and what its own columns mean."""

    marks: tuple[str, ...]  # header keys only this tool writes
    marks_needed: int  # how many of them a file must have
    # field -> header keys read when no ordinary column names the field, or when it is blank on
    # a row (in this order: the first non-blank cell wins)
    extra: dict[str, tuple[str, ...]]
    # header keys of values the tool guessed: one that cannot be read is dropped, not an error
    lenient: frozenset[str] = frozenset()
    not_fields: frozenset[str] = frozenset()  # header keys that mean something else here
    suffix: str = ""  # a key suffix the tool adds to custom columns ("... (custom user field)")


SOURCES: dict[str, Source] = {
    "mailchimp": Source(
        marks=("memberrating", "optintime", "confirmtime", "leid", "euid", "lastchanged"),
        marks_needed=2,
        extra={
            "country": ("cc",),
            "interests": ("tags",),
            "joined_on": ("optintime", "confirmtime"),
        },
        # CC and TIMEZONE are Mailchimp's guess from where the subscriber opened its e-mails.
        lenient=frozenset({"cc", "timezone"}),
    ),
    "discourse": Source(
        marks=("username", "trustlevel", "staged", "lastseenat", "suspendedtill"),
        marks_needed=3,
        extra={
            "full_name": ("username",),
            "joined_on": ("createdat",),
            "country": ("location",),
        },
        lenient=frozenset({"location"}),  # free text: "Nairobi", "Kenya", "the internet"
        not_fields=frozenset({"title"}),  # the forum title a user earns, not a job title
        suffix="customuserfield",
    ),
}

# Mailchimp writes one file per status; these columns are only in the files of people who left.
MAILCHIMP_LEFT: dict[str, str] = {
    "unsubtime": "unsubscribed",
    "unsubcampaigntitle": "unsubscribed",
    "unsubreason": "unsubscribed",
    "cleantime": "cleaned",
    "cleancampaigntitle": "cleaned",
}
LEFT_OUT_BOT = "forum bots (system, discobot)"
LEFT_OUT_STAGED = "staged forum users (never signed up)"
LEFT_OUT_SUSPENDED = "suspended forum users"


def source_of(headers: list[str]) -> str:
    """ "mailchimp", "discourse" or "" (any other spreadsheet), from the header keys."""
    keys = {header_key(h) for h in headers}
    for name, source in SOURCES.items():
        if sum(mark in keys for mark in source.marks) >= source.marks_needed:
            return name
    return ""


class HeaderError(ValueError):
    """The header row cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ColumnMapping:
    """Which header (as written) feeds which field, and which headers are ignored."""

    columns: dict[str, str]  # field -> header
    ignored: list[str]
    source: str = ""  # a key of SOURCES, or ""
    # field -> more headers read, in order, when the cell of ``columns[field]`` is blank
    alternates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # header key -> header, for the source's status columns (staged, suspended_till, id)
    status: dict[str, str] = field(default_factory=dict)

    def header_for(self, field_name: str) -> str:
        return self.columns.get(field_name) or FIELD_LABELS.get(field_name, field_name)

    def described(self) -> list[tuple[str, str]]:
        """(header in the file, what it becomes) for every used column, in field order."""
        return [(self.columns[f], FIELD_LABELS[f]) for f in FIELD_LABELS if f in self.columns]


def _refuse_mailchimp_leavers(headers: list[str]) -> None:
    for header in headers:
        status = MAILCHIMP_LEFT.get(header_key(header))
        if status:
            raise HeaderError(
                f"This is Mailchimp's file of {status} contacts (it has the column “{header}”): "
                f"they are no longer on the list, so they are not imported as members. Import "
                "the subscribed members' file of the same export instead."
            )


def column_mapping(headers: list[str]) -> ColumnMapping:
    """Match headers to member fields. Unknown headers are ignored, not an error.

    Raises HeaderError when no header is recognised (the first row is probably data), when there
    is no e-mail column (the key of the upsert), when two headers mean the same field, or when the
    file is Mailchimp's export of unsubscribed or cleaned contacts.
    """
    _refuse_mailchimp_leavers(headers)
    source_name = source_of(headers)
    source = SOURCES.get(source_name)
    columns: dict[str, str] = {}
    ignored: list[str] = []
    by_key: dict[str, str] = {}
    for header in headers:
        key = header_key(header)
        by_key.setdefault(key, header)
        if source and source.suffix and key.endswith(source.suffix):
            key = key.removesuffix(source.suffix)
        field_name = None if source and key in source.not_fields else _FIELD_OF_KEY.get(key)
        if field_name is None:
            ignored.append(header)
        elif field_name in columns:
            raise HeaderError(
                f"The columns “{columns[field_name]}” and “{header}” both mean "
                f"{FIELD_LABELS[field_name]}; keep only one of them."
            )
        else:
            columns[field_name] = header
    if not columns:
        shown = ", ".join(f"“{h[:30]}”" for h in headers[:4])
        raise HeaderError(
            f"The first row ({shown}) is not a header row: none of its cells names a column we "
            "know. Add a header row first, such as: Full name, E-mail, Organisation, Country."
        )
    if "email" not in columns:
        raise HeaderError(
            "There is no e-mail column (looked for headers such as “E-mail” or “Email address”); "
            "members are matched by e-mail, so every file needs one."
        )
    alternates: dict[str, tuple[str, ...]] = {}
    status: dict[str, str] = {}
    if source:
        for field_name, keys in source.extra.items():
            found = [by_key[k] for k in keys if k in by_key and by_key[k] in ignored]
            if not found:
                continue
            for header in found:
                ignored.remove(header)
            if field_name in columns:
                alternates[field_name] = tuple(found)
            else:
                columns[field_name] = found[0]
                alternates[field_name] = tuple(found[1:])
        status = {k: by_key[k] for k in ("id", "staged", "suspendedtill") if k in by_key}
    return ColumnMapping(columns, ignored, source_name, alternates, status)


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be imported."""

    line: int
    column: str  # the header as written in the file
    value: str  # shortened for display
    reason: str  # reads after the value: "is not a valid e-mail address"

    def __str__(self) -> str:
        shown = f"“{self.value}” " if self.value else ""
        return f'line {self.line}, column "{self.column}": {shown}{self.reason}'

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class MemberRow:
    """A valid row. Empty text and None mean "blank in the file": keep what is stored."""

    line: int
    email: str  # lower case
    full_name: str = ""
    organisation: str = ""
    country: str = ""
    timezone: str = ""
    languages: str = ""
    role: str = ""
    bio: str = ""
    expertise: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    joined_on: date | None = None
    need: str = ""
    need_urgency: int = DEFAULT_URGENCY
    other_emails: list[str] = field(default_factory=list)  # lower case, never ``email``

    @property
    def addresses(self) -> list[str]:
        """The main address, then the others."""
        return [self.email, *self.other_emails]


def shorten(value: str, limit: int = VALUE_SHOWN) -> str:
    value = _SPACES.sub(" ", value).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def is_email(value: str) -> bool:
    return len(value) <= MAX_LENGTHS["email"] and bool(_EMAIL.match(value))


def parse_date(value: str) -> date:
    """A date from ISO (also an ISO date-time) or a written-out month; ValueError otherwise."""
    text = _SPACES.sub(" ", value.strip())
    if text.upper().endswith(" UTC"):  # Ruby's way of writing a time, as Discourse exports it
        text = text[:-4]
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise ValueError(text)


@lru_cache(maxsize=4096)
def _country(value: str) -> str:
    return country_code(value)


@lru_cache(maxsize=4096)
def _timezone(value: str) -> str:
    return timezone_name(value)


@lru_cache(maxsize=8192)
def _tags(value: str) -> tuple[str, ...]:
    """Tags from a cell: "a; b, c", or a list of quoted tags as Mailchimp writes its TAGS
    (``"Tag one","Tag, two"``), where each quoted tag stays whole."""
    text = value.strip()
    if not (len(text) > 1 and text.startswith('"') and text.endswith('"')):
        return tuple(tag_names(text))
    names: list[str] = []
    for part in next(csv.reader([text], skipinitialspace=True)):
        name = normalise_tag(part)
        if not name or name in names:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValueError(f"the tag “{name[:30]}…” is longer than {MAX_TAG_LENGTH} characters")
        names.append(name)
    return tuple(names)


def unquoted(value: str) -> str:
    """A cell without the extra quotes some exports wrap around text holding a comma.

    Discourse wraps a name holding a comma in quotes of its own before writing the CSV, so a CSV
    reader gives back the name with those quotes around it; they are taken off. A value with
    quotes inside is left as it is.
    """
    if len(value) > 1 and value.startswith('"') and value.endswith('"'):
        inner = value[1:-1]
        if '"' not in inner:
            return inner.strip()
    return value


_TAG_FIELDS = frozenset({"expertise", "interests"})  # read as they are: quotes separate tags


def _is_true(value: str) -> bool:
    return value.strip().casefold() in ("true", "t", "1", "yes")


class RowValidator:
    """Validates rows one at a time, remembering e-mails to catch duplicates within the file."""

    def __init__(self, mapping: ColumnMapping, *, today: date | None = None) -> None:
        """``today`` tells a suspension that is over from one still running (Discourse's
        ``suspended_till``); without it, every row with a suspension is left out."""
        self.mapping = mapping
        self.today = today
        self.first_line_of_email: dict[str, int] = {}
        self.left_out: dict[str, int] = {}  # reason -> rows left out, not members
        source = SOURCES.get(mapping.source)
        self._lenient = source.lenient if source else frozenset()
        # field -> its headers in the order they are read, with their keys
        self._read_from = {
            field_name: tuple(
                (each, header_key(each))
                for each in (header, *mapping.alternates.get(field_name, ()))
            )
            for field_name, header in mapping.columns.items()
        }

    def _left_out_reason(self, raw: dict[str, str]) -> str | None:
        """Why a row of a tool's export is not a member (a bot, a staged or suspended user)."""
        status = self.mapping.status
        if not status:
            return None
        number = raw.get(status.get("id", ""), "").strip()
        if number.lstrip("-").isdigit() and int(number) <= 0:
            return LEFT_OUT_BOT
        if _is_true(raw.get(status.get("staged", ""), "")):
            return LEFT_OUT_STAGED
        till = raw.get(status.get("suspendedtill", ""), "").strip()
        if till:
            try:
                still = self.today is None or parse_date(till) > self.today
            except ValueError:
                still = True
            if still:
                return LEFT_OUT_SUSPENDED
        return None

    def validate(self, line: int, raw: dict[str, str]) -> tuple[MemberRow | None, list[RowError]]:
        """The row as a MemberRow, or None and every error found in it.

        None without errors: the row is not a member and is left out (counted in ``left_out``).
        """
        reason = self._left_out_reason(raw)
        if reason:
            self.left_out[reason] = self.left_out.get(reason, 0) + 1
            return None, []
        errors: list[RowError] = []
        columns = self.mapping.columns
        read_from = self._read_from

        def cell_of(field_name: str) -> tuple[str, str]:
            """The first non-blank cell of a place field, and the key of its header."""
            for header, key in read_from.get(field_name, ()):
                value = unneutralise_formula(raw.get(header, "").strip())
                if value:
                    return (unquoted(value) if value[0] == '"' else value), key
            return "", ""

        def cell(field_name: str) -> str:
            for header, _key in read_from.get(field_name, ()):
                value = unneutralise_formula(raw.get(header, "").strip())
                if value:
                    if value[0] == '"' and field_name not in _TAG_FIELDS:
                        return unquoted(value)
                    return value
            return ""

        def fail(field_name: str, value: str, reason: str) -> None:
            errors.append(
                RowError(line, self.mapping.header_for(field_name), shorten(value), reason)
            )

        row = MemberRow(line=line, email="")

        email = cell("email")
        if not email:
            fail(
                "email",
                "",
                "is empty: every row needs an e-mail address, the key members are matched by",
            )
        elif not is_email(email):
            fail("email", email, "is not a valid e-mail address")
        else:
            key = email.lower()
            earlier = self.first_line_of_email.get(key)
            if earlier is not None:
                fail(
                    "email", email, f"appears again: line {earlier} already has this e-mail address"
                )
            else:
                self.first_line_of_email[key] = line
            row.email = key

        others = cell("other_emails")
        if others:
            row.other_emails = self._other_emails(line, others, row.email, fail)

        name = cell("full_name")
        if not name:
            name = _SPACES.sub(" ", f"{cell('first_name')} {cell('last_name')}").strip()
            name_field = "first_name" if "first_name" in columns else "full_name"
        else:
            name_field = "full_name"
        row.full_name = self._text(name, name_field, "full_name", fail)

        for text_field in ("organisation", "languages", "role", "bio"):
            setattr(row, text_field, self._text(cell(text_field), text_field, text_field, fail))

        country, country_key = cell_of("country")
        # A short code in a free-text place ("CA", "GA") is a state as often as a country.
        if country and not (country_key == "location" and len(country) <= 3):
            try:
                row.country = _country(country)
            except PlaceError as error:
                if country_key not in self._lenient:
                    fail("country", country, error.reason)

        zone, zone_key = cell_of("timezone")
        if zone:
            try:
                row.timezone = _timezone(zone)
            except PlaceError as error:
                if zone_key not in self._lenient:
                    fail("timezone", zone, error.reason)

        for tag_field in ("expertise", "interests"):
            text = cell(tag_field)
            if text:
                try:
                    setattr(row, tag_field, list(_tags(text)))
                except ValueError as error:
                    fail(tag_field, text, f"cannot be read as tags: {error}")

        joined = cell("joined_on")
        if joined:
            try:
                row.joined_on = parse_date(joined)
            except ValueError:
                fail(
                    "joined_on",
                    joined,
                    f"is not a date we can read; write it as {DATE_FORMATS_TEXT} "
                    "(not 05/03/2024, which is ambiguous)",
                )

        row.need = self._text(cell("need"), "need", "need", fail)
        urgency = cell("need_urgency")
        if urgency:
            level = URGENCY_WORDS.get(urgency.casefold())
            if level is None:
                fail(
                    "need_urgency",
                    urgency,
                    "is not an urgency; use 1 to 4 or can wait, soon, urgent, burning",
                )
            else:
                row.need_urgency = level

        return (None, errors) if errors else (row, [])

    def _other_emails(
        self, line: int, text: str, email: str, fail: Callable[[str, str, str], None]
    ) -> list[str]:
        """The addresses of an other-e-mails cell (split on ``;``, ``,`` or spaces), each new to
        the file; the row's own main address is dropped."""
        addresses: list[str] = []
        for part in _ADDRESS_SEPARATORS.split(text):
            address = part.strip().lower()
            if not address or address == email or address in addresses:
                continue
            if not is_email(address):
                fail("other_emails", address, "is not a valid e-mail address")
                continue
            earlier = self.first_line_of_email.get(address)
            if earlier is not None:
                fail(
                    "other_emails",
                    address,
                    f"appears again: line {earlier} already has this e-mail address",
                )
                continue
            self.first_line_of_email[address] = line
            addresses.append(address)
        if len(addresses) > MAX_OTHER_EMAILS:
            fail(
                "other_emails",
                text,
                f"holds {len(addresses)} addresses; the most is {MAX_OTHER_EMAILS}",
            )
        return addresses

    @staticmethod
    def _text(
        value: str, column_field: str, limit_field: str, fail: Callable[[str, str, str], None]
    ) -> str:
        limit = MAX_LENGTHS[limit_field]
        if len(value) > limit:
            fail(
                column_field, value, f"is {len(value)} characters long; the most allowed is {limit}"
            )
            return ""
        return value
