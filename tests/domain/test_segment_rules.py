"""Segment rules as pure data: parsing, validation messages and the rule in words."""

from datetime import date

import pytest

from roundtable.domain.segment_rules import (
    Condition,
    Group,
    RuleError,
    describe_rule,
    parse_rule,
    rule_to_json,
)


def cond(field: str, op: str, value: object) -> dict[str, object]:
    return {"field": field, "op": op, "value": value}


def test_empty_rule_matches_everyone_and_says_so() -> None:
    for empty in (None, {}, {"match": "all", "conditions": []}):
        group = parse_rule(empty)
        assert group.is_empty
        assert describe_rule(group) == "All members"


def test_values_are_normalised() -> None:
    group = parse_rule(
        {
            "match": "any",
            "conditions": [
                cond("country", "in", ["ke", "PE"]),
                cond("region", "not_in", ["africa"]),
                cond("tag", "has_all", ["  Leak Detection", "#GIS"]),
                cond("joined", "after", "2026-03-01"),
                cond("timezone_offset", "between", ["-3", 3]),
                cond("participation_level", "in", "Occasional, peripheral"),
            ],
        }
    )
    assert group.match == "any"
    assert group.conditions == (
        Condition("country", "in", ("KE", "PE")),
        Condition("region", "not_in", ("Africa",)),
        Condition("tag", "has_all", ("leak detection", "gis")),
        Condition("joined", "after", date(2026, 3, 1)),
        Condition("timezone_offset", "between", (-3.0, 3.0)),
        Condition("participation_level", "in", ("occasional", "peripheral")),
    )


def test_round_trip_to_json_keeps_nested_groups() -> None:
    rule = {
        "match": "all",
        "conditions": [
            cond("country", "in", ["KE"]),
            {"match": "any", "conditions": [cond("role", "contains", "engineer")]},
        ],
    }
    group = parse_rule(rule)
    assert isinstance(group.conditions[1], Group)
    assert rule_to_json(group) == rule
    assert parse_rule(rule_to_json(group)) == group


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"conditions": [cond("country", "in", ["KE"]), cond("country", "in", ["XX"])]},
            "condition 2: 'XX' is not a country code",
        ),
        ({"conditions": [cond("planet", "in", ["mars"])]}, "condition 1: unknown field 'planet'"),
        (
            {"conditions": [cond("role", "in", ["x"])]},
            "condition 1: role cannot use the operator 'in'; use contains",
        ),
        ({"conditions": [cond("region", "in", ["Atlantis"])]}, "'Atlantis' is not a region"),
        ({"conditions": [cond("joined", "before", "1st of May")]}, "'1st of May' is not a date"),
        (
            {"conditions": [cond("timezone_offset", "between", [5, 1])]},
            "the low offset (UTC+5) is above the high (UTC+1)",
        ),
        ({"conditions": [cond("timezone_offset", "between", [0, 20])]}, "outside UTC−12"),
        ({"conditions": [cond("participation_level", "in", ["keen"])]}, "'keen' is not a"),
        ({"conditions": [cond("country", "in", [])]}, "choose at least one country"),
        ({"conditions": [cond("language", "contains", "  ")]}, "language needs some text"),
        ({"match": "most", "conditions": []}, "“match” must be “all” or “any”"),
        ({"conditions": "country=KE"}, "“conditions” must be a list"),
        (
            {"conditions": [cond("country", "in", ["KE"]), {"conditions": [cond("x", "in", 1)]}]},
            "condition 2.1: unknown field 'x'",
        ),
        ([1, 2], "the rule: expected an object"),
    ],
)
def test_invalid_rules_name_the_condition(rule: object, message: str) -> None:
    with pytest.raises(RuleError) as raised:
        parse_rule(rule)
    assert message in str(raised.value)


def test_describe_reads_like_a_sentence() -> None:
    group = parse_rule(
        {
            "match": "all",
            "conditions": [
                cond("region", "in", ["Africa"]),
                cond("joined", "after", "2026-03-01"),
                cond("participation_level", "in", ["occasional", "peripheral"]),
            ],
        }
    )
    assert describe_rule(group) == (
        "Members in Africa who joined after 1 March 2026 and are occasional or peripheral"
    )


def test_describe_every_field() -> None:
    group = parse_rule(
        {
            "match": "any",
            "conditions": [
                cond("country", "not_in", ["KE", "PE"]),
                cond("organisation", "in", ["Sedapal", "NWSC"]),
                cond("organisation", "contains", "water"),
                cond("role", "contains", "engineer"),
                cond("tag", "has_any", ["gis", "leaks"]),
                cond("timezone_offset", "between", [-5.5, 3]),
                cond("open_need_tag", "has_any", ["pricing"]),
                cond("language", "contains", "French"),
                {
                    "match": "all",
                    "conditions": [cond("country", "in", ["BR"]), cond("role", "contains", "ceo")],
                },
            ],
        }
    )
    assert describe_rule(group) == (
        "Members outside Kenya or Peru or at Sedapal or NWSC or whose organisation contains "
        "“water” or whose role contains “engineer” or tagged “gis” or “leaks” or in time zones "
        "from UTC−5:30 to UTC+3 or with an open need tagged “pricing” or who speak French or "
        "(in Brazil and whose role contains “ceo”)"
    )
