"""Member lists that arrive compressed, as the tools let people download them.

Mailchimp's audience export is a ZIP holding one CSV per status
(``subscribed_members_export_<hash>.csv``, ``unsubscribed_...``, ``cleaned_...``); Discourse's
user list arrives as ``.csv.gz`` (older versions) or as a ZIP holding one CSV. :func:`unpack`
takes either, refuses what is not one (a ZIP of something else, a damaged or truncated archive,
one that unpacks past the limits of :class:`tabular.TableLimits`) with one message (the caller
puts the file's name before it, as for any file it cannot read), and writes the CSV to import
to a folder the caller gives. The other files of a Mailchimp export are named with their row
counts and the reason they are not imported.

An XLSX workbook is a ZIP too: :func:`is_archive` tells them apart by the workbook's manifest
(``[Content_Types].xml``), so a workbook still goes to the spreadsheet reader.

No Django here.
"""

import csv
import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from roundtable.domain.tabular import TableError, TableLimitError, TableLimits

_MB = 1024 * 1024
_CHUNK = 1 << 20
_RATIO_FLOOR_BYTES = 1 * _MB  # a small file is never refused for its compression ratio
_MAX_MEMBERS = 1000  # a member-list export holds a handful of files
_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"
_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    gzip.BadGzipFile,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # an encrypted member
)

# Mailchimp's files of people no longer on the list: the start of the file's name, and why.
MAILCHIMP_LEFT = {
    "unsubscribed": "contacts who unsubscribed; they are no longer on the list",
    "nonsubscribed": "contacts who never subscribed (non-subscribed)",
    "cleaned": "addresses Mailchimp cleaned because they bounced",
}


class ArchiveError(TableError):
    """The archive cannot be used; the message names it and says why."""


class ArchiveLimitError(ArchiveError, TableLimitError):
    """The archive unpacks past a limit (a zip bomb, or simply too large)."""


@dataclass(frozen=True)
class LeftOut:
    """A file of the archive that is not imported."""

    name: str
    rows: int
    reason: str


@dataclass(frozen=True)
class Unpacked:
    path: Path  # the CSV to import, written under the caller's folder
    name: str  # its name inside the archive
    left_out: list[LeftOut] = field(default_factory=list)


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a gzip file, or a ZIP that is not an XLSX workbook."""
    with path.open("rb") as file:
        start = file.read(4)
    if start[:2] == _GZIP_MAGIC:
        return True
    if start != _ZIP_MAGIC:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except _FAILURES:
        return True  # damaged: unpack says so, naming the file
    return "[Content_Types].xml" not in names


def _ratio_refused(label: str, unpacked: int, packed: int, limits: TableLimits) -> None:
    ratio = unpacked / max(packed, 1)
    if unpacked > _RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
        raise ArchiveLimitError(
            f"{label} unpacks to {ratio:,.0f} times its packed size; at most "
            f"{limits.max_compression_ratio:,} times is accepted. It is not an ordinary export."
        )


def _size_refused(label: str, unpacked: int, limits: TableLimits) -> None:
    if unpacked > limits.max_uncompressed_bytes:
        raise ArchiveLimitError(
            f"{label} unpacks to more than {limits.max_uncompressed_bytes / _MB:,.0f} MB, the "
            "most accepted. Export fewer members at once, or split the list."
        )


def _copy(source: IO[bytes], target: Path, label: str, packed: int, limits: TableLimits) -> None:
    """Copy ``source`` to ``target``, refusing past the size and ratio limits as it goes."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            _size_refused(label, written, limits)
            _ratio_refused(label, written, packed, limits)
            out.write(chunk)


def _gunzip(path: Path, folder: Path, limits: TableLimits) -> Unpacked:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else f"{path.name}.csv"
    target = folder / "unpacked.csv"
    packed = path.stat().st_size
    inflater = zlib.decompressobj(wbits=31)
    written = 0
    try:
        with path.open("rb") as source, target.open("wb") as out:
            while chunk := source.read(_CHUNK):
                data = inflater.decompress(chunk, _CHUNK)
                while True:
                    written += len(data)
                    _size_refused("The file", written, limits)
                    _ratio_refused("The file", written, packed, limits)
                    out.write(data)
                    if not inflater.unconsumed_tail:
                        break
                    data = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                if inflater.eof:
                    break
    except zlib.error as error:
        raise ArchiveError(
            f"The file is not a readable gzip file ({error}); download the export again."
        ) from None
    if not inflater.eof:
        raise ArchiveError(
            "The file ends before its content does: the download is incomplete. Download the "
            "export again."
        )
    return Unpacked(target, name)


def _rows_in(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: TableLimits) -> int:
    """The data rows of a CSV in the archive (its header not counted), read as a stream."""
    with archive.open(info) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        count = sum(1 for cells in csv.reader(text) if any(c.strip() for c in cells))
        if count > limits.max_rows + 1:
            return limits.max_rows
    return max(count - 1, 0)


def _chosen(path: Path, tables: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    """The CSV to import: the only one, or Mailchimp's subscribed members' file."""
    subscribed = [t for t in tables if _base(t).startswith("subscribed")]
    if len(subscribed) == 1:
        return subscribed[0]
    if len(tables) == 1 and not _left_reason(tables[0]):
        return tables[0]
    shown = ", ".join(_base(t) for t in tables[:6])
    if not subscribed and all(_left_reason(t) for t in tables):
        raise ArchiveError(
            f"The archive holds no file of subscribed members ({shown}): the people in it are no "
            "longer on the list, so none is imported."
        )
    raise ArchiveError(
        f"The archive holds {len(tables)} CSV files ({shown}) and none is the one to import; "
        "unpack it and upload the member list itself."
    )


def _base(info: zipfile.ZipInfo) -> str:
    return info.filename.rsplit("/", 1)[-1]


def _left_reason(info: zipfile.ZipInfo) -> str:
    base = _base(info).casefold()
    return next((reason for start, reason in MAILCHIMP_LEFT.items() if base.startswith(start)), "")


def _unzip(path: Path, folder: Path, limits: TableLimits) -> Unpacked:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not info.filename.startswith("__MACOSX/")
            ]
            if len(members) > _MAX_MEMBERS:
                raise ArchiveLimitError(
                    f"The archive holds {len(members):,} files; a member-list export holds a few."
                )
            _size_refused("The archive", sum(info.file_size for info in members), limits)
            for info in members:
                _ratio_refused(
                    f"Its file {_base(info)}", info.file_size, info.compress_size, limits
                )
            tables = [info for info in members if info.filename.casefold().endswith(".csv")]
            if not tables:
                shown = ", ".join(_base(info) for info in members[:6]) or "nothing"
                raise ArchiveError(
                    f"The archive holds no CSV file (it holds {shown}); expected a member list "
                    "exported from Mailchimp or Discourse, or a CSV or XLSX file itself."
                )
            chosen = _chosen(path, tables)
            target = folder / "unpacked.csv"
            with archive.open(chosen) as source:
                _copy(source, target, f"Its file {_base(chosen)}", chosen.compress_size, limits)
            left_out = [
                LeftOut(
                    _base(info),
                    _rows_in(archive, info, limits),
                    _left_reason(info) or "another file of the archive",
                )
                for info in tables
                if info is not chosen
            ]
    except ArchiveError:
        raise
    except _FAILURES as error:
        raise ArchiveError(
            f"The file is not a readable ZIP archive ({error}); it may be incomplete: "
            "download the export again."
        ) from None
    return Unpacked(target, _base(chosen), left_out)


DEFAULT_LIMITS = TableLimits()


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _chunks(source: _Readable, label: str, packed: int, limits: TableLimits) -> Iterator[bytes]:
    read = 0
    while chunk := source.read(_CHUNK):
        read += len(chunk)
        _size_refused(label, read, limits)
        _ratio_refused(label, read, packed, limits)
        yield chunk


def _streams(path: Path, limits: TableLimits) -> Iterator[Iterator[bytes]]:
    """The unpacked bytes of each file of the archive, chunk by chunk, within the limits."""
    with path.open("rb") as file:
        start = file.read(2)
    if start == _GZIP_MAGIC:
        with gzip.open(path, "rb") as source:
            yield _chunks(source, "The file", path.stat().st_size, limits)
        return
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                with archive.open(info) as source:
                    yield _chunks(source, f"Its file {_base(info)}", info.compress_size, limits)


def archive_mentions(path: Path, words: list[str], limits: TableLimits = DEFAULT_LIMITS) -> bool:
    """Whether any file of the archive holds one of ``words`` (any case), every file read as
    UTF-8 text: to know whether an export waiting to be imported names a person being erased.
    Raises ArchiveError when the archive cannot be read through (the caller then counts it as
    naming them)."""
    wanted = [w.casefold() for w in words if w]
    keep = max((len(w) for w in wanted), default=0)
    try:
        for stream in _streams(path, limits):
            tail = ""
            for chunk in stream:
                text = tail + chunk.decode("utf-8", errors="replace").casefold()
                if any(w in text for w in wanted):
                    return True
                tail = text[-keep:]
    except ArchiveError:
        raise
    except _FAILURES as error:
        raise ArchiveError(f"The archive cannot be read through ({error}).") from None
    return False


def unpack(path: Path, folder: Path, limits: TableLimits = DEFAULT_LIMITS) -> Unpacked:
    """The CSV inside the archive at ``path``, written into ``folder`` (which the caller removes
    when done), and the archive's other files that are not imported.

    Raises ArchiveError for a damaged, truncated or encrypted archive and for one that holds no
    CSV to import; ArchiveLimitError for one past the limits (its whole unpacked size, a
    file's compression ratio, its number of files).
    """
    with path.open("rb") as file:
        start = file.read(2)
    if start == _GZIP_MAGIC:
        return _gunzip(path, folder, limits)
    return _unzip(path, folder, limits)
