"""The time and memory ceiling of a long piece of work, with readings the test controls."""

import pytest

from roundtable.domain.run_ceiling import MEMORY_EVERY, CeilingExceeded, RunCeiling, resident_bytes

MB = 1024 * 1024


class Readings:
    def __init__(self) -> None:
        self.seconds = 100.0
        self.bytes = 500 * MB

    def clock(self) -> float:
        return self.seconds

    def memory(self) -> int:
        return self.bytes


def test_time_ceiling() -> None:
    readings = Readings()
    ceiling = RunCeiling(seconds=300, memory_mb=None, clock=readings.clock)
    readings.seconds += 299
    ceiling.check()
    readings.seconds += 2
    with pytest.raises(CeilingExceeded) as refused:
        ceiling.check()
    assert refused.value.message == (
        "it ran for 301 seconds, past the ceiling of 300 seconds a job may run"
    )


def test_memory_ceiling_counts_growth_not_what_the_process_held_before() -> None:
    readings = Readings()
    ceiling = RunCeiling(seconds=None, memory_mb=1024, clock=readings.clock, memory=readings.memory)
    readings.bytes += 1000 * MB  # 1,500 MB held, 1,000 MB of it grown: under the ceiling
    for _ in range(MEMORY_EVERY * 2):
        ceiling.check()
    readings.bytes += 30 * MB
    with pytest.raises(
        CeilingExceeded, match=r"^it took 1,030 MB of memory, past the ceiling of 1,024 MB"
    ):
        for _ in range(MEMORY_EVERY):
            ceiling.check()


def test_a_zero_ceiling_is_passed_at_the_first_check() -> None:
    with pytest.raises(CeilingExceeded, match="ceiling of 0 seconds"):
        RunCeiling(seconds=0, memory_mb=None).check()


def test_no_ceiling_never_stops() -> None:
    readings = Readings()
    ceiling = RunCeiling(seconds=None, memory_mb=None, clock=readings.clock)
    readings.seconds += 10**9
    ceiling.check()


def test_resident_memory_is_read() -> None:
    assert resident_bytes() > MB
