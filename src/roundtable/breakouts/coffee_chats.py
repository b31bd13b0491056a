"""Coffee-chat rounds: members opt in, a manager previews pairs chosen by
``roundtable.domain.groups.pair_people`` and sends one introduction e-mail per pair.

Pairs avoid people who met before (earlier coffee-chat pairs and breakout encounters), prefer
shared working hours and a need of one that the other's expertise covers. Services change
state in one transaction or raise ``CoffeeChatError`` naming the field; the e-mails are sent
by a background task (``tasks.coffee_chat_round_send_task``), once per pair.
"""

from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from roundtable.activities.models import Encounter
from roundtable.after_commit import enqueue_on_commit
from roundtable.breakouts import tasks
from roundtable.breakouts.hours import hours_in_utc, local_text, shared_hours, today_utc
from roundtable.breakouts.models import CoffeeChatOptIn, CoffeeChatPair, CoffeeChatRound
from roundtable.communities.models import Community
from roundtable.domain.groups import PairingPerson, pair_people
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_members
from roundtable.service_error import ServiceError


class CoffeeChatError(ServiceError):
    """A coffee-chat round that cannot be made or sent."""


# Reads


def opt_ins(*, community: Community) -> QuerySet[CoffeeChatOptIn]:
    """Opt-ins of the community's active members, by name."""
    return CoffeeChatOptIn.objects.filter(
        community=community,
        member__archived_at__isnull=True,
        member__anonymised_at__isnull=True,
    ).select_related("member")


def rounds_list(*, community: Community, limit: int = 20) -> list[CoffeeChatRound]:
    """Recent rounds with their pairs and members (three queries whatever the count)."""
    return list(
        CoffeeChatRound.objects.filter(community=community).prefetch_related("pairs__members")[
            :limit
        ]
    )


def round_get(*, community: Community, round_id: int) -> CoffeeChatRound:
    found = CoffeeChatRound.objects.filter(community=community, pk=round_id).first()
    if found is None:
        raise Http404("No such coffee-chat round in this community.")
    return found


def past_pairs(*, community: Community) -> set[tuple[int, int]]:
    """Member id pairs (smaller first) who met: breakout encounters and sent coffee chats."""
    pairs = set(Encounter.objects.filter(community=community).values_list("member_a", "member_b"))
    groups: dict[int, list[int]] = {}
    for pair_id, member_id in CoffeeChatPair.members.through.objects.filter(
        coffeechatpair__round__community=community,
        coffeechatpair__round__status__in=[
            CoffeeChatRound.Status.SENT,
            CoffeeChatRound.Status.SENDING,
        ],
    ).values_list("coffeechatpair_id", "member_id"):
        groups.setdefault(pair_id, []).append(member_id)
    for members in groups.values():
        pairs.update(combinations(sorted(members), 2))
    return pairs


def pairing_people(*, community: Community, on: date | None = None) -> list[PairingPerson]:
    """The opted-in members as the engine's people: hours in UTC, open needs' tags, expertise."""
    on = on or today_utc()
    chosen = list(opt_ins(community=community))
    ids = [o.member_id for o in chosen]
    needs: dict[int, set[str]] = {}
    for member_id, tag in Need.tags.through.objects.filter(
        need__member_id__in=ids, need__status=Need.Status.OPEN
    ).values_list("need__member_id", "tag__name"):
        needs.setdefault(member_id, set()).add(tag)
    expertise: dict[int, set[str]] = {}
    for member_id, tag in Member.expertise.through.objects.filter(member_id__in=ids).values_list(
        "member_id", "tag__name"
    ):
        expertise.setdefault(member_id, set()).add(tag)
    return [
        PairingPerson(
            key=o.member_id,
            hours_utc=hours_in_utc(o.hours_start, o.hours_end, o.member.timezone, on),
            needs=frozenset(needs.get(o.member_id, ())),
            expertise=frozenset(expertise.get(o.member_id, ())),
            name=o.member.full_name,
        )
        for o in chosen
    ]


# Opting in and out


def coffee_chat_opt_in(
    *, member: Member, hours_start: int = 9, hours_end: int = 17
) -> CoffeeChatOptIn:
    """Opt the member in (or update their hours); hours are local, start 0-23, end 1-24."""
    if not 0 <= hours_start <= 23:
        raise CoffeeChatError("An hour from 0 to 23.", "hours_start")
    if not 1 <= hours_end <= 24 or hours_end == hours_start:
        raise CoffeeChatError("An hour from 1 to 24, not the start hour.", "hours_end")
    if not member.is_active:
        raise CoffeeChatError(f"{member} is archived or deleted.", "people")
    found, _ = CoffeeChatOptIn.objects.update_or_create(
        member=member,
        defaults={
            "community": member.community,
            "hours_start": hours_start,
            "hours_end": hours_end,
        },
    )
    return found


def coffee_chat_opt_out(*, member: Member) -> None:
    CoffeeChatOptIn.objects.filter(member=member).delete()


@transaction.atomic
def coffee_chat_opt_in_many(
    *, community: Community, people: Iterable[str] = (), segment_id: str = ""
) -> int:
    """Opt in members named by e-mail or full name, or a whole segment; returns how many were
    newly opted in. Any unknown name: ``CoffeeChatError`` and nobody is opted in."""
    wanted = [p.strip() for p in people if p.strip()]
    active = Member.objects.filter(community=community).active()
    chosen: set[int] = set()
    unknown = []
    for name in wanted:
        found = list(
            active.filter(Q(email__iexact=name) | Q(full_name__iexact=name)).values_list(
                "pk", flat=True
            )[:2]
        )
        if len(found) != 1:
            unknown.append(name if not found else f"{name} (several members)")
        else:
            chosen.add(found[0])
    if unknown:
        raise CoffeeChatError(f"Not a member of this community: {', '.join(unknown)}.", "people")
    if segment_id:
        segment = Segment.objects.filter(
            community=community, pk=int(segment_id) if segment_id.isdigit() else 0
        ).first()
        if segment is None:
            raise CoffeeChatError("That segment is not one of this community's.", "segment")
        chosen.update(segment_members(segment=segment).values_list("pk", flat=True))
    if not chosen:
        raise CoffeeChatError("Name at least one member, or choose a segment.", "people")
    already = set(
        CoffeeChatOptIn.objects.filter(member_id__in=chosen).values_list("member_id", flat=True)
    )
    CoffeeChatOptIn.objects.bulk_create(
        CoffeeChatOptIn(community=community, member_id=pk) for pk in sorted(chosen - already)
    )
    return len(chosen - already)


# Rounds


@transaction.atomic
def coffee_chat_round_preview(
    *, community: Community, by: Any = None, seed: int = 0
) -> CoffeeChatRound:
    """A draft round pairing everyone opted in (replacing any earlier draft), with reasons."""
    people = pairing_people(community=community)
    if len(people) < 2:
        raise CoffeeChatError(
            f"{len(people)} member{'s' if len(people) != 1 else ''} opted in: "
            "a round needs at least 2."
        )
    pairs = pair_people(people, past_pairs(community=community), seed=seed)
    CoffeeChatRound.objects.filter(
        community=community, status=CoffeeChatRound.Status.DRAFT
    ).delete()
    round_ = CoffeeChatRound.objects.create(
        community=community,
        seed=seed,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    stored = CoffeeChatPair.objects.bulk_create(
        CoffeeChatPair(round=round_, reasons=list(pair.reasons), score=pair.score) for pair in pairs
    )
    through = CoffeeChatPair.members.through
    through.objects.bulk_create(
        through(coffeechatpair_id=row.pk, member_id=int(key))  # type: ignore[call-overload]
        for row, pair in zip(stored, pairs, strict=True)
        for key in pair.keys
    )
    return round_


def coffee_chat_round_discard(*, round_: CoffeeChatRound) -> None:
    if round_.status != CoffeeChatRound.Status.DRAFT:
        raise CoffeeChatError("Only a preview can be discarded; this round was sent.")
    round_.delete()


def coffee_chat_round_send(*, round_: CoffeeChatRound) -> None:
    """Start sending the introductions of a previewed round, in the background."""
    with transaction.atomic():
        updated = CoffeeChatRound.objects.filter(
            pk=round_.pk, status=CoffeeChatRound.Status.DRAFT
        ).update(status=CoffeeChatRound.Status.SENDING)
    if not updated:
        raise CoffeeChatError("This round was already sent.")
    enqueue_on_commit(tasks.coffee_chat_round_send_task, round_.pk)


def _free_hours(member: Member) -> tuple[int, int]:
    """The member's local free hours (start, end): their opt-in's, 9 to 17 once opted out."""
    try:
        opt_in = member.coffee_chat
    except CoffeeChatOptIn.DoesNotExist:
        return 9, 17
    return opt_in.hours_start, opt_in.hours_end


def intro_email(pair: CoffeeChatPair, members: list[Member], on: date) -> tuple[str, str]:
    """(subject, body) of a pair's introduction: who, why, and the shared hours in each
    person's own time zone. ``members`` come with their community and opt-in loaded
    (``select_related("community", "coffee_chat")``), else each is read here."""
    spans = [hours_in_utc(*_free_hours(m), m.timezone, on) for m in members]
    shared = shared_hours(*spans)
    names = [m.full_name for m in members]
    together = ", ".join(names[:-1]) + " and " + names[-1]
    lines = [
        f"Hello {together},",
        "",
        f"You are matched for a coffee chat in {members[0].community.name}. "
        "Take 30 minutes this week or next to meet: a call or a coffee.",
        "",
        "Why you:",
        *[f"- {reason}" for reason in pair.reasons],
        "",
    ]
    if shared:
        lines.append("The hours you are all free, each in your own time:")
        for member in members:
            zone = member.timezone or "UTC"
            lines.append(f"- {member.full_name} ({zone}): {local_text(shared, zone, on)}")
    else:
        lines.append("Your working hours do not overlap: find a time at the edge of your days.")
    lines += ["", "Reply to all to find a time. Enjoy the conversation!"]
    return f"Coffee chat: meet {together}", "\n".join(lines)


def coffee_chat_round_emails_send(*, round_id: int) -> int:
    """Send each pair of the round its introduction, once (pairs already sent are skipped);
    returns the number of e-mails sent and marks the round sent."""
    round_ = CoffeeChatRound.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    on = today_utc()
    sent = 0
    members_loaded = Member.objects.select_related("community", "coffee_chat")
    for pair in round_.pairs.filter(email_sent_at__isnull=True).prefetch_related(
        Prefetch("members", queryset=members_loaded)
    ):
        with transaction.atomic():
            claimed = CoffeeChatPair.objects.filter(pk=pair.pk, email_sent_at__isnull=True).update(
                email_sent_at=timezone.now()
            )
            if not claimed:
                continue
            members = sorted(pair.members.all(), key=lambda m: m.full_name)
            recipients = [m.email for m in members if m.email]
            if len(members) >= 2 and recipients:
                subject, body = intro_email(pair, members, on)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
                sent += 1
    CoffeeChatRound.objects.filter(pk=round_id).update(
        status=CoffeeChatRound.Status.SENT, sent_at=timezone.now()
    )
    return sent
