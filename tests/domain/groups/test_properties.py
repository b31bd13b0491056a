"""Property tests: whatever the sizes, rounds and wishes, the solver returns valid schedules and
reports their repeats and broken wishes truthfully (checked by the independent validator)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.domain.groups.constraints import ConstraintError, Constraints, violations
from roundtable.domain.groups.schedule import group_sizes
from roundtable.domain.groups.solve import solve
from roundtable.domain.groups.validate import validate_schedule

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw):
    people = draw(st.integers(min_value=2, max_value=24))
    size = draw(st.integers(min_value=2, max_value=min(people, 6)))
    rounds = draw(st.integers(min_value=1, max_value=5))
    return people, size, rounds


@FAST
@given(problems(), st.integers(min_value=0, max_value=1000))
def test_any_request_gets_valid_rounds_with_true_repeat_counts(problem, seed):
    people, size, rounds = problem
    result = solve(people=people, size=size, rounds=rounds, time_limit=0.3, seed=seed)
    sizes = group_sizes(people, size)
    assert min(sizes) >= 2 and max(sizes) - min(sizes) <= 1
    assert max(sizes) <= size or (size == 2 and people % 2 == 1)
    assert len(result.rounds) == rounds
    repeats = validate_schedule(result.rounds, people, sizes)
    assert repeats == result.repeat_pairs
    assert result.complete == (repeats == 0)
    if rounds > result.bound:
        assert repeats > 0 and "counting bound" in result.message


@FAST
@given(problems(), st.data())
def test_constraints_are_refused_or_reported_truthfully(problem, data):
    people, size, rounds = problem
    player = st.integers(min_value=0, max_value=people - 1)
    constraints = Constraints(
        keep_apart=data.draw(
            st.lists(st.tuples(player, player).filter(lambda t: t[0] != t[1]), max_size=3)
        ),
        keep_together=data.draw(st.lists(st.lists(player, min_size=2, max_size=3), max_size=2)),
        facilitators=data.draw(st.lists(player, max_size=people, unique=True)),
        attributes=data.draw(st.dictionaries(player, st.sampled_from("abc"), max_size=people)),
    )
    try:
        result = solve(
            people=people, size=size, rounds=rounds, time_limit=0.3, constraints=constraints
        )
    except ConstraintError as error:
        assert str(error).split(":")[0] in {
            "keep apart",
            "keep together",
            "facilitators",
            "keep apart and keep together conflict",
        }
        return
    validate_schedule(result.rounds, people, group_sizes(people, size))
    assert result.violations == violations(result.rounds, constraints)
