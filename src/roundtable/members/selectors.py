"""Reads of members: the directory, a profile, the activity history and community insights."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT, window_start
from roundtable.domain.places import country_choices, country_name
from roundtable.domain.search import search_terms
from roundtable.members import events
from roundtable.members.member_filters import MemberGroup, member_filter_groups
from roundtable.members.member_sorts import MEMBER_SORTS
from roundtable.members.models import (
    PROFILE_FIELDS,
    Interaction,
    Member,
    MemberEmail,
    ParticipationRecord,
    Tag,
)

_LEVEL_RANK = Case(
    *[
        When(participation_level=lv.value, then=Value(i))
        for i, lv in enumerate(LEVELS_BY_ENGAGEMENT)
    ],
    output_field=IntegerField(),
)
_SORTS: dict[str, list[Any]] = {
    "name": ["full_name", "id"],
    "-joined": ["-joined_on", "full_name"],
    "joined": ["joined_on", "full_name"],
    "organisation": ["organisation", "full_name"],
    "country": ["country", "full_name"],
    "level": [_LEVEL_RANK, "full_name"],
}


def member_get(*, community: Community, member_id: int) -> Member:
    """The community's member with this id, or 404 (also for another community's member)."""
    return get_object_or_404(Member.objects.filter(community=community), pk=member_id)


def member_by_token(*, community: Community, token: str) -> Member:
    """The active member whose personal link carries ``token``, or 404."""
    return get_object_or_404(
        Member.objects.filter(community=community).active(), access_token=token
    )


def address_owner(
    *, community_id: int, email: str, except_member_id: int | None = None
) -> Member | None:
    """The member (other than ``except_member_id``) known by ``email``, as their primary or one
    of their other addresses, compared without case; None when the address is free."""
    email = email.strip()
    if not email:
        return None
    primary = Member.objects.filter(community_id=community_id, email__iexact=email)
    other = MemberEmail.objects.filter(community_id=community_id, email__iexact=email)
    if except_member_id is not None:
        primary = primary.exclude(pk=except_member_id)
        other = other.exclude(member_id=except_member_id)
    owner = primary.first()
    if owner is None and (row := other.select_related("member").first()) is not None:
        owner = row.member
    return owner


def members_by_address(*, community_id: int, members: Iterable[Member]) -> dict[str, Member]:
    """Every address of these members of the community (primary and other ones), casefolded,
    to the member: what imports match people by. One query for the other addresses."""
    by_id = {m.pk: m for m in members}
    by_address = {
        email.casefold(): by_id[member_id]
        for email, member_id in MemberEmail.objects.filter(community_id=community_id).values_list(
            "email", "member_id"
        )
        if member_id in by_id
    }
    # A primary address wins over another member's secondary one (which the services refuse).
    by_address.update((m.email.casefold(), m) for m in by_id.values() if m.email)
    return by_address


def member_other_emails(*, member: Member) -> list[str]:
    """The member's other addresses, in alphabetical order."""
    return list(member.other_emails.values_list("email", flat=True))


def _search_q(text: str) -> Q:
    """Every word of the query must appear in the member's search document."""
    query = Q()
    for term in search_terms(text):
        query &= Q(search_text__contains=term)
    return query


def member_directory(
    *,
    community: Community,
    q: str = "",
    country: str = "",
    timezone_name: str = "",
    level: str = "",
    groups: Iterable[MemberGroup] = (),
    status: str = "active",
    sort: str = "name",
) -> QuerySet[Member]:
    """The members matching the directory's search and filters (in every one of ``groups``,
    chosen in the filters other apps register), sorted, tags prefetched."""
    members = Member.objects.filter(community=community)
    if status == "archived":
        members = members.filter(archived_at__isnull=False, anonymised_at__isnull=True)
    elif status != "all":
        members = members.active()
    if q.strip():
        members = members.filter(_search_q(q))
    if country:
        members = members.filter(country=country)
    if timezone_name:
        members = members.filter(timezone=timezone_name)
    if level:
        members = members.filter(participation_level=level)
    for group in groups:
        members = members.filter(group.condition(""))
    # The directory shows expertise only; interests are on the profile.
    registered = MEMBER_SORTS.get(sort)
    order = registered.order_by if registered else _SORTS.get(sort, _SORTS["name"])
    return members.order_by(*order).prefetch_related("expertise")


# What the members' directory shows of a person: never the e-mail or anything else.
PEOPLE_FIELDS = ("id", "community_id", "full_name", "organisation", "country")


def _listed(community: Community) -> QuerySet[Member]:
    return Member.objects.filter(community=community, listed_in_directory=True).active()


def _people_word_q(community: Community, word: str) -> Q:
    """A listed member matches a word by name, organisation, country name or expertise tag."""
    lowered = word.lower()
    codes = [code for code, name in country_choices() if lowered in name.lower()]
    experts = Member.expertise.through.objects.filter(
        tag__community=community, tag__name__icontains=word
    ).values("member_id")
    return (
        Q(full_name__icontains=word)
        | Q(organisation__icontains=word)
        | Q(country__in=codes)
        | Q(pk__in=experts)
    )


def people_directory(
    *, community: Community, q: str = "", country: str = "", expertise: str = ""
) -> QuerySet[Member]:
    """The members' directory: the active members who agreed to be listed, matching every word
    of ``q`` (see :func:`_people_word_q`), in ``country`` and with the ``expertise`` tag when
    given, by name, with their expertise prefetched. Only :data:`PEOPLE_FIELDS` are read."""
    people = _listed(community)
    for word in q.split()[:10]:
        people = people.filter(_people_word_q(community, word[:100]))
    if country:
        people = people.filter(country=country)
    if expertise:
        people = people.filter(expertise__name=expertise)
    return (
        people.only(*PEOPLE_FIELDS)
        .order_by("full_name", "id")
        .prefetch_related(Prefetch("expertise", queryset=Tag.objects.only("id", "name")))
    )


def people_choices(*, community: Community) -> dict[str, list[tuple[str, str]]]:
    """The countries and expertise tags of the listed members, for the directory's filters.

    Cached like the staff directory's places and forgotten with them
    (:func:`directory_places_forget`): the distinct tags of 50,000 listed members took most of
    the page's time at 100,000 members."""
    key = "people-" + _places_cache_key(community)
    cached = cache.get(key)
    if cached is not None:
        return cast(dict[str, list[tuple[str, str]]], cached)
    listed = _listed(community).order_by()
    codes = listed.exclude(country="").values_list("country", flat=True).distinct()
    tags = (
        Tag.objects.filter(experts__in=listed.values("pk"))
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )
    choices = {
        "countries": sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1]),
        "expertise": [(name, name) for name in tags],
    }
    cache.set(key, choices, PLACES_CACHE_SECONDS)
    return choices


PLACES_CACHE_SECONDS = 600


def _places_cache_key(community: Community) -> str:
    # created_at tells apart two communities that reused an id (a deleted one and its successor)
    return f"directory-places:{community.pk}:{community.created_at.timestamp()}"


def directory_places_forget(*, community: Community) -> None:
    """Drop the cached countries, time zones and organisations, and the members' directory's
    filter choices; member services call this after any change."""
    cache.delete_many(
        [
            _places_cache_key(community),
            _organisations_cache_key(community),
            "people-" + _places_cache_key(community),
        ]
    )


def _organisations_cache_key(community: Community) -> str:
    return f"member-organisations:{community.pk}:{community.created_at.timestamp()}"


def member_organisations(*, community: Community, limit: int) -> list[str]:
    """The first ``limit`` organisations of the community's active members, alphabetically:
    suggestions for a filter. A DISTINCT over every member (0.2 s at 100,000 members on
    SQLite), cached like the directory's places."""
    key = _organisations_cache_key(community)
    cached = cache.get(key)  # (the limit it was read with, what it found)
    if cached is not None and cached[0] >= limit:
        return cast(list[str], cached[1][:limit])
    found = list(
        Member.objects.filter(community=community)
        .active()
        .exclude(organisation="")
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()[:limit]
    )
    cache.set(key, (limit, found), PLACES_CACHE_SECONDS)
    return found


def _directory_places(community: Community) -> dict[str, list[Any]]:
    """The countries and time zones of the community's active members.

    Two DISTINCT scans of the members table cost about 45 ms at 100,000 members on PostgreSQL,
    on every directory page, for lists that change only when members do: they are cached, and
    forgotten by the services that change members.
    """
    cached = cache.get(_places_cache_key(community))
    if cached is not None:
        return cast(dict[str, list[Any]], cached)
    active = Member.objects.filter(community=community).active().order_by()
    codes = active.exclude(country="").values_list("country", flat=True).distinct()
    places: dict[str, list[Any]] = {
        "countries": sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1]),
        "timezones": sorted(
            active.exclude(timezone="").values_list("timezone", flat=True).distinct()
        ),
    }
    cache.set(_places_cache_key(community), places, PLACES_CACHE_SECONDS)
    return places


def directory_choices(*, community: Community) -> dict[str, Any]:
    """The values the directory's filters offer: only those present in the community; and the
    groups of each filter other apps register."""
    levels = [(lv.value, lv.label) for lv in LEVELS_BY_ENGAGEMENT]
    filters = member_filter_groups(community=community)
    return {**_directory_places(community), "levels": levels, "filters": filters}


@dataclass(frozen=True)
class ParticipationSummary:
    attendances: int
    contributions: int
    first: datetime | None
    last: datetime | None
    window_months: int


def member_participation(*, member: Member) -> tuple[ParticipationSummary, QuerySet[Any]]:
    """A member's counts inside the community's window, and their history, newest first."""
    community = member.community
    start = window_start(timezone.now(), community.participation_window_months)
    records = ParticipationRecord.objects.filter(member=member)
    totals = records.aggregate(
        attendances=Count("pk", filter=Q(kind="attendance", occurred_at__gte=start)),
        contributions=Count("pk", filter=Q(kind="contribution", occurred_at__gte=start)),
        first=Min("occurred_at"),
        last=Max("occurred_at"),
    )
    summary = ParticipationSummary(
        attendances=totals["attendances"],
        contributions=totals["contributions"],
        first=totals["first"],
        last=totals["last"],
        window_months=community.participation_window_months,
    )
    return summary, records.order_by("-occurred_at")


@dataclass(frozen=True)
class ActivityHistoryRow:
    title: str
    day: date
    attendances: int
    contributions: int


def activity_history(*, community: Community, limit: int = 200) -> list[ActivityHistoryRow]:
    """Past activities that only the participation records tell of (imported, not planned in
    Roundtable): one row per title and day."""
    rows = (
        ParticipationRecord.objects.filter(community=community, activity=None)
        .annotate(day=TruncDate("occurred_at"))
        .values("activity_title", "day")
        .annotate(
            attendances=Count("pk", filter=Q(kind="attendance")),
            contributions=Count("pk", filter=Q(kind="contribution")),
        )
        .order_by("-day", "activity_title")[:limit]
    )
    return [
        ActivityHistoryRow(r["activity_title"], r["day"], r["attendances"], r["contributions"])
        for r in rows
    ]


NAMES_AT_ONCE = 2000  # ids per query: SQLite takes a bounded number of parameters


def member_names(member_ids: Iterable[int]) -> dict[int, str]:
    """Each member's name by id, for any number of ids (read in chunks)."""
    ids = list(dict.fromkeys(member_ids))
    names: dict[int, str] = {}
    for at in range(0, len(ids), NAMES_AT_ONCE):
        part = ids[at : at + NAMES_AT_ONCE]
        names.update(Member.objects.filter(pk__in=part).values_list("pk", "full_name"))
    return names


def community_insights(*, community: Community) -> dict[str, Any]:
    """Headline figures: members by level, country and month joined."""
    active = Member.objects.filter(community=community).active()
    total = active.count()
    by_level = dict(
        active.values_list("participation_level")
        .annotate(n=Count("pk"))
        .values_list("participation_level", "n")
    )
    levels = [
        {"level": lv.value, "label": lv.label, "count": by_level.get(lv.value, 0)}
        for lv in LEVELS_BY_ENGAGEMENT
    ]
    countries = [
        {"code": code, "name": country_name(code), "count": n}
        for code, n in active.exclude(country="")
        .values_list("country")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("country", "n")[:15]
    ]
    joined = list(
        active.annotate(month=TruncMonth("joined_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")[:12]
    )
    return {
        "total": total,
        "levels": levels,
        "countries": countries,
        "country_count": active.exclude(country="").values("country").distinct().count(),
        "joined": list(reversed(joined)),
    }


def own_profiles(*, community: Community, user: Any) -> QuerySet[Member]:
    """The active members of ``community`` that are ``user``: linked to the account, or with
    its e-mail address."""
    return (
        Member.objects.filter(community=community)
        .active()
        .filter(Q(user=user) | Q(email=user.email))
    )


def member_data_export(*, member: Member) -> dict[str, Any]:
    """Everything Roundtable holds about one member, for an access request: their profile,
    tags and participation records, and what each other app answers to ``events.member_data``
    (needs, registrations, invitations, live participation, named feedback, segments).

    Plain JSON values only; nothing about any other member.
    """
    profile: dict[str, Any] = {
        field: getattr(member, field)
        for field in (*PROFILE_FIELDS, "participation_level", "source")
        if field != "joined_on"  # a date: written below, as text
    }
    profile["joined_on"] = member.joined_on.isoformat()
    for field in ("created_at", "updated_at", "archived_at", "anonymised_at"):
        value = getattr(member, field)
        profile[field] = value.isoformat() if value else None
    profile["has_login"] = member.user_id is not None
    records = ParticipationRecord.objects.filter(member=member).order_by("occurred_at", "pk")
    data: dict[str, Any] = {
        "community": member.community.name,
        "exported_at": timezone.now().isoformat(),
        "profile": profile,
        "expertise": sorted(tag.name for tag in member.expertise.all()),
        "interests": sorted(tag.name for tag in member.interests.all()),
        "participation": [
            {
                "kind": r.kind,
                "activity": r.activity_title,
                "detail": r.detail,
                "occurred_at": r.occurred_at.isoformat(),
                "source": r.source,
            }
            for r in records
        ],
        "other_emails": member_other_emails(member=member),
        "aliases": sorted(member.aliases.values_list("alias", flat=True)),
        "interactions": [
            {
                "kind": i.kind,
                "with": i.target.full_name if i.source_id == member.pk else i.source.full_name,
                "direction": "by them" if i.source_id == member.pk else "to them",
                "tool": i.tool,
                "at": i.at.isoformat(),
            }
            for i in Interaction.objects.filter(Q(source=member) | Q(target=member))
            .select_related("source", "target")
            .order_by("at", "pk")
        ],
    }
    for _, sections in events.member_data.send(sender=Member, member_id=member.pk):
        data.update(cast(dict[str, Any], sections))
    return data
