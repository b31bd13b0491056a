"""Every alignment rule: a plan that triggers it, one that does not, and its fix when it has one."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from roundtable.domain.planning.plan import AgendaBlock, Audience, PurposeChoice, SuccessIndicator
from roundtable.domain.planning.rules import (
    RULES,
    PlanContext,
    finding_apply,
    plan_check,
    rule,
)

from .conftest import good_plan

PANEL = (AgendaBlock("Welcome", 5, "presentation"), AgendaBlock("Panel", 55, "panel", speakers=3))


def _panel_plan(**changes):
    base = {
        "agenda": PANEL,
        "duration_minutes": 60,
        "audience": Audience(80),
        "follow_up": None,
        "success_indicators": (),
        "feedback": False,
    }
    return good_plan(**{**base, **changes})


# rule id -> (plan that triggers it, plan that does not, context)
CASES = {
    "agenda-empty": (good_plan(agenda=()), good_plan()),
    "agenda-minutes-mismatch": (good_plan(duration_minutes=60), good_plan()),
    "stage-heavy-agenda": (
        _panel_plan(),
        _panel_plan(purpose=PurposeChoice("News from the regulator", "informing")),
    ),
    "low-spoken-reach": (
        good_plan(
            audience=Audience(200),
            agenda=(AgendaBlock("Open floor", 90, "plenary_discussion"),),
            purpose=PurposeChoice("Solve it together", "problem_solving"),
        ),
        good_plan(),
    ),
    "large-audience-no-voice-tool": (
        good_plan(audience=Audience(120)),
        good_plan(
            audience=Audience(120),
            agenda=(*good_plan().agenda[:-1], AgendaBlock("Questions", 10, "qa")),
        ),
    ),
    "peer-support-no-voicing": (
        good_plan(agenda=(AgendaBlock("Talk", 90, "presentation"),)),
        good_plan(
            audience=Audience(10),
            agenda=(AgendaBlock("Round of challenges", 90, "plenary_discussion"),),
        ),
    ),
    "peer-support-no-follow-up": (good_plan(follow_up=None), good_plan()),
    "no-success-indicator": (good_plan(success_indicators=()), good_plan()),
    "no-feedback-step": (good_plan(feedback=False), good_plan()),
    "small-groups-too-large": (
        good_plan(
            agenda=(
                AgendaBlock("Groups", 80, "small_groups", group_size=12),
                AgendaBlock("Share", 10, "share_back"),
            )
        ),
        good_plan(),
    ),
    "start-outside-working-hours": (
        good_plan(start=datetime(2026, 4, 14, 22, 0, tzinfo=UTC)),
        good_plan(),
    ),
    "long-stage-block": (
        good_plan(
            agenda=(AgendaBlock("Keynote", 30, "presentation"), *good_plan().agenda[1:]),
            duration_minutes=115,
        ),
        good_plan(),
    ),
    "groups-without-share-back": (
        good_plan(
            purpose=PurposeChoice("Draft the guide", "co_creation"),
            agenda=(
                AgendaBlock("Intro", 10, "presentation"),
                AgendaBlock("Draft", 80, "small_groups"),
            ),
        ),
        good_plan(purpose=PurposeChoice("Draft the guide", "co_creation")),
    ),
    "no-new-connections": (
        good_plan(
            purpose=PurposeChoice("Welcome newcomers", "onboarding"),
            agenda=(AgendaBlock("How we work", 60, "presentation"), AgendaBlock("Q", 30, "qa")),
        ),
        good_plan(purpose=PurposeChoice("Welcome newcomers", "onboarding")),
    ),
    "panel-size": (
        _panel_plan(agenda=(AgendaBlock("Panel", 60, "panel", speakers=8),)),
        _panel_plan(),
    ),
    "no-interaction": (
        good_plan(
            audience=Audience(20),
            purpose=PurposeChoice("News", "informing"),
            agenda=(AgendaBlock("Talk", 90, "presentation"),),
        ),
        good_plan(purpose=PurposeChoice("News", "informing")),
    ),
    "voice-reach-target-unreachable": (
        _panel_plan(success_indicators=(SuccessIndicator("voice_reach", 0.8),)),
        good_plan(success_indicators=(SuccessIndicator("voice_reach", 0.8),)),
    ),
}


def _rules_found(plan, context=None):
    return {finding.rule for finding in plan_check(plan, context).findings}


def test_at_least_twelve_rules_and_every_rule_has_a_case():
    assert len(RULES) >= 12
    assert set(RULES) - {"segment-needs-untouched"} == set(CASES)


def test_the_good_plan_has_no_findings():
    assert plan_check(good_plan()).findings == ()


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers_and_does_not(rule_id):
    triggering, clean = CASES[rule_id]
    assert rule_id in _rules_found(triggering)
    assert rule_id not in _rules_found(clean)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_fix_removes_its_own_finding(rule_id):
    triggering, _ = CASES[rule_id]
    finding = next(f for f in plan_check(triggering).findings if f.rule == rule_id)
    assert finding.message and finding.suggestion and finding.why
    if finding.fix is None:
        with pytest.raises(ValueError, match="has no automatic fix"):
            finding_apply(triggering, finding)
        return
    fixed = finding_apply(triggering, finding)
    assert rule_id not in _rules_found(fixed)
    if rule_id != "agenda-minutes-mismatch":
        # Fixes that edit the agenda keep its total, so they never create a minutes mismatch.
        assert fixed.agenda_minutes == triggering.agenda_minutes


def test_segment_without_needs_is_info_and_with_untouched_needs_a_warning():
    plan = good_plan(audience=Audience(24, segment="Field engineers"))
    info = [f for f in plan_check(plan).findings if f.rule == "segment-needs-untouched"]
    assert [f.severity for f in info] == ["info"]
    assert "“Field engineers” is checked in the web UI" in info[0].message
    unrelated = PlanContext(segment_needs=["Financing for solar pumps", "Hiring welders"])
    warned = [
        f for f in plan_check(plan, unrelated).findings if f.rule == "segment-needs-untouched"
    ]
    assert warned[0].severity == "warning" and "None of the 2 open needs" in warned[0].message
    assert "a need counts as touched from 0.08" in warned[0].message
    related = PlanContext(segment_needs=["Our metering data is unreliable", "Hiring welders"])
    assert "segment-needs-untouched" not in _rules_found(plan, related)
    assert "segment-needs-untouched" not in _rules_found(good_plan())


def test_segment_needs_match_by_similarity_not_bare_words():
    plan = good_plan(audience=Audience(24, segment="Field engineers"))
    # A typo and another form of the word still touch the purpose (character n-grams) ...
    typo = PlanContext(segment_needs=["Meterring for small towns", "Hiring welders"])
    assert "segment-needs-untouched" not in _rules_found(plan, typo)
    # ... while sharing only a request word ("help") or a stop word does not.
    generic = PlanContext(segment_needs=["We need help with hiring welders", "Help with payroll"])
    assert "segment-needs-untouched" in _rules_found(plan, generic)
    # An empty list of needs has nothing to miss.
    assert "segment-needs-untouched" not in _rules_found(plan, PlanContext(segment_needs=[]))


def test_the_classic_panel_for_peer_support_and_its_suggestion():
    plan = _panel_plan()
    report = plan_check(plan)
    assert {"stage-heavy-agenda", "peer-support-no-voicing", "large-audience-no-voice-tool"} <= {
        f.rule for f in report.findings
    }
    stage = next(f for f in report.findings if f.rule == "stage-heavy-agenda")
    fixed = finding_apply(plan, stage)
    after = plan_check(fixed)
    assert "stage-heavy-agenda" not in {f.rule for f in after.findings}
    assert after.voice.spoken_reach > report.voice.spoken_reach
    assert after.voice.interactive_share > report.voice.interactive_share


def test_working_hours_suggestion_names_three_start_times():
    plan = CASES["start-outside-working-hours"][0]
    finding = next(f for f in plan_check(plan).findings if f.rule == "start-outside-working-hours")
    assert finding.suggestion.count("UTC") == 3
    assert "for only 0 of 16 members" in finding.message


def test_findings_are_sorted_errors_first_and_errors_set_the_flag():
    report = plan_check(good_plan(duration_minutes=60, feedback=False))
    assert [f.severity for f in report.findings] == ["error", "warning"]
    assert report.has_errors
    assert not plan_check(good_plan(feedback=False)).has_errors


def test_json_shape():
    data = plan_check(_panel_plan()).as_dict()
    assert set(data) == {"voice", "findings"}
    assert set(data["voice"]) == {
        "spoken_reach",
        "speaking_minutes_per_participant",
        "interactive_share",
        "tool_reach",
    }
    assert all(set(f) == {"rule", "severity", "message", "suggestion"} for f in data["findings"])


def test_a_rule_id_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        rule("no-feedback-step", "info", "again", "why")(lambda situation: iter(()))


def test_informing_only_listening_is_info_but_peer_support_is_warning():
    talk = (AgendaBlock("Talk", 90, "presentation"),)
    informing = good_plan(
        audience=Audience(20), purpose=PurposeChoice("News", "informing"), agenda=talk
    )
    found = [f for f in plan_check(informing).findings if f.rule == "no-interaction"]
    assert found[0].severity == "info"
    peer = replace(informing, purpose=PurposeChoice("Help", "peer_support"))
    found = [f for f in plan_check(peer).findings if f.rule == "no-interaction"]
    assert found[0].severity == "warning"


def test_every_rule_is_documented():
    from pathlib import Path

    docs = (Path(__file__).parents[3] / "docs" / "planning.md").read_text()
    missing = [rule_id for rule_id in RULES if f"| `{rule_id}` |" not in docs]
    assert not missing
