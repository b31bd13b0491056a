"""The voice budget: worked values from the documented formulas, and its properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roundtable.domain.planning.plan import MODES, AgendaBlock
from roundtable.domain.planning.voice import voice_budget


def test_a_panel_gives_voice_to_its_speakers_only():
    budget = voice_budget([AgendaBlock("Panel", 60, "panel", speakers=3)], 80)
    assert budget.spoken_reach == pytest.approx(3 / 80)
    assert budget.speaking_minutes_per_participant == 0
    assert budget.interactive_share == 0 and budget.tool_reach == 0


def test_small_groups_with_time_for_everyone_reach_everyone():
    budget = voice_budget([AgendaBlock("Groups", 20, "small_groups", group_size=5)], 80)
    assert budget.spoken_reach == 1
    assert budget.speaking_minutes_per_participant == pytest.approx(20 / 5)
    assert budget.interactive_share == 1


def test_small_groups_too_short_for_everyone():
    # groups of 8 for 10 minutes: 5 turns of 2 minutes per group, 10 groups -> 50 of 80
    budget = voice_budget([AgendaBlock("Groups", 10, "small_groups", group_size=8)], 80)
    assert budget.spoken_reach == pytest.approx(50 / 80)


def test_plenary_discussion_allows_one_speaker_per_two_minutes():
    budget = voice_budget([AgendaBlock("Open floor", 20, "plenary_discussion")], 100)
    assert budget.spoken_reach == pytest.approx(10 / 100)
    assert budget.speaking_minutes_per_participant == pytest.approx(20 / 100)


def test_qa_gives_a_few_askers_and_full_tool_reach():
    budget = voice_budget(
        [AgendaBlock("Talk", 30, "presentation"), AgendaBlock("Q&A", 15, "qa")], 200
    )
    # stage 1 speaker, Q&A 5 askers: 1 - (1 - 1/200) * (1 - 5/200)
    assert budget.spoken_reach == pytest.approx(1 - (199 / 200) * (195 / 200))
    assert budget.speaking_minutes_per_participant == pytest.approx(5 / 200)
    assert budget.interactive_share == pytest.approx(15 / 45)
    assert budget.tool_reach == 1


def test_stage_speakers_are_counted_once_across_stage_blocks():
    one = voice_budget([AgendaBlock("Talk", 30, "presentation")], 50)
    two = voice_budget([AgendaBlock("Talk", 15, "presentation")] * 2, 50)
    assert one.spoken_reach == two.spoken_reach == pytest.approx(1 / 50)


def test_a_headcount_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        voice_budget([], 0)


blocks = st.builds(
    AgendaBlock,
    title=st.just("Block"),
    minutes=st.integers(min_value=1, max_value=240),
    mode=st.sampled_from(MODES),
).map(
    lambda b: AgendaBlock(
        b.title,
        b.minutes,
        b.mode,
        group_size=3 if b.mode == "small_groups" else None,
        speakers=2 if b.mode in ("presentation", "panel") else None,
    )
)
group_blocks = st.builds(
    AgendaBlock,
    title=st.just("Groups"),
    minutes=st.integers(min_value=1, max_value=240),
    mode=st.just("small_groups"),
    group_size=st.integers(min_value=2, max_value=30),
)
headcounts = st.integers(min_value=1, max_value=10_000)


@settings(max_examples=200, deadline=None)
@given(agenda=st.lists(blocks, max_size=12), expected=headcounts)
def test_values_stay_in_range(agenda, expected):
    budget = voice_budget(agenda, expected)
    assert 0 <= budget.spoken_reach <= 1
    assert 0 <= budget.interactive_share <= 1
    assert 0 <= budget.tool_reach <= 1
    assert budget.speaking_minutes_per_participant >= 0
    assert all(value >= 0 for value in budget.as_dict().values())


@settings(max_examples=200, deadline=None)
@given(
    agenda=st.lists(blocks, max_size=12),
    extra=group_blocks,
    position=st.integers(min_value=0, max_value=12),
    expected=headcounts,
)
def test_adding_a_small_group_block_never_lowers_spoken_reach(agenda, extra, position, expected):
    before = voice_budget(agenda, expected)
    after = voice_budget([*agenda[:position], extra, *agenda[position:]], expected)
    assert after.spoken_reach >= before.spoken_reach
    assert after.speaking_minutes_per_participant >= before.speaking_minutes_per_participant
