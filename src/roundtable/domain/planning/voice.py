"""The voice budget of an agenda: who gets a real chance to speak, and for how long. No Django.

Definitions (N = expected headcount, m = a block's minutes; docs/planning.md explains them):

- A *turn* is TURN_MINUTES (2) of speaking. A room of n people talking for m minutes gives
  ``turns(n, m) = min(n, floor(m / 2))`` people a real chance to speak.
- Block voices v: presentation and panel give their speakers (1 and 3 by default) the floor:
  these *stage* speakers are the same people in every stage block. Plenary discussion and
  share-back are one room of N: ``turns(N, m)``. Q&A: one question and its answer take 3 minutes,
  so ``min(N, floor(m / 3))`` askers. Small groups of k (pairs: k = 2), with k capped at N:
  ``ceil(N / k)`` rooms of k, so ``min(N, ceil(N / k) * turns(k, m))``. Poll and reflection: 0.
- spoken_reach = 1 - (1 - S / N) * prod(1 - v_b / N) over the non-stage blocks, where S is the
  largest stage speaker count: who speaks in one block is taken as independent of the others,
  so adding any block never lowers the reach.
- speaking_minutes_per_participant = (sum of audience talk minutes) / N, where a block's audience
  talk is 0 on stage, m in plenary discussion and share-back (the floor is open), 1 minute per
  asker in Q&A, and N * m / k in small groups (each member gets m / k).
- interactive_share = minutes in modes other than presentation and panel / agenda minutes.
- tool_reach: share of participants who can voice through a live tool: 1 when the agenda has a
  Q&A (questions and upvotes) or a poll, else 0. Kept apart from spoken reach.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from roundtable.domain.planning.plan import (
    INTERACTIVE_MODES,
    STAGE_MODES,
    TOOL_MODES,
    AgendaBlock,
)

TURN_MINUTES = 2.0
QA_TURN_MINUTES = 3.0  # a question (about a minute) and its answer
QA_ASKING_MINUTES = 1.0


@dataclass(frozen=True)
class BlockVoice:
    """What one block gives: people with a real chance to speak, and audience talk minutes."""

    voices: float
    audience_talk_minutes: float
    stage: bool


@dataclass(frozen=True)
class VoiceBudget:
    spoken_reach: float
    speaking_minutes_per_participant: float
    interactive_share: float
    tool_reach: float

    def as_dict(self) -> dict[str, float]:
        """Rounded for display and JSON (3 decimals for shares, 2 for minutes)."""
        return {
            "spoken_reach": round(self.spoken_reach, 3),
            "speaking_minutes_per_participant": round(self.speaking_minutes_per_participant, 2),
            "interactive_share": round(self.interactive_share, 3),
            "tool_reach": round(self.tool_reach, 3),
        }


def turns(people: int, minutes: float) -> int:
    """How many of ``people`` in one room can take a turn of TURN_MINUTES in ``minutes``."""
    return min(people, math.floor(minutes / TURN_MINUTES))


def block_voice(block: AgendaBlock, expected: int) -> BlockVoice:
    """The voice one block gives an audience of ``expected`` (at least 1) people."""
    n, m = expected, block.minutes
    if block.mode in STAGE_MODES:
        return BlockVoice(min(n, block.effective_speakers), 0.0, stage=True)
    if block.mode in ("plenary_discussion", "share_back"):
        return BlockVoice(turns(n, m), float(m) if n else 0.0, stage=False)
    if block.mode == "qa":
        askers = min(n, math.floor(m / QA_TURN_MINUTES))
        return BlockVoice(askers, askers * QA_ASKING_MINUTES, stage=False)
    if block.mode in ("small_groups", "pairs"):
        size = min(block.effective_group_size, n)
        rooms = math.ceil(n / size)
        voices = min(n, rooms * turns(size, m))
        return BlockVoice(voices, n * m / size, stage=False)
    return BlockVoice(0, 0.0, stage=False)  # poll, reflection: nobody speaks aloud


def voice_budget(agenda: Sequence[AgendaBlock], expected: int) -> VoiceBudget:
    """The voice budget of ``agenda`` for ``expected`` participants (at least 1).

    Every value is in [0, 1] except speaking minutes, which is at least 0.
    """
    if expected < 1:
        raise ValueError("the expected headcount must be at least 1")
    stage_voices = 0.0
    silent = 1.0  # probability that a participant never gets a turn outside the stage
    talk = 0.0
    total = interactive = 0
    tool = False
    for block in agenda:
        voice = block_voice(block, expected)
        total += block.minutes
        if block.mode in INTERACTIVE_MODES:
            interactive += block.minutes
        tool = tool or block.mode in TOOL_MODES
        talk += voice.audience_talk_minutes
        if voice.stage:
            stage_voices = max(stage_voices, voice.voices)
        else:
            silent *= 1 - min(1.0, voice.voices / expected)
    reach = 1 - (1 - stage_voices / expected) * silent
    return VoiceBudget(
        spoken_reach=min(1.0, max(0.0, reach)),
        speaking_minutes_per_participant=talk / expected,
        interactive_share=interactive / total if total else 0.0,
        tool_reach=1.0 if tool else 0.0,
    )
