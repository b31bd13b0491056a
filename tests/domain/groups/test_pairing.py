import pytest

from roundtable.domain.groups.pairing import PairingPerson, hours_overlap, pair_people


def person(key, start=9.0, needs=(), expertise=()):
    return PairingPerson(
        key=key,
        hours_utc=(start, (start + 8) % 24),
        needs=frozenset(needs),
        expertise=frozenset(expertise),
        name=key,
    )


def placed(pairs):
    return sorted(k for pair in pairs for k in pair.keys)


def test_hours_overlap_wraps_past_midnight():
    assert hours_overlap((9, 17), (13, 21)) == 4
    assert hours_overlap((22, 6), (4, 12)) == 2
    assert hours_overlap((9, 17), (18, 2)) == 0


def test_everyone_once_and_a_need_goes_to_the_expert():
    people = [
        person("ana", needs={"gis"}),
        person("ben"),
        person("cy", expertise={"gis"}),
        person("dee"),
    ]
    pairs = pair_people(people)
    assert placed(pairs) == ["ana", "ben", "cy", "dee"]
    ana = next(p for p in pairs if "ana" in p.keys)
    assert set(ana.keys) == {"ana", "cy"}
    assert "ana needs “gis”, which cy knows" in ana.reasons


def test_past_pairs_are_avoided_and_hours_preferred():
    people = [person("a", 0), person("b", 0), person("c", 12), person("d", 12)]
    pairs = pair_people(people, past_pairs=[("a", "b")])
    keys = {frozenset(p.keys) for p in pairs}
    assert frozenset(("a", "b")) not in keys
    assert all("have not met" in p.reasons[0] for p in pairs)


def test_odd_count_makes_one_trio():
    pairs = pair_people([person(str(i)) for i in range(7)])
    assert sorted(len(p.keys) for p in pairs) == [2, 2, 3]
    trio = next(p for p in pairs if len(p.keys) == 3)
    assert trio.reasons[0] == "an odd number of people: one group of three"


def test_when_everyone_has_met_they_are_paired_anyway_and_told_why():
    pairs = pair_people([person("a"), person("b")], past_pairs=[("b", "a")])
    assert pairs[0].reasons[0] == "a and b met before: nobody new was available"


def test_large_rounds_are_paired_in_blocks_without_past_pairs():
    people = [
        person(i, start=(i * 7) % 24, needs={f"t{i % 5}"}, expertise={f"t{(i + 1) % 5}"})
        for i in range(901)
    ]
    past = [(i, i + 1) for i in range(0, 900, 2)]
    pairs = pair_people(people, past)
    assert placed(pairs) == list(range(901))
    assert sum(len(p.keys) == 3 for p in pairs) == 1
    assert not {frozenset(p.keys) for p in pairs} & {frozenset(p) for p in past}


@pytest.mark.parametrize(
    ("people", "message"),
    [([person("a")], "at least 2 people"), ([person("a"), person("a")], "listed twice")],
)
def test_bad_input(people, message):
    with pytest.raises(ValueError, match=message):
        pair_people(people)
