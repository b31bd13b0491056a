"""Reading within limits: hostile CSV and XLSX files are refused early, with the limit named."""

import re
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from roundtable.domain.tabular import TableLimitError, TableLimits, table_open

MB = 1024 * 1024


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "members.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _rewrite(path: Path, part: str, chunks: Iterable[bytes]) -> None:
    """Replace (or add) one part of a zip with the given bytes, streamed and deflated as Excel
    writes them."""
    source = path.with_suffix(".orig")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info, old.read(info))
        with new.open(part, "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)
    source.unlink()


def _with_shared_strings(path: Path, chunks: Iterable[bytes], part: str = "xl/sharedStrings.xml"):
    """Give the workbook a shared-strings part, declared in [Content_Types].xml as Excel does."""
    declared = (
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ).encode()
    types = _part(path, "[Content_Types].xml").replace(b"</Types>", declared)
    _rewrite(path, "[Content_Types].xml", [types])
    _rewrite(path, part, chunks)


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


DEFAULTS = TableLimits()


def _rows(path: Path, limits: TableLimits = DEFAULTS) -> list[tuple[int, dict[str, str]]]:
    _, rows = table_open(path, limits)
    return list(rows)


@pytest.fixture
def never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if openpyxl is asked to open the workbook at all."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# XLSX ------------------------------------------------------------------------------------------


def test_a_forged_dimension_reads_only_the_real_rows_quickly(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Email"], ["Ana", "ana@example.org"], ["Bo", "bo@x.org"]])
    sheet = _part(path, "xl/worksheets/sheet1.xml")
    forged = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    assert forged != sheet
    _rewrite(path, "xl/worksheets/sheet1.xml", [forged])

    started = time.process_time()
    info, rows = table_open(path)
    read = list(rows)
    spent = time.process_time() - started

    assert info.headers == ["Name", "Email"]
    assert read == [
        (2, {"Name": "Ana", "Email": "ana@example.org"}),
        (3, {"Name": "Bo", "Email": "bo@x.org"}),
    ]
    # Trusted, the dimension means a million rows of 16,384 cells: many minutes of CPU.
    assert spent < 5


def test_a_cell_far_to_the_right_is_refused_with_its_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Email"], ["Ana", "ana@example.org"]])
    sheet = _part(path, "xl/worksheets/sheet1.xml")
    far = sheet.replace(b"</row></sheetData>", b'<c r="XFD2" t="n"><v>1</v></c></row></sheetData>')
    assert far != sheet
    _rewrite(path, "xl/worksheets/sheet1.xml", [far])
    with pytest.raises(TableLimitError, match=r"Row 2 has cells beyond column 200; at most 200"):
        _rows(path)


def test_empty_cells_far_to_the_right_are_dropped(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Email"], ["Ana", "ana@example.org"]])
    sheet = _part(path, "xl/worksheets/sheet1.xml")
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        [sheet.replace(b"</row></sheetData>", b'<c r="XFD2" s="0"/></row></sheetData>')],
    )
    assert _rows(path) == [(2, {"Name": "Ana", "Email": "ana@example.org"})]


def test_a_zip_bomb_of_shared_strings_is_refused_before_parsing(
    tmp_path: Path, never_parsed: None
) -> None:
    path = _workbook(tmp_path, [["Name"], ["Ana"]])
    bomb = (b"<si><t>" + b"a" * (MB - 16) + b"</t></si>" for _ in range(250))
    _with_shared_strings(path, bomb)
    assert path.stat().st_size < 2 * MB
    with pytest.raises(TableLimitError, match=r"unpacks to 250 MB; at most 200 MB is accepted"):
        table_open(path)


def test_a_part_compressed_beyond_the_ratio_is_refused_before_parsing(
    tmp_path: Path, never_parsed: None
) -> None:
    path = _workbook(tmp_path, [["Name"], ["Ana"]])
    _with_shared_strings(path, [b"<sst>" + b" " * (5 * MB) + b"</sst>"])
    with pytest.raises(
        TableLimitError,
        match=r"part “xl/sharedStrings.xml” unpacks to [\d,]+ times its packed size; at most 100",
    ):
        table_open(path)


def test_shared_strings_over_their_limit_are_refused_before_parsing(
    tmp_path: Path, never_parsed: None
) -> None:
    path = _workbook(tmp_path, [["Name"], ["Ana"]])
    _with_shared_strings(path, [b"<sst>" + b" " * (3 * MB) + b"</sst>"])
    limits = TableLimits(max_shared_strings_bytes=2 * MB, max_compression_ratio=10**6)
    with pytest.raises(TableLimitError, match=r"shared text .* unpacks to 3 MB; at most 2 MB"):
        table_open(path, limits)


def test_shared_strings_are_found_by_their_declared_type(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name"], ["Ana"]])
    _with_shared_strings(path, [b"<sst>" + b" " * (2 * MB) + b"</sst>"], part="xl/words.xml")
    limits = TableLimits(max_shared_strings_bytes=1 * MB, max_compression_ratio=10**6)
    with pytest.raises(TableLimitError, match=r"shared text \(“xl/words.xml”\) unpacks to 2 MB"):
        table_open(path, limits)


def test_a_long_xlsx_cell_and_too_many_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Bio"], ["Ana", "x" * 10_001]])
    with pytest.raises(
        TableLimitError, match=r"Row 2, column 2: the cell holds 10,001 characters; .* 10,000"
    ):
        _rows(path)
    path = _workbook(tmp_path, [["Name"], ["Ana"], ["Bo"], ["Cy"]], "rows.xlsx")
    with pytest.raises(TableLimitError, match=r"Row 4: the file has more than 2 rows"):
        _rows(path, TableLimits(max_rows=2))
    assert len(_rows(path, TableLimits(max_rows=3))) == 3


# CSV -------------------------------------------------------------------------------------------


def _csv(tmp_path: Path, text: str, name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_five_million_header_cells_are_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    with path.open("w") as file:
        for _ in range(50):
            file.write("a," * 100_000)
        file.write("\nAna\n")
    with pytest.raises(TableLimitError, match=r"^Line 1 has more than 200 columns; at most 200"):
        table_open(path)


def test_a_header_just_over_the_columns_is_refused(tmp_path: Path) -> None:
    headers = ",".join(f"Column {n}" for n in range(201))
    with pytest.raises(TableLimitError, match=r"^Line 1 has 201 columns; at most 200"):
        table_open(_csv(tmp_path, headers + "\nAna\n"))
    # Trailing empty cells, as spreadsheets write them, do not count.
    _, rows = table_open(_csv(tmp_path, "Name,Email" + "," * 300 + "\nAna,a@x.org\n", "pad.csv"))
    assert list(rows) == [(2, {"Name": "Ana", "Email": "a@x.org"})]


def test_a_one_megabyte_cell_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, f'Name,Bio\nAna,short\nBo,"{"x" * MB}"\n')
    _, rows = table_open(path)
    with pytest.raises(
        TableLimitError,
        match=r"^Line 3: a cell holds more than 10,000 characters; a cell may hold at most "
        r"10,000\.",
    ):
        list(rows)


def test_a_long_quoted_cell_over_many_lines_is_refused(tmp_path: Path) -> None:
    many_lines = "\n".join(["y" * 1000] * 200)  # 200,199 characters, more than csv's own limit
    path = _csv(tmp_path, f'Name,Bio\nAna,"{many_lines}"\n')
    _, rows = table_open(path)
    with pytest.raises(TableLimitError, match=r"^Line 2: a cell holds more than 10,000"):
        list(rows)
    path = _csv(tmp_path, f'Name,Bio\nAna,"{many_lines[:20_000]}"\n', "twenty.csv")
    _, rows = table_open(path)
    with pytest.raises(TableLimitError, match=r"^Line 2, column 2: the cell holds 20,000"):
        list(rows)


def test_a_line_over_the_line_limit(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name,Bio\nAna," + "z" * 600 + "\n")
    _, rows = table_open(path, TableLimits(max_line_chars=500))
    with pytest.raises(TableLimitError, match=r"^Line 2 is longer than 500 characters"):
        list(rows)


def test_too_many_csv_rows_are_refused_with_the_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name\nAna\n\nBo\nCy\n")
    _, rows = table_open(path, TableLimits(max_rows=2))
    with pytest.raises(TableLimitError, match=r"^Line 5: the file has more than 2 rows; at most 2"):
        list(rows)


def test_a_column_name_over_its_limit(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name," + "Q" * 1001 + "\nAna,yes\n")
    with pytest.raises(
        TableLimitError,
        match=r"header row \(line 1\), column 2: the column name is 1,001 characters long",
    ):
        table_open(path)


def test_cells_naming_one_long_shared_string_count_for_their_text(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name"]])
    cells = "".join(f'<c r="{c}{{row}}" t="s"><v>1</v></c>' for c in "ABCDE")
    rows = "".join(f'<row r="{n}">{cells.format(row=n)}</row>' for n in range(2, 22))
    header = '<row r="1">' + "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>Q{c}</t></is></c>' for c in "ABCDE"
    )
    sheet = re.sub(
        rb"<sheetData>.*</sheetData>",
        f"<sheetData>{header}</row>{rows}</sheetData>".encode(),
        _part(path, "xl/worksheets/sheet1.xml"),
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", [sheet])
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>Name</t></si><si><t>" + b"w" * 1000 + b"</t></si></sst>"
    _with_shared_strings(path, [strings])

    # 20 rows of 5 cells, each the same 1,000-character string: 100,000 characters read.
    assert len(_rows(path)) == 20
    with pytest.raises(
        TableLimitError,
        match=r"^Row 12: the file holds more than 50,000 characters of text; split it",
    ):
        _rows(path, TableLimits(max_total_chars=50_000))


def test_total_characters_of_a_csv(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name,Bio\nAna,abcdef\nBo,ghijkl\n")
    assert len(_rows(path, TableLimits(max_total_chars=17))) == 2  # 9 + 8 characters
    with pytest.raises(TableLimitError, match=r"^Line 3: the file holds more than 16 characters"):
        _rows(path, TableLimits(max_total_chars=16))
