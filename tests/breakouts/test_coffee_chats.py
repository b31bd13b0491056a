"""Coffee-chat rounds: opting in, pairing that avoids earlier pairs, odd counts, e-mails."""

import re
from itertools import combinations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.activities.models import Encounter
from roundtable.breakouts import coffee_chats
from roundtable.breakouts.coffee_chats import CoffeeChatError
from roundtable.breakouts.models import CoffeeChatOptIn, CoffeeChatPair, CoffeeChatRound
from roundtable.needs.models import Need
from tests.factories import MemberFactory, NeedFactory, TagFactory


def _opted(community, count: int, **fields) -> list:
    members = [
        MemberFactory(community=community, full_name=f"Chat {i}", **fields) for i in range(count)
    ]
    for member in members:
        coffee_chats.coffee_chat_opt_in(member=member)
    return members


def _pairs(round_: CoffeeChatRound) -> list[set[int]]:
    return [set(p.members.values_list("pk", flat=True)) for p in round_.pairs.all()]


def _send(round_: CoffeeChatRound) -> None:
    coffee_chats.coffee_chat_round_send(round_=round_)  # immediate backend under test
    round_.refresh_from_db()


def test_everyone_is_paired_once_and_an_odd_count_gives_one_trio(community) -> None:
    members = _opted(community, 7)
    round_ = coffee_chats.coffee_chat_round_preview(community=community)
    groups = _pairs(round_)
    assert sorted(len(g) for g in groups) == [2, 2, 3]
    assert set().union(*groups) == {m.pk for m in members}
    trio = CoffeeChatPair.objects.get(
        round=round_, pk__in=[p.pk for p in round_.pairs.all() if p.members.count() == 3]
    )
    assert "an odd number of people: one group of three" in trio.reasons


def test_earlier_pairs_and_encounters_are_avoided(community) -> None:
    members = _opted(community, 6)
    first = coffee_chats.coffee_chat_round_preview(community=community, seed=1)
    _send(first)
    earlier = {frozenset(g) for g in _pairs(first)}
    a, b = sorted(m.pk for m in members if frozenset({m.pk}) not in earlier)[:2]
    met = {tuple(sorted(pair)) for group in _pairs(first) for pair in combinations(group, 2)}
    # One more pair met in a breakout.
    candidates = [p for p in combinations(sorted(m.pk for m in members), 2) if p not in met]
    Encounter.objects.create(
        community=community,
        member_a_id=candidates[0][0],
        member_b_id=candidates[0][1],
        met_at=first.created_at,
        first=True,
    )
    met.add(candidates[0])
    second = coffee_chats.coffee_chat_round_preview(community=community, seed=2)
    for group in _pairs(second):
        for pair in combinations(sorted(group), 2):
            assert pair not in met
    assert a and b


def test_a_draft_is_not_a_past_pair(community) -> None:
    _opted(community, 2)
    coffee_chats.coffee_chat_round_preview(community=community)
    second = coffee_chats.coffee_chat_round_preview(community=community)
    assert CoffeeChatRound.objects.count() == 1  # the earlier preview was replaced
    assert not any("met before" in r for r in second.pairs.get().reasons)


def test_expertise_and_hours_are_the_reasons(community) -> None:
    gis = TagFactory(community=community, name="gis")
    needy = MemberFactory(community=community, full_name="Ana Needs", timezone="Europe/Paris")
    expert = MemberFactory(community=community, full_name="Bo Knows", timezone="Europe/Paris")
    other = MemberFactory(community=community, full_name="Cy Other", timezone="Asia/Tokyo")
    far = MemberFactory(community=community, full_name="Di Far", timezone="Asia/Tokyo")
    need = NeedFactory(member=needy, status=Need.Status.OPEN)
    need.tags.add(gis)
    expert.expertise.add(gis)
    for member in (needy, expert, other, far):
        coffee_chats.coffee_chat_opt_in(member=member)
    round_ = coffee_chats.coffee_chat_round_preview(community=community)
    pair = next(p for p in round_.pairs.all() if needy in p.members.all())
    assert set(pair.members.all()) == {needy, expert}
    assert "Ana Needs needs “gis”, which Bo Knows knows" in pair.reasons


def test_intro_emails_go_once_per_pair_with_the_reasons_and_local_hours(community) -> None:
    lima = MemberFactory(community=community, full_name="Lu Lima", timezone="America/Lima")
    paris = MemberFactory(community=community, full_name="Pia Paris", timezone="Europe/Paris")
    coffee_chats.coffee_chat_opt_in(member=lima, hours_start=8, hours_end=17)
    coffee_chats.coffee_chat_opt_in(member=paris, hours_start=9, hours_end=18)
    round_ = coffee_chats.coffee_chat_round_preview(community=community)
    _send(round_)
    assert round_.status == CoffeeChatRound.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {lima.email, paris.email}
    body = message.body
    assert "Lu Lima and Pia Paris have not met" in body
    assert "overlap by" in body
    # Lima is UTC-5, Paris UTC+1 in winter or UTC+2 in summer: 8-17 Lima and 9-18 Paris share
    # 13:00-17:00 UTC (winter) or 13:00-16:00 (summer): Lima sees it from 08:00.
    assert "Lu Lima (America/Lima): 08:00–" in body
    assert "Pia Paris (Europe/Paris): 14:00–" in body or "Pia Paris (Europe/Paris): 15:00–" in body
    assert coffee_chats.coffee_chat_round_emails_send(round_id=round_.pk) == 0
    assert len(mail.outbox) == 1
    with pytest.raises(CoffeeChatError, match="already sent"):
        coffee_chats.coffee_chat_round_send(round_=round_)


def test_sending_reads_the_pairs_at_once_not_per_pair(community) -> None:
    members = _opted(community, 8)
    round_ = coffee_chats.coffee_chat_round_preview(community=community)
    coffee_chats.coffee_chat_opt_out(member=members[0])  # still introduced, free 9 to 17
    with CaptureQueriesContext(connection) as queries:
        assert coffee_chats.coffee_chat_round_emails_send(round_id=round_.pk) == 4
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 3, selects  # the round, its pairs, their members with hours
    assert len(mail.outbox) == 4


def test_a_round_needs_two_people(community) -> None:
    _opted(community, 1)
    with pytest.raises(CoffeeChatError, match="1 member opted in"):
        coffee_chats.coffee_chat_round_preview(community=community)
    assert not CoffeeChatRound.objects.exists()


def test_staff_opt_in_is_all_or_nothing(community, other_community) -> None:
    ana = MemberFactory(community=community, email="ana@example.org")
    stranger = MemberFactory(community=other_community, email="zed@example.org")
    with pytest.raises(CoffeeChatError, match="zed@example.org") as raised:
        coffee_chats.coffee_chat_opt_in_many(
            community=community, people=["ana@example.org", stranger.email]
        )
    assert raised.value.field == "people"
    assert not CoffeeChatOptIn.objects.exists()
    assert (
        coffee_chats.coffee_chat_opt_in_many(community=community, people=["ANA@example.org"]) == 1
    )
    assert CoffeeChatOptIn.objects.get().member == ana


def test_the_member_opts_in_and_out_from_their_page(client, community) -> None:
    member = MemberFactory(community=community)
    page = reverse("member_self", args=[community.slug, member.access_token])
    assert "Yes, pair me for coffee chats" in client.get(page).content.decode()
    url = reverse("coffee_chat_self", args=[community.slug, member.access_token])
    response = client.post(url, {"hours_start": "7", "hours_end": "15"})
    assert response.status_code == 302 and response["Location"] == page
    assert CoffeeChatOptIn.objects.get(member=member).hours_start == 7
    client.post(url, {"hours_start": "7", "hours_end": "7"})
    assert CoffeeChatOptIn.objects.get(member=member).hours_end == 15
    client.post(url, {"action": "out"})
    assert not CoffeeChatOptIn.objects.filter(member=member).exists()


def test_the_coffee_chat_page_previews_sends_and_lists(manager_client, community) -> None:
    _opted(community, 5)
    base = reverse("coffee_chats", args=[community.slug])
    response = manager_client.post(reverse("coffee_chat_round_new", args=[community.slug]))
    assert response.status_code == 302
    draft = CoffeeChatRound.objects.get()
    page = manager_client.get(base).content.decode()
    assert "Preview: 2 pairs" in page and "have not met" in page
    manager_client.post(
        reverse("coffee_chat_round_action", args=[community.slug, draft.pk]), {"action": "send"}
    )
    assert len(mail.outbox) == 2
    page = manager_client.get(base).content.decode()
    assert "Past rounds" in page and "introduced" in page
    bad = manager_client.post(
        reverse("coffee_chat_opt_in", args=[community.slug]), {"people": "nobody@example.org"}
    )
    assert bad.status_code == 400
    assert "Not a member of this community: nobody@example.org" in bad.content.decode()


def test_the_self_opt_in_form_carries_a_working_csrf_token(community) -> None:
    member = MemberFactory(community=community)
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("member_self", args=[community.slug, member.access_token]))
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"[^<]*</form>|'
        r'action="[^"]*coffee-chats/me/[^"]*"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        page.content.decode(),
    )
    assert token is not None
    response = client.post(
        reverse("coffee_chat_self", args=[community.slug, member.access_token]),
        {
            "csrfmiddlewaretoken": token.group(2) or token.group(1),
            "hours_start": "9",
            "hours_end": "17",
        },
    )
    assert response.status_code == 302
    assert CoffeeChatOptIn.objects.filter(member=member).exists()
