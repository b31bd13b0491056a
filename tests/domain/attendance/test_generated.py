"""Generated variants of the layouts: column order, header case, encodings, separators, line
ends, rejoins; and damaged files, which get AttendanceFileError or UnknownFormat, never a crash."""

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.domain.attendance import (
    AttendanceFileError,
    UnknownFormat,
    merge_people,
    read_attendance,
)

DATA = Path(__file__).parents[2] / "data" / "attendance"
SAMPLES = sorted(DATA.rglob("*.csv"))
START = datetime(2024, 3, 5, 9, 0)

names = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÀéöüñçÅ ABCXYZ,'-.\"ßø"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() and not s.strip().startswith("(") and "(" not in s)
encodings = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"]
)
line_ends = st.sampled_from(["\r\n", "\n", "\r"])
delimiters = st.sampled_from([",", ";", "\t"])
cases = st.sampled_from([str.title, str.lower, str.upper, lambda s: s[:1].upper() + s[1:].lower()])


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _table(rows: list[list[str]], delimiter: str, line_end: str) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL
    )
    writer.writerows(rows)
    return out.getvalue()


# Zoom's participants header as accounts in each language write it (languages.ZOOM_MEETING).
ZOOM_HEADERS: dict[str, list[str]] = {
    "": ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)",
         "Guest"],
    "German": ["Name (ursprünglicher Name)", "E-Mail", "Beitrittszeit", "Austrittszeit",
               "Dauer (Minuten)", "Gast"],
    "French": ["Nom (nom original)", "Adresse e-mail de l’utilisateur", "Heure d’arrivée",
               "Heure de départ", "Durée (minutes)", "Invité"],
    "Spanish": ["Nombre (nombre original)", "Correo electrónico", "Hora de entrada",
                "Hora de salida", "Duración (minutos)", "Invitado"],
    "Portuguese": ["Nome (nome original)", "E-mail", "Ingressar na hora", "Hora de saída",
                   "Duração (minutos)", "Convidado"],
    "Italian": ["Nome (nome originale)", "E-mail", "Ora di ingresso", "Ora di uscita",
                "Durata (minuti)", "Guest"],
}  # fmt: skip


@st.composite
def zoom_files(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str, int]], str]:
    people = draw(st.lists(st.tuples(names, st.integers(0, 10**6)), min_size=1, max_size=6))
    joins = []
    for index, (name, number) in enumerate(people):
        for _rejoin in range(draw(st.integers(1, 3))):
            offset = draw(st.integers(0, 300))
            minutes = draw(st.integers(1, 90))
            joins.append((" ".join(name.split()), f"p{index}.{number}@x.example", offset, minutes))
    joins = draw(st.permutations(joins))
    language = draw(st.sampled_from(sorted(ZOOM_HEADERS)))
    columns = ZOOM_HEADERS[language]
    order = draw(st.permutations(range(len(columns))))
    case = draw(cases)
    day_first = draw(st.booleans())
    pattern = "%d/%m/%Y %H:%M:%S" if day_first else "%m/%d/%Y %I:%M:%S %p"
    dotted = not day_first and draw(st.booleans())
    if dotted:  # day first with dots, as German writes it: no marker needed
        pattern = "%d.%m.%Y %H:%M:%S"
    rows = [[case(columns[i]) for i in order]]
    for name, email, offset, minutes in joins:
        join = START + timedelta(minutes=offset)
        values = [
            name,
            email,
            join.strftime(pattern),
            (join + timedelta(minutes=minutes)).strftime(pattern),
            str(minutes),
            "No",
        ]
        rows.append([values[i] for i in order])
    if day_first:  # a date that only reads day-first, so the order is decidable
        rows.append(
            [
                ["Marker", "m@x.example", "25/12/2024 10:00:00", "25/12/2024 10:01:00", "1", "No"][
                    i
                ]
                for i in order
            ]
        )
        joins.append(("Marker", "m@x.example", -1, 1))
    text = _table(rows, draw(delimiters), draw(line_ends))
    return _encode(text, draw(encodings)), [(n, e, m) for n, e, _, m in joins], language


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zoom_files())
def test_zoom_variants(case: tuple[bytes, list[tuple[str, str, int]], str]) -> None:
    data, joins, language = case
    file = read_attendance(data)
    assert file.format == "zoom-meeting"
    label = "Zoom meeting participant report"
    assert file.label == (f"{label} ({language})" if language else label)
    assert file.problems == []
    assert [(r.name, r.email, r.minutes) for r in file.rows] == joins
    assert all(r.first_join is not None and r.first_join.year == 2024 for r in file.rows)
    assert all(r.first_join is not None and r.first_join.month in (3, 12) for r in file.rows)
    assert [r.line for r in file.rows] == list(range(2, len(joins) + 2))
    people = merge_people(file.rows)
    assert len(people) == len({email for _, email, _ in joins})


def _teams_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    parts += [f"{minutes}m"] if minutes else []
    parts += [f"{seconds}s"] if seconds or not parts else []
    return " ".join(parts)


@st.composite
def teams_files(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str, float]]]:
    count = draw(st.integers(1, 5))
    people = [
        (draw(names).strip(), f"u{i}@contoso.example", draw(st.integers(0, 3 * 3600)))
        for i in range(count)
    ]
    case = draw(cases)
    columns = [
        "Name",
        "First Join",
        "Last Leave",
        "In-Meeting Duration",
        "Email",
        "Participant ID (UPN)",
        "Role",
    ]
    order = draw(st.permutations(range(len(columns))))
    stamp = "%d/%m/%y, %H:%M:%S" if draw(st.booleans()) else "%m/%d/%y, %I:%M:%S %p"
    delimiter = draw(st.sampled_from(["\t", ","]))
    rows: list[list[str]] = [
        [case("1. Summary")],
        ["Meeting title", "Clinic"],
        [],
        [case("2. Participants")],
        [case(columns[i]) for i in order],
    ]
    for name, email, seconds in people:
        values = [
            " ".join(name.split()),
            START.strftime(stamp),
            (START + timedelta(seconds=seconds)).strftime(stamp),
            _teams_duration(seconds),
            email,
            email.replace("u", "n", 1),
            "Attendee",
        ]
        rows.append([values[i] for i in order])
    rows += [
        [],
        [case("3. In-Meeting Activities")],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
    ]
    text = _table(rows, delimiter, draw(line_ends))
    expected = [(" ".join(n.split()), e, s / 60) for n, e, s in people]
    return _encode(text, draw(encodings)), expected


@settings(max_examples=80, deadline=None)
@given(teams_files())
def test_teams_variants(case: tuple[bytes, list[tuple[str, str, float]]]) -> None:
    data, expected = case
    file = read_attendance(data)
    assert file.format == "teams"
    assert file.meeting.topic == "Clinic"
    assert file.problems == []
    assert [(r.name, r.email) for r in file.rows] == [(n, e) for n, e, _ in expected]
    for row, (_, _, minutes) in zip(file.rows, expected, strict=True):
        assert abs(row.minutes - minutes) < 1e-9
        assert row.upn.startswith("n")


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(range(5)), encodings, line_ends, st.lists(st.booleans(), min_size=1, max_size=5)
)
def test_luma_variants(order: list[int], encoding: str, line_end: str, checked: list[bool]) -> None:
    columns = ["api_id", "name", "email", "approval_status", "checked_in_at"]
    rows = [[columns[i] for i in order]]
    for index, came in enumerate(checked):
        values = [
            f"gst-{index}",
            f"Guest {index}",
            f"G{index}@X.example",
            "approved",
            "2024-03-05T10:00:00Z" if came else "",
        ]
        rows.append([values[i] for i in order])
    file = read_attendance(_encode(_table(rows, ",", line_end), encoding))
    assert file.format == "luma"
    assert [r.attended for r in file.rows] == checked
    assert [r.email for r in file.rows] == [f"g{i}@x.example" for i in range(len(checked))]


def _survives(data: bytes, **kwargs: object) -> None:
    try:
        read_attendance(data, **kwargs)  # type: ignore[arg-type]
    except (UnknownFormat, AttendanceFileError) as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data: bytes) -> None:
    _survives(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(",;\t\r\n\"' :/aAmMpP0123456789-()")), max_size=400))
def test_random_table_like_text_never_crashes(text: str) -> None:
    for prefix in (
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n",
        "1. Summary\n",
    ):
        _survives((prefix + text).encode("utf-8"))


def test_every_truncation_of_every_sample_never_crashes() -> None:
    for path in SAMPLES:
        data = path.read_bytes()
        step = max(1, len(data) // 300)
        for end in range(0, len(data), step):
            _survives(data[:end], file_name=path.name)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_samples_never_crash(path: Path, changes: list[tuple[float, int]]) -> None:
    data = bytearray(path.read_bytes())
    for where, byte in changes:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    _survives(bytes(data))
