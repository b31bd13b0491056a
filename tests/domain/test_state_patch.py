"""Patches between live states: applying the diff of two states gives the newer one."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.domain.state_patch import state_apply, state_diff

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.text(max_size=6))
fields = st.dictionaries(st.sampled_from(["text", "votes", "answered", "at"]), scalars)
items = st.lists(
    st.tuples(st.integers(1, 12), fields), max_size=8, unique_by=lambda pair: pair[0]
).map(lambda pairs: [{"id": item_id, **rest} for item_id, rest in pairs])
values = st.one_of(
    scalars,
    items,
    st.lists(scalars, max_size=4),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), scalars, max_size=3),
)
states = st.dictionaries(
    st.sampled_from(["session", "questions", "poll", "hands", "joined", "pending", "queue"]),
    values,
)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(states, states)
def test_applying_the_diff_of_two_states_gives_the_newer_one(old, new):
    patch = json.loads(json.dumps(state_diff(old, new)))  # as a client receives it
    assert state_apply(old, patch) == new


@PROPERTY
@given(states)
def test_a_state_unchanged_gives_an_empty_patch(state):
    assert state_diff(state, json.loads(json.dumps(state))) == {}


def test_a_vote_sends_only_the_count_that_changed():
    question = {"id": 7, "text": "How do you onboard?" * 3, "votes": 4, "answered": False}
    other = {"id": 8, "text": "Who owns the wiki?", "votes": 6, "answered": False}
    old = {"joined": 90, "questions": [other, question]}
    new = {"joined": 90, "questions": [{**question, "votes": 7}, other]}

    patch = state_diff(old, new)

    assert patch == {"lists": {"questions": {"changed": [{"id": 7, "votes": 7}], "order": [7, 8]}}}
    assert state_apply(old, patch) == new


def test_items_gone_new_or_reshaped_are_sent_whole_or_dropped_by_the_order():
    old = {"polls": [{"id": 1, "status": "open"}, {"id": 2, "status": "draft"}]}
    new = {"polls": [{"id": 1, "status": "open", "results": [3, 1]}, {"id": 3, "status": "draft"}]}

    patch = state_diff(old, new)

    change = patch["lists"]["polls"]
    assert change["added"] == new["polls"] and change["order"] == [1, 3]
    assert "changed" not in change
    assert state_apply(old, patch) == new
    assert old["polls"][0] == {"id": 1, "status": "open"}  # the old state is left alone
