"""Reading CSV and XLSX files row by row, and neutralising formulas on export."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from roundtable.domain.tabular import (
    TableError,
    neutralise_formula,
    table_open,
    table_write_csv,
    table_write_xlsx,
    unneutralise_formula,
)

DATA = Path(__file__).parent.parent / "data"


def _write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    info, rows = table_open(path)
    return info.headers, list(rows)


def test_utf8_with_bom_and_semicolons() -> None:
    info, rows = table_open(DATA / "semicolon_bom.csv")
    assert info.encoding == "utf-8"
    assert info.delimiter == ";"
    assert info.headers == ["Nombre", "Correo electrónico", "País"]
    assert list(rows) == [
        (2, {"Nombre": "José Pérez", "Correo electrónico": "jose@example.org", "País": "Spain"})
    ]


def test_windows_1252_is_detected_when_bytes_are_not_utf8() -> None:
    info, rows = table_open(DATA / "cp1252.csv")
    assert info.encoding == "cp1252"
    assert list(rows)[0][1]["Name"] == "Renée François"


def test_tab_delimiter(tmp_path: Path) -> None:
    headers, rows = _read(_write(tmp_path, b"Name\tEmail\nAna\tana@example.org\n"))
    assert headers == ["Name", "Email"]
    assert rows == [(2, {"Name": "Ana", "Email": "ana@example.org"})]


def test_line_numbers_count_newlines_inside_quoted_fields_and_skip_blank_lines(
    tmp_path: Path,
) -> None:
    data = (
        b"Name,Email,Bio\r\n"
        b'Ana,ana@example.org,"first line\r\nsecond line\r\nthird"\r\n'
        b"\r\n"
        b"Ben,ben@example.org,short\r\n"
        b",,\r\n"
        b"Cy,cy@example.org,\r\n"
    )
    _, rows = _read(_write(tmp_path, data))
    assert [line for line, _ in rows] == [2, 6, 8]
    assert rows[0][1]["Bio"] == "first line\r\nsecond line\r\nthird"


def test_short_rows_are_padded(tmp_path: Path) -> None:
    _, rows = _read(_write(tmp_path, b"Name,Email,Country\nAna,ana@example.org\n"))
    assert rows[0][1] == {"Name": "Ana", "Email": "ana@example.org", "Country": ""}


def test_xlsx_rows_carry_sheet_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "E-mail", "Joined", "Count"])
    sheet.append(["Ana", "ana@example.org", date(2024, 3, 5), 3.0])
    sheet.append([None, None, None, None])
    sheet.append(["Ben", "ben@example.org", None, None])
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    info, rows = table_open(path)
    assert info.kind == "xlsx"
    assert info.headers == ["Full name", "E-mail", "Joined", "Count"]
    assert list(rows) == [
        (
            2,
            {"Full name": "Ana", "E-mail": "ana@example.org", "Joined": "2024-03-05", "Count": "3"},
        ),
        (4, {"Full name": "Ben", "E-mail": "ben@example.org", "Joined": "", "Count": ""}),
    ]


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="The file is empty"):
        table_open(_write(tmp_path, b""))


def test_file_of_blank_lines_is_empty(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="empty"):
        table_open(_write(tmp_path, b"\n\n  \n"))


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="binary data"):
        table_open(_write(tmp_path, bytes(range(256)) * 4))


def test_bytes_that_are_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="neither UTF-8 nor Windows-1252"):
        table_open(_write(tmp_path, b"Name,Email\n\x81\x8d\x8f,x@example.org\n"))


def test_damaged_xlsx(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="cannot be opened as an XLSX workbook"):
        table_open(_write(tmp_path, b"PK\x03\x04not really a zip", "x.xlsx"))


def test_old_xls_is_named(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"old Excel \(.xls\)"):
        table_open(_write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xls"))


def test_duplicate_header_names(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="“email” appears twice .*line 1: columns 2 and 3"):
        table_open(_write(tmp_path, b"Name,Email,email\nA,a@x.org,b@x.org\n"))


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    headers, rows = _read(_write(tmp_path, b"Name,Email\n"))
    assert headers == ["Name", "Email"]
    assert rows == []


@pytest.mark.parametrize("cell", ["=1+1", "+49 30 1234", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_neutralised_and_read_back(cell: str) -> None:
    assert neutralise_formula(cell) == "'" + cell
    assert unneutralise_formula(neutralise_formula(cell)) == cell


def test_plain_cells_are_left_alone() -> None:
    assert neutralise_formula("Ana") == "Ana"
    assert neutralise_formula("") == ""
    assert unneutralise_formula("'quoted") == "'quoted"


def test_written_csv_and_xlsx_neutralise_formulas() -> None:
    rows = [["Name", "Bio"], ['=HYPERLINK("http://x")', "@evil"]]
    text = io.StringIO()
    table_write_csv(rows, text)
    assert text.getvalue() == 'Name,Bio\r\n"\'=HYPERLINK(""http://x"")",\'@evil\r\n'
    binary = io.BytesIO()
    table_write_xlsx(rows, binary, title="members")
    sheet = load_workbook(io.BytesIO(binary.getvalue())).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "'@evil"
