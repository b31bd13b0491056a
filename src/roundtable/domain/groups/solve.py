"""The entry point: plan rounds of groups, from a construction where one applies, else by search.

``solve`` checks its input, then (for equal groups and no wishes beyond "no repeats") takes the
direct construction giving most rounds (round robin, transversal design / affine plane), then a
1-rotational resolvable design, then a cyclic design found by search, and finally completes the
schedule by tabu search. With wishes (``Constraints``) the zero-repeat schedule is the starting
point and the search then weighs the wishes in. When no schedule without repeats exists, or none
is found in time, the schedule with the fewest repeated pairs found is returned and ``complete``
is False.
"""

import random
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from roundtable.domain.groups import constructions
from roundtable.domain.groups.constraints import (
    Constraints,
    check_constraints,
    pair_weights,
    together_sets,
    violations,
)
from roundtable.domain.groups.schedule import (
    Schedule,
    counting_bound,
    group_sizes,
    meeting_counts,
    normalised,
    pair_key,
    repeat_summary,
)
from roundtable.domain.groups.search import TabuSearch, count_round, greedy_round, meeting_matrix

Label = TypeVar("Label", bound=Hashable)
ROTATIONAL = "1-rotational resolvable design over Z_(n-1) (base blocks found by search)"
CYCLIC = "cyclic design (1-rotational, found by search)"

# Work budgets (see constructions.CYCLIC_WORK): nodes of the design searches and swaps
# evaluated by the tabu search. They, not the clock, decide what is found.
QUICK_CYCLIC_WORK = 300_000
PADDED_CYCLIC_WORK = 2_000_000
QUICK_TABU_WORK = 500_000
TABU_WORK = 4_000_000
WISHES_TABU_WORK = 2_000_000


class SolveInputError(ValueError):
    """Bad sizes or counts (p < 2, p > n, w < 1...); the message names the value."""


@dataclass
class SolveResult:
    """A schedule and what it achieves.

    ``rounds`` are lists of groups of players 0..people-1; ``repeat_pairs`` counts meetings of
    a pair beyond its first (including meetings in ``prior`` finished rounds when re-planning);
    ``complete`` is True when the rounds asked were reached without a repeat; ``message`` says
    in one sentence what was achieved and, when not complete, why. ``stopped_early`` is True
    when the time limit cut the search short; otherwise the search did all its (fixed) work,
    and the same request and seed give the same schedule on a quiet or a busy machine.
    """

    rounds: Schedule
    people: int
    sizes: list[int]
    repeat_pairs: int
    max_meetings: int
    seconds: float
    method: str
    bound: int
    complete: bool
    message: str
    violations: list[str] = field(default_factory=list)
    stopped_early: bool = False

    def as_json(self) -> dict[str, object]:
        """The JSON shape of the command line's --json output."""
        return {
            "rounds": self.rounds,
            "repeat_pairs": self.repeat_pairs,
            "max_meetings": self.max_meetings,
            "seconds": round(self.seconds, 3),
            "method": self.method,
            "people": self.people,
            "group_sizes": self.sizes,
            "counting_bound": self.bound,
            "complete": self.complete,
            "message": self.message,
            "violations": self.violations,
            "stopped_early": self.stopped_early,
        }


def check_input(
    people: int | None, groups: int | None, size: int, rounds: int | None, max_rounds: bool
) -> tuple[int, list[int]]:
    """(people, group sizes) from the request, or ``SolveInputError`` naming the bad value."""
    if people is None and groups is None:
        raise SolveInputError("give the number of groups or the number of people")
    if people is not None and groups is not None:
        raise SolveInputError("give the number of groups or the number of people, not both")
    if size < 2:
        raise SolveInputError(f"group size {size} is too small: groups need at least 2 people")
    if groups is not None:
        if groups < 1:
            raise SolveInputError(f"number of groups {groups} must be at least 1")
        people = groups * size
    assert people is not None  # noqa: S101 - an invariant, stated for the type checker
    if size > people:
        raise SolveInputError(f"group size {size} is larger than the {people} people")
    if rounds is None and not max_rounds:
        raise SolveInputError("give the number of rounds, or ask for as many as possible")
    if rounds is not None and rounds < 1:
        raise SolveInputError(f"number of rounds {rounds} must be at least 1")
    sizes = [size] * groups if groups is not None else group_sizes(people, size)
    return people, sizes


def solve(
    *,
    size: int,
    people: int | None = None,
    groups: int | None = None,
    rounds: int | None = None,
    max_rounds: bool = False,
    time_limit: float = 10.0,
    seed: int = 0,
    constraints: Constraints | None = None,
) -> SolveResult:
    """Plan ``rounds`` rounds (or, with ``max_rounds``, as many as possible without a repeat).

    Give ``groups`` (g groups of exactly ``size``) or ``people`` (groups of ``size``, sizes
    differing by at most one). Raises ``SolveInputError`` or ``ConstraintError`` on input no
    schedule can meet; otherwise always returns a schedule (see ``SolveResult``) within about
    ``time_limit`` seconds.
    """
    started = time.monotonic()
    n, sizes = check_input(people, groups, size, rounds, max_rounds)
    constraints = constraints or Constraints()
    check_constraints(n, sizes, constraints)
    bound = counting_bound(sizes)
    clock = _Clock(started + max(time_limit, 0.05))
    rng = random.Random(seed)  # noqa: S311 - a seed for reproducible group search, not a secret
    # Pairs already met in finished rounds (re-planning) rule out the designs, whose players
    # are interchangeable only when nobody has met yet: then only the search decides.
    prior = dict(constraints.prior_meetings)
    target = rounds if rounds is not None else max(bound, 1)

    schedule, method = _no_repeat_schedule(
        n, sizes, target, max_rounds, clock, rng, prior, not prior
    )
    if not constraints.is_empty() and not (
        constraints.prior_meetings and not _has_wishes(constraints)
    ):
        weight, exempt = pair_weights(n, constraints)
        search = TabuSearch(
            n, schedule, weight=weight, exempt=exempt, prior=prior, seed=rng.randrange(1 << 30)
        )
        search.run(clock.deadline, target=float("-inf"), patience=3000, work=WISHES_TABU_WORK)
        clock.stopped = clock.stopped or search.stopped_by_clock
        schedule = search.rounds
        method += " + weighted tabu search for the constraints"

    schedule = normalised(schedule)
    counts = meeting_counts(schedule)
    for key, times in prior.items():
        a, b = pair_key(*key)
        counts[(a, b)] = counts.get((a, b), 0) + times
    exempt_pairs = {
        (a, b)
        for members in together_sets(n, constraints)
        for a in members
        for b in members
        if a < b
    }
    repeats = sum(c - 1 for k, c in counts.items() if c > 1 and k not in exempt_pairs)
    max_meetings = max((c for k, c in counts.items() if k not in exempt_pairs), default=0)
    if not schedule:
        max_meetings = 0
    found_rounds = len(schedule)
    complete = repeats == 0 and (rounds is None or found_rounds >= rounds)
    message = _message(found_rounds, rounds, repeats, bound, max_rounds, complete)
    if clock.stopped and not (complete and not max_rounds):
        message += (
            f" The time limit ({time_limit:g} s) stopped the search before its work was done:"
            " a longer limit can find more."
        )
    return SolveResult(
        rounds=schedule,
        people=n,
        sizes=sizes,
        repeat_pairs=repeats,
        max_meetings=max_meetings,
        seconds=time.monotonic() - started,
        method=method,
        bound=bound,
        complete=complete,
        message=message,
        violations=violations(schedule, constraints),
        stopped_early=clock.stopped,
    )


def _has_wishes(constraints: Constraints) -> bool:
    return bool(
        constraints.history
        or constraints.keep_apart
        or constraints.keep_together
        or constraints.facilitators
        or constraints.attributes
    )


def _message(
    found: int, asked: int | None, repeats: int, bound: int, max_rounds: bool, complete: bool
) -> str:
    if max_rounds:
        return (
            f"{found} rounds without a repeated pair (the counting bound allows at most {bound})."
        )
    assert asked is not None  # noqa: S101 - an invariant, stated for the type checker
    if complete:
        return f"{found} rounds without a repeated pair."
    if asked > bound:
        return (
            f"No schedule of {asked} rounds without a repeated pair exists: the counting bound "
            f"allows at most {bound}. This is the schedule with the fewest repeats found "
            f"({repeats} repeated pairs)."
        )
    return (
        f"No schedule of {asked} rounds without a repeated pair was found; this is the one "
        f"with the fewest repeats found ({repeats} repeated pairs). Try fewer rounds."
    )


class _Clock:
    """The wall-clock limit. Searches are bounded by work; this only stops them earlier, and
    remembers that it did so the result can say so."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.stopped = False

    def up(self) -> bool:
        """True (and remembered) once the deadline has passed."""
        if not self.stopped and time.monotonic() >= self.deadline:
            self.stopped = True
        return self.stopped


def _no_repeat_schedule(
    n: int,
    sizes: list[int],
    target: int,
    max_rounds: bool,
    clock: _Clock,
    rng: random.Random,
    prior: dict[tuple[int, int], int],
    use_designs: bool,
) -> tuple[Schedule, str]:
    """The best schedule found toward ``target`` rounds (exactly ``target`` unless
    ``max_rounds``, when it is the most rounds found without a repeat) and how it was made.

    Every step is bounded by work (search nodes, swap evaluations) and draws its seed from
    ``rng`` in a fixed order, so the same request gives the same schedule whatever the load;
    the clock can only cut a step short (``clock.stopped``).
    """
    deadline = clock.deadline
    best: Schedule = []
    method = "tabu search"
    if use_designs and len(set(sizes)) > 1:
        best, method = _padded_design(sizes, target, max_rounds, clock, rng)
        if not max_rounds and len(best) >= target:
            return best[:target], method
    elif use_designs:
        g, p = len(sizes), sizes[0]
        method, best = constructions.best_named_construction(g, p)
        if not max_rounds and len(best) >= target:
            return list(best[:target]), method
        if len(best) < counting_bound(sizes):
            # A 1-rotational resolvable design meets everyone once (the counting bound); its
            # search proves quickly when none exists.
            found = constructions.one_rotational(g, p, deadline, seed=rng.randrange(1 << 30))
            if found is not None and len(found) > len(best):
                best, method = found, ROTATIONAL
                if not max_rounds and len(best) >= target:
                    return best[:target], method
        if not max_rounds and target <= counting_bound(sizes) and not clock.up():
            # Most designs are found with little work, and easy cases fall to the local
            # search at once: try each briefly before the long search for a design.
            found = constructions.cyclic(
                g, p, target, deadline, seed=rng.randrange(1 << 30), work=QUICK_CYCLIC_WORK
            )
            if found is not None:
                return found, CYCLIC
            quick, quick_method = _complete_by_search(
                n, sizes, best, target, clock, rng, prior, method, QUICK_TABU_WORK
            )
            if repeat_summary(quick)[0] == 0:
                return quick, quick_method
        # Cyclic designs: toward the target, or one more round at a time up to the bound.
        wanted = target if not max_rounds else len(best) + 1
        while wanted <= (target if not max_rounds else counting_bound(sizes)) and not clock.up():
            found = constructions.cyclic(g, p, wanted, deadline, seed=rng.randrange(1 << 30))
            if found is None:
                break
            best, method = found, CYCLIC
            if not max_rounds:
                return best, method
            wanted += 1
        if best and len(best) > 1:
            method = method if method != "single round" else "tabu search"
    if not max_rounds:
        return _complete_by_search(n, sizes, best, target, clock, rng, prior, method, TABU_WORK)
    # As many rounds as possible: add one round at a time until the search fails.
    schedule = best
    while not clock.up() and len(schedule) < counting_bound(sizes):
        attempt, attempt_method = _complete_by_search(
            n, sizes, schedule, len(schedule) + 1, clock, rng, prior, method, TABU_WORK
        )
        if repeat_summary(attempt)[0] > 0 or _prior_repeats(attempt, prior):
            break
        schedule, method = attempt, attempt_method
    if not schedule:
        schedule = [greedy_round(sizes, meeting_matrix(n, prior), None, rng)]
        method = "greedy"
    return schedule, method


def _padded_design(
    sizes: list[int], target: int, max_rounds: bool, clock: _Clock, rng: random.Random
) -> tuple[Schedule, str]:
    """Rounds for uneven sizes from a design for equal groups of the largest size.

    With e = g * p_max - n missing people (e <= p_max), take a design for g groups of p_max,
    call the first e players of one group of its first round "absent" and drop that round:
    the absent never meet again, so every other round has them in e different groups, which
    leaves groups of p_max and p_max - 1: the sizes asked. One round is lost. ([] when e > p_max.)
    """
    g, largest = len(sizes), max(sizes)
    absent_count = g * largest - sum(sizes)
    if absent_count > largest:
        return [], "tabu search"
    method, rounds = constructions.best_named_construction(g, largest)
    wanted = target + 1 if not max_rounds else counting_bound([largest] * g) + 1
    if len(rounds) < wanted:
        found = constructions.one_rotational(
            g, largest, clock.deadline, seed=rng.randrange(1 << 30)
        )
        if found is not None and len(found) > len(rounds):
            method, rounds = ROTATIONAL, found
    if len(rounds) < wanted and not clock.up():
        found = constructions.cyclic(
            g,
            largest,
            wanted if not max_rounds else len(rounds) + 1,
            clock.deadline,
            seed=rng.randrange(1 << 30),
            work=PADDED_CYCLIC_WORK,
        )
        if found is not None:
            method, rounds = CYCLIC, found
    clock.up()
    if len(rounds) < 2:
        return [], "tabu search"
    absent = set(rounds[0][0][:absent_count])
    number: dict[int, int] = {}
    for player in range(g * largest):
        if player not in absent:
            number[player] = len(number)
    padded = [
        [[number[x] for x in group if x not in absent] for group in round_] for round_ in rounds[1:]
    ]
    places = "place" if absent_count == 1 else "places"
    return padded, f"{method}, {absent_count} {places} left empty"


def _prior_repeats(schedule: Schedule, prior: dict[tuple[int, int], int]) -> bool:
    counts = meeting_counts(schedule)
    return any(pair_key(*key) in counts for key in prior)


def _complete_by_search(
    n: int,
    sizes: list[int],
    start: Schedule,
    target: int,
    clock: _Clock,
    rng: random.Random,
    prior: dict[tuple[int, int], int],
    method: str,
    work: int,
) -> tuple[Schedule, str]:
    """``target`` rounds: those of ``start`` (trimmed) plus greedy new rounds, improved by tabu
    search evaluating at most ``work`` swaps."""
    schedule = [[list(g) for g in r] for r in start[:target]]
    counts = meeting_matrix(n, prior)
    for round_ in schedule:
        count_round(counts, round_)
    added = 0
    while len(schedule) < target:
        new = greedy_round(sizes, counts, None, rng)
        count_round(counts, new)
        schedule.append(new)
        added += 1
    search = TabuSearch(n, schedule, prior=prior, seed=rng.randrange(1 << 30))
    if search.run(clock.deadline, work=work) > 0 or added:
        if not (start and len(start) > 1):
            method = "tabu search"
        elif "tabu search" not in method:
            method = f"{method} + tabu search"
    if search.stopped_by_clock:
        clock.stopped = True
    return search.rounds, method


def replan(
    *,
    finished: Sequence[Sequence[Sequence[Label]]],
    people: Sequence[Label],
    size: int,
    rounds: int,
    time_limit: float = 10.0,
    seed: int = 0,
    constraints: Constraints | None = None,
) -> tuple[list[list[list[Label]]], SolveResult]:
    """Plan ``rounds`` more rounds for ``people`` (who may include late joiners and exclude
    leavers) after the ``finished`` rounds, which are kept as they were.

    People are any hashable labels; ``constraints`` refer to them by their position in
    ``people``. Pairs who met in finished rounds count as met: meeting again is a repeat.
    Returns the new rounds in labels, and the result over positions.
    """
    if len(set(people)) != len(people):
        raise SolveInputError("people: someone is listed twice")
    index = {label: i for i, label in enumerate(people)}
    prior: dict[tuple[int, int], int] = {}
    for round_ in finished:
        for group in round_:
            present = [index[label] for label in group if label in index]
            for i, a in enumerate(present):
                for b in present[i + 1 :]:
                    key = pair_key(a, b)
                    prior[key] = prior.get(key, 0) + 1
    base = constraints or Constraints()
    merged = dict(base.prior_meetings)
    for key, times in prior.items():
        merged[key] = merged.get(key, 0) + times
    with_prior = Constraints(
        history=base.history,
        keep_apart=base.keep_apart,
        keep_together=base.keep_together,
        facilitators=base.facilitators,
        attributes=base.attributes,
        prior_meetings=merged,
    )
    result = solve(
        people=len(people),
        size=size,
        rounds=rounds,
        time_limit=time_limit,
        seed=seed,
        constraints=with_prior,
    )
    labelled = [[[people[i] for i in group] for group in round_] for round_ in result.rounds]
    return labelled, result
