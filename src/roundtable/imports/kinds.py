"""The kinds of ``roundtable import`` that apps above this one add (attendance, feedback...).

The ``import`` command lives here with the member import; an app that owns another kind of
import registers it from its ``AppConfig.ready()`` with :func:`import_kind_register`, so this
app never imports the apps above it.
"""

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ImportKind:
    name: str  # the word after ``roundtable import``
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    # handle(stdout_write, options): raises CommandError for the terminal
    handle: Callable[[Callable[[str], Any], dict[str, Any]], None]


IMPORT_KINDS: dict[str, ImportKind] = {}


def import_kind_register(kind: ImportKind) -> None:
    IMPORT_KINDS[kind.name] = kind
