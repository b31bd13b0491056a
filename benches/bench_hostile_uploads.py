"""Benchmark: what hostile spreadsheets cost the reader, beside ordinary ones of 100,000 rows.

Targets: every hostile file is read or refused in under 5 s and under 200 MB peak memory; the
ordinary files are read whole, within the default limits.

    .venv/bin/python benches/bench_hostile_uploads.py [--rows 100000]

Builds the files in a temporary folder, then reads each with ``table_open`` (the default
limits) in a child process whose wall time and peak resident memory (from ``os.wait4``, the
rusage of that child alone) are measured. Prints one JSON line per file and exits 1 if a target
is missed. The files:

- ``forged-dimension.xlsx``: three rows, the sheet claiming ``A1:XFD1048576``;
- ``shared-strings-bomb.xlsx``: one shared string of 1 GB of one letter (about 1 MB packed);
- ``wide-header.csv``: a header row of 4,800,000 cells;
- ``huge-cell.csv``: a row whose one cell is 1 MB long;
- ``members.csv`` and ``members.xlsx``: ``--rows`` ordinary members, 8 columns.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

MB = 1024 * 1024
TARGET_SECONDS = 5.0
TARGET_MB = 200.0
HEADERS = ["Name", "Email", "Organisation", "Country", "Role", "Expertise", "Interests", "Joined"]


def _member(n: int) -> list[str]:
    return [
        f"Member {n:06d} Lastname",
        f"member{n}@example{n % 97}.org",
        f"Organisation {n % 1000}",
        ["Kenya", "Peru", "India", "France", "Brazil"][n % 5],
        f"Engineer, team {n % 37}",
        f"leak detection, gis, topic {n % 211}",
        f"pricing, climate, theme {n % 113}",
        f"2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
    ]


def _workbook(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("members")
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append(_member(n))
    workbook.save(path)


def _rewritten(
    path: Path, part: str, chunks: Iterable[bytes], declare_shared: bool = False
) -> None:
    source = path.with_suffix(".orig")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml" and declare_shared:
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/' + part.encode() + b'" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename != part:
                new.writestr(info, data)
        with new.open(part, "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)
    source.unlink()


def build(folder: Path, rows: int) -> list[Path]:
    forged = folder / "forged-dimension.xlsx"
    _workbook(forged, 3)
    with zipfile.ZipFile(forged) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))
        sheet = archive.read(name)
    if b"<dimension" not in sheet:
        sheet = sheet.replace(b"<sheetData", b'<dimension ref="A1:H4"/><sheetData', 1)
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    _rewritten(forged, name, [sheet])

    bomb = folder / "shared-strings-bomb.xlsx"
    _workbook(bomb, 3)
    letters = b"a" * MB
    chunks = [b"<sst><si><t>", *([letters] * 1024), b"</t></si></sst>"]
    _rewritten(bomb, "xl/sharedStrings.xml", chunks, declare_shared=True)

    wide = folder / "wide-header.csv"
    with wide.open("w") as file:
        for _ in range(48):
            file.write("h," * 100_000)
        file.write("\nAna\n")

    huge = folder / "huge-cell.csv"
    huge.write_text(f'Name,Bio\nAna,"{"x" * MB}"\n')

    members_csv = folder / "members.csv"
    with members_csv.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADERS)
        for n in range(rows):
            writer.writerow(_member(n))
    members_xlsx = folder / "members.xlsx"
    _workbook(members_xlsx, rows)
    return [forged, bomb, wide, huge, members_csv, members_xlsx]


def read(path: Path) -> dict[str, object]:
    """In the child: read the file with the default limits; what came of it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from roundtable.domain.tabular import TableError, table_open

    try:
        _, rows = table_open(path)
        return {"rows": sum(1 for _ in rows)}
    except TableError as error:
        return {"refused": str(error)}


def measure(path: Path) -> dict[str, object]:
    started = time.perf_counter()
    command = [sys.executable, __file__, "--read", str(path)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE)
    assert child.stdout is not None
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"reading {path.name} failed: {output}")
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        **json.loads(output),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read(Path(args.read))))
        return 0
    missed = False
    with tempfile.TemporaryDirectory() as folder:
        for path in build(Path(folder), args.rows):
            result = measure(path)
            hostile = not path.name.startswith("members")
            if hostile:
                seconds, peak = float(str(result["seconds"])), float(str(result["peak_mb"]))
                result["target_met"] = seconds < TARGET_SECONDS and peak < TARGET_MB
            else:
                result["target_met"] = result.get("rows") == args.rows
            missed = missed or not result["target_met"]
            print(json.dumps(result), flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
