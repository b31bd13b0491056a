"""Name proposals: alike names are proposed with a score, unlike ones never."""

from roundtable.domain.name_match import (
    NameIndex,
    alias_key,
    name_proposals,
    name_similarity,
    name_words,
)


def test_words_ignore_case_accents_punctuation_and_notes():
    assert name_words("García, María (she/her)") == ["garcia", "maria"]
    assert name_words("  JOSÉ   [guest] Núñez ") == ["jose", "nunez"]
    assert name_words("iPhone 12") == ["iphone"]


def test_word_order_and_initials_do_not_hide_a_person():
    assert name_similarity("Maria Garcia", "García, María") == 1.0
    assert name_similarity("M Garcia", "Maria Garcia") >= 0.85
    assert name_similarity("Maria Garcia", "Mario Garcia") > 0.8
    assert name_similarity("Maria Garcia", "Kwame Mensah") < 0.5
    assert name_similarity("", "Maria Garcia") == 0.0


def test_proposals_are_the_alike_names_best_first():
    members = [(1, "Maria Garcia"), (2, "Mario Garcia"), (3, "Kwame Mensah"), (4, "Ana Lima")]
    proposals = name_proposals("maria garcia (she/her)", members)
    assert [p.key for p in proposals] == [1, 2]
    assert proposals[0].score == 1.0
    assert name_proposals("Call-in user 3", members) == []


def test_alias_keys_compare_without_case_or_spacing():
    assert alias_key("  Maria  GARCIA ") == alias_key("maria garcia") == "maria garcia"


def test_the_index_proposes_what_comparing_every_candidate_would():
    members = [(1, "Maria Garcia"), (2, "Mario Garcia"), (3, "Kwame Mensah"), (4, "M. Garcia")]
    members += [(10 + n, f"Person {n}") for n in range(200)]
    index = NameIndex(members)
    for name in ("García, María", "maria garcia (she/her)", "Kwame Mensa", "Someone Else"):
        assert index.proposals(name) == name_proposals(name, members)
