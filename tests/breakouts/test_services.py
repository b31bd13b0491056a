"""Planning breakouts for an activity: solving, bad input, swaps, re-planning, exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from roundtable.activities.models import Encounter
from roundtable.breakouts import selectors, services
from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan
from roundtable.breakouts.services import BreakoutError, BreakoutRequest
from tests.breakouts.conftest import registrations_for
from tests.breakouts.validator import check_plan, stored_rounds
from tests.factories import ActivityFactory, RegistrationFactory


def _plan(activity, **fields) -> BreakoutPlan:
    return services.breakout_plan_create(
        activity=activity, request=BreakoutRequest(**{"seed": 1, **fields})
    )


def test_a_plan_has_every_participant_once_per_round_without_repeats(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=4)
    assert check_plan(plan, {r.pk for r in people}) == 0
    assert plan.complete and "without a repeated pair" in plan.message
    quality = selectors.plan_quality(plan)
    assert quality.repeat_pairs == 0 and quality.new_connections == 4 * 4 * 3


def test_rooms_give_the_group_size(activity, people) -> None:
    plan = _plan(activity, rooms=5, rounds=2)
    assert len(stored_rounds(plan)[0]) == 4 or len(stored_rounds(plan)[0]) == 5
    check_plan(plan)


def test_too_many_rounds_are_planned_with_fewest_repeats_and_said_in_words(activity, people):
    plan = _plan(activity, group_size=6, rounds=4)  # 12 people in 6s: at most 2 rounds
    repeats = check_plan(plan)
    assert repeats > 0 and not plan.complete
    assert selectors.plan_quality(plan).repeat_pairs == repeats
    assert "counting bound allows at most 2" in plan.message


def test_as_many_rounds_as_possible(activity, people) -> None:
    plan = _plan(activity, group_size=3, max_rounds=True)
    assert check_plan(plan) == 0
    assert plan.rounds >= 3


def test_only_checked_in_people_when_chosen(activity, people) -> None:
    for registration in people[:8]:
        registration.attended_at = timezone.now()
        registration.save()
    plan = _plan(activity, source=BreakoutPlan.Source.ATTENDED, group_size=4, rounds=2)
    check_plan(plan, {r.pk for r in people[:8]})


def test_facilitators_keep_apart_together_and_mixing_are_met(activity, people) -> None:
    ids = [r.pk for r in people]
    plan = _plan(
        activity,
        group_size=3,
        rounds=3,
        facilitators=tuple(ids[:4]),
        keep_apart=((ids[4], ids[5]),),
        keep_together=((ids[6], ids[7]),),
        mix="organisation",
    )
    check_plan(plan)
    for round_ in stored_rounds(plan):
        for room in round_:
            assert len(set(room) & set(ids[:4])) == 1
            assert not {ids[4], ids[5]} <= set(room)
        assert any({ids[6], ids[7]} <= set(room) for room in round_)
    assert BreakoutAssignment.objects.filter(plan=plan, facilitator=True).count() == 12


def test_history_is_avoided(activity, people) -> None:
    earlier = ActivityFactory(
        community=activity.community, starts_at=timezone.now() - timedelta(days=30)
    )
    members = sorted(r.member_id for r in people)
    for a, b in [(members[0], members[1]), (members[2], members[3]), (members[4], members[5])]:
        Encounter.objects.create(
            community=activity.community,
            activity=earlier,
            member_a_id=a,
            member_b_id=b,
            met_at=earlier.starts_at,
            first=True,
        )
    plan = _plan(activity, group_size=3, rounds=1)
    check_plan(plan)
    assert selectors.plan_quality(plan).met_before == 0


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"group_size": 1, "rounds": 2}, "group_size", "too small"),
        ({"group_size": 13, "rounds": 2}, "group_size", "larger than the 12 participants"),
        ({"group_size": 3, "rounds": 0}, "rounds", "at least 1 round"),
        ({"group_size": 3}, "rounds", "Give the number of rounds"),
        ({"rounds": 2}, "group_size", "Give a group size"),
        ({"group_size": 3, "rooms": 4, "rounds": 2}, "group_size", "not both"),
        ({"rooms": 7, "rounds": 2}, "rooms", "leave someone alone"),
        ({"group_size": 3, "rounds": 2, "facilitators": (999_999,)}, "facilitators", "not one"),
        ({"group_size": 3, "rounds": 2, "mix": "segment:999999"}, "mix", "segment"),
        ({"group_size": 3, "rounds": 2, "source": "anyone"}, "source", "Choose"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(activity, people, fields, field, words):
    with pytest.raises(BreakoutError) as raised:
        _plan(activity, **fields)
    assert raised.value.field == field
    assert words in str(raised.value)
    assert not BreakoutPlan.objects.exists()


def test_keep_together_larger_than_a_group_is_refused(activity, people) -> None:
    with pytest.raises(BreakoutError) as raised:
        _plan(
            activity,
            group_size=3,
            rounds=2,
            keep_together=(tuple(r.pk for r in people[:4]),),
        )
    assert raised.value.field == "keep_together"
    assert "4 people" in str(raised.value) and people[0].name in str(raised.value)
    assert not BreakoutPlan.objects.exists()


def test_too_few_facilitators_and_no_participants(activity, community) -> None:
    empty = ActivityFactory(community=community)
    with pytest.raises(BreakoutError, match="Nobody is registered") as raised:
        _plan(empty, group_size=2, rounds=1)
    assert raised.value.field == "source"
    registrations_for(empty, 9)
    with pytest.raises(BreakoutError, match="Nobody is checked in"):
        _plan(empty, source=BreakoutPlan.Source.ATTENDED, group_size=3, rounds=1)
    with pytest.raises(BreakoutError, match="2 facilitators for 3 rooms") as raised:
        _plan(
            empty,
            group_size=3,
            rounds=1,
            facilitators=tuple(empty.registrations.values_list("pk", flat=True)[:2]),
        )
    assert raised.value.field == "facilitators"


def test_a_registration_of_another_activity_is_foreign(activity, people, community) -> None:
    stranger = RegistrationFactory(activity=ActivityFactory(community=community))
    with pytest.raises(BreakoutError, match="not one of the participants") as raised:
        _plan(activity, group_size=3, rounds=2, keep_apart=((people[0].pk, stranger.pk),))
    assert raised.value.field == "keep_apart"


def test_swaps_keep_every_round_a_partition_and_update_the_figures(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=3)
    round2 = BreakoutAssignment.objects.filter(plan=plan, round=2)
    one = round2.get(room=1, registration=stored_rounds(plan)[1][0][0])
    other = round2.filter(room=2).first()
    services.breakout_swap(plan=plan, first=one.pk, second=other.pk)
    one.refresh_from_db()
    assert one.room == 2
    check_plan(plan, {r.pk for r in people})
    plan.refresh_from_db()
    assert plan.repeat_pairs == selectors.plan_quality(plan).repeat_pairs


def test_bad_swaps_are_refused(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=2)
    a1 = BreakoutAssignment.objects.filter(plan=plan, round=1, room=1)
    with pytest.raises(BreakoutError, match="already in the same room"):
        services.breakout_swap(plan=plan, first=a1[0].pk, second=a1[1].pk)
    r2 = BreakoutAssignment.objects.filter(plan=plan, round=2, room=2).first()
    with pytest.raises(BreakoutError, match="different rounds"):
        services.breakout_swap(plan=plan, first=a1[0].pk, second=r2.pk)
    with pytest.raises(BreakoutError, match="two different people"):
        services.breakout_swap(plan=plan, first=a1[0].pk, second=10**9)
    check_plan(plan)


def test_replan_keeps_finished_rounds_for_late_joiners_and_leavers(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=4)
    late = registrations_for(activity, 1)[0]
    present = [r.pk for r in people[1:]] + [late.pk]  # people[0] left, late joined
    new = services.breakout_replan(plan=plan, finished=2, present=present)
    old_rounds, new_rounds = stored_rounds(plan), stored_rounds(new)
    assert new_rounds[:2] == old_rounds[:2]
    for round_ in new_rounds[2:]:
        everyone = sorted(x for room in round_ for x in room)
        assert everyone == sorted(present)
    assert new.finished_rounds == 2 and new.replanned_from == plan
    assert selectors.plan_latest(activity=activity) == new


def test_replan_bad_input(activity, people, community) -> None:
    plan = _plan(activity, group_size=3, rounds=2)
    with pytest.raises(BreakoutError) as raised:
        services.breakout_replan(plan=plan, finished=2, present=[r.pk for r in people])
    assert raised.value.field == "finished"
    stranger = RegistrationFactory(activity=ActivityFactory(community=community))
    with pytest.raises(BreakoutError) as raised:
        services.breakout_replan(plan=plan, finished=1, present=[people[0].pk, stranger.pk])
    assert raised.value.field == "present"
    assert BreakoutPlan.objects.count() == 1


def test_zoom_csv_has_the_exact_header_and_everyone_once(activity, people) -> None:
    people[0].email = ""
    people[0].member.email = None
    people[0].member.save()
    people[0].save()
    plan = _plan(activity, group_size=4, rounds=3)
    for number in (1, 2, 3):
        rooms = selectors.round_export(plan, number)
        rows = list(csv.reader(io.StringIO(selectors.zoom_csv(rooms))))
        assert rows[0] == ["Pre-assign Room Name", "Email Address"]
        emails = [row[1] for row in rows[1:]]
        assert sorted(emails) == sorted(r.email for r in people[1:])
        assert [n for room in rooms for n in room.without_email] == [people[0].name]
        by_room = {row[1]: row[0] for row in rows[1:]}
        for room in rooms:
            assert all(by_room[e] == room.name for e in room.emails)
            assert room.emails_text == "; ".join(room.emails)
