"""The taxonomy of deeper purposes, read from ``purposes.yaml``. No Django.

Each purpose says what an activity needs for that purpose to happen; managers see it as
guidance and the alignment rules read its flags (``needs_voices``, ``needs_connections``).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from roundtable.domain.planning.located_yaml import NodeReader, compose

PURPOSES_FILE = Path(__file__).with_name("purposes.yaml")

PURPOSE_IDS: tuple[str, ...] = (
    "peer_support",
    "knowledge_exchange",
    "relationship_building",
    "co_creation",
    "problem_solving",
    "onboarding",
    "informing",
    "recognition",
)


@dataclass(frozen=True)
class Purpose:
    """One deeper purpose: what it means and what an activity needs for it to happen."""

    id: str
    name: str
    definition: str
    requires: tuple[str, ...]
    needs_voices: bool
    needs_connections: bool
    suggested_modes: tuple[str, ...]
    suggested_indicators: tuple[str, ...]


@cache
def purposes() -> dict[str, Purpose]:
    """Every purpose by id, in the taxonomy's order; raises LocatedError if the file is wrong."""
    from roundtable.domain.planning.indicators import INDICATORS
    from roundtable.domain.planning.plan import MODES

    reader = NodeReader()
    root = compose(PURPOSES_FILE.read_text(encoding="utf-8"))
    result: dict[str, Purpose] = {}
    top = reader.mapping(root, "the taxonomy", required=PURPOSE_IDS) if root else None
    for purpose_id, node in (top or {}).items():
        keys = reader.mapping(
            node,
            purpose_id,
            required=(
                "name",
                "definition",
                "requires",
                "needs_voices",
                "needs_connections",
                "suggested_modes",
                "suggested_indicators",
            ),
        )
        if keys is None or len(keys) < 7:
            continue
        result[purpose_id] = Purpose(
            id=purpose_id,
            name=reader.text(keys["name"], f"{purpose_id}.name") or purpose_id,
            definition=reader.text(keys["definition"], f"{purpose_id}.definition") or "",
            requires=tuple(
                reader.text(item, f"{purpose_id}.requires") or ""
                for item in reader.sequence(keys["requires"], f"{purpose_id}.requires") or []
            ),
            needs_voices=bool(reader.boolean(keys["needs_voices"], "needs_voices")),
            needs_connections=bool(reader.boolean(keys["needs_connections"], "needs_connections")),
            suggested_modes=tuple(
                reader.choice(item, "suggested mode", MODES) or ""
                for item in reader.sequence(keys["suggested_modes"], "suggested_modes") or []
            ),
            suggested_indicators=tuple(
                reader.choice(item, "suggested indicator", INDICATORS) or ""
                for item in reader.sequence(keys["suggested_indicators"], "indicators") or []
            ),
        )
    reader.raise_if_problems()
    return result
