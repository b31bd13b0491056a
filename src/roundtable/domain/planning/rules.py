"""Alignment rules: where a plan's design betrays its purpose, and how to fix it. No Django.

A rule is one function registered with :func:`rule`: it receives a :class:`Situation` (the
plan, its voice budget, the purpose from the taxonomy, and optional context such as the target
segment's needs) and yields :class:`Hit` objects. :func:`plan_check` runs every registered rule
and returns the voice budget and the findings. A hit may carry a *fix*: a function that returns
the changed plan, so that the manager can apply the suggestion in one click
(:func:`finding_apply`). docs/planning.md lists every rule; CONTRIBUTING.md says how to add one.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from roundtable.domain.needs_match import MATCH_THRESHOLD, activity_text, best_similarity
from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.planning.plan import (
    GROUP_MODES,
    STAGE_MODES,
    TOOL_MODES,
    AgendaBlock,
    Plan,
    SuccessIndicator,
)
from roundtable.domain.planning.taxonomy import Purpose, purposes
from roundtable.domain.planning.timezones import best_start_times, start_fairness
from roundtable.domain.planning.voice import TURN_MINUTES, VoiceBudget, voice_budget

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Fix = Callable[[Plan], Plan]

LARGE_AUDIENCE = 50  # from here on, most people cannot speak aloud: voice tools are needed
STAGE_SHARE_LIMIT = 0.5  # at most this share of the time on stage when voices matter
STAGE_SHARE_TARGET = 0.3  # what the rebalancing fix aims for
LOW_REACH = 0.5
MAX_GROUP_SIZE = 8
LONG_STAGE_BLOCK = 20  # minutes of listening before attention drops
MAX_PANEL = 5
WORKING_HOURS_SHARE = 0.5


@dataclass(frozen=True)
class PlanContext:
    """What the planner knows beyond the plan file.

    ``segment_needs``: the open needs of the target audience, in members' words; None when
    unknown (the plan file alone, without the database).
    """

    segment_needs: Sequence[str] | None = None


@dataclass(frozen=True)
class Situation:
    plan: Plan
    voice: VoiceBudget
    purpose: Purpose
    context: PlanContext


@dataclass(frozen=True)
class Hit:
    """What a rule found: the problem, the suggestion, and optionally a one-click fix."""

    message: str
    suggestion: str
    fix: Fix | None = None
    severity: Severity | None = None  # overrides the rule's severity for this hit


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    why: str
    check: Callable[[Situation], Iterator[Hit]]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    suggestion: str
    why: str
    fix: Fix | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class PlanReport:
    voice: VoiceBudget
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == "error" for finding in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "voice": self.voice.as_dict(),
            "findings": [finding.as_dict() for finding in self.findings],
        }


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, title: str, why: str
) -> Callable[[Callable[[Situation], Iterator[Hit]]], Callable[[Situation], Iterator[Hit]]]:
    """Register the decorated check function as the rule ``rule_id``."""

    def register(
        check: Callable[[Situation], Iterator[Hit]],
    ) -> Callable[[Situation], Iterator[Hit]]:
        if rule_id in RULES:
            raise ValueError(f"the rule {rule_id} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, why, check)
        return check

    return register


def plan_check(plan: Plan, context: PlanContext | None = None) -> PlanReport:
    """The voice budget of ``plan`` and every rule's findings: errors first, then warnings."""
    situation = Situation(
        plan=plan,
        voice=voice_budget(plan.agenda, plan.audience.expected),
        purpose=purposes()[plan.purpose.deeper],
        context=context or PlanContext(),
    )
    findings = [
        Finding(
            rule=registered.id,
            severity=hit.severity or registered.severity,
            message=hit.message,
            suggestion=hit.suggestion,
            why=registered.why,
            fix=hit.fix,
        )
        for registered in RULES.values()
        for hit in registered.check(situation)
    ]
    findings.sort(key=lambda finding: SEVERITIES.index(finding.severity))
    return PlanReport(voice=situation.voice, findings=tuple(findings))


def finding_apply(plan: Plan, finding: Finding) -> Plan:
    """The plan with the finding's fix applied; raises ValueError when it has none."""
    if finding.fix is None:
        raise ValueError(f"the finding of {finding.rule} has no automatic fix")
    return finding.fix(plan)


# ---------------------------------------------------------------------------------------------
# Agenda edits used by the fixes: each returns a new agenda with the same total minutes.


def _take_minutes(
    agenda: Sequence[AgendaBlock], minutes: int, modes: frozenset[str]
) -> tuple[list[AgendaBlock], int, int]:
    """Take up to ``minutes`` from the longest blocks in ``modes``, keeping each at 5 minutes
    or more. Returns the new agenda, the minutes taken, and the index after which to insert."""
    blocks = list(agenda)
    taken = 0
    anchor = len(blocks) - 1
    order = sorted(
        (i for i, b in enumerate(blocks) if b.mode in modes), key=lambda i: -blocks[i].minutes
    )
    for index in order:
        if taken >= minutes:
            break
        available = blocks[index].minutes - 5
        if available <= 0:
            continue
        cut = min(available, minutes - taken)
        blocks[index] = replace(blocks[index], minutes=blocks[index].minutes - cut)
        taken += cut
        anchor = index if taken == cut else anchor
    return blocks, taken, anchor


def _with_groups(plan: Plan, minutes: int, from_modes: frozenset[str], title: str) -> Plan:
    """Move ``minutes`` from blocks in ``from_modes`` to small groups of 4 and a share-back."""
    blocks, taken, anchor = _take_minutes(plan.agenda, minutes, from_modes)
    if taken < 8:
        return plan
    share_back = max(4, min(10, taken // 4))
    new = [
        AgendaBlock(title, taken - share_back, "small_groups", group_size=4),
        AgendaBlock("Share-back: one insight per group", share_back, "share_back"),
    ]
    return replace(plan, agenda=(*blocks[: anchor + 1], *new, *blocks[anchor + 1 :]))


def _stage_minutes(plan: Plan) -> int:
    return sum(block.minutes for block in plan.agenda if block.mode in STAGE_MODES)


def _has_mode(plan: Plan, modes: frozenset[str]) -> bool:
    return any(block.mode in modes for block in plan.agenda)


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


# ---------------------------------------------------------------------------------------------
# The rules, in the order docs/planning.md lists them.


@rule(
    "agenda-empty",
    "error",
    "The agenda has no blocks",
    "Without an agenda nothing says how the time is used, so neither voice nor purpose can be "
    "checked.",
)
def _agenda_empty(s: Situation) -> Iterator[Hit]:
    if not s.plan.agenda:
        yield Hit(
            "The agenda is empty.",
            "Start from a format in the library, or add blocks with minutes and a mode.",
        )


@rule(
    "agenda-minutes-mismatch",
    "error",
    "Agenda minutes do not add up to the duration",
    "An agenda longer than the slot runs over and the last block, often the participants' part, "
    "is cut; a shorter one leaves time nobody planned.",
)
def _minutes_mismatch(s: Situation) -> Iterator[Hit]:
    total, duration = s.plan.agenda_minutes, s.plan.duration_minutes
    if s.plan.agenda and total != duration:
        yield Hit(
            f"The agenda blocks add up to {total} minutes but the activity lasts {duration}.",
            f"Set the duration to {total} minutes, or change the blocks to add up to {duration}.",
            fix=lambda plan: replace(plan, duration_minutes=plan.agenda_minutes),
        )


@rule(
    "stage-heavy-agenda",
    "warning",
    "Presentation- or panel-heavy agenda for a purpose that needs participants' voices",
    "When a few people talk and the audience listens, the purpose of bringing people to talk "
    "cannot happen: a panel for peer support is the classic case.",
)
def _stage_heavy(s: Situation) -> Iterator[Hit]:
    total = s.plan.agenda_minutes
    stage = _stage_minutes(s.plan)
    if not s.purpose.needs_voices or not total or stage / total < STAGE_SHARE_LIMIT:
        return
    move = stage - int(total * STAGE_SHARE_TARGET)
    yield Hit(
        f"{_percent(stage / total)} of the time is presentation or panel, but "
        f"{s.purpose.name.lower()} needs participants' voices.",
        f"Shorten the stage to about {int(total * STAGE_SHARE_TARGET)} minutes and give "
        f"{move} minutes to small groups of 4 followed by a share-back.",
        fix=lambda plan: _with_groups(
            plan,
            _stage_minutes(plan) - int(plan.agenda_minutes * STAGE_SHARE_TARGET),
            STAGE_MODES,
            "Small groups: each member brings their experience",
        ),
    )


@rule(
    "low-spoken-reach",
    "warning",
    "Few participants get a real chance to speak",
    "A purpose that needs voices is met only when most participants can speak, not a few.",
)
def _low_reach(s: Situation) -> Iterator[Hit]:
    if not s.purpose.needs_voices or not s.plan.agenda or s.voice.spoken_reach >= LOW_REACH:
        return
    yield Hit(
        f"Only {_percent(s.voice.spoken_reach)} of the {s.plan.audience.expected} participants "
        "get a real chance to speak.",
        "Turn part of the plenary or stage time into small groups of 4 (about 2 minutes per "
        "person per turn) with a short share-back.",
        fix=lambda plan: _with_groups(
            plan,
            max(15, plan.agenda_minutes // 3),
            frozenset({"presentation", "panel", "plenary_discussion"}),
            "Small groups of 4",
        ),
    )


@rule(
    "large-audience-no-voice-tool",
    "warning",
    "Large audience with no voice tool",
    f"From about {LARGE_AUDIENCE} people on, few can speak aloud; live Q&A with upvotes or a "
    "poll lets everyone be heard.",
)
def _no_voice_tool(s: Situation) -> Iterator[Hit]:
    if s.plan.audience.expected < LARGE_AUDIENCE or _has_mode(s.plan, TOOL_MODES):
        return
    if not s.plan.agenda:
        return
    yield Hit(
        f"{s.plan.audience.expected} participants are expected and the agenda has no Q&A or poll.",
        "Add a 10-minute live Q&A where everyone can post and upvote questions.",
        fix=_add_qa,
    )


def _add_qa(plan: Plan) -> Plan:
    """Ten minutes of live Q&A, taken from the stage if it can spare them, else from any block."""
    blocks, taken, anchor = _take_minutes(plan.agenda, 10, STAGE_MODES)
    if taken < 5:
        blocks, taken, anchor = _take_minutes(
            plan.agenda, 10, frozenset(b.mode for b in plan.agenda)
        )
    if taken < 3:
        return plan
    qa = AgendaBlock("Live Q&A with upvotes", taken, "qa")
    return replace(plan, agenda=(*blocks[: anchor + 1], qa, *blocks[anchor + 1 :]))


@rule(
    "peer-support-no-voicing",
    "warning",
    "Peer support without a way for members to voice their challenge",
    "Peer support happens when members can state their own challenge and hear peers respond; "
    "that needs small groups or pairs, or a room small enough for everyone.",
)
def _peer_voicing(s: Situation) -> Iterator[Hit]:
    if s.plan.purpose.deeper != "peer_support" or not s.plan.agenda:
        return
    small_room = s.plan.audience.expected <= 12 and _has_mode(
        s.plan, frozenset({"plenary_discussion"})
    )
    if _has_mode(s.plan, GROUP_MODES) or small_room:
        return
    yield Hit(
        "Members have no block where they can voice their own challenge.",
        "Add a peer-assist round in small groups of 4: each member states a challenge and "
        "peers respond.",
        fix=lambda plan: _with_groups(
            plan,
            max(20, plan.agenda_minutes // 2),
            frozenset(b.mode for b in plan.agenda),
            "Peer assist: each member brings a challenge",
        ),
    )


FOLLOW_UP_TEXT = (
    "Within a week, each member who brought a challenge gets a message from a peer of their "
    "group; the facilitator checks in after a month."
)


@rule(
    "peer-support-no-follow-up",
    "warning",
    "Peer support without a follow-up",
    "Support given in one session fades; a follow-up lets peers help later, when the member "
    "tries what was suggested.",
)
def _peer_follow_up(s: Situation) -> Iterator[Hit]:
    if s.plan.purpose.deeper == "peer_support" and not (s.plan.follow_up or "").strip():
        yield Hit(
            "There is no follow-up after the session.",
            f"Plan one, for example: “{FOLLOW_UP_TEXT}”",
            fix=lambda plan: replace(plan, follow_up=FOLLOW_UP_TEXT),
        )


@rule(
    "no-success-indicator",
    "warning",
    "No success indicator",
    "Without a target set up front nobody can say afterwards whether the activity worked, and "
    "the next edition cannot learn from this one.",
)
def _no_indicator(s: Situation) -> Iterator[Hit]:
    if s.plan.success_indicators:
        return
    metrics = s.purpose.suggested_indicators
    names = " and ".join(
        f"{INDICATORS[m].name.lower()} ({INDICATORS[m].default_target})" for m in metrics
    )
    yield Hit(
        "The plan has no success indicator.",
        f"For {s.purpose.name.lower()}, measure {names}.",
        fix=lambda plan: replace(
            plan,
            success_indicators=tuple(
                SuccessIndicator(m, INDICATORS[m].default_target)
                for m in purposes()[plan.purpose.deeper].suggested_indicators
            ),
        ),
    )


@rule(
    "no-feedback-step",
    "warning",
    "No feedback step",
    "Plus/delta feedback is how the community learns what to keep and what to change next time.",
)
def _no_feedback(s: Situation) -> Iterator[Hit]:
    if not s.plan.feedback:
        yield Hit(
            "Participants are not asked for feedback.",
            "Collect plus/delta feedback at the end (what went well, what could be even better).",
            fix=lambda plan: replace(plan, feedback=True),
        )


@rule(
    "small-groups-too-large",
    "warning",
    "Small groups too large for everyone to speak",
    f"A group needs about {TURN_MINUTES:g} minutes per member for each to speak, and beyond "
    f"{MAX_GROUP_SIZE} people a group behaves like a plenary.",
)
def _groups_too_large(s: Situation) -> Iterator[Hit]:
    for number, block in enumerate(s.plan.agenda, start=1):
        if block.mode != "small_groups":
            continue
        size = min(block.effective_group_size, s.plan.audience.expected)
        fitting = max(2, min(MAX_GROUP_SIZE, int(block.minutes // TURN_MINUTES)))
        if size <= fitting:
            continue
        yield Hit(
            f"Block {number} “{block.title}”: groups of {size} in {block.minutes} minutes leave "
            f"some members without a turn.",
            f"Use groups of {fitting}, or give the block {size * int(TURN_MINUTES)} minutes.",
            fix=_group_size_fix(number - 1, fitting),
        )


def _group_size_fix(index: int, size: int) -> Fix:
    def fix(plan: Plan) -> Plan:
        agenda = list(plan.agenda)
        agenda[index] = replace(agenda[index], group_size=size)
        return replace(plan, agenda=tuple(agenda))

    return fix


@rule(
    "segment-needs-untouched",
    "warning",
    "The purpose does not touch the target segment's needs",
    "An activity that answers none of its audience's open needs is one they have little reason "
    "to attend.",
)
def _segment_needs(s: Situation) -> Iterator[Hit]:
    segment = s.plan.audience.segment
    if not segment:
        return
    needs = s.context.segment_needs
    if needs is None:
        where = s.plan.locations.get("audience.segment")
        at = f" ({where})" if where else ""
        yield Hit(
            f"The segment “{segment}”{at} is checked in the web UI.",
            "Open the plan in Roundtable to see the segment's open needs and how well the "
            "purpose matches them.",
            severity="info",
        )
        return
    text = activity_text(s.plan.title, s.plan.purpose.expressed, s.plan.description)
    similarity = best_similarity(list(needs), [text])
    if similarity and max(similarity) < MATCH_THRESHOLD:
        yield Hit(
            f"None of the {len(needs)} open needs of “{segment}” is close to the title, "
            f"purpose or description (best similarity {max(similarity):.2f}; a need counts "
            f"as touched from {MATCH_THRESHOLD:.2f}).",
            "Reword the expressed purpose around the segment's needs, or choose the segment "
            "whose needs this activity serves.",
        )


@rule(
    "start-outside-working-hours",
    "warning",
    "Start time outside working hours for most of the audience",
    "People who would have to join at night or on their weekend mostly do not, and a community "
    "that always meets at one region's daytime becomes that region's community.",
)
def _working_hours(s: Situation) -> Iterator[Hit]:
    zones = dict(s.plan.audience.timezones)
    if not zones:
        return
    fairness = start_fairness(s.plan.start, zones, s.plan.duration_minutes)
    if fairness.share >= WORKING_HOURS_SHARE:
        return
    best = best_start_times(zones, s.plan.start.astimezone(UTC).date(), s.plan.duration_minutes)
    options = ", ".join(
        f"{option.start:%H:%M} UTC ({option.inside} of {option.total})" for option in best
    )
    yield Hit(
        f"The start is inside working hours (08:00–18:00, Monday to Friday) for only "
        f"{fairness.inside} of {fairness.total} members in the audience's time zones.",
        f"Start at one of: {options}.",
        fix=_move_start(best[0].start) if best and best[0].inside > fairness.inside else None,
    )


def _move_start(start: datetime) -> Fix:
    def fix(plan: Plan) -> Plan:
        return replace(plan, start=start.astimezone(plan.start.tzinfo))

    return fix


@rule(
    "long-stage-block",
    "info",
    "A long stretch of listening",
    f"Attention drops after about {LONG_STAGE_BLOCK} minutes of listening; a short exchange "
    "between neighbours brings people back and surfaces questions.",
)
def _long_stage(s: Situation) -> Iterator[Hit]:
    for number, block in enumerate(s.plan.agenda, start=1):
        if block.mode in STAGE_MODES and block.minutes > LONG_STAGE_BLOCK:
            yield Hit(
                f"Block {number} “{block.title}” is {block.minutes} minutes of {block.mode}.",
                "Split it with 4 minutes in pairs: “turn to your neighbour: what struck you?”",
                fix=_split_fix(number - 1),
            )


def _split_fix(index: int) -> Fix:
    def fix(plan: Plan) -> Plan:
        block = plan.agenda[index]
        first = (block.minutes - 4) // 2
        parts = (
            replace(block, minutes=first),
            AgendaBlock("Turn to your neighbour", 4, "pairs"),
            replace(block, title=f"{block.title} (continued)", minutes=block.minutes - 4 - first),
        )
        return replace(plan, agenda=(*plan.agenda[:index], *parts, *plan.agenda[index + 1 :]))

    return fix


@rule(
    "groups-without-share-back",
    "info",
    "Small-group work is not harvested",
    "When what groups said never reaches the room, co-created or exchanged knowledge stays in "
    "the groups and is lost.",
)
def _no_harvest(s: Situation) -> Iterator[Hit]:
    if s.plan.purpose.deeper not in ("co_creation", "problem_solving", "knowledge_exchange"):
        return
    agenda = s.plan.agenda
    for index, block in enumerate(agenda):
        if block.mode != "small_groups":
            continue
        later = {b.mode for b in agenda[index + 1 :]}
        if not later & {"share_back", "plenary_discussion"}:
            yield Hit(
                f"Block {index + 1} “{block.title}” is not followed by a share-back.",
                "End with a 10-minute share-back: one insight per group.",
                fix=_harvest_fix(index),
            )
            return


def _harvest_fix(index: int) -> Fix:
    def fix(plan: Plan) -> Plan:
        block = plan.agenda[index]
        minutes = min(10, block.minutes // 3)
        parts = (
            replace(block, minutes=block.minutes - minutes),
            AgendaBlock("Share-back: one insight per group", minutes, "share_back"),
        )
        return replace(plan, agenda=(*plan.agenda[:index], *parts, *plan.agenda[index + 1 :]))

    return fix


@rule(
    "no-new-connections",
    "warning",
    "No chance to meet other members",
    "Relationships and onboarding happen when members talk one to one or in small groups; "
    "sitting in the same audience does not connect people.",
)
def _no_connections(s: Situation) -> Iterator[Hit]:
    if not s.purpose.needs_connections or not s.plan.agenda or _has_mode(s.plan, GROUP_MODES):
        return
    if s.plan.purpose.deeper == "peer_support":
        return  # peer-support-no-voicing says it, with a fix that adds groups
    yield Hit(
        "The agenda has no pairs or small groups, so members do not meet one another.",
        "Add a round of pairs (a coffee-chat round) where people who have not met talk.",
        fix=lambda plan: _with_groups(
            plan,
            15,
            frozenset(b.mode for b in plan.agenda),
            "Coffee-chat round in small groups",
        ),
    )


@rule(
    "panel-size",
    "info",
    "A panel too large or too small",
    f"With more than {MAX_PANEL} panellists each gets a few minutes and no exchange happens; "
    "with one it is a presentation.",
)
def _panel_size(s: Situation) -> Iterator[Hit]:
    for number, block in enumerate(s.plan.agenda, start=1):
        if block.mode != "panel":
            continue
        speakers = block.effective_speakers
        if speakers > MAX_PANEL:
            yield Hit(
                f"Block {number} “{block.title}” has {speakers} panellists: about "
                f"{block.minutes / speakers:.0f} minutes each.",
                f"Keep {MAX_PANEL} panellists or fewer, or split the panel in two.",
                fix=_speakers_fix(number - 1, MAX_PANEL),
            )
        elif speakers == 1:
            yield Hit(
                f"Block {number} “{block.title}” is a panel of one.",
                "Call it a presentation, or invite a second voice.",
            )


def _speakers_fix(index: int, speakers: int) -> Fix:
    def fix(plan: Plan) -> Plan:
        agenda = list(plan.agenda)
        agenda[index] = replace(agenda[index], speakers=speakers)
        return replace(plan, agenda=tuple(agenda))

    return fix


@rule(
    "no-interaction",
    "warning",
    "Participants only listen",
    "Even an informing session serves its audience better when they can ask about what they heard.",
)
def _no_interaction(s: Situation) -> Iterator[Hit]:
    if not s.plan.agenda or s.voice.interactive_share > 0:
        return
    if s.plan.audience.expected >= LARGE_AUDIENCE:
        return  # large-audience-no-voice-tool says it, with the same fix
    yield Hit(
        "Every block is a presentation or a panel.",
        "Add 10 minutes of Q&A at the end.",
        fix=_add_qa,
        severity="info" if not s.purpose.needs_voices else None,
    )


@rule(
    "voice-reach-target-unreachable",
    "warning",
    "The voice-reach target is above what the agenda allows",
    "A target the design cannot reach will be missed whatever happens on the day; either the "
    "target or the agenda is wrong.",
)
def _reach_target(s: Situation) -> Iterator[Hit]:
    for indicator in s.plan.success_indicators:
        target = indicator.target
        if indicator.metric != "voice_reach" or isinstance(target, str):
            continue
        if target > s.voice.spoken_reach + s.voice.tool_reach * (1 - s.voice.spoken_reach):
            yield Hit(
                f"The target voice reach is {_percent(target)} but the agenda gives at most "
                f"{_percent(s.voice.spoken_reach)} a spoken turn"
                + (" (plus the live tools)." if s.voice.tool_reach else "."),
                "Add small groups or pairs, or lower the target.",
            )
