"""Reading and writing spreadsheets (CSV and XLSX) one row at a time.

Reading yields ``(line_number, {header: value})`` pairs, streaming, so a 100,000-row file is never
held in memory. Line numbers are what a person sees: for CSV the physical line where the record
starts (newlines inside quoted fields count), for XLSX the sheet's row number.

Writing neutralises spreadsheet formulas: a cell that starts with ``= + - @``, a tab or a carriage
return gets a leading apostrophe so that a spreadsheet shows it as text instead of running it.

No Django here: this module is plain Python and is tested alone.
"""

import codecs
import csv
import io
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

_CHUNK = 1 << 20
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (",", ";", "\t")


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why, in a person's words."""


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


def _headers_checked(cells: list[str], where: str) -> list[str]:
    headers = [cell.strip() for cell in cells]
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if not header:
            continue
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


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(start line, cells) for every non-blank record."""
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=python_encoding, newline="") as file:
        reader = csv.reader(file, delimiter=delimiter, strict=False)
        previous_end = 0
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if not _is_blank(cells):
                    yield start, cells
        except csv.Error as error:
            raise TableError(
                f"Line {previous_end + 1} cannot be read as CSV ({error}); check its quotes."
            ) from None


def _csv_open(path: Path) -> tuple[TableInfo, Iterator[Row]]:
    encoding = _detect_encoding(path)
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=python_encoding, newline="") as file:
        first_line = ""
        for line in file:
            if line.strip():
                first_line = line
                break
    if not first_line:
        raise TableError("The file is empty: it has no header row and no rows.")
    delimiter = _delimiter_of(first_line)
    records = _csv_records(path, encoding, delimiter)
    header_line, cells = next(records)
    headers = _headers_checked(cells, f"line {header_line}")
    info = TableInfo("csv", [h for h in headers if h], header_line, encoding, delimiter)
    return info, _rows_from(headers, records)


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


def _xlsx_records(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        raise TableError(
            "This file cannot be opened as an XLSX workbook; it may be damaged. "
            "Save it again from your spreadsheet, or export it as CSV."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        # In read-only mode iter_rows fills gaps with empty rows, so the index is the row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not _is_blank(values):
                yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _xlsx_open(path: Path) -> tuple[TableInfo, Iterator[Row]]:
    records = _xlsx_records(path)
    first = next(records, None)
    if first is None:
        records.close()
        raise TableError("The workbook's first sheet is empty: it has no header row and no rows.")
    header_line, cells = first
    while cells and not cells[-1].strip():
        cells.pop()
    headers = _headers_checked(cells, f"row {header_line}")
    info = TableInfo("xlsx", [h for h in headers if h], header_line)
    return info, _rows_from(headers, records)


# Both ------------------------------------------------------------------------------------------


def _rows_from(headers: list[str], records: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
    named = [(i, h) for i, h in enumerate(headers) if h]
    for line, cells in records:
        size = len(cells)
        yield line, {h: (cells[i] if i < size else "") for i, h in named}


def table_open(path: Path) -> tuple[TableInfo, Iterator[Row]]:
    """Open a CSV or XLSX file (recognised by its content, not its name).

    Returns the table's description (headers as written) and an iterator over its data rows,
    ``(line_number, {header: value})``, blank rows skipped. Raises TableError, with a message
    for a person, for an empty, binary, undecodable or damaged file or duplicate header names.
    Reading a row may also raise TableError (a CSV quote that never closes).
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(f"There is no file at {path}.")
    if _sniff_kind(path) == "xlsx":
        return _xlsx_open(path)
    return _csv_open(path)


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
