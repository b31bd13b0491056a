"""Finding and replacing a deleted person's name and e-mail inside stored text and JSON.

Used by the apps that keep copies of a person's words in free-form places (an import job's
report, the reasons two people were paired) when that person's data is deleted.
"""

import re
from collections.abc import Iterable
from typing import Any


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    wanted = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)


def mentions(value: Any, words: Iterable[str]) -> bool:
    """Whether any string inside ``value`` (a str, or JSON-like lists and dicts) holds one of
    ``words``, compared without regard to case."""
    pattern = _pattern(words)
    return pattern is not None and _mentions(value, pattern)


def _mentions(value: Any, pattern: re.Pattern[str]) -> bool:
    if isinstance(value, str):
        return pattern.search(value) is not None
    if isinstance(value, dict):
        return any(_mentions(k, pattern) or _mentions(v, pattern) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions(item, pattern) for item in value)
    return False


def scrub(value: Any, words: Iterable[str], replacement: str) -> Any:
    """``value`` with every occurrence of ``words`` (any case) in its strings replaced.

    Walks lists and dicts (keys too), so a JSON column can be cleaned in one call; numbers,
    booleans and None come back unchanged. Longer words are replaced first, so a full name goes
    before the first name it contains.
    """
    pattern = _pattern(words)
    if pattern is None:
        return value
    return _scrub(value, pattern, replacement)


def _scrub(value: Any, pattern: re.Pattern[str], replacement: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, dict):
        return {
            _scrub(k, pattern, replacement): _scrub(v, pattern, replacement)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, pattern, replacement) for item in value]
    return value
