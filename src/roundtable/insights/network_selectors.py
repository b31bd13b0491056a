"""Reads for the relationship network: a community's ties as the plain inputs of
:mod:`roundtable.domain.insights.network`, and the network's figures for a period.

Ties are read up to the end of the period (earlier ones decide which connections are new):

- breakouts: each ``activities.Encounter`` (two members in one small group), on its day;
- coffee chats: the members of each pair (or trio) of a round that was sent, on the day it was
  sent;
- live sessions: the members linked to the participants of one session, on the day it opened,
  when the session had at most ``LIVE_TIE_MAX_MEMBERS`` of them;
- conversations: each imported reply or mention (``members.Interaction``), either way round.

Days are UTC days. The network's members are the community's active members who had joined by
the period's last day, and anyone else (archived, deleted) who has a tie in the period.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from roundtable.activities.models import Encounter
from roundtable.breakouts.models import CoffeeChatPair, CoffeeChatRound
from roundtable.communities.models import Community
from roundtable.domain.insights import months_between
from roundtable.domain.insights.network import (
    BREAKOUT,
    COFFEE_CHAT,
    CONVERSATION,
    SOURCES,
    Tie,
    bridges,
    connections_between,
    group_mixing,
    group_ties,
    isolates,
    live_session_ties,
    network_graph,
    network_layout,
    new_connections_by_month,
    overlapping_mixing,
)
from roundtable.domain.places import country_name, region_of
from roundtable.insights.snapshots import view
from roundtable.live.models import Participant
from roundtable.members.models import Interaction, Member
from roundtable.members.selectors import member_names
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_members

_CHUNK = 5000
GROUPINGS = {"region": "Region", "country": "Country", "segment": "Segment"}
# Above this many countries, the smaller ones are one group: the matrix stays readable and,
# with "Other countries" and "Not given", every group has a colour of its own in the drawing.
COUNTRY_GROUPS_MAX = 8
OTHER_COUNTRIES = "Other countries"
NOT_GIVEN = "Not given"
# Segments overlap: the table compares the largest ones (their members today), and members in
# none of them are a group of their own. A member's colour in the drawing is their first
# segment by name.
SEGMENT_GROUPS_MAX = 8
IN_NO_SEGMENT = "In no segment"


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def community_ties(*, community: Community, through: datetime) -> list[Tie]:
    """Every tie of the community's members up to the instant ``through``: five streamed
    queries (encounters, coffee-chat members, live participants, interactions)."""
    ties = [
        Tie(a, b, _day(at), BREAKOUT)
        for a, b, at in Encounter.objects.filter(community=community, met_at__lte=through)
        .order_by()
        .values_list("member_a_id", "member_b_id", "met_at")
        .iterator(chunk_size=_CHUNK)
    ]
    pairs: dict[int, tuple[date, list[int]]] = {}
    for pair_id, sent_at, member_id in (
        CoffeeChatPair.members.through.objects.filter(
            coffeechatpair__round__community=community,
            coffeechatpair__round__status=CoffeeChatRound.Status.SENT,
            coffeechatpair__round__sent_at__lte=through,
        )
        .order_by()
        .values_list("coffeechatpair_id", "coffeechatpair__round__sent_at", "member_id")
        .iterator(chunk_size=_CHUNK)
    ):
        if sent_at is not None:  # the filter on sent_at guarantees it
            pairs.setdefault(pair_id, (_day(sent_at), []))[1].append(member_id)
    for on, pair_members in pairs.values():
        ties += group_ties(pair_members, on=on, source=COFFEE_CHAT)
    sessions: dict[int, tuple[date, set[int]]] = {}
    for session_id, opened_at, member_id in (
        Participant.objects.filter(
            session__activity__community=community,
            session__opened_at__lte=through,
            member__isnull=False,
        )
        .order_by()
        .values_list("session_id", "session__opened_at", "member_id")
        .iterator(chunk_size=_CHUNK)
    ):
        sessions.setdefault(session_id, (_day(opened_at), set()))[1].add(member_id)
    for on, session_members in sessions.values():
        ties += live_session_ties(session_members, on=on)
    ties += [
        Tie(source, target, _day(at), CONVERSATION)
        for source, target, at in Interaction.objects.filter(community=community, at__lte=through)
        .order_by()
        .values_list("source_id", "target_id", "at")
        .iterator(chunk_size=_CHUNK)
    ]
    return ties


@dataclass(frozen=True)
class Person:
    member_id: int
    name: str
    group: str


def _group_of(country: str, grouping: str) -> str:
    if not country:
        return NOT_GIVEN
    if grouping == "country":
        return country_name(country) or country
    return region_of(country) or NOT_GIVEN


def _segment_memberships(community: Community, member_ids: set[int]) -> dict[int, list[str]]:
    """Each of ``member_ids`` with the names of the largest ``SEGMENT_GROUPS_MAX`` segments
    of the community they are in today (none for some)."""
    found: dict[str, set[int]] = {}
    for segment in Segment.objects.filter(community=community).order_by("name", "pk"):
        pks = set(segment_members(segment=segment).values_list("pk", flat=True)) & member_ids
        if pks:
            found[segment.name] = pks
    kept = sorted(found, key=lambda name: (-len(found[name]), name))[:SEGMENT_GROUPS_MAX]
    memberships: dict[int, list[str]] = {pk: [] for pk in member_ids}
    for name in sorted(kept):
        for pk in found[name]:
            memberships[pk].append(name)
    return {pk: names or [IN_NO_SEGMENT] for pk, names in memberships.items()}


def _people(
    community: Community, end: date, tied: set[int], grouping: str
) -> tuple[dict[int, Person], dict[int, list[str]] | None]:
    """The period's members as people with their group, and with ``"segment"`` each one's
    segments."""
    current = Q(joined_on__lte=end, archived_at__isnull=True, anonymised_at__isnull=True)
    rows = (
        Member.objects.filter(current | Q(pk__in=sorted(tied)), community=community)
        .order_by()
        .values_list("pk", "full_name", "country")
        .iterator(chunk_size=_CHUNK)
    )
    people = {pk: Person(pk, name, _group_of(country, grouping)) for pk, name, country in rows}
    if grouping == "segment":
        memberships = _segment_memberships(community, set(people))
        return {pk: Person(pk, p.name, memberships[pk][0]) for pk, p in people.items()}, memberships
    if grouping == "country":
        sizes: dict[str, int] = defaultdict(int)
        for person in people.values():
            sizes[person.group] += 1
        kept = sorted(sizes, key=lambda g: (-sizes[g], g))[:COUNTRY_GROUPS_MAX]
        people = {
            pk: p if p.group in kept else Person(pk, p.name, OTHER_COUNTRIES)
            for pk, p in people.items()
        }
    return people, None


def network_figures(
    *,
    community: Community,
    start: date,
    end: date,
    grouping: str = "region",
    now: datetime | None = None,
) -> dict[str, Any]:
    """The relationship network of ``community`` from ``start`` to ``end`` (both included,
    ``start <= end``), as plain JSON values, with the members' names and groups (``grouping``:
    ``"region"``, ``"country"``, above ``COUNTRY_GROUPS_MAX`` countries the smaller ones one
    group, or ``"segment"``, the largest ``SEGMENT_GROUPS_MAX`` segments, which overlap). Ties
    after the end of ``end`` (or after now) are left out."""
    now = now or timezone.now()
    through = min(datetime.combine(end, time.max, tzinfo=UTC), now)
    ties = community_ties(community=community, through=through)
    connections = connections_between(ties, start=start, end=end)
    tied = {member for pair in connections for member in pair}
    people, memberships = _people(community, end, tied, grouping)
    # A tie with someone of another community cannot be stored; a member deleted outright
    # takes their ties with them. So every tied member is a person here.
    graph = network_graph(people, connections)
    months = list(months_between(start, end))
    layout = network_layout(graph)
    mixing = (
        overlapping_mixing(memberships, connections)
        if memberships is not None
        else group_mixing({pk: p.group for pk, p in people.items()}, connections)
    )

    def name(member_id: int) -> str:
        person = people.get(member_id)
        return person.name if person else f"Member #{member_id}"

    def group(member_id: int) -> str:
        person = people.get(member_id)
        return person.group if person else NOT_GIVEN

    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "members": len(people),
        "connections": len(connections),
        "ties_by_source": _by_source(ties, start, end),
        "new_connections_by_month": [
            {"month": row.month.strftime("%Y-%m"), "new": row.new}
            for row in new_connections_by_month(ties, months)
        ],
        "isolates": [{"member_id": pk, "name": name(pk)} for pk in isolates(people, connections)],
        "grouping": grouping,
        "groups": sorted(
            {g for names in memberships.values() for g in names}
            if memberships is not None
            else {p.group for p in people.values()}
        ),
        "mixing": [
            {
                "groups": [row.group_a, row.group_b],
                "observed": row.observed,
                "expected": round(row.expected, 2),
                "never_meet": row.never_meet,
            }
            for row in mixing
        ],
        "bridges": [
            {
                "member_id": b.member_id,
                "name": name(b.member_id),
                "betweenness": round(b.betweenness, 4),
                "connections": b.connections,
            }
            for b in bridges(graph)
        ],
        "layout": {
            "connected": layout.connected,
            "drawn": len(layout.positions),
            "positions": [
                {
                    "member_id": p.member_id,
                    "name": name(p.member_id),
                    "group": group(p.member_id),
                    "x": round(p.x, 4),
                    "y": round(p.y, 4),
                }
                for p in layout.positions
            ],
            "edges": [list(edge) for edge in layout.edges],
        },
    }


def _by_source(ties: list[Tie], start: date, end: date) -> dict[str, int]:
    """How many ties of the period each source gave (a pair may have several)."""
    counts = dict.fromkeys(SOURCES, 0)
    for tie in ties:
        if start <= tie.on <= end and tie.member_a != tie.member_b:
            counts[tie.source] += 1
    return counts


# Stored figures ---------------------------------------------------------------------------------

ISOLATES_NAMED = 300  # the isolates the page lists by name


@view("network")
def _network_view(community: Community, params: Mapping[str, str], now: datetime) -> dict[str, Any]:
    """The network figures as a stored view, without names (read again when shown)."""
    figures = network_figures(
        community=community,
        start=date.fromisoformat(params["from"]),
        end=date.fromisoformat(params["to"]),
        grouping=params["grouping"],
        now=now,
    )
    for row in (*figures["isolates"], *figures["bridges"], *figures["layout"]["positions"]):
        row.pop("name", None)
    return figures


def network_named(figures: dict[str, Any]) -> dict[str, Any]:
    """Stored network figures with the names of the members the page shows read again: the
    bridges, the members drawn and the first ISOLATES_NAMED isolates (one query)."""
    shown = [*figures["isolates"][:ISOLATES_NAMED], *figures["bridges"],
             *figures["layout"]["positions"]]  # fmt: skip
    names = member_names(row["member_id"] for row in shown)
    for row in shown:
        row["name"] = names.get(row["member_id"], f"Member #{row['member_id']}")
    figures["isolates"] = figures["isolates"][:ISOLATES_NAMED] + [
        {**row, "name": ""} for row in figures["isolates"][ISOLATES_NAMED:]
    ]
    return figures
