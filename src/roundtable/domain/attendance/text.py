"""From the bytes of an export to numbered records of cells.

Exports come in whatever encoding and separator the tool or a spreadsheet program chose: UTF-8
with or without a byte-order mark, UTF-16 in either byte order (Teams, Webex), Windows-1252 from
older Excel; comma, tab or semicolon; CRLF, LF or CR line ends. A record's line number is the
physical line where it starts, as a text editor shows it.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .languages import ENGLISH_OF, language_of
from .model import AttendanceFileError

DELIMITERS = ("\t", ";", ",")
_SAMPLE_LINES = 40
_NULLS = frozenset({"--", "-", "na", "n/a", "null", "none"})

# The csv module's bound on a field is one value for the whole process: every reader sets its own
# right before it parses, and depends on nobody else's.
CELL_LIMIT = 1 << 24


@dataclass(frozen=True)
class Record:
    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return all(not cell.strip() for cell in self.cells)

    @property
    def filled(self) -> list[str]:
        """The non-empty cells, stripped."""
        return [cell.strip() for cell in self.cells if cell.strip()]


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when NUL bytes sit in every other position, else None."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < odd / 4:
        return "utf-16-le"
    if even > half * 0.3 and odd < even / 4:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """The text of ``data``; AttendanceFileError when it is not text at all."""
    if not data.strip():
        raise AttendanceFileError("The file is empty.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AttendanceFileError(
            "This is a spreadsheet workbook, not a CSV or text export; save it as CSV and "
            "upload that."
        )
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith(b"\xff\xfe"):
        encoding, data = "utf-16-le", data[2:]
    elif data.startswith(b"\xfe\xff"):
        encoding, data = "utf-16-be", data[2:]
    else:
        encoding = _utf16_without_bom(data) or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            raise AttendanceFileError(
                f"The file is UTF-16 text that breaks off at byte {error.start}: it looks "
                "truncated or damaged; export it again."
            ) from None
        text = data.decode("cp1252", errors="replace")
    _refuse_binary(text)
    return text


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise AttendanceFileError(
            "The file holds binary data, not a text export; upload the CSV the meeting tool "
            "produced."
        )


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for each in line:
        if each == '"':
            quoted = not quoted
        elif each == char and not quoted:
            count += 1
    return count


def delimiter_of(text: str) -> str:
    """Tab when most lines hold one (Teams and Webex write dates like "7/20/23, 4:16 PM" in
    tab-separated files), else whichever of semicolon and comma is used more."""
    lines = [line for line in text[:65536].splitlines()[:_SAMPLE_LINES] if line.strip()]
    if not lines:
        return ","
    with_tab = sum(1 for line in lines if _count_outside_quotes(line, "\t"))
    if with_tab * 2 >= len(lines):
        return "\t"
    semicolons = sum(_count_outside_quotes(line, ";") for line in lines)
    commas = sum(_count_outside_quotes(line, ",") for line in lines)
    return ";" if semicolons > commas else ","


def records(text: str) -> list[Record]:
    """Every record of ``text``, blank ones included, with the line where each starts."""
    csv.field_size_limit(CELL_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    result: list[Record] = []
    start = 1
    try:
        for cells in reader:
            result.append(Record(start, [cell.replace("\ufeff", "") for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise AttendanceFileError(
            f"Line {start}: the file cannot be read as a table ({error}); it may be truncated "
            "or damaged."
        ) from None
    return result


def written_key(text: str) -> str:
    """A header as written, compared: case, spacing and a trailing colon do not matter."""
    return " ".join(text.replace("\ufeff", "").strip().rstrip(":").casefold().split())


def header_key(text: str) -> str:
    """A header as compared: as :func:`written_key`, and a header a tool writes in another
    language read as the English one ("Beitrittszeit" is "join time"; see ``languages``)."""
    key = written_key(text)
    return ENGLISH_OF.get(key, key)


def is_null(value: str) -> bool:
    return value.strip().casefold() in _NULLS


def cleaned(value: str) -> str:
    """``value`` stripped, and "" for the tools' ways of writing nothing (``--``, ``NA``)."""
    value = value.strip()
    return "" if is_null(value) else value


class Header:
    """The columns of one header record, found by any of their names."""

    def __init__(self, record: Record) -> None:
        self.line = record.line
        self.names = [cell.strip() for cell in record.cells]
        self.keys = [header_key(cell) for cell in record.cells]
        self.filled_keys = [key for key in self.keys if key]
        # "" for English, else the language the tool wrote the headers in ("German").
        self.language = language_of(written_key(cell) for cell in record.cells)

    def find(self, *names: str, start: int = 0) -> int | None:
        """The position of the first column at or after ``start`` called any of ``names``."""
        wanted = {header_key(name) for name in names}
        for position in range(start, len(self.keys)):
            if self.keys[position] in wanted:
                return position
        return None

    def has(self, *names: str) -> bool:
        return self.find(*names) is not None


def cell(cells: Sequence[str], position: int | None) -> str:
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def find_header(
    rows: Iterable[Record], test: Callable[[Header], bool], *, limit: int = _SAMPLE_LINES
) -> tuple[int, Header] | None:
    """(index in ``rows``, header) of the first of the first ``limit`` records ``test`` accepts."""
    for index, record in enumerate(rows):
        if index >= limit:
            break
        header = Header(record)
        if test(header):
            return index, header
    return None


class HeaderTest:
    """A header that holds, for each group of names, a column of one of those names."""

    def __init__(self, *groups: tuple[str, ...]) -> None:
        self.groups = groups

    def __call__(self, header: Header) -> bool:
        return all(header.has(*group) for group in self.groups)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""
