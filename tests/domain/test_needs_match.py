"""Needs matching: what touches a need, what does not, and how the match is explained."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roundtable.domain.needs_match import (
    MATCH_THRESHOLD,
    NeedsIndex,
    activity_text,
    best_similarity,
    highlighted,
    needs_match,
    passages,
    shared_terms,
    terms,
)

LEAK_CLINIC = activity_text(
    "Leak detection clinic",
    "Bring your leak detection challenge and get help from peers who found their leaks.",
)
NEEDS = [
    "We lose a third of our water to leaks and cannot find them fast enough.",  # leaks
    "Our board wants a climate resilience plan before the rainy season.",  # unrelated
    "How do we set pro-poor tariffs that cover our costs?",  # unrelated
    "Detecting leakage in old cast-iron pipes is our biggest problem.",  # another form
    "Hiring welders for the depot",  # unrelated
]


def test_a_need_that_shares_meaning_with_the_purpose_matches_and_unrelated_ones_do_not():
    similarity = NeedsIndex(NEEDS).similarity(LEAK_CLINIC)
    touched = [need for need, s in zip(NEEDS, similarity, strict=True) if s >= MATCH_THRESHOLD]
    assert touched == [NEEDS[0], NEEDS[3]]
    assert similarity.min() >= 0 and similarity.max() <= 1


def test_typos_and_other_word_forms_match_through_character_ngrams():
    needs = ["Smart meterring rollout", "Tarifa social para los pobres", "Payroll software"]
    similarity = best_similarity(needs, ["Smart metering clinic", "Social tariffs for the poor"])
    assert similarity[0] >= MATCH_THRESHOLD  # a typo
    assert similarity[1] >= MATCH_THRESHOLD  # Spanish, sharing word roots
    assert similarity[2] < MATCH_THRESHOLD
    # With whole words alone (no shared word), the typo would not match at all.
    assert set(terms("Smart meterring rollout")) & set(terms("Smart metering clinic")) == {"smart"}


def test_request_and_stop_words_do_not_make_a_match():
    needs = ["We need help with this", "Nous avons besoin d'aide pour cela"]
    assert max(best_similarity(needs, ["We need your help: come and help"])) == 0.0
    assert terms("We NEED help, s'il vous plaît: Détection!") == ["plait", "detection"]


def test_the_overall_match_is_the_urgency_weighted_share_of_touched_needs():
    index = NeedsIndex(NEEDS, ids=[10, 20, 30, 40, 50])
    urgencies = [4, 1, 1, 2, 1]  # the two leak needs weigh 4 + 2 of 9
    match = needs_match(LEAK_CLINIC, index, urgencies=urgencies)
    assert (match.needs, match.touched) == (5, 2)
    assert match.share == pytest.approx(6 / 9, abs=1e-4)
    assert match.percent == 67
    assert 0 < match.score <= match.share
    best = match.best
    assert [m.id for m in best] == sorted(
        [10, 40], key=lambda i: -index.similarity(LEAK_CLINIC)[i // 10 - 1]
    )
    first = next(m for m in best if m.id == 10)
    assert first.urgency == 4 and first.similarity >= MATCH_THRESHOLD
    assert first.shared_terms == ("leaks",)
    assert ("leaks", True) in first.pieces
    assert "".join(piece for piece, _ in first.pieces) == NEEDS[0]


def test_rows_choose_the_audience_and_unknown_ids_are_minus_one():
    index = NeedsIndex(NEEDS, ids=[10, 20, 30, 40, 50])
    assert list(index.rows_of([40, 10, 99])) == [3, 0, -1]
    only_unrelated = needs_match(LEAK_CLINIC, index, rows=[1, 2], urgencies=[4, 4])
    assert (only_unrelated.needs, only_unrelated.touched, only_unrelated.share) == (2, 0, 0.0)
    assert only_unrelated.best == ()


def test_deterministic():
    first = needs_match(LEAK_CLINIC, NeedsIndex(NEEDS), urgencies=[3, 1, 2, 3, 4])
    again = needs_match(LEAK_CLINIC, NeedsIndex(list(NEEDS)), urgencies=[3, 1, 2, 3, 4])
    assert first == again
    twice = NeedsIndex(NEEDS)
    assert np.array_equal(twice.similarity(LEAK_CLINIC), twice.similarity(LEAK_CLINIC))


def test_identical_needs_are_listed_once_among_the_best():
    needs = ["Leak detection", "Leak detection", "leak  detection!", "Leaks everywhere"]
    match = needs_match(LEAK_CLINIC, NeedsIndex(needs))
    assert match.touched == 4
    assert [m.text for m in match.best] == ["Leak detection", "Leaks everywhere"]


def test_empty_inputs():
    empty = NeedsIndex([])
    assert len(empty) == 0 and empty.similarity(LEAK_CLINIC).shape == (0,)
    assert needs_match(LEAK_CLINIC, empty).needs == 0
    assert needs_match(LEAK_CLINIC, NeedsIndex(NEEDS), rows=[]).share == 0.0
    # A text without content words matches nothing; needs without content words match nothing.
    assert NeedsIndex(NEEDS).similarity("").tolist() == [0.0] * len(NEEDS)
    assert NeedsIndex(NEEDS).similarity("the and of 2026").tolist() == [0.0] * len(NEEDS)
    assert NeedsIndex(["", "???", "2026"]).similarity(LEAK_CLINIC).tolist() == [0.0] * 3
    assert best_similarity([], [LEAK_CLINIC]) == []
    assert best_similarity(NEEDS[:2], []) == [0.0, 0.0]
    with pytest.raises(ValueError, match="same length"):
        NeedsIndex(NEEDS, ids=[1, 2])
    with pytest.raises(ValueError, match="same length"):
        needs_match(LEAK_CLINIC, NeedsIndex(NEEDS), urgencies=[1])


def test_a_long_description_does_not_dilute_a_clear_match():
    filler = " ".join(
        f"Session {n} covers governance, procurement and reporting formats." for n in range(30)
    )
    long_text = activity_text("Leak detection clinic", "Find your leaks with peers.", filler)
    assert len(passages(long_text)) > 5
    assert NeedsIndex(NEEDS).similarity(long_text)[0] >= MATCH_THRESHOLD


def test_shared_terms_and_highlighting():
    assert shared_terms("Détection de fuites; leakage everywhere", "leak detection") == (
        "Détection",
        "leakage",
    )
    pieces = highlighted("Leaks <b>here</b>", ["leaks"])
    assert pieces == (("Leaks", True), (" <b>here</b>", False))
    assert highlighted("x" * 500, [], limit=20)[0][0].endswith("…")


_VOCABULARY = (
    "leak leaks metering meter tariff tarifa pumps drought agua fuites água réseau gis the and "
    "we need help 2026 São Paulo öffentliche Wasserversorgung 水 供水"
)
WORDS = st.sampled_from(_VOCABULARY.split())
TEXTS = st.lists(WORDS, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(needs=st.lists(TEXTS, min_size=1, max_size=6), text=TEXTS)
def test_similarities_stay_in_range_and_a_need_matches_its_own_words(needs, text):
    index = NeedsIndex(needs)
    similarity = index.similarity(text)
    assert ((similarity >= 0) & (similarity <= 1)).all()
    own = index.similarity(needs[0])[0]
    if terms(needs[0]):
        assert own >= MATCH_THRESHOLD
    else:
        assert own == 0.0
