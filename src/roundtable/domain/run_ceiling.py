"""A wall-clock and memory ceiling for one long piece of work (an import), checked as it goes.

The work calls :meth:`RunCeiling.check` between rows; past either ceiling the call raises
:class:`CeilingExceeded`, whose message says which ceiling and by how much, and the work stops
there (an import in a transaction rolls back). The check is cooperative: it cannot stop a single
step that never returns, which is why the readers bound every step they take (see
``domain/tabular.py``) and why a job that stops making progress is also caught from outside
(``imports.retention``).

Memory is the growth of the process's resident memory since the work began (from
``/proc/self/statm`` on Linux; elsewhere the peak from ``resource.getrusage``, which never
shrinks, so it may stop a job that follows a hungry one). Growth, not the total, because a worker
process runs many jobs one after another and may keep memory an earlier one freed.

No Django here: this module is plain Python and is tested alone.
"""

import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

_STATM = Path("/proc/self/statm")
_MB = 1024 * 1024
# Reading the memory takes a system call; the time is read on every check.
MEMORY_EVERY = 256


class CeilingExceeded(Exception):
    """The work went past its time or memory ceiling; ``message`` says which, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def resident_bytes() -> int:
    """The process's resident memory now (Linux), or its peak so far (elsewhere)."""
    try:
        pages = int(_STATM.read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class RunCeiling:
    """Stops a piece of work that runs longer than ``seconds`` or grows the process's memory by
    more than ``memory_mb``. A ceiling of 0 or less is passed at the first check (useful to see
    the refusal); ``None`` means no ceiling of that kind.

    ``clock`` (seconds, monotonic) and ``memory`` (bytes) are the readings; they default to the
    process's own and are given by tests.
    """

    def __init__(
        self,
        *,
        seconds: float | None,
        memory_mb: float | None,
        clock: Callable[[], float] = time.monotonic,
        memory: Callable[[], int] = resident_bytes,
    ) -> None:
        self.seconds = seconds
        self.memory_mb = memory_mb
        self._clock = clock
        self._memory = memory
        self._started = clock()
        self._memory_at_start = memory() if memory_mb is not None else 0
        self._checks = 0

    def check(self) -> None:
        """Raise CeilingExceeded when a ceiling is passed; cheap enough to call for every row."""
        if self.seconds is not None:
            elapsed = self._clock() - self._started
            if elapsed >= self.seconds:
                raise CeilingExceeded(
                    f"it ran for {elapsed:,.0f} seconds, past the ceiling of "
                    f"{self.seconds:,.0f} seconds a job may run"
                )
        self._checks += 1
        if self.memory_mb is not None and (self._checks == 1 or self._checks % MEMORY_EVERY == 0):
            grown = (self._memory() - self._memory_at_start) / _MB
            if grown >= self.memory_mb:
                raise CeilingExceeded(
                    f"it took {grown:,.0f} MB of memory, past the ceiling of "
                    f"{self.memory_mb:,.0f} MB a job may take"
                )
