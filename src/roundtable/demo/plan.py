"""Plan the demo community: who its members are, what they need, and when they took part.

Pure Python, no Django: :func:`demo_plan` turns the data in ``people``, ``needs_text`` and
``programme`` into plain records that :mod:`roundtable.demo.services` writes to the database.
A fixed random seed makes the demo the same every time; dates are relative to ``now`` so the
year of history always ends today.

Participation is planned from a target level per member (a small core, more active and
occasional members, a long tail of peripheral and inactive ones). The real levels are then
computed from the records by the product's own rules, so the thresholds a manager changes
later act on this history like on any other.
"""

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from roundtable.demo.needs_text import NEEDS, TEMPLATE_DETAILS, TEMPLATES
from roundtable.demo.people import (
    COUNTRIES,
    INTERNATIONAL_ORGANISATIONS,
    NAME_POOLS,
    REGULATOR,
    ROLES,
    TAGS,
    Country,
)
from roundtable.demo.programme import ACTIVITIES, PastActivity, activity_title
from roundtable.domain.places import country_name, region_of

SEED = 20240917
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
HISTORY_DAYS = 3 * 365  # members joined over the last three years

# Target shares of each level (the rest are inactive): what a healthy network of ~300 looks like.
TARGET_SHARES = (("core", 0.065), ("active", 0.15), ("occasional", 0.25), ("peripheral", 0.20))
NEEDS_FROM_TEMPLATES = 44

_BIOS = (
    "{years} years in the water sector, the last few on {tag}.",
    "Started as a field engineer; now {role_lower}. Happy to talk about {tag}.",
    "Joined the network to learn from peers on {tag} and {tag2}.",
    "Mostly here to listen, sometimes to share what worked for us on {tag}.",
)


@dataclass
class PlannedMember:
    full_name: str
    email: str
    organisation: str
    organisation_kind: str
    country: str
    timezone: str
    languages: str
    role: str
    bio: str
    expertise: tuple[str, ...]
    interests: tuple[str, ...]
    joined_on: date
    target_level: str = "inactive"


@dataclass(frozen=True)
class PlannedNeed:
    member: int  # index into DemoPlan.members
    text: str
    tags: tuple[str, ...]
    urgency: int
    status: str
    source: str
    created_at: datetime
    addressed_at: datetime | None = None


@dataclass(frozen=True)
class PlannedRecord:
    member: int
    kind: str  # "attendance" or "contribution"
    activity_title: str
    detail: str
    occurred_at: datetime


@dataclass
class DemoPlan:
    members: list[PlannedMember] = field(default_factory=list)
    needs: list[PlannedNeed] = field(default_factory=list)
    records: list[PlannedRecord] = field(default_factory=list)
    steering_committee: list[int] = field(default_factory=list)
    login_member: int = 0  # the member whose profile the member login shows


def demo_plan(*, now: datetime, seed: int = SEED) -> DemoPlan:
    """The whole demo community as plain records; the same ``now`` and ``seed`` give the same plan.

    ``now`` must be timezone-aware. Every date in the plan is on or before ``now``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    rng = random.Random(seed)
    today = now.astimezone(UTC).date()
    plan = DemoPlan()
    plan.members = _members(rng, today)
    _assign_target_levels(rng, plan.members, today)
    plan.records = _records(rng, plan.members, today)
    plan.needs = _needs(rng, plan.members, now)
    plan.steering_committee = _steering_committee(plan.members)
    plan.login_member = next(
        i for i, m in enumerate(plan.members) if m.country == "KE" and m.target_level == "active"
    )
    return plan


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -")).lower()


def _email(rng: random.Random, full_name: str, taken: set[str]) -> str:
    given, _, family = full_name.partition(" ")
    local = f"{_ascii(given)}.{_ascii(family)}".replace(" ", "").replace("'", "")
    domain = rng.choice(EMAIL_DOMAINS)
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def _languages(rng: random.Random, country: Country) -> str:
    spoken = [country.languages[0]]
    for language in country.languages[1:]:
        if rng.random() < 0.45:
            spoken.append(language)
    # The network works in English; most members who do not list it first still speak it.
    if "English" not in spoken and rng.random() < 0.6:
        spoken.append("English")
    return ", ".join(spoken)


def _members(rng: random.Random, today: date) -> list[PlannedMember]:
    members: list[PlannedMember] = []
    taken_emails: set[str] = set()
    for country in COUNTRIES:
        given_names, family_names = NAME_POOLS[country.names]
        used_names: set[str] = set()
        for _ in range(country.members):
            full_name = f"{rng.choice(given_names)} {rng.choice(family_names)}"
            while full_name in used_names:
                full_name = f"{rng.choice(given_names)} {rng.choice(family_names)}"
            used_names.add(full_name)
            if rng.random() < 0.22:
                organisation, kind = rng.choice(INTERNATIONAL_ORGANISATIONS)
            else:
                organisation, kind = rng.choice(country.organisations)
            role, expertise = rng.choice(ROLES[kind])
            interests = tuple(
                rng.sample([t for t in TAGS if t not in expertise], k=rng.randint(1, 4))
            )
            # Zones: mostly the country's main one; the others where people really live.
            zone = country.zones[0] if rng.random() < 0.7 else rng.choice(country.zones)
            bio = ""
            if rng.random() < 0.45:
                bio = rng.choice(_BIOS).format(
                    years=rng.randint(3, 28),
                    tag=expertise[0],
                    tag2=interests[0],
                    role_lower=role[0].lower() + role[1:],
                )
            # Joining was steady, with a bump after the first Knowledge Fair two years ago.
            days_ago = rng.randint(7, HISTORY_DAYS)
            if rng.random() < 0.1:
                days_ago = rng.randint(600, 700)
            members.append(
                PlannedMember(
                    full_name=full_name,
                    email=_email(rng, full_name, taken_emails),
                    organisation=organisation,
                    organisation_kind=kind,
                    country=country.code,
                    timezone=zone,
                    languages=_languages(rng, country),
                    role=role,
                    bio=bio,
                    expertise=expertise,
                    interests=interests,
                    joined_on=today - timedelta(days=days_ago),
                )
            )
    return members


def _activity_day(activity: PastActivity, today: date) -> date:
    return today - timedelta(days=activity.days_ago)


def _eligible(member: PlannedMember, activity: PastActivity, today: date) -> bool:
    """Whether the member could have come: they had joined, and they were its audience."""
    day = _activity_day(activity, today)
    if member.joined_on > day:
        return False
    if activity.audience is None:
        return True
    what, value = activity.audience
    if what == "region":
        return region_of(member.country) == value
    if what == "language":
        return value in member.languages
    if what == "kind":
        return member.organisation_kind == value or "Regula" in member.organisation
    if what == "new":
        return (day - member.joined_on).days <= int(value)
    raise ValueError(f"unknown audience {what!r}")


def _assign_target_levels(rng: random.Random, members: list[PlannedMember], today: date) -> None:
    """Give each member the level their history will be planned for.

    Long-standing members are likelier to be core or active; very new members mostly have not
    come yet, which is what the "new members who have not attended" segment is for.
    """
    eligible_count = [sum(_eligible(m, a, today) for a in ACTIVITIES) for m in members]
    order = list(range(len(members)))
    rng.shuffle(order)
    # Core and active come mostly from those who could have joined many activities.
    order.sort(key=lambda i: -eligible_count[i] * rng.uniform(0.4, 1.0))
    quotas = {level: round(share * len(members)) for level, share in TARGET_SHARES}
    engaged = quotas["core"] + quotas["active"]
    for position, i in enumerate(order[:engaged]):
        members[i].target_level = "core" if position < quotas["core"] else "active"
    # Occasional and peripheral members come from the whole rest of the community.
    rest = order[engaged:]
    occasional = rng.sample([i for i in rest if eligible_count[i] >= 2], k=quotas["occasional"])
    for i in occasional:
        members[i].target_level = "occasional"
    taken = set(occasional)
    peripheral = rng.sample(
        [i for i in rest if eligible_count[i] >= 1 and i not in taken], k=quotas["peripheral"]
    )
    for i in peripheral:
        members[i].target_level = "peripheral"


def _counts_for(rng: random.Random, level: str) -> tuple[int, int]:
    """(attendances, contributions) that put a member at ``level`` under default thresholds.

    Active members may attend often; what keeps them out of the core is that they contribute
    fewer than three times.
    """
    if level == "core":
        return rng.randint(8, 18), rng.randint(3, 6)
    if level == "active":
        contributions = rng.choice((0, 1, 1, 2))
        return rng.randint(4, 10) - contributions, contributions
    if level == "occasional":
        contributions = 1 if rng.random() < 0.15 else 0
        return rng.randint(2, 3) - contributions, contributions
    if level == "peripheral":
        return 1, 0
    return 0, 0


def _records(rng: random.Random, members: list[PlannedMember], today: date) -> list[PlannedRecord]:
    """Fill each activity up to its size from eligible members who still have visits planned.

    Draws are weighted by how many visits a member has left, so the core fills first and a
    peripheral member comes once; activities with the narrowest audience are filled first so
    their audience is not used up by the big webinars. A member whose plan cannot be met (no
    room left where they were eligible) simply ends up a little less engaged.
    """
    planned = [_counts_for(rng, m.target_level) for m in members]
    visits_left = [attendances for attendances, _ in planned]
    eligible = [
        [i for i, m in enumerate(members) if _eligible(m, activity, today)]
        for activity in ACTIVITIES
    ]
    # Scale the sizes to the visits planned, keeping every activity at ten people or more.
    scale = min(1.0, sum(visits_left) / sum(a.size for a in ACTIVITIES))
    sizes = [max(10, round(a.size * scale)) for a in ACTIVITIES]
    attended: list[list[int]] = [[] for _ in members]
    for j in sorted(range(len(ACTIVITIES)), key=lambda j: len(eligible[j])):
        pool = [i for i in eligible[j] if visits_left[i] > 0]
        weights = [float(visits_left[i]) for i in pool]
        for i in _weighted_sample(rng, pool, weights, sizes[j]):
            visits_left[i] -= 1
            attended[i].append(j)

    starts = [
        datetime.combine(_activity_day(a, today), time(a.hour_utc), tzinfo=UTC) for a in ACTIVITIES
    ]
    titles = [activity_title(a, today) for a in ACTIVITIES]
    records: list[PlannedRecord] = []
    for i, activities in enumerate(attended):
        for j in sorted(activities):
            detail = ACTIVITIES[j].attendance_detail
            records.append(PlannedRecord(i, "attendance", titles[j], detail, starts[j]))
        contributions = min(planned[i][1], len(activities))
        for j in sorted(rng.sample(activities, k=contributions)):
            records.append(
                PlannedRecord(
                    i,
                    "contribution",
                    titles[j],
                    rng.choice(ACTIVITIES[j].contributions),
                    starts[j] + timedelta(minutes=rng.randint(10, 80)),
                )
            )
    return records


def _weighted_sample(
    rng: random.Random, items: list[int], weights: list[float], k: int
) -> list[int]:
    """k distinct items, each draw weighted among those left (Efraimidis–Spirakis)."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda p: -(rng.random() ** (1 / p[1])))
    return [item for item, _ in keyed[:k]]


def _needs(rng: random.Random, members: list[PlannedMember], now: datetime) -> list[PlannedNeed]:
    needs: list[PlannedNeed] = []
    per_member: Counter[int] = Counter()

    def writer(kinds: tuple[str, ...]) -> int:
        fitting = [
            i
            for i, m in enumerate(members)
            if (
                not kinds
                or m.organisation_kind in kinds
                or (REGULATOR in kinds and "Regula" in m.organisation)
            )
            and per_member[i] < 2
        ]
        choice = rng.choice(fitting)
        per_member[choice] += 1
        return choice

    def planned(member: int, text: str, tags: tuple[str, ...], urgency: int) -> PlannedNeed:
        joined = datetime.combine(members[member].joined_on, time(9), tzinfo=UTC)
        earliest = max(joined, now - timedelta(days=420))
        created = earliest + (now - earliest) * rng.random()
        # Older needs are likelier to have been taken up by an activity by now.
        age_days = (now - created).days
        roll = rng.random() * (1.0 if age_days > 120 else 0.7)
        status = "addressed" if roll > 0.84 else "being_addressed" if roll > 0.64 else "open"
        source = rng.choices(("intake", "survey", "conversation"), weights=(45, 35, 20))[0]
        # An addressed need was taken up some weeks after it was stated.
        addressed = created + (now - created) * 0.6 if status == "addressed" else None
        return PlannedNeed(member, text, tags, urgency, status, source, created, addressed)

    for need in NEEDS:
        needs.append(planned(writer(need.writers), need.text, need.tags, need.urgency))
    for _ in range(NEEDS_FROM_TEMPLATES):
        template, template_tags, urgency = rng.choice(TEMPLATES)
        detail, detail_tag = rng.choice(TEMPLATE_DETAILS)
        member = writer(())
        text = template.format(detail=detail, place=country_name(members[member].country))
        tags = tuple(dict.fromkeys((detail_tag, *template_tags)))
        urgency = max(1, min(4, urgency + rng.choice((-1, 0, 0, 1))))
        needs.append(planned(member, text, tags, urgency))
    return needs


def _steering_committee(members: list[PlannedMember]) -> list[int]:
    """Eight core or active members, from as many regions as possible (the first per region)."""
    chosen: list[int] = []
    regions: set[str] = set()
    engaged = [i for i, m in enumerate(members) if m.target_level in ("core", "active")]
    for i in engaged:
        region = region_of(members[i].country)
        if region not in regions:
            regions.add(region)
            chosen.append(i)
    for i in engaged:
        if len(chosen) == 8:
            break
        if i not in chosen and members[i].target_level == "core":
            chosen.append(i)
    return chosen[:8]
