"""The people a member has met: in a breakout group (``activities.Encounter``, recorded when an
activity is done) or as a coffee-chat partner (a pair of a round that was sent), as shown on the
member's own page.

What is shown of a person follows their consent: their name always (they sat in the same group,
so the member knows it), and their organisation, country and expertise only when they agreed to
be listed in the members' directory (``Member.listed_in_directory``). Never an e-mail address.
Archived and deleted (anonymised) members are left out.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from roundtable.activities.models import Encounter
from roundtable.breakouts.models import CoffeeChatPair, CoffeeChatRound
from roundtable.members.models import Member

PEOPLE_MET_SHOWN = 50

BREAKOUT = "breakout"
COFFEE_CHAT = "coffee_chat"


@dataclass(frozen=True)
class Meeting:
    """One time two members met: a breakout group of an activity (its title, "" when the
    activity was deleted since) or a coffee chat (the round's sending time)."""

    kind: str  # BREAKOUT or COFFEE_CHAT
    at: datetime
    activity_title: str = ""


@dataclass
class PersonMet:
    """Someone the member met, with their latest meeting and how many times they met. The
    organisation, country and expertise are empty unless the person agreed to be listed."""

    member_id: int
    name: str
    listed: bool
    latest: Meeting
    times: int
    organisation: str = ""
    country: str = ""
    expertise: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeopleMet:
    people: list[PersonMet]  # the most recent meeting first, at most ``PEOPLE_MET_SHOWN``
    more: int  # the people met beyond those shown


def _meetings_of(member: Member) -> dict[int, list[Meeting]]:
    """Every meeting of ``member`` by the other person's id: two queries, whatever the count."""
    meetings: dict[int, list[Meeting]] = {}
    encounters = Encounter.objects.filter(community_id=member.community_id).filter(
        Q(member_a=member) | Q(member_b=member)
    )
    for a, b, at, title in encounters.order_by().values_list(
        "member_a_id", "member_b_id", "met_at", "activity__title"
    ):
        other = b if a == member.pk else a
        meetings.setdefault(other, []).append(Meeting(BREAKOUT, at, title or ""))
    for other, at in _partners(member).values_list("member_id", "coffeechatpair__round__sent_at"):
        if at is not None:  # a sent round has its time; the filter makes sure
            meetings.setdefault(other, []).append(Meeting(COFFEE_CHAT, at))
    return meetings


def _partners(member: Member) -> QuerySet[Any]:
    """The rows (pair, member) of the member's partners in the coffee-chat rounds sent."""
    pairs = CoffeeChatPair.objects.filter(
        members=member,
        round__community_id=member.community_id,
        round__status=CoffeeChatRound.Status.SENT,
        round__sent_at__isnull=False,
    )
    return (
        CoffeeChatPair.members.through.objects.filter(coffeechatpair__in=pairs.values("pk"))
        .exclude(member_id=member.pk)
        .order_by()
    )


def people_met(*, member: Member, shown: int = PEOPLE_MET_SHOWN) -> PeopleMet:
    """The active members of ``member``'s community whom they met in a breakout group or a
    coffee chat, one entry per person with their latest meeting and the number of meetings,
    the most recent first (then by name), at most ``shown`` of them. Four queries, whatever
    the number of people or meetings."""
    meetings = _meetings_of(member)
    if not meetings:
        return PeopleMet(people=[], more=0)
    # The people are read by subquery, not by a list of ids that could outgrow the database's
    # limit on parameters for a member who met thousands.
    encounters = Encounter.objects.filter(community_id=member.community_id).filter(
        Q(member_a=member) | Q(member_b=member)
    )
    met = (
        Q(pk__in=encounters.values("member_a_id"))
        | Q(pk__in=encounters.values("member_b_id"))
        | Q(pk__in=_partners(member).values("member_id"))
    )
    rows = (
        Member.objects.filter(community_id=member.community_id)
        .active()
        .filter(met)
        .exclude(pk=member.pk)
        .values_list("pk", "full_name", "listed_in_directory", "organisation", "country")
    )
    people = []
    for pk, name, listed, organisation, country in rows:
        times = meetings.get(pk, [])
        if not times:  # met after the first read: shown next time
            continue
        latest = max(times, key=lambda m: m.at)
        person = PersonMet(pk, name, listed, latest, len(times))
        if listed:
            person.organisation, person.country = organisation, country
        people.append(person)
    people.sort(key=lambda p: p.name.casefold())
    people.sort(key=lambda p: p.latest.at, reverse=True)
    kept = people[:shown]
    listed_people = {p.member_id: p for p in kept if p.listed}
    if listed_people:
        for member_id, tag in (
            Member.expertise.through.objects.filter(member_id__in=list(listed_people))
            .order_by("tag__name")
            .values_list("member_id", "tag__name")
        ):
            listed_people[member_id].expertise.append(tag)
    return PeopleMet(people=kept, more=len(people) - len(kept))
