import pytest

from roundtable.domain.groups.constructions import cached_cyclic, develop_cyclic
from roundtable.domain.groups.found_designs import CYCLIC_BASES
from roundtable.domain.groups.schedule import counting_bound, normalised
from roundtable.domain.groups.solve import solve
from roundtable.domain.groups.validate import validate_schedule


@pytest.mark.parametrize("key", sorted(CYCLIC_BASES), ids=lambda k: "-".join(map(str, k)))
def test_every_design_kept_as_data_still_validates(key):
    groups, size, rounds = key
    modulus, classes, bases = CYCLIC_BASES[key]
    schedule = develop_cyclic(modulus, classes, bases)[:rounds]
    assert len(schedule) == rounds <= counting_bound([size] * groups)
    assert validate_schedule(schedule, groups * size, [size] * groups) == 0


@pytest.mark.parametrize("key", sorted(CYCLIC_BASES), ids=lambda k: "-".join(map(str, k)))
def test_solve_uses_the_kept_design_at_once(key):
    groups, size, rounds = key
    result = solve(groups=groups, size=size, rounds=rounds, time_limit=60)
    assert result.complete and not result.stopped_early
    assert validate_schedule(result.rounds, groups * size, [size] * groups) == 0
    assert result.rounds == normalised(cached_cyclic(groups, size, rounds))


def test_fewer_rounds_than_kept_are_a_prefix_of_the_kept_design():
    groups, size, rounds = next(iter(CYCLIC_BASES))
    fewer = cached_cyclic(groups, size, rounds - 1)
    assert fewer is not None and len(fewer) == rounds - 1
    assert cached_cyclic(groups, size + 1, 2) is None
