"""The breakouts tab: planning from the form, errors next to the field, swapping, exports."""

import csv
import io

from django.urls import reverse

from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan
from tests.breakouts.conftest import registrations_for
from tests.breakouts.validator import check_plan, stored_rounds


def _url(activity, name: str = "activity_breakouts") -> str:
    return reverse(name, args=[activity.community.slug, activity.pk])


def _post_plan(client, activity, **fields):
    data = {
        "source": "registered",
        "group_size": "3",
        "rounds": "3",
        "use_history": "on",
        "seed": "5",
    }
    data.update(fields)
    return client.post(_url(activity), data)


def test_the_tab_shows_the_form_then_the_plan_as_cards(facilitator_client, activity, people):
    page = facilitator_client.get(_url(activity))
    assert page.status_code == 200
    assert "Plan the breakouts" in page.content.decode()
    response = _post_plan(
        facilitator_client, activity, keep_apart=f"{people[0].name}, {people[1].email}"
    )
    assert response.status_code == 302
    plan = BreakoutPlan.objects.get()
    assert check_plan(plan, {r.pk for r in people}) == 0
    assert plan.parameters["keep_apart"] == [[people[0].pk, people[1].pk]]
    page = facilitator_client.get(_url(activity)).content.decode()
    assert "3 rounds without a repeated pair." in page
    assert "Room 4" in page and "Lima Water" in page and "Peru" in page
    assert 'id="new-connections">36<' in page


def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(
    facilitator_client, activity, people
):
    cases = [
        ({"group_size": "1"}, "too small"),
        ({"group_size": "13"}, "larger than the 12 participants"),
        ({"rounds": "0"}, "at least 1 round"),
        (
            {"keep_together": ", ".join(r.name for r in people[:4])},
            "cannot share a group of at most 3",
        ),
        ({"keep_apart": "Nobody Here, Person 01"}, "“Nobody Here” is not a participant"),
        ({"facilitators": "999999"}, "Select a valid choice"),
        ({"source": "attended"}, "Nobody is checked in yet"),
    ]
    for fields, words in cases:
        response = _post_plan(facilitator_client, activity, **fields)
        assert response.status_code == 400, fields
        body = response.content.decode()
        assert words in body, (
            fields,
            body[body.find("errorlist") - 300 : body.find("errorlist") + 300],
        )
        assert 'class="errorlist"' in body
    assert not BreakoutPlan.objects.exists()


def test_swap_two_people_from_the_page(facilitator_client, activity, people) -> None:
    _post_plan(facilitator_client, activity)
    plan = BreakoutPlan.objects.get()
    rooms = stored_rounds(plan)[1]
    a = BreakoutAssignment.objects.get(plan=plan, round=2, registration_id=rooms[0][0])
    b = BreakoutAssignment.objects.get(plan=plan, round=2, registration_id=rooms[2][1])
    response = facilitator_client.post(
        _url(activity, "activity_breakouts_swap"), {"swap": [a.pk, b.pk]}, follow=True
    )
    assert "Swapped. Now" in response.content.decode()
    a.refresh_from_db()
    assert a.room == 3
    check_plan(plan, {r.pk for r in people})
    response = facilitator_client.post(
        _url(activity, "activity_breakouts_swap"), {"swap": [a.pk]}, follow=True
    )
    assert "Select exactly two people" in response.content.decode()


def test_exports_print_and_teams(facilitator, facilitator_client, activity, people) -> None:
    activity.facilitators.add(facilitator)
    _post_plan(facilitator_client, activity)
    plan = BreakoutPlan.objects.get()
    response = facilitator_client.get(_url(activity, "activity_breakouts_zoom") + "?round=2")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Pre-assign Room Name", "Email Address"]
    assert sorted(r[1] for r in rows[1:]) == sorted(p.email for p in people)
    rooms = stored_rounds(plan)[1]
    emails = dict(activity.registrations.values_list("pk", "email"))
    for number, room in enumerate(rooms, start=1):
        assert {r[1] for r in rows[1:] if r[0] == f"Room {number}"} == {emails[x] for x in room}
    assert (
        facilitator_client.get(_url(activity, "activity_breakouts_zoom") + "?round=9").status_code
        == 404
    )
    teams = facilitator_client.get(
        _url(activity, "activity_breakouts_teams") + "?round=1"
    ).content.decode()
    assert (
        "; ".join(
            emails[x]
            for x in sorted(
                stored_rounds(plan)[0][0], key=lambda x: activity.registrations.get(pk=x).name
            )
        )
        in teams
    )
    sheet = facilitator_client.get(_url(activity, "activity_breakouts_print")).content.decode()
    assert "Round 3" in sheet and people[0].name in sheet


def test_room_lists_of_e_mails_are_for_the_activitys_facilitators(
    facilitator_client, activity, people
) -> None:
    _post_plan(facilitator_client, activity)
    for name in ("activity_breakouts_zoom", "activity_breakouts_teams"):
        response = facilitator_client.get(_url(activity, name) + "?round=1")
        assert response.status_code == 403
        body = response.content.decode()
        assert "only the managers and this activity" in body
        assert people[0].email not in body


def test_replan_page(facilitator_client, activity, people) -> None:
    _post_plan(facilitator_client, activity)
    page = facilitator_client.get(_url(activity, "activity_breakouts_replan"))
    assert "Who is here now" in page.content.decode()
    present = [str(r.pk) for r in people[:-1]]
    response = facilitator_client.post(
        _url(activity, "activity_breakouts_replan"), {"finished": "1", "present": present}
    )
    assert response.status_code == 302
    latest = BreakoutPlan.objects.order_by("-pk").first()
    assert latest.finished_rounds == 1
    bad = facilitator_client.post(
        _url(activity, "activity_breakouts_replan"), {"finished": "3", "present": present}
    )
    assert bad.status_code == 400 and "at least one must be left" in bad.content.decode()


def test_record_encounters_button_is_for_managers(
    manager_client, facilitator_client, activity, people
):
    _post_plan(manager_client, activity)
    assert (
        facilitator_client.post(_url(activity, "activity_breakouts_encounters")).status_code == 403
    )
    response = manager_client.post(_url(activity, "activity_breakouts_encounters"), follow=True)
    assert "36 encounters stored for this activity (36 new this time)." in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(
    facilitator_client, activity, people, django_assert_max_num_queries
):
    """14 queries for 12 people, and the same for 36: nothing per person or room."""
    _post_plan(facilitator_client, activity)
    with django_assert_max_num_queries(14):
        facilitator_client.get(_url(activity))
    registrations_for(activity, 24)
    _post_plan(facilitator_client, activity)
    with django_assert_max_num_queries(14):
        facilitator_client.get(_url(activity))
