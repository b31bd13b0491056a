import pytest

from roundtable.domain.groups.validate import ScheduleError, validate_schedule


def test_counts_each_extra_meeting_of_a_pair():
    rounds = [[[0, 1], [2, 3]], [[0, 1], [2, 3]], [[0, 1], [2, 3]]]
    assert validate_schedule(rounds, 4, [2, 2]) == 4


def test_a_schedule_without_repeats_counts_zero():
    assert validate_schedule([[[0, 1], [2, 3]], [[0, 2], [1, 3]]], 4, [2, 2]) == 0


@pytest.mark.parametrize(
    ("rounds", "message"),
    [
        ([[[0, 1], [2]]], "missing [3]"),
        ([[[0, 1], [1, 2, 3]]], "placed twice [1]"),
        ([[[0, 1], [2, 4]]], "out of range [4]"),
    ],
)
def test_rejects_a_round_that_is_not_a_partition(rounds, message):
    with pytest.raises(ScheduleError, match="round 1 is not a partition") as error:
        validate_schedule(rounds, 4)
    assert message in str(error.value)


def test_rejects_wrong_group_sizes_naming_the_round():
    with pytest.raises(ScheduleError, match=r"round 2 has group sizes \[1, 3\]"):
        validate_schedule([[[0, 1], [2, 3]], [[0], [1, 2, 3]]], 4, [2, 2])
