"""Reading and writing spreadsheets (CSV and XLSX) one row at a time.

Reading yields ``(line_number, {header: value})`` pairs, streaming, so a 100,000-row file is never
held in memory. Line numbers are what a person sees: for CSV the physical line where the record
starts (newlines inside quoted fields count), for XLSX the sheet's row number.

Reading is bounded by :class:`TableLimits`, so that a hostile file cannot make a reader spend
minutes or gigabytes: an XLSX workbook (a zip) is checked from its zip directory before it is
parsed (total uncompressed size, compression ratio of each part, size of its shared strings), the
sheet's declared dimension is never trusted, and a CSV file is read one bounded line at a time
(line length, columns, cell length, rows). A file over a limit raises :class:`TableLimitError`,
whose message names the limit and where in the file it was passed.

Writing neutralises spreadsheet formulas: a cell that starts with ``= + - @``, a tab or a carriage
return gets a leading apostrophe so that a spreadsheet shows it as text instead of running it.

No Django here: this module is plain Python and is tested alone.
"""

import codecs
import csv
import io
import struct
import zipfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree

_CHUNK = 1 << 20
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (",", ";", "\t")
CSV_FIELD_LIMIT = 131_072  # the csv module's default bound on one field


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why, in a person's words."""


class TableLimitError(TableError):
    """A file refused because it passes one of the :class:`TableLimits`; the message names the
    limit and the line, row or part of the file where it was passed."""


_MB = 1024 * 1024
# A part smaller than this is never refused for its compression ratio: tiny parts (styles, the
# workbook) can compress well, and at that size they cannot exhaust anything.
_RATIO_FLOOR_BYTES = 1 * _MB
# A real workbook has a few dozen parts (three or four per sheet); a zip directory with more is
# built to make the reader allocate, not to hold a table.
_MAX_ZIP_PARTS = 10_000
_MAX_CONTENT_TYPES_BYTES = 1 * _MB
_SHARED_STRINGS_TYPE = "sharedStrings+xml"


@dataclass(frozen=True)
class TableLimits:
    """How much of a file a reader accepts; every count is inclusive (``max_rows=3``: 3 rows).

    Rows are data rows (the header row and blank rows not counted); columns and cell lengths are
    counted on every row, header included; a cell's length is in characters. ``max_total_chars``
    bounds the characters of all the cells read under a named column, together: in a workbook,
    thousands of cells may name one long shared string, so a small file can read as gigabytes.
    The XLSX limits apply to the zip's parts as its directory declares them (Python's zipfile
    never inflates a part past its declared size: a part that does fails its check).
    """

    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_header_chars: int = 1_000
    max_line_chars: int = 2_000_000
    max_total_chars: int = 500_000_000
    max_uncompressed_bytes: int = 200 * _MB
    max_compression_ratio: int = 100
    max_shared_strings_bytes: int = 100 * _MB


Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class TableInfo:
    """What was found about a file before reading its rows."""

    kind: str  # "csv" or "xlsx"
    headers: list[str]  # as written, blank header cells removed
    header_line: int
    encoding: str = ""  # "utf-8" or "cp1252" for CSV
    delimiter: str = ""


def _sniff_kind(path: Path) -> str:
    with path.open("rb") as file:
        start = file.read(8)
    if not start:
        raise TableError("The file is empty.")
    if start.startswith(_XLSX_MAGIC):
        return "xlsx"
    if start.startswith(_OLE_MAGIC):
        raise TableError(
            "This is an old Excel (.xls) file; save it as .xlsx or CSV and upload that."
        )
    return "csv"


def _detect_encoding(path: Path) -> str:
    """ "utf-8" when every byte decodes as UTF-8, else "cp1252"; TableError for binary files."""
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(_CHUNK):
                    if b"\x00" in chunk:
                        raise TableError(
                            "This file is not a text (CSV) file or an XLSX workbook: it holds "
                            "binary data."
                        )
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TableError(
        "This file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 and try again."
    )


def _delimiter_of(line: str) -> str:
    """The delimiter used most in the header line, outside quotes; a comma when none is."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _headers_checked(cells: list[str], where: str, limits: TableLimits) -> list[str]:
    headers = [cell.strip() for cell in cells]
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if not header:
            continue
        if len(header) > limits.max_header_chars:
            raise TableLimitError(
                f"The header row ({where}), column {position}: the column name is "
                f"{len(header):,} characters long; a column name may be at most "
                f"{limits.max_header_chars:,}."
            )
        key = header.casefold()
        if key in seen:
            raise TableError(
                f"The column “{header}” appears twice in the header row ({where}: columns "
                f"{seen[key]} and {position}); rename or remove one."
            )
        seen[key] = position
    return headers


def _is_blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


# CSV -------------------------------------------------------------------------------------------


def _bounded_lines(file: IO[str], limits: TableLimits, delimiter: str | None) -> Iterator[str]:
    """The file's physical lines, each read with a bound so that a line with no end (a 40 MB
    header row) is refused after ``max_line_chars`` characters instead of being held whole.
    ``delimiter`` (None: not known yet) tells a line of too many columns from a long one."""
    number = 0
    while line := file.readline(limits.max_line_chars + 1):
        number += 1
        if len(line) > limits.max_line_chars and len(line.rstrip("\r\n")) > limits.max_line_chars:
            if line.count(delimiter or _delimiter_of(line)) >= limits.max_columns:
                raise TableLimitError(
                    f"Line {number} has more than {limits.max_columns:,} columns; at most "
                    f"{limits.max_columns:,} are accepted."
                )
            raise TableLimitError(
                f"Line {number} is longer than {limits.max_line_chars:,} characters, the most a "
                "line may hold; check that the file is a table of members, one per line."
            )
        yield line


def _width(cells: list[str]) -> int:
    """The number of cells up to the last non-blank one (spreadsheets pad rows with commas)."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _cells_checked(cells: list[str], limits: TableLimits, where: str) -> None:
    """Refuse a record wider than ``max_columns`` or with a cell longer than ``max_cell_chars``."""
    if len(cells) > limits.max_columns and _width(cells) > limits.max_columns:
        raise TableLimitError(
            f"{where} has {_width(cells):,} columns; at most {limits.max_columns:,} are accepted."
        )
    for position, cell in enumerate(cells, start=1):
        if len(cell) > limits.max_cell_chars:
            raise TableLimitError(
                f"{where}, column {position}: the cell holds {len(cell):,} characters; a cell "
                f"may hold at most {limits.max_cell_chars:,}."
            )


def _csv_records(
    path: Path, encoding: str, delimiter: str, limits: TableLimits
) -> Iterator[tuple[int, list[str]]]:
    """(start line, cells) for every non-blank record, each checked against ``limits``."""
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    # The csv module's own bound on a field (a quoted field may span lines) is one value for the
    # whole process: it is set to this file's limit before every record, since other readers may
    # set theirs while this generator waits between rows.
    # At least csv's default: a cell a little over the limit is then refused by our own check,
    # which names its column and size; csv's bound stops a runaway quoted field early.
    field_limit = max(CSV_FIELD_LIMIT, limits.max_cell_chars + 1)
    with path.open(encoding=python_encoding, newline="") as file:
        reader = csv.reader(
            _bounded_lines(file, limits, delimiter), delimiter=delimiter, strict=False
        )
        previous_end = 0
        try:
            while True:
                csv.field_size_limit(field_limit)
                cells = next(reader, None)
                if cells is None:
                    break
                start = previous_end + 1
                previous_end = reader.line_num
                if not _is_blank(cells):
                    _cells_checked(cells, limits, f"Line {start}")
                    yield start, cells
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise TableLimitError(
                    f"Line {previous_end + 1}: a cell holds more than {limits.max_cell_chars:,} "
                    f"characters; a cell may hold at most {limits.max_cell_chars:,}."
                ) from None
            raise TableError(
                f"Line {previous_end + 1} cannot be read as CSV ({error}); check its quotes."
            ) from None


def _csv_open(path: Path, limits: TableLimits) -> tuple[TableInfo, Iterator[Row]]:
    encoding = _detect_encoding(path)
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=python_encoding, newline="") as file:
        first_line = ""
        for line in _bounded_lines(file, limits, None):
            if line.strip():
                first_line = line
                break
    if not first_line:
        raise TableError("The file is empty: it has no header row and no rows.")
    delimiter = _delimiter_of(first_line)
    records = _csv_records(path, encoding, delimiter, limits)
    header_line, cells = next(records)
    headers = _headers_checked(cells, f"line {header_line}", limits)
    info = TableInfo("csv", [h for h in headers if h], header_line, encoding, delimiter)
    return info, _rows_from(headers, records, limits, "Line")


# XLSX ------------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _zip_part_count(path: Path) -> int | None:
    """The number of parts the zip's end record declares, read before the directory is parsed
    (parsing a directory of a million entries would itself take the memory); None when the
    record is not found in the last 64 KiB or is a ZIP64 one, which zipfile then reads."""
    size = path.stat().st_size
    with path.open("rb") as file:
        file.seek(max(0, size - (1 << 16) - 22))
        tail = file.read()
    start = tail.rfind(b"PK\x05\x06")
    if start < 0 or len(tail) < start + 22:
        return None
    total = struct.unpack("<H", tail[start + 10 : start + 12])[0]
    return None if total == 0xFFFF else int(total)


def _shared_strings_parts(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> set[str]:
    """The names of the parts a reader loads whole as shared strings: those [Content_Types].xml
    declares with the shared-strings type (how openpyxl finds them), and any named so."""
    names = {p.filename for p in parts if p.filename.casefold().endswith("sharedstrings.xml")}
    types = next((p for p in parts if p.filename == "[Content_Types].xml"), None)
    if types is None or types.file_size > _MAX_CONTENT_TYPES_BYTES:
        return names
    try:
        root = ElementTree.fromstring(archive.read(types))
    except Exception:  # a damaged or hostile manifest: openpyxl will refuse the file itself
        return names
    for override in root:
        if str(override.get("ContentType", "")).endswith(_SHARED_STRINGS_TYPE):
            names.add(str(override.get("PartName", "")).lstrip("/"))
    return names


def _parts_refused(count: int) -> TableLimitError:
    return TableLimitError(
        f"The workbook is made of {count:,} parts; a workbook of at most {_MAX_ZIP_PARTS:,} is "
        "accepted. Save it again from your spreadsheet, or export it as CSV."
    )


def _xlsx_check(path: Path, limits: TableLimits) -> None:
    """Refuse, from the zip directory alone, a workbook that would take too much to parse."""
    parts_declared = _zip_part_count(path)
    if parts_declared is not None and parts_declared > _MAX_ZIP_PARTS:
        raise _parts_refused(parts_declared)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            shared = (
                _shared_strings_parts(archive, parts) if len(parts) <= _MAX_ZIP_PARTS else set()
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise TableError(
            "This file cannot be opened as an XLSX workbook; it may be damaged. "
            "Save it again from your spreadsheet, or export it as CSV."
        ) from None
    if len(parts) > _MAX_ZIP_PARTS:
        raise _parts_refused(len(parts))
    total = sum(part.file_size for part in parts)
    if total > limits.max_uncompressed_bytes:
        raise TableLimitError(
            f"The workbook unpacks to {total / _MB:,.0f} MB; at most "
            f"{limits.max_uncompressed_bytes / _MB:,.0f} MB is accepted. Split it into smaller "
            "files, or export it as CSV."
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
            raise TableLimitError(
                f"The workbook's part “{part.filename}” unpacks to {ratio:,.0f} times its packed "
                f"size; at most {limits.max_compression_ratio:,} times is accepted. The file is "
                "not an ordinary spreadsheet: save it again from your spreadsheet, or as CSV."
            )
        if part.filename in shared and part.file_size > limits.max_shared_strings_bytes:
            raise TableLimitError(
                f"The workbook's shared text (“{part.filename}”) unpacks to "
                f"{part.file_size / _MB:,.0f} MB; at most "
                f"{limits.max_shared_strings_bytes / _MB:,.0f} MB is accepted. Split it into "
                "smaller files, or export it as CSV."
            )


def _values_checked(values: tuple[Any, ...], limits: TableLimits, number: int) -> list[Any]:
    """A sheet row's values, trailing empty cells dropped, refused when too wide or a text cell
    is too long. The empty tail is dropped at C speed: a cell far to the right makes openpyxl
    pad the row up to it."""
    row = list(values)
    if len(row) > limits.max_columns:
        tail = row[limits.max_columns :]
        if tail.count(None) != len(tail) and not _is_blank(tail):
            raise TableLimitError(
                f"Row {number} has cells beyond column {limits.max_columns:,}; at most "
                f"{limits.max_columns:,} columns are accepted."
            )
        del row[limits.max_columns :]
    for position, value in enumerate(row, start=1):
        if isinstance(value, str) and len(value) > limits.max_cell_chars:
            raise TableLimitError(
                f"Row {number}, column {position}: the cell holds {len(value):,} characters; a "
                f"cell may hold at most {limits.max_cell_chars:,}."
            )
    return row


def _xlsx_records(path: Path, limits: TableLimits) -> Generator[tuple[int, list[str]], None, None]:
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        raise TableError(
            "This file cannot be opened as an XLSX workbook; it may be damaged. "
            "Save it again from your spreadsheet, or export it as CSV."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        if isinstance(sheet, ReadOnlyWorksheet):
            # The sheet's declared dimension (<dimension ref="A1:XFD1048576"/>) is only a claim:
            # trusted, it makes openpyxl pad every row to its width and add empty rows up to its
            # height. Without it, rows hold the cells the sheet really has.
            sheet.reset_dimensions()
        # In read-only mode iter_rows fills gaps with empty rows, so the index is the row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            row = _values_checked(values, limits, number)
            if not _is_blank(row):
                yield number, [_cell_text(v) for v in row]
    finally:
        workbook.close()


def _xlsx_open(path: Path, limits: TableLimits) -> tuple[TableInfo, Iterator[Row]]:
    _xlsx_check(path, limits)
    records = _xlsx_records(path, limits)
    first = next(records, None)
    if first is None:
        records.close()
        raise TableError("The workbook's first sheet is empty: it has no header row and no rows.")
    header_line, cells = first
    while cells and not cells[-1].strip():
        cells.pop()
    headers = _headers_checked(cells, f"row {header_line}", limits)
    info = TableInfo("xlsx", [h for h in headers if h], header_line)
    return info, _rows_from(headers, records, limits, "Row")


# Both ------------------------------------------------------------------------------------------


def _rows_from(
    headers: list[str],
    records: Iterator[tuple[int, list[str]]],
    limits: TableLimits,
    line_word: str,
) -> Iterator[Row]:
    named = [(i, h) for i, h in enumerate(headers) if h]
    total = 0
    for count, (line, cells) in enumerate(records, start=1):
        if count > limits.max_rows:
            raise TableLimitError(
                f"{line_word} {line}: the file has more than {limits.max_rows:,} rows; at most "
                f"{limits.max_rows:,} are accepted. Split it into smaller files."
            )
        size = len(cells)
        row = {h: (cells[i] if i < size else "") for i, h in named}
        total += sum(map(len, row.values()))
        if total > limits.max_total_chars:
            raise TableLimitError(
                f"{line_word} {line}: the file holds more than {limits.max_total_chars:,} "
                "characters of text; split it into smaller files."
            )
        yield line, row


def table_open(path: Path, limits: TableLimits = TableLimits()) -> tuple[TableInfo, Iterator[Row]]:
    """Open a CSV or XLSX file (recognised by its content, not its name), within ``limits``.

    Returns the table's description (headers as written) and an iterator over its data rows,
    ``(line_number, {header: value})``, blank rows skipped. Raises TableError, with a message
    for a person, for an empty, binary, undecodable or damaged file or duplicate header names,
    and TableLimitError for a file over a limit (an XLSX workbook's size limits are checked
    before any of it is parsed). Reading a row may also raise either (a CSV quote that never
    closes, a row too wide, one row too many).
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(f"There is no file at {path}.")
    if _sniff_kind(path) == "xlsx":
        return _xlsx_open(path, limits)
    return _csv_open(path, limits)


def neutralise_formula(value: str) -> str:
    """The cell text with a leading apostrophe when a spreadsheet would read it as a formula."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise_formula(value: str) -> str:
    """Undo :func:`neutralise_formula`, so that an exported file re-imports to the same values."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def table_write_csv(rows: Iterable[list[str]], stream: IO[str]) -> None:
    """Write rows (the first being the header) as CSV, every cell formula-neutralised."""
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """The CSV text of each row in turn (for streaming responses), formula-neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def table_write_xlsx(rows: Iterable[list[str]], stream: IO[bytes], *, title: str) -> None:
    """Write rows (the first being the header) as an XLSX workbook, cells stored as text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([neutralise_formula(cell) for cell in row])
    workbook.save(stream)
