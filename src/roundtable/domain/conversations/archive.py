"""The files of an export, whether it arrived as a ZIP archive or as an unzipped folder.

Both give the same view: names relative to the export's root, with ``/`` between parts, and the
bytes of one file at a time. A damaged archive (truncated, bad checksum, encrypted) raises
``ExportError`` naming the archive and the member, never a zipfile or zlib error.
"""

import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from roundtable.domain.conversations.records import ExportError

MAX_MEMBER_BYTES = 512 * 1024 * 1024  # one day of one channel is never near this
_ARCHIVE_FAILURES = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)


class ExportFiles(Protocol):
    names: list[str]

    def read(self, name: str) -> bytes: ...


def is_zip(path: Path) -> bool:
    """Whether ``path`` starts like a ZIP archive."""
    try:
        with path.open("rb") as file:
            return file.read(4) == b"PK\x03\x04"
    except OSError:
        return False


class ZipFiles:
    """The members of an open ZIP archive, skipping folders and macOS resource forks."""

    def __init__(self, archive: zipfile.ZipFile, label: str) -> None:
        self._archive = archive
        self._label = label
        self.names = [
            info.filename
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]

    def read(self, name: str) -> bytes:
        try:
            info = self._archive.getinfo(name)
            if info.file_size > MAX_MEMBER_BYTES:
                raise ExportError(
                    f"{self._label}: {name} is {info.file_size:,} bytes once unpacked, more "
                    f"than the {MAX_MEMBER_BYTES:,} one file of an export may hold."
                )
            return self._archive.read(info)
        except ExportError:
            raise
        except _ARCHIVE_FAILURES as error:
            raise ExportError(
                f"{self._label}: {name} cannot be read from the archive ({error}); the ZIP file "
                "is damaged or incomplete, download the export again."
            ) from error


class FolderFiles:
    """The files of an unzipped export: the folder itself and one level of subfolders."""

    def __init__(self, root: Path, label: str) -> None:
        self._root = root
        self._label = label
        self.names = []
        for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
            if entry.is_file():
                self.names.append(entry.name)
            elif entry.is_dir():
                self.names.extend(
                    f"{entry.name}/{child.name}"
                    for child in sorted(os.scandir(entry.path), key=lambda child: child.name)
                    if child.is_file()
                )

    def read(self, name: str) -> bytes:
        try:
            return (self._root / name).read_bytes()
        except OSError as error:
            message = f"{self._label}: {name} cannot be read ({error.strerror})."
            raise ExportError(message) from error


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """``path`` opened as a ZIP archive; ExportError when it is not one or is truncated."""
    try:
        archive = zipfile.ZipFile(path)
    except _ARCHIVE_FAILURES as error:
        raise ExportError(
            f"{path.name} is not a readable ZIP archive ({error}); if it is an export, it may be "
            "incomplete: download it again."
        ) from error
    with archive:
        yield archive
