"""The "People you have met" card of a member's own page (breakouts/people_met.py): exactly the
people of their breakout groups and coffee chats, the latest meeting first, what they offer only
when they agreed to be listed, never an e-mail, archived and deleted people left out."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Encounter
from roundtable.breakouts import services
from roundtable.breakouts.models import (
    BreakoutAssignment,
    BreakoutPlan,
    CoffeeChatPair,
    CoffeeChatRound,
)
from roundtable.breakouts.people_met import PEOPLE_MET_SHOWN, people_met
from roundtable.members.models import Member
from tests.factories import ActivityFactory, MemberFactory, RegistrationFactory, TagFactory

CLINIC_AT = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # before the suite's "now" (June 2026)
DATA_CLINIC_AT = datetime(2026, 4, 20, 14, 0, tzinfo=UTC)
COFFEE_SENT_AT = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)


def _done_activity_with_rooms(community, title: str, at: datetime, rooms: list[list[Member]]):
    """A done activity whose latest breakout plan puts ``rooms`` (one round), with its
    encounters recorded as when the activity is marked done."""
    activity = ActivityFactory(
        community=community, title=title, starts_at=at, status=Activity.Status.DONE
    )
    plan = BreakoutPlan.objects.create(
        activity=activity, source=BreakoutPlan.Source.REGISTERED, group_size=3, rounds=1
    )
    for number, people in enumerate(rooms, start=1):
        for person in people:
            registration = RegistrationFactory(
                activity=activity, member=person, name=person.full_name, email=person.email
            )
            BreakoutAssignment.objects.create(
                plan=plan, registration=registration, round=1, room=number
            )
    services.encounters_record(activity=activity)
    return activity


def _coffee_chat(community, sent_at: datetime | None, *people: Member) -> CoffeeChatPair:
    round_ = CoffeeChatRound.objects.create(
        community=community,
        status=CoffeeChatRound.Status.SENT if sent_at else CoffeeChatRound.Status.DRAFT,
        sent_at=sent_at,
    )
    pair = CoffeeChatPair.objects.create(round=round_)
    pair.members.set(people)
    return pair


def _own_page(client, member: Member) -> str:
    url = reverse("member_self", args=[member.community.slug, member.access_token])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str) -> str:
    """The card alone: the profile form's lists of countries would match a country's name."""
    start = page.index('id="people-met-h"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def me(community) -> Member:
    return MemberFactory(community=community, full_name="Mia Self", email="mia@example.org")


def _person(community, name: str, *, listed: bool, **fields) -> Member:
    slug = name.split()[0].lower()
    return MemberFactory(
        community=community,
        full_name=name,
        email=f"{slug}.secret@example.org",
        listed_in_directory=listed,
        **fields,
    )


@pytest.fixture
def network(community, other_community, me) -> dict[str, Member]:
    """Mia met Lena (listed) twice in breakouts, Omar (not listed) once, Ravi (listed) in a
    coffee chat; Quinn sat in another room of the same plan; Sam (archived) and Tara (deleted)
    sat with Mia; Uma was in a draft coffee chat only; Mia's namesake in another community met
    Vic there."""
    people = {
        "lena": _person(
            community, "Lena Listed", listed=True, organisation="Lima Water", country="PE"
        ),
        "omar": _person(
            community, "Omar Unlisted", listed=False, organisation="Secret Org", country="KE"
        ),
        "priya": _person(community, "Priya Other-room", listed=True),
        "quinn": _person(community, "Quinn Other-room", listed=True),
        "ravi": _person(
            community, "Ravi Coffee", listed=True, organisation="Accra Water", country="GH"
        ),
        "sam": _person(community, "Sam Archived", listed=True),
        "tara": _person(community, "Tara Deleted", listed=True),
        "uma": _person(community, "Uma Draft", listed=True),
    }
    people["lena"].expertise.add(TagFactory(community=community, name="leak detection"))
    people["omar"].expertise.add(TagFactory(community=community, name="secret sauce"))
    people["ravi"].expertise.add(TagFactory(community=community, name="billing"))
    _done_activity_with_rooms(
        community,
        "Peer clinic",
        CLINIC_AT,
        [
            [me, people["lena"], people["omar"], people["sam"], people["tara"]],
            [people["priya"], people["quinn"]],
        ],
    )
    _done_activity_with_rooms(
        community, "Data clinic", DATA_CLINIC_AT, [[me, people["lena"]], [people["priya"]]]
    )
    _coffee_chat(community, COFFEE_SENT_AT, me, people["ravi"])
    _coffee_chat(community, None, me, people["uma"])
    Member.objects.filter(pk=people["sam"].pk).update(archived_at=timezone.now())
    Member.objects.filter(pk=people["tara"].pk).update(anonymised_at=timezone.now())
    namesake = MemberFactory(community=other_community, full_name="Mia Self")
    vic = _person(other_community, "Vic Elsewhere", listed=True)
    _done_activity_with_rooms(other_community, "Their clinic", CLINIC_AT, [[namesake, vic]])
    return people


def test_the_member_sees_exactly_the_people_they_met_latest_first(client, me, network) -> None:
    page = _own_page(client, me)
    assert "People you have met" in page
    shown = [p.name for p in people_met(member=me).people]
    assert shown == ["Lena Listed", "Omar Unlisted", "Ravi Coffee"]
    for name in shown:
        assert name in page
    assert page.index("Lena Listed") < page.index("Omar Unlisted") < page.index("Ravi Coffee")
    for not_met in ("Priya", "Quinn", "Sam Archived", "Tara Deleted", "Uma Draft", "Vic"):
        assert not_met not in page
    assert "Breakout group at Data clinic, 20 April 2026 · met 2 times" in page
    assert "Breakout group at Peer clinic, 10 March 2026" in page
    assert "Coffee chat, round of 3 February 2026" in page


def test_what_people_offer_shows_only_when_they_agreed_to_be_listed(client, me, network) -> None:
    page = _card(_own_page(client, me))
    assert "Lima Water" in page and "Peru" in page and "leak detection" in page
    assert "Accra Water" in page and "billing" in page
    assert "Omar Unlisted" in page  # the name: they sat in the same group
    assert "Secret Org" not in page and "secret sauce" not in page and "Kenya" not in page


def test_no_e_mail_address_of_anyone_met_is_in_the_page(client, me, network) -> None:
    page = _own_page(client, me)
    assert ".secret@example.org" not in page
    for person in network.values():
        assert person.email not in page


def test_a_person_archived_or_deleted_since_disappears(client, me, network) -> None:
    assert "Lena Listed" in _own_page(client, me)
    Member.objects.filter(pk=network["lena"].pk).update(archived_at=timezone.now())
    page = _own_page(client, me)
    assert "Lena Listed" not in page and "Omar Unlisted" in page


def test_a_meeting_in_an_activity_deleted_since_still_counts(client, me, network) -> None:
    Activity.objects.filter(title="Data clinic").delete()  # its encounters keep the day
    page = _own_page(client, me)
    assert "Breakout group at Peer clinic, 10 March 2026" in page  # Lena and Omar, both there
    assert "Data clinic" not in page


def test_nobody_met_yet_says_so(client, me) -> None:
    assert "Nobody yet." in _own_page(client, me)


def test_the_directory_is_linked_only_when_it_is_open(client, community, me, network) -> None:
    directory = reverse("people", args=[community.slug])
    assert f'href="{directory}"' not in _own_page(client, me)
    community.directory_open = True
    community.save(update_fields=["directory_open"])
    page = _own_page(client, me)
    assert f'href="{directory}"' in page and "Find more peers by expertise" in page


def _met_many(community, me: Member, count: int, *, first: int = 0) -> None:
    """``count`` listed people with a tag each (numbered from ``first``), met by ``me`` in one
    activity each (so every meeting has its own day and title)."""
    tag = TagFactory(community=community, name="pumps")
    people = Member.objects.bulk_create(
        Member(
            community=community,
            full_name=f"Peer {i:03d}",
            email=f"peer{i}@example.org",
            access_token=f"peer-token-{i}",
            joined_on=timezone.localdate(),
            listed_in_directory=True,
        )
        for i in range(first, first + count)
    )
    Member.expertise.through.objects.bulk_create(
        Member.expertise.through(member_id=p.pk, tag_id=tag.pk) for p in people
    )
    encounters = []
    for i, person in enumerate(people, start=first):
        activity = ActivityFactory(
            community=community, title=f"Clinic {i}", starts_at=CLINIC_AT - timedelta(days=i)
        )
        a, b = sorted((me.pk, person.pk))
        encounters.append(
            Encounter(
                community=community,
                activity=activity,
                member_a_id=a,
                member_b_id=b,
                met_at=activity.starts_at,
            )
        )
    Encounter.objects.bulk_create(encounters)


def _page_queries(client, member: Member) -> int:
    with CaptureQueriesContext(connection) as queries:
        _own_page(client, member)
    return len(queries)


def test_the_card_is_bounded_and_its_queries_do_not_grow(
    client, community, me, django_assert_max_num_queries
) -> None:
    _met_many(community, me, 3)
    _own_page(client, me)  # the first visit remembers who this is; later ones compare
    few = _page_queries(client, me)
    _met_many(community, me, PEOPLE_MET_SHOWN + 7, first=3)
    with django_assert_max_num_queries(4):
        met = people_met(member=me)
    assert len(met.people) == PEOPLE_MET_SHOWN and met.more == 10
    assert all(p.expertise == ["pumps"] for p in met.people)
    page = _own_page(client, me)
    assert "And 10 more." in page
    assert page.count("Breakout group at Clinic") == PEOPLE_MET_SHOWN
    assert _page_queries(client, me) == few


def test_names_and_titles_typed_by_people_are_escaped(client, community, me) -> None:
    mallory = _person(community, "<b>Mallory</b>", listed=True, organisation="<i>Org</i>")
    mallory.expertise.add(TagFactory(community=community, name="<u>tag</u>"))
    _done_activity_with_rooms(community, "<script>x</script>", CLINIC_AT, [[me, mallory]])
    card = _card(_own_page(client, me))
    assert "<b>" not in card and "<i>" not in card and "<u>" not in card and "<script" not in card
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in card and "&lt;script&gt;x&lt;/script&gt;" in card
