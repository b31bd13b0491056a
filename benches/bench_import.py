"""Benchmark: import 100,000 members from CSV with the real `roundtable import members` command.

Targets (issue 2): under 60 s wall time and under 500 MB peak memory, on SQLite and PostgreSQL.

    .venv/bin/python benches/bench_import.py [--rows 100000] [--only sqlite|postgresql]

For each database: a fresh one (a SQLite file in a temporary DATA_DIR; a PostgreSQL database
``roundtable_bench_import`` created on postgres://postgres@127.0.0.1:5432 and dropped after),
migrated, with one empty community; then the import runs in a child process whose wall time and
peak resident memory (from ``os.wait4``, i.e. the rusage of that child alone) are measured.
Prints one JSON line per database and exits 1 if a target is missed.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROUNDTABLE = str(Path(sys.executable).with_name("roundtable"))
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_DB = "roundtable_bench_import"
TARGET_SECONDS = 60.0
TARGET_MB = 500.0


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if c.isascii() and c not in "' ")


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "Amina Wanjiru Carlos Lucía Priya Arjun Mei Hiroshi Fatima Omar Olga Ivan Chloé Lars Ngozi "
    "Kwame Sofia Mateo Aisha Tariq Ana João Thandiwe Sipho Nadia Yusuf Elif Emre Linh Minh Rosa "
    "Diego Ingrid Sven Leila Reza Grace Samuel Maya Noah Zainab Ibrahim Kofi Ama Hana Jun"
)
LAST = _words(
    "Odhiambo Kamau Quispe Mamani Nair Sharma Wang Tanaka Haddad Al-Sayed Petrova Ivanov Martin "
    "Johansson Okafor Mensah Rossi García Khan Rahman Silva Santos Dlamini Nkosi Hosseini Yilmaz "
    "Nguyen Tran López Fernández Berg Ahmadi Mwangi Banda Phiri Moreau Schmidt Kowalski Novak"
)
PLACES = [
    ("Kenya", "Africa/Nairobi", "Nairobi City Water"),
    ("Peru", "America/Lima", "SEDAPAL"),
    ("India", "Asia/Kolkata", "Kerala Water Authority"),
    ("Japan", "Asia/Tokyo", "Tokyo Waterworks"),
    ("Lebanon", "Asia/Beirut", "Beirut Water Establishment"),
    ("Ukraine", "Europe/Kyiv", "Kyivvodokanal"),
    ("France", "Europe/Paris", "Eau de Paris"),
    ("Sweden", "Europe/Stockholm", "Stockholm Vatten"),
    ("Nigeria", "Africa/Lagos", "Lagos Water Corporation"),
    ("Ghana", "Africa/Accra", "Ghana Water Limited"),
    ("Italy", "Europe/Rome", "Acea"),
    ("Spain", "Europe/Madrid", "Canal de Isabel II"),
    ("Pakistan", "Asia/Karachi", "Karachi Water Board"),
    ("Brazil", "America/Sao_Paulo", "Sabesp"),
    ("South Africa", "Africa/Johannesburg", "Rand Water"),
    ("Iran", "Asia/Tehran", "Tehran Water"),
    ("Türkiye", "Europe/Istanbul", "İSKİ"),
    ("Viet Nam", "Asia/Ho_Chi_Minh", "Saigon Water"),
    ("Mexico", "America/Mexico_City", "SACMEX"),
    ("Germany", "Europe/Berlin", "Berliner Wasserbetriebe"),
    ("Poland", "Europe/Warsaw", "MPWiK Warszawa"),
    ("Malawi", "Africa/Blantyre", "Blantyre Water Board"),
    ("Canada", "America/Toronto", "Toronto Water"),
    ("Australia", "Australia/Sydney", "Sydney Water"),
]
ROLES = ("Engineer", "Planner", "Operations manager", "Chemist", "Analyst", "Director",
         "Field technician", "GIS specialist", "Customer service lead", "Researcher")  # fmt: skip
TAGS = (
    "leak detection",
    "gis",
    "pricing",
    "asset management",
    "water quality",
    "climate",
    "drought",
    "smart meters",
    "billing",
    "sanitation",
    "flood risk",
    "energy efficiency",
    "data",
    "procurement",
    "training",
    "community engagement",
    "pumps",
    "modelling",
)
HEADER = ["Full name", "Email address", "Company", "Country/Region", "TZ", "Job title", "Skills",
          "Interests", "Joined", "Bio"]  # fmt: skip


def members_csv(path: Path, rows: int, seed: int = 2) -> None:
    """Write a believable member list: varied names, organisations, places, tags and dates."""
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            country, zone, org = rng.choice(PLACES)
            domain = org.lower().replace(" ", "").encode("ascii", "ignore").decode() or "utility"
            writer.writerow(
                [
                    f"{first} {last}",
                    _ascii(f"{first}.{last}.{n}@{domain[:20]}.example".lower()),
                    org,
                    country,
                    zone,
                    rng.choice(ROLES),
                    ", ".join(rng.sample(TAGS, rng.randint(1, 3))),
                    ", ".join(rng.sample(TAGS, rng.randint(0, 2))),
                    (start + timedelta(days=rng.randint(0, 2000))).isoformat(),
                    ""
                    if rng.random() < 0.6
                    else f"{rng.choice(ROLES)} at {org} since {2010 + n % 14}.",
                ]
            )


def members_changed_csv(source: Path, target: Path) -> None:
    """The same members with a new organisation and one more skill each: every row an update."""
    with (
        source.open(newline="", encoding="utf-8") as infile,
        target.open("w", newline="", encoding="utf-8") as outfile,
    ):
        reader, writer = csv.reader(infile), csv.writer(outfile)
        writer.writerow(next(reader))
        for row in reader:
            row[2] = f"{row[2]} Regional"
            row[6] = f"{row[6]}, benchmarking"
            writer.writerow(row)


@contextmanager
def fresh_database(engine: str) -> Iterator[dict[str, str]]:
    """Environment variables for a new, empty, migrated database with the community `bench`."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        env = {**os.environ, "DATA_DIR": folder, "DEBUG": "true", "LOG_LEVEL": "ERROR"}
        env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            import psycopg

            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
            env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{BENCH_DB}"
        try:
            subprocess.run([ROUNDTABLE, "migrate", "-v0"], env=env, check=True)
            subprocess.run(
                [ROUNDTABLE, "community", "create", "--slug", "bench", "--name", "Bench"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            yield env
        finally:
            if engine == "postgresql":
                import psycopg

                with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def measured_import(env: dict[str, str], path: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, output) of one `roundtable import members` child process."""
    command = [ROUNDTABLE, "import", "members", "--community", "bench", str(path)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"import failed ({child.returncode}):\n{output}")
    return seconds, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    options = parser.parse_args()
    engines = [options.only] if options.only else ["sqlite", "postgresql"]
    missed = False
    with tempfile.TemporaryDirectory(prefix="bench-import-csv-") as folder:
        path = Path(folder) / "members.csv"
        members_csv(path, options.rows)
        changed = Path(folder) / "members-changed.csv"
        members_changed_csv(path, changed)
        size_mb = path.stat().st_size / (1024 * 1024)
        for engine in engines:
            with fresh_database(engine) as env:
                # Into the empty community; the same file again (every row matched, nothing to
                # change); then a file where every member has a new organisation and skill.
                runs = [("create", *measured_import(env, path))]
                runs.append(("reimport", *measured_import(env, path)))
                runs.append(("update", *measured_import(env, changed)))
            for run, seconds, peak_mb, summary in runs:
                ok = seconds < TARGET_SECONDS and peak_mb < TARGET_MB
                missed = missed or not ok
                _print(engine, run, options.rows, size_mb, seconds, peak_mb, ok, summary)
    return 1 if missed else 0


def _print(
    engine: str,
    run: str,
    rows: int,
    size_mb: float,
    seconds: float,
    peak_mb: float,
    ok: bool,
    summary: str,
) -> None:
    print(
        json.dumps(
            {
                "bench": "member_import",
                "database": engine,
                "run": run,
                "rows": rows,
                "file_mb": round(size_mb, 1),
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "target_seconds": TARGET_SECONDS,
                "target_mb": TARGET_MB,
                "ok": ok,
                "summary": summary,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
