import csv
from pathlib import Path

import pytest

from roundtable.domain.groups.constraints import ConstraintError, Constraints
from roundtable.domain.groups.schedule import counting_bound, group_sizes
from roundtable.domain.groups.solve import SolveInputError, replan, solve
from roundtable.domain.groups.validate import validate_schedule

INSTANCES = Path(__file__).resolve().parents[3] / "benches" / "data" / "instances.csv"


def checked(result, sizes=None):
    """The validator's repeat count must agree with the solver's."""
    repeats = validate_schedule(result.rounds, result.people, sizes or result.sizes)
    assert repeats == result.repeat_pairs
    return repeats


def instance_rows():
    with INSTANCES.open(newline="") as handle:
        return [
            pytest.param(
                int(r["groups"]),
                int(r["size"]),
                int(r["best_known_rounds"]),
                id=f"{r['groups']}-{r['size']}-{r['best_known_rounds']}",
            )
            for r in csv.DictReader(handle)
        ]


@pytest.mark.parametrize(("groups", "size", "rounds"), instance_rows())
def test_every_listed_instance_reaches_its_best_known_rounds(groups, size, rounds):
    result = solve(groups=groups, size=size, rounds=rounds, time_limit=60, seed=1)
    assert len(result.rounds) == rounds
    assert checked(result) == 0
    assert result.complete and result.max_meetings == 1
    assert "without a repeated pair" in result.message


@pytest.mark.parametrize(
    ("groups", "size", "rounds"), [(10, 4, 13), (11, 3, 16), (13, 4, 17), (19, 3, 28)]
)
def test_instances_off_the_list_are_built_from_one_rotational_designs(groups, size, rounds):
    result = solve(groups=groups, size=size, rounds=rounds, time_limit=60, seed=0)
    assert len(result.rounds) == rounds
    assert checked(result) == 0 and result.complete
    assert result.method.startswith("1-rotational")


def test_uneven_sizes_use_a_one_rotational_design_with_a_place_left_empty():
    # 39 people in groups of 4 (nine of 4, one of 3): 2-(40,4,1) less one round.
    result = solve(people=39, size=4, rounds=12, time_limit=60, seed=0)
    assert checked(result, [4] * 9 + [3]) == 0 and result.complete
    assert result.method.startswith("1-rotational") and "1 place left empty" in result.method


def test_uneven_sizes_differ_by_at_most_one():
    assert group_sizes(23, 5) == [5, 5, 5, 4, 4]
    assert group_sizes(10, 3) == [3, 3, 2, 2]
    result = solve(people=23, size=5, rounds=3, time_limit=5)
    assert checked(result, [5, 5, 5, 4, 4]) == 0


def test_uneven_sizes_use_a_design_with_places_left_empty():
    # 23 people as 5+5+5+4+4: the affine plane of order 5 less two people and one round.
    result = solve(people=23, size=5, rounds=5, time_limit=5)
    assert checked(result, [5, 5, 5, 4, 4]) == 0
    assert result.method == "transversal design / affine plane, 2 places left empty"
    assert result.seconds < 1


def test_counting_bound_for_uneven_sizes_counts_pairs_per_round():
    # 10 people as 3+3+2+2 use 8 of the 45 pairs a round: 5 rounds at most.
    assert counting_bound([3, 3, 2, 2]) == 5
    assert counting_bound([4] * 8) == 10


def test_max_rounds_reaches_the_bound_of_a_design_and_stops():
    result = solve(groups=5, size=5, max_rounds=True, time_limit=5)
    assert len(result.rounds) == 6 == result.bound
    assert checked(result) == 0
    assert result.seconds < 2


def test_more_rounds_than_the_bound_returns_fewest_repeats_and_says_so():
    result = solve(groups=2, size=2, rounds=4, time_limit=0.5)
    assert len(result.rounds) == 4
    assert checked(result) == result.repeat_pairs > 0
    assert not result.complete
    assert "counting bound allows at most 3" in result.message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": 3, "size": 1, "rounds": 2}, "group size 1 is too small"),
        ({"people": 4, "size": 5, "rounds": 2}, "group size 5 is larger than the 4 people"),
        ({"groups": 3, "size": 3, "rounds": 0}, "number of rounds 0 must be at least 1"),
        ({"groups": 0, "size": 3, "rounds": 1}, "number of groups 0"),
        ({"size": 3, "rounds": 1}, "give the number of groups or the number of people"),
        ({"groups": 3, "size": 3}, "give the number of rounds"),
    ],
)
def test_bad_input_is_refused_with_the_value(kwargs, message):
    with pytest.raises(SolveInputError, match=message):
        solve(**kwargs)


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        (Constraints(keep_together=[[0, 1, 2, 3, 4]]), "5 people .* groups hold at most 4"),
        (Constraints(facilitators=[0, 1]), "2 facilitators cannot give each of the 3 groups"),
        (Constraints(keep_apart=[(0, 1)], keep_together=[[0, 1]]), "players 0 and 1"),
        (Constraints(keep_apart=[(0, 12)]), "keep apart: player 12 is not one of 0..11"),
        (Constraints(keep_together=[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]]), "do not fit"),
    ],
)
def test_impossible_constraints_name_the_constraint(constraints, message):
    with pytest.raises(ConstraintError, match=message):
        solve(groups=3, size=4, rounds=2, constraints=constraints)


def test_keep_apart_and_keep_together_hold():
    constraints = Constraints(keep_apart=[(0, 1), (2, 3)], keep_together=[[4, 5], [5, 6]])
    result = solve(groups=4, size=4, rounds=3, time_limit=5, constraints=constraints)
    assert result.violations == []
    for round_ in result.rounds:
        where = {p: i for i, g in enumerate(round_) for p in g}
        assert where[0] != where[1] and where[2] != where[3]
        assert where[4] == where[5] == where[6]
    # Kept-together people (4, 5, 6: three pairs) meeting every round is not a repeat.
    assert validate_schedule(result.rounds, 16, [4] * 4) == result.repeat_pairs + 3 * 2


def test_every_group_gets_a_facilitator():
    constraints = Constraints(facilitators=[0, 1, 2, 3])
    result = solve(groups=4, size=4, rounds=4, time_limit=5, constraints=constraints)
    assert result.violations == []
    for round_ in result.rounds:
        assert all(set(group) & {0, 1, 2, 3} for group in round_)
    assert checked(result) == 0


def test_mixing_spreads_an_attribute_over_the_groups():
    # 4 organisations of 4 people in 4 groups of 4: each group can hold one of each.
    attributes = {p: f"org {p // 4}" for p in range(16)}
    result = solve(
        groups=4, size=4, rounds=2, time_limit=5, constraints=Constraints(attributes=attributes)
    )
    for round_ in result.rounds:
        for group in round_:
            assert len({attributes[p] for p in group}) == 4
    assert checked(result) == 0


def test_history_steers_away_from_pairs_who_met_before():
    history = {(0, 1): 1.0, (2, 3): 0.5}
    result = solve(
        groups=3, size=3, rounds=1, time_limit=3, constraints=Constraints(history=history)
    )
    where = {p: i for i, g in enumerate(result.rounds[0]) for p in g}
    assert where[0] != where[1] and where[2] != where[3]


def test_replan_keeps_finished_rounds_and_handles_joiners_and_leavers():
    first = solve(groups=4, size=3, rounds=2, time_limit=3)
    finished = [[[f"p{i}" for i in g] for g in r] for r in first.rounds]
    # p11 leaves, two people join late.
    people = [f"p{i}" for i in range(11)] + ["late1", "late2"]
    new_rounds, result = replan(finished=finished, people=people, size=3, rounds=2, time_limit=5)
    assert len(new_rounds) == 2
    for round_ in new_rounds:
        assert sorted(p for g in round_ for p in g) == sorted(people)
    met = {frozenset((a, b)) for r in finished for g in r for a in g for b in g if a != b}
    again = [
        (a, b)
        for r in new_rounds
        for g in r
        for a in g
        for b in g
        if a < b and frozenset((a, b)) in met
    ]
    assert len(again) == result.repeat_pairs == 0


def test_the_time_limit_is_kept_on_a_hard_instance():
    # 40 people in tables of 4 for 13 rounds (a resolvable design exists, but is hard to find).
    result = solve(groups=10, size=4, rounds=13, time_limit=1.0)
    assert result.seconds < 1.5
    assert len(result.rounds) == 13
    assert checked(result, [4] * 10) == result.repeat_pairs


@pytest.mark.parametrize(
    ("groups", "size", "rounds"),
    [(7, 4, 9), (8, 4, 10), (6, 5, 6)],  # a cyclic design; no design found (search); a hard one
)
def test_the_same_request_gives_the_same_schedule(groups, size, rounds):
    # The searches are bounded by work, not by the clock: the time limit only cuts them.
    first = solve(groups=groups, size=size, rounds=rounds, time_limit=600, seed=4)
    second = solve(groups=groups, size=size, rounds=rounds, time_limit=600, seed=4)
    assert not first.stopped_early and not second.stopped_early
    assert first.rounds == second.rounds
    assert (first.method, first.repeat_pairs) == (second.method, second.repeat_pairs)


def test_a_time_limit_that_cuts_the_search_says_so():
    result = solve(groups=8, size=4, rounds=10, time_limit=0.2)
    assert result.stopped_early and not result.complete
    assert "time limit (0.2 s) stopped the search" in result.message
    assert result.as_json()["stopped_early"] is True
    assert checked(result, [4] * 8) == result.repeat_pairs


def test_a_search_that_finishes_its_work_is_not_reported_as_cut():
    result = solve(groups=4, size=4, rounds=5, time_limit=5)
    assert result.complete and not result.stopped_early
    assert "time limit" not in result.message
