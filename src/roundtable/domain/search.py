"""The members directory's search: one lowercased document per member, matched word by word.

The document holds what a community manager searches by: name, e-mail, organisation, role, tags
and the words of the member's needs. Keeping it in one column lets a search scan one column of
the members table, not four columns and three joins, which is what makes 100,000 members fast.
"""

from collections.abc import Iterable

MAX_TERMS = 8


def search_document(*, fields: Iterable[str], tags: Iterable[str], needs: Iterable[str]) -> str:
    """Everything searchable about one member, lowercased, one part per line."""
    parts = [*fields, " ".join(sorted(set(tags))), *needs]
    return "\n".join(part.strip().lower() for part in parts if part and part.strip())


def search_terms(query: str) -> list[str]:
    """The words of a query, lowercased; every one must appear. At most MAX_TERMS are used."""
    return [word.lower() for word in query.split()][:MAX_TERMS]
