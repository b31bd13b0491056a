"""Theme grouping: repeatable (same input, same themes) and sensible on a small case."""

import random

from roundtable.domain.themes import Comment, group_themes, theme_count

WORDS = (
    "breakout rooms were too short",
    "the breakout rooms gave everyone a voice",
    "audio kept dropping for online people",
    "sound in the room was bad",
    "more time for questions please",
    "the questions from members were the best part",
    "slides were too dense",
    "great case study from Lima",
)


def comments(n: int, seed: int = 3) -> list[Comment]:
    rng = random.Random(seed)
    return [Comment(str(i), f"{rng.choice(WORDS)} {rng.choice(WORDS)}") for i in range(n)]


def test_same_input_same_themes_in_any_order() -> None:
    items = comments(300)
    first = group_themes(items)
    shuffled = list(items)
    random.Random(9).shuffle(shuffled)
    assert group_themes(items) == first
    assert group_themes(shuffled) == first
    assert sum(t.size for t in first) == 300
    assert sorted(k for t in first for k in t.keys) == sorted(c.key for c in items)


def test_similar_comments_end_up_together() -> None:
    items = [
        Comment("1", "The audio was bad"),
        Comment("2", "Bad audio for the online people"),
        Comment("3", "audio dropped again and again"),
        Comment("4", "Breakout rooms were great"),
        Comment("5", "great breakout rooms, I met new people"),
        Comment("6", "breakout rooms gave me a voice"),
    ]
    themes = group_themes(items, k=2)
    groups = {frozenset(t.keys) for t in themes}
    assert groups == {frozenset({"1", "2", "3"}), frozenset({"4", "5", "6"})}
    labels = " ".join(t.label for t in themes).lower()
    assert "audio" in labels and "breakout" in labels
    assert all(len(t.quotes) == 3 for t in themes)


def test_edge_cases() -> None:
    assert group_themes([]) == []
    only_stop_words = group_themes([Comment("1", "the"), Comment("2", "and it")])
    assert len(only_stop_words) == 1 and only_stop_words[0].label == "Other"
    same = group_themes([Comment(str(i), "Nice") for i in range(8)])
    assert len(same) == 1 and same[0].size == 8
    assert theme_count(2) == 1 and theme_count(5000) == 10
