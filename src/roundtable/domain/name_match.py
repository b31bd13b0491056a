"""Who might this be? Names compared the way a person would read them.

An export from Zoom or Teams names people as they typed themselves ("maria garcia (she/her)",
"García, María", "M. Garcia - Lab"). These functions propose the members whose names look
alike, with a score, for a person to confirm: a proposal is never a match by itself.

No Django here: plain Python, tested alone.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

_BRACKETS = re.compile(r"[(\[{<][^)\]}>]*[)\]}>]")
_SEPARATORS = re.compile(r"[^\w]+")


def alias_key(text: str) -> str:
    """How an alias (a display name, an address) is stored and looked up: lower case, accents
    kept, one space between words."""
    return " ".join(text.casefold().split())


def name_words(name: str) -> list[str]:
    """The words of a name, without accents, case, punctuation or bracketed notes ("(she/her)",
    "[guest]"); "García, María" and "maria garcia" give the same words."""
    text = _BRACKETS.sub(" ", name)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return [word for word in _SEPARATORS.split(text) if word and not word.isdigit()]


def name_similarity(a: str, b: str) -> float:
    """From 0 to 1: how alike two names read, whatever their word order."""
    words_a, words_b = sorted(name_words(a)), sorted(name_words(b))
    if not words_a or not words_b:
        return 0.0
    if words_a == words_b:
        return 1.0
    whole = SequenceMatcher(None, " ".join(words_a), " ".join(words_b)).ratio()
    # "M Garcia" against "Maria Garcia": every word of the shorter name starts a word of the other.
    shorter, longer = sorted((words_a, words_b), key=len)
    covered = all(any(w.startswith(s) or s.startswith(w) for w in longer) for s in shorter)
    return max(whole, 0.85 if covered and len(shorter) >= 2 else 0.0)


@dataclass(frozen=True)
class Proposal:
    key: int  # the candidate's id
    name: str
    score: float


def name_proposals(
    name: str, candidates: Iterable[tuple[int, str]], *, limit: int = 3, cutoff: float = 0.8
) -> list[Proposal]:
    """The candidates (``(id, name)``) whose names look like ``name``, best first."""
    found = [
        Proposal(key, candidate, round(score, 2))
        for key, candidate in candidates
        if (score := name_similarity(name, candidate)) >= cutoff
    ]
    found.sort(key=lambda p: (-p.score, p.name, p.key))
    return found[:limit]


def _blocks(name: str) -> set[str]:
    return {word[:3] for word in name_words(name)}


class NameIndex:
    """:func:`name_proposals` against many candidates, for many names: only the candidates that
    share the start of a word (three letters) with the name are compared, so a webinar's
    thousands of people are matched against thousands of members in a moment. Two names with no
    word starting alike score under any useful cutoff anyway."""

    def __init__(self, candidates: Iterable[tuple[int, str]]) -> None:
        self._by_block: dict[str, list[tuple[int, str]]] = {}
        for candidate in candidates:
            for block in _blocks(candidate[1]):
                self._by_block.setdefault(block, []).append(candidate)

    def proposals(self, name: str, *, limit: int = 3, cutoff: float = 0.8) -> list[Proposal]:
        near = {c for block in _blocks(name) for c in self._by_block.get(block, ())}
        return name_proposals(name, near, limit=limit, cutoff=cutoff)
