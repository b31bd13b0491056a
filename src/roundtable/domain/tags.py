"""Tags as people write them.

"Leak detection; GIS , pricing" -> ["leak detection", "gis", "pricing"].
"""

import re

MAX_TAG_LENGTH = 64
_SEPARATORS = re.compile(r"[,;|\n]+")
_SPACES = re.compile(r"\s+")


def normalise_tag(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lstrip("#")).lower()


def tag_names(text: str) -> list[str]:
    """Split a cell or a form field into distinct, normalised tag names, in their first order.

    Raises ValueError naming the tag when one is longer than MAX_TAG_LENGTH characters.
    """
    names: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        name = normalise_tag(part)
        if not name or name in names:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValueError(f"the tag “{name[:30]}…” is longer than {MAX_TAG_LENGTH} characters")
        names.append(name)
    return names
