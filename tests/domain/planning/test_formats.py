"""The format library: the 15 named formats load, and each suits what it claims to suit."""

from dataclasses import replace
from datetime import timedelta

import pytest

from roundtable.domain.planning.formats import due_parse, format_library, format_parse
from roundtable.domain.planning.located_yaml import LocatedError
from roundtable.domain.planning.plan import Audience, PurposeChoice, SuccessIndicator
from roundtable.domain.planning.rules import plan_check

from .conftest import good_plan

NAMED = {
    "panel",
    "webinar",
    "workshop",
    "peer-assist",
    "clinic",
    "knowledge-cafe",
    "fishbowl",
    "one-two-four-all",
    "troika-consulting",
    "world-cafe",
    "after-action-review",
    "show-and-tell",
    "ask-me-anything",
    "online-discussion-thread",
    "coffee-chat-round",
}


def test_the_fifteen_named_formats_are_in_the_library():
    library = format_library()
    assert set(library) >= NAMED
    for fmt in library.values():
        assert fmt.agenda and fmt.suits and fmt.settings
        assert sum(block.minutes for block in fmt.agenda) == fmt.duration_minutes
        assert {item.phase for item in fmt.checklist} == {"before", "during", "after"}
        assert fmt.min_participants <= fmt.max_participants


@pytest.mark.parametrize("format_id", sorted(NAMED))
def test_a_format_raises_no_warning_for_the_purposes_it_suits(format_id):
    fmt = format_library()[format_id]
    for purpose in fmt.suits:
        plan = good_plan(
            purpose=PurposeChoice("as the format intends", purpose),
            audience=Audience(max(fmt.min_participants, min(30, fmt.max_participants))),
            duration_minutes=fmt.duration_minutes,
            agenda=fmt.agenda,
            success_indicators=(SuccessIndicator("attendance", 20),),
        )
        severities = {f.rule: f.severity for f in plan_check(plan).findings}
        assert "warning" not in severities.values() and "error" not in severities.values(), (
            purpose,
            severities,
        )


def test_due_offsets():
    assert due_parse("-7d") == timedelta(days=-7)
    assert due_parse("+30m") == timedelta(minutes=30)
    assert due_parse("2h") == timedelta(hours=2)
    assert due_parse("soon") is None


def test_a_wrong_format_file_names_each_problem():
    text = (format_library_path("fishbowl")).read_text()
    broken = text.replace("voice: medium", "voice: loud").replace("due: -7d", "due: last week")
    broken = broken.replace("minutes: 40", "minutes: 30")
    with pytest.raises(LocatedError) as caught:
        format_parse("fishbowl", broken)
    messages = [str(p) for p in caught.value.problems]
    assert any("voice “loud” is not one of low, medium, high" in m for m in messages)
    assert any("due “last week” is not like -7d" in m for m in messages)
    assert any("the agenda adds up to 50 minutes, not 60" in m for m in messages)
    assert all(m.startswith("line ") for m in messages)


def test_a_before_item_due_after_the_start_is_refused():
    text = format_library_path("clinic").read_text().replace("due: -14d", "due: +14d")
    with pytest.raises(LocatedError, match="an item before the activity is due after it"):
        format_parse("clinic", text)


def format_library_path(format_id):
    from roundtable.domain.planning.formats import FORMATS_DIR

    return FORMATS_DIR / f"{format_id}.yaml"


def test_formats_are_frozen_data():
    fmt = format_library()["panel"]
    assert replace(fmt, name="Other").name == "Other" and format_library()["panel"].name == "Panel"
