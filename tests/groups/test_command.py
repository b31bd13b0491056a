import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roundtable.domain.groups.validate import validate_schedule


def run(*args):
    out = StringIO()
    call_command("groups", "solve", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_documented_shape():
    data = json.loads(run("--groups", "5", "--size", "3", "--rounds", "7", "--json"))
    assert set(data) >= {"rounds", "repeat_pairs", "max_meetings", "seconds", "method"}
    assert len(data["rounds"]) == 7 and len(data["rounds"][0]) == 5
    assert validate_schedule(data["rounds"], 15, [3] * 5) == data["repeat_pairs"] == 0
    assert data["max_meetings"] == 1 and data["complete"] is True


def test_people_and_max_rounds():
    data = json.loads(
        run("--people", "10", "--size", "3", "--max-rounds", "--time-limit", "1", "--json")
    )
    assert data["group_sizes"] == [3, 3, 2, 2]
    assert validate_schedule(data["rounds"], 10, [3, 3, 2, 2]) == 0
    assert 1 <= len(data["rounds"]) <= data["counting_bound"] == 5


def test_human_output_is_a_table_and_a_summary():
    text = run("--groups", "4", "--size", "4", "--rounds", "2")
    assert "Round 1\n  group 1:" in text and "Round 2" in text
    assert "16 people in 4 groups of 4, 2 rounds, 0 repeated pairs" in text
    assert "Method: transversal design / affine plane" in text


def test_impossible_rounds_still_print_a_schedule_and_say_so():
    text = run("--groups", "2", "--size", "2", "--rounds", "5", "--time-limit", "0.3")
    assert "NOT COMPLETE: No schedule of 5 rounds without a repeated pair exists" in text
    assert "Round 5" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--groups", "3", "--size", "1", "--rounds", "2"], "Group size 1 is too small"),
        (["--people", "3", "--size", "4", "--rounds", "2"], "larger than the 3 people"),
        (["--groups", "3", "--size", "3", "--rounds", "0"], "rounds 0 must be at least 1"),
        (["--groups", "3", "--size", "3"], "Give the number of rounds"),
        (["--groups", "3", "--size", "3", "--rounds", "2", "--max-rounds"], "not both"),
        (["--groups", "3", "--size", "3", "--rounds", "2", "--time-limit", "0"], "above 0"),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
