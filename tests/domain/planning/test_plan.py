"""Plan files: parsing, one located message per problem, and writing back."""

from pathlib import Path

import pytest

from roundtable.domain.planning.located_yaml import LocatedError
from roundtable.domain.planning.plan import plan_dump, plan_parse

from .conftest import good_plan

EXAMPLES = Path(__file__).parents[3] / "examples"

MINIMAL = """\
title: Coffee chats
purpose:
  expressed: Meet new people
  deeper: relationship_building
audience:
  expected: 30
start: 2026-03-10T14:00:00+01:00
duration_minutes: 30
agenda:
  - {title: Pairs, minutes: 30, mode: pairs}
"""


def _problems(text):
    with pytest.raises(LocatedError) as caught:
        plan_parse(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_minimal_plan_gets_defaults():
    plan = plan_parse(MINIMAL)
    assert plan.title == "Coffee chats" and plan.audience.expected == 30
    assert plan.start.utcoffset().total_seconds() == 3600
    assert plan.success_indicators == () and plan.feedback is False and plan.follow_up is None
    assert plan.agenda[0].effective_group_size == 2


def test_every_example_except_the_broken_one_parses():
    for path in EXAMPLES.glob("*.yaml"):
        if path.name == "broken.yaml":
            assert len(_problems(path.read_text())) == 5
        else:
            assert plan_parse(path.read_text()).agenda


def test_timezones_as_a_list_or_a_mapping():
    as_list = MINIMAL.replace(
        "  expected: 30\n",
        "  expected: 30\n  timezones: [Africa/Nairobi, africa/nairobi, America/Lima]\n",
    )
    assert plan_parse(as_list).audience.timezones == (("Africa/Nairobi", 2), ("America/Lima", 1))
    as_mapping = MINIMAL.replace(
        "  expected: 30\n", "  expected: 30\n  timezones: {Asia/Manila: 12, America/Lima: 3}\n"
    )
    assert plan_parse(as_mapping).audience.timezones == (("America/Lima", 3), ("Asia/Manila", 12))


def test_each_problem_is_reported_with_its_line_and_column():
    text = MINIMAL.replace("mode: pairs", "mode: pair").replace(
        "duration_minutes: 30", "duration_minutes: 30\ncolour: blue"
    )
    text = text.replace("minutes: 30, mode", "minutes: -5, mode")
    problems = _problems(text)
    assert problems == [
        "line 9, column 1: the plan has an unknown key “colour” (known: title, purpose, audience, "
        "start, duration_minutes, agenda, description, format, success_indicators, feedback, "
        "follow_up)",
        "line 11, column 29: agenda block 1 “Pairs”: minutes must be at least 1, not -5",
        "line 11, column 39: agenda block 1 “Pairs”: mode “pair” is not one of presentation, "
        "panel, plenary_discussion, qa, poll, small_groups, pairs, reflection, share_back; "
        "did you mean “pairs”?",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("  expected: 30", "  expected: thirty"),
            "line 6, column 13: audience.expected must be a whole number, not “thirty”",
        ),
        (
            ("  expected: 30", "  expected: 30\n  segmnt: x"),
            "line 7, column 3: audience has an unknown key “segmnt”; did you mean “segment”?",
        ),
        (("+01:00", ""), "line 7, column 8: start “2026-03-10T14:00:00” has no UTC offset"),
        (
            ("  deeper: relationship_building", "  deeper: networking"),
            "line 4, column 11: purpose.deeper “networking” is not one of",
        ),
        (("title: Coffee chats\n", ""), "line 1, column 1: the plan is missing “title”"),
        (
            ("mode: pairs}", "mode: pairs, group_size: 3}"),
            "group_size applies only to small_groups",
        ),
        (
            ("mode: pairs}", "mode: pairs, speakers: 3}"),
            "speakers applies only to presentation and panel",
        ),
        (
            ("agenda:\n", "feedback: maybe\nagenda:\n"),
            "line 9, column 11: feedback must be true or false, not “maybe”",
        ),
        (
            ("  - {title", "  - [1, 2]\n  - {title"),
            "line 10, column 5: agenda block 1 must be a mapping of keys, not a list",
        ),
        (
            (
                "  - {title",
                "success_indicators:\n  - {metric: mean_rating}\nagenda2: 1\n  - {title",
            ),
            "this is not valid YAML",
        ),
        (("  - {title", "  - {title: A, minutes: 1, mode: qa}\n  - {title"), None),
    ],
)
def test_bad_input_messages(change, expected):
    text = MINIMAL.replace(*change)
    if expected is None:
        assert len(plan_parse(text).agenda) == 2
        return
    assert any(expected in problem for problem in _problems(text)), _problems(text)


def test_indicator_targets_are_checked_against_the_catalogue():
    text = MINIMAL + (
        "success_indicators:\n"
        "  - {metric: mean_rating, target: 7}\n"
        "  - {metric: votes, target: 1}\n"
        "  - {metric: manual, target: Everyone leaves with a buddy}\n"
    )
    assert _problems(text) == [
        "line 12, column 35: success indicator 1: the target of mean_rating must be at most 5, "
        "not 7",
        "line 13, column 14: success indicator 2: metric “votes” is not one of attendance, "
        "segment_share, voice_reach, plus_delta_ratio, mean_rating, new_connections, "
        "follow_up_actions, manual",
    ]


def test_malformed_yaml_and_an_empty_file():
    assert _problems("title: [unclosed\nagenda: 1\n")[0].startswith(
        "line 2, column 7: this is not valid YAML"
    )
    assert _problems("") == ["line 1, column 1: the file is empty; a plan needs keys"]
    assert _problems("- just\n- a list\n") == [
        "line 1, column 1: the plan must be a mapping of keys, not a list"
    ]


def test_unknown_format_when_the_library_is_given():
    text = MINIMAL + "format: speed-dating\n"
    with pytest.raises(LocatedError, match="format “speed-dating” is not one of"):
        plan_parse(text, known_formats=frozenset({"coffee-chat-round"}))
    assert plan_parse(text).format == "speed-dating"


def test_dump_and_parse_give_the_same_plan():
    plan = good_plan(description="A café, indeed: “quoted”", format="peer-assist")
    assert plan_parse(plan_dump(plan)) == plan
    for path in EXAMPLES.glob("*.yaml"):
        if path.name != "broken.yaml":
            parsed = plan_parse(path.read_text())
            assert plan_parse(plan_dump(parsed)) == parsed
