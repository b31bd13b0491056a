"""The network's ties read from every source, on a small community built with factories."""

from datetime import UTC, date, datetime

import pytest

from roundtable.activities.models import Encounter
from roundtable.breakouts.models import CoffeeChatPair, CoffeeChatRound
from roundtable.communities.models import Community
from roundtable.insights.network_selectors import community_ties, network_figures
from roundtable.live.models import LiveSession, Participant
from roundtable.members.models import Interaction, Member
from tests.factories import ActivityFactory, CommunityFactory, MemberFactory


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


def _encounter(community: Community, one: Member, other: Member, at: datetime) -> None:
    low, high = sorted((one, other), key=lambda m: m.pk)
    Encounter.objects.create(community=community, member_a=low, member_b=high, met_at=at)


def _round(community: Community, members: list[Member], *, sent: datetime | None) -> None:
    status = CoffeeChatRound.Status.SENT if sent else CoffeeChatRound.Status.DRAFT
    round_ = CoffeeChatRound.objects.create(community=community, status=status, sent_at=sent)
    pair = CoffeeChatPair.objects.create(round=round_)
    pair.members.set(members)


def _session(community: Community, members: list[Member | None], at: datetime) -> None:
    session = LiveSession.objects.create(
        activity=ActivityFactory(community=community), opened_at=at
    )
    for member in members:
        Participant.objects.create(session=session, member=member)


@pytest.fixture
def people(community: Community) -> dict[str, Member]:
    """a, b in Kenya; c, d in Peru; e, f in France; g archived; h joins in July.
    Ties: a-b met in a breakout (March 5); b and c were a sent coffee-chat pair (April 2), a
    and d only in a draft round; c, d and e (and an anonymous device) were in a live session
    (May 1), a alone in another; e replied to a (May 20); a and c meet on June 20, after now
    (June 10); in another community, a member met another."""
    joined = date(2025, 6, 1)
    m = {
        name: MemberFactory(community=community, full_name=name.upper(), country=country,
                            joined_on=joined)
        for name, country in [("a", "KE"), ("b", "KE"), ("c", "PE"), ("d", "PE"), ("e", "FR"),
                              ("f", "FR"), ("g", "FR"), ("h", "FR")]
    }  # fmt: skip
    Member.objects.filter(pk=m["g"].pk).update(archived_at=_at(1, 1))
    Member.objects.filter(pk=m["h"].pk).update(joined_on=date(2026, 7, 1))
    _encounter(community, m["a"], m["b"], _at(3, 5))
    _round(community, [m["b"], m["c"]], sent=_at(4, 2))
    _round(community, [m["a"], m["d"]], sent=None)
    _session(community, [m["c"], m["d"], m["e"], None], _at(5, 1))
    _session(community, [m["a"]], _at(5, 2))
    Interaction.objects.create(community=community, source=m["e"], target=m["a"], kind="reply",
                               tool="slack", at=_at(5, 20), external_key="1")  # fmt: skip
    _encounter(community, m["a"], m["c"], _at(6, 20))
    beta = CommunityFactory(slug="beta")
    _encounter(beta, MemberFactory(community=beta), MemberFactory(community=beta), _at(3, 5))
    return m


def test_ties_come_from_every_source_of_the_community_up_to_now(
    community: Community, people: dict[str, Member]
) -> None:
    ids = {m.pk: name for name, m in people.items()}

    ties = community_ties(community=community, through=_at(6, 10))

    assert sorted(
        (tie.source, tie.on.isoformat(), "".join(sorted(ids[tie.member_a] + ids[tie.member_b])))
        for tie in ties
    ) == [
        ("breakout", "2026-03-05", "ab"),
        ("coffee_chat", "2026-04-02", "bc"),
        ("conversation", "2026-05-20", "ae"),
        ("live", "2026-05-01", "cd"),
        ("live", "2026-05-01", "ce"),
        ("live", "2026-05-01", "de"),
    ]


def test_the_half_year_network(community: Community, people: dict[str, Member]) -> None:
    m = people

    figures = network_figures(community=community, start=date(2026, 1, 1), end=date(2026, 6, 30))

    # Members: a to f (g is archived with no tie, h joins after the period).
    assert figures["members"] == 6
    # a-b, b-c, c-d, c-e, d-e, a-e; a-c is after now.
    assert figures["connections"] == 6
    assert [row["new"] for row in figures["new_connections_by_month"]] == [0, 0, 1, 1, 4, 0]
    assert figures["isolates"] == [{"member_id": m["f"].pk, "name": "F"}]
    assert figures["ties_by_source"] == {"breakout": 1, "coffee_chat": 1, "live": 3,
                                         "conversation": 1}  # fmt: skip
    # Africa a, b; Americas c, d; Europe e, f: 6 members, 15 possible pairs, 6 connections.
    # Observed: Africa-Africa a-b; Africa-Americas b-c; Africa-Europe a-e; Americas-Americas
    # c-d; Americas-Europe c-e, d-e; Europe-Europe none. Expected 6 × 1/15 = 0.4 within a
    # group, 6 × 4/15 = 1.6 between two.
    assert [(r["groups"], r["observed"], r["expected"], r["never_meet"])
            for r in figures["mixing"]] == [
        (["Africa", "Africa"], 1, 0.4, False),
        (["Africa", "Americas"], 1, 1.6, False),
        (["Africa", "Europe"], 1, 1.6, False),
        (["Americas", "Americas"], 1, 0.4, False),
        (["Americas", "Europe"], 2, 1.6, False),
        (["Europe", "Europe"], 0, 0.4, False),
    ]  # fmt: skip
    # Bridges: the ring a-b-c-e-a with d on c and e. Shortest paths between non-neighbours:
    # a-c by b or by e (1/2 each); a-d only by e (1); b-e by a or by c (1/2 each); b-d only by
    # c (1). So c and e 1.5, a and b 0.5, d 0; normalised by (6 - 1)(6 - 2)/2 = 10 pairs.
    assert [(b["member_id"], b["betweenness"], b["connections"]) for b in figures["bridges"]] == [
        (m["c"].pk, 0.15, 3),
        (m["e"].pk, 0.15, 3),
        (m["a"].pk, 0.05, 2),
        (m["b"].pk, 0.05, 2),
    ]
    assert len(figures["layout"]["positions"]) == 5


def test_a_period_before_every_tie_has_no_connection(
    community: Community, people: dict[str, Member]
) -> None:
    figures = network_figures(community=community, start=date(2026, 1, 1), end=date(2026, 2, 28))

    assert figures["connections"] == 0
    assert len(figures["isolates"]) == 6
    assert figures["layout"]["positions"] == [] and figures["bridges"] == []


def test_by_country_the_smaller_countries_beyond_eight_are_one_group(
    community: Community,
) -> None:
    codes = ["KE", "UG", "PE", "BR", "FR", "DE", "IN", "NP", "GH", "SN"]
    for index, code in enumerate(codes):
        for _ in range(3 if index < 8 else 1):
            MemberFactory(community=community, country=code, joined_on=date(2025, 1, 1))
    MemberFactory(community=community, country="", joined_on=date(2025, 1, 1))

    figures = network_figures(
        community=community, start=date(2026, 1, 1), end=date(2026, 6, 30), grouping="country"
    )

    # The eight countries with three members each; Ghana, Senegal and the member with no
    # country ("Not given", one member) are smaller: one group.
    assert figures["groups"] == sorted(
        ["Kenya", "Uganda", "Peru", "Brazil", "France", "Germany", "India", "Nepal",
         "Other countries"]
    )  # fmt: skip
