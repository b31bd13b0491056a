"""A large, believable community for benchmarks: ``large_community(slug, n, seed)``.

Members spread over countries in every region with their real time zones, organisations,
roles, languages, participation levels, expertise and interest tags, joined dates over three
years; about n/5 needs with tags; a few segments. Everything goes in with ``bulk_create`` in
batches, so 100,000 members take seconds, not minutes. Deterministic for a given seed.

Call it after Django is set up and migrated (see benches/bench_segments.py).
"""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.members.models import Member, Tag
from roundtable.members.services import member_search_refresh
from roundtable.needs.models import Need
from roundtable.segments.models import Segment

BATCH = 5000

# (country, weight, zones, languages)
PLACES: list[tuple[str, int, tuple[str, ...], tuple[str, ...]]] = [
    ("KE", 8, ("Africa/Nairobi",), ("English", "Swahili")),
    ("NG", 8, ("Africa/Lagos",), ("English", "Yoruba", "Hausa")),
    ("GH", 4, ("Africa/Accra",), ("English",)),
    ("SN", 3, ("Africa/Dakar",), ("French", "Wolof")),
    ("ZA", 5, ("Africa/Johannesburg",), ("English", "Zulu", "Afrikaans")),
    ("ET", 3, ("Africa/Addis_Ababa",), ("Amharic", "English")),
    ("MA", 2, ("Africa/Casablanca",), ("Arabic", "French")),
    ("UG", 3, ("Africa/Kampala",), ("English", "Luganda")),
    ("PE", 5, ("America/Lima",), ("Spanish", "Quechua")),
    ("BR", 7, ("America/Sao_Paulo", "America/Manaus"), ("Portuguese",)),
    ("MX", 5, ("America/Mexico_City", "America/Tijuana"), ("Spanish",)),
    ("CO", 4, ("America/Bogota",), ("Spanish",)),
    ("US", 6, ("America/New_York", "America/Chicago", "America/Los_Angeles"), ("English",)),
    ("CA", 3, ("America/Toronto", "America/Vancouver"), ("English", "French")),
    ("IN", 8, ("Asia/Kolkata",), ("English", "Hindi")),
    ("BD", 3, ("Asia/Dhaka",), ("Bengali", "English")),
    ("ID", 4, ("Asia/Jakarta", "Asia/Makassar"), ("Indonesian",)),
    ("PH", 4, ("Asia/Manila",), ("Filipino", "English")),
    ("VN", 3, ("Asia/Ho_Chi_Minh",), ("Vietnamese",)),
    ("JO", 2, ("Asia/Amman",), ("Arabic", "English")),
    ("NP", 2, ("Asia/Kathmandu",), ("Nepali", "English")),
    ("GB", 4, ("Europe/London",), ("English",)),
    ("FR", 4, ("Europe/Paris",), ("French",)),
    ("DE", 3, ("Europe/Berlin",), ("German", "English")),
    ("ES", 3, ("Europe/Madrid",), ("Spanish",)),
    ("NL", 2, ("Europe/Amsterdam",), ("Dutch", "English")),
    ("PL", 2, ("Europe/Warsaw",), ("Polish",)),
    ("AU", 3, ("Australia/Sydney", "Australia/Perth"), ("English",)),
    ("NZ", 1, ("Pacific/Auckland",), ("English", "Māori")),
    ("FJ", 1, ("Pacific/Fiji",), ("English", "Fijian")),
]
GIVEN = [
    "Amina",
    "Wanjiru",
    "Kofi",
    "Ana",
    "Maria",
    "José",
    "Priya",
    "Rahul",
    "Nguyen",
    "Siti",
    "Fatima",
    "Omar",
    "Sarah",
    "James",
    "Lucía",
    "Mateus",
    "Chen",
    "Aisha",
    "Tunde",
    "Ngozi",
    "Emma",
    "Lukas",
    "Sofia",
    "Pierre",
    "Aroha",
    "Sione",
    "Ravi",
    "Mei",
    "Juan",
    "Carmen",
]
FAMILY = [
    "Otieno",
    "Mensah",
    "Diallo",
    "Quispe",
    "Silva",
    "Santos",
    "Sharma",
    "Patel",
    "Tran",
    "Rahman",
    "Haddad",
    "Smith",
    "Nkosi",
    "Okafor",
    "Müller",
    "Kowalski",
    "García",
    "Dubois",
    "Kumar",
    "Wijaya",
    "Reyes",
    "Tesfaye",
    "Kamau",
    "Mwangi",
    "Ochieng",
    "Bakker",
    "Nguyen",
    "Hernández",
    "Taufa",
    "Johnson",
]
ORG_KINDS = (
    "Water Utility",
    "Water and Sewerage Company",
    "Regulatory Authority",
    "Ministry of Water",
    "Water Institute",
    "WASH Foundation",
    "Development Bank",
    "University",
)
ROLES = (
    "GIS engineer",
    "Operations manager",
    "Billing officer",
    "Asset manager",
    "Hydraulic engineer",
    "Customer service lead",
    "Regulation analyst",
    "Programme officer",
    "Researcher",
    "Chief executive",
)
TAGS = (
    "leak detection",
    "non-revenue water",
    "gis",
    "pricing",
    "tariffs",
    "billing",
    "smart metering",
    "asset management",
    "climate resilience",
    "drought",
    "flooding",
    "water quality",
    "sanitation",
    "faecal sludge",
    "informal settlements",
    "customer service",
    "digital twins",
    "scada",
    "energy efficiency",
    "pumping",
    "regulation",
    "benchmarking",
    "financing",
    "pro-poor services",
    "gender",
    "capacity building",
    "procurement",
    "public-private partnership",
    "wastewater reuse",
    "groundwater",
    "catchment management",
    "data analytics",
    "mobile payments",
    "pipe materials",
    "pressure management",
    "hydraulic modelling",
    "emergency response",
    "stakeholder engagement",
    "change management",
    "performance contracts",
)
LEVELS = (("core", 5), ("active", 15), ("occasional", 25), ("peripheral", 25), ("inactive", 30))
NEED_TEMPLATES = (
    "We lose too much water to {a} and cannot find the causes fast enough.",
    "Our board asks for a plan on {a}; we have never done it and need examples from peers.",
    "How do other utilities handle {a} together with {b}? We are starting from scratch.",
    "Looking for someone who has introduced {a} in a city of two million people.",
    "Our customers complain about {a}; we need practical steps we can take this year.",
    "We need a simple way to measure progress on {a} that our staff can keep up.",
)

SEGMENT_RULES = {
    "New members in Africa": {
        "match": "all",
        "conditions": [
            {"field": "region", "op": "in", "value": ["Africa"]},
            {"field": "participation_level", "op": "in", "value": ["peripheral", "inactive"]},
        ],
    },
    "GIS and leak experts": {
        "match": "all",
        "conditions": [{"field": "tag", "op": "has_any", "value": ["gis", "leak detection"]}],
    },
    "Americas time zones": {
        "match": "all",
        "conditions": [{"field": "timezone_offset", "op": "between", "value": [-8, -3]}],
    },
    "Open pricing needs": {
        "match": "all",
        "conditions": [
            {"field": "open_need_tag", "op": "has_any", "value": ["pricing", "tariffs"]}
        ],
    },
}


def _batched(model: Any, rows: list[Any], **kwargs: Any) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], **kwargs)


@transaction.atomic
def large_community(slug: str, n: int, seed: int = 1) -> Community:
    """Create the community ``slug`` with ``n`` members, about n/5 needs and four segments.

    The slug must not exist yet. Returns the community.
    """
    rng = random.Random(seed)
    community = Community.objects.create(slug=slug, name=f"{slug.title()} Water Network")
    tags = Tag.objects.bulk_create([Tag(community=community, name=name) for name in TAGS])
    today = timezone.localdate()
    weights = [weight for _, weight, _, _ in PLACES]
    level_names = [name for name, _ in LEVELS]
    level_weights = [weight for _, weight in LEVELS]
    cities = ("Nairobi", "Lima", "Lagos", "Dhaka", "Manila", "Recife", "Accra", "Pune", "Lyon")

    members = []
    for index in range(n):
        country, _, zones, languages = rng.choices(PLACES, weights)[0]
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        members.append(
            Member(
                community=community,
                full_name=f"{given} {family}",
                email=f"{given.lower()}.{family.lower()}.{index}@example.org",
                organisation=f"{rng.choice(cities)} {rng.choice(ORG_KINDS)}",
                country=country,
                timezone=rng.choice(zones),
                languages=", ".join(rng.sample(languages, k=rng.randint(1, len(languages)))),
                role=rng.choice(ROLES),
                joined_on=today - timedelta(days=rng.randint(0, 3 * 365)),
                participation_level=rng.choices(level_names, level_weights)[0],
                source=Member.Source.IMPORT,
            )
        )
    _batched(Member, members)
    member_ids = list(
        Member.objects.filter(community=community).order_by("pk").values_list("pk", flat=True)
    )

    # Tag popularity follows a long tail, as it does in real communities.
    tag_weights = [1 / (rank + 1) for rank in range(len(tags))]
    expertise, interests = [], []
    expertise_through = Member.expertise.through
    interests_through = Member.interests.through
    for member_id in member_ids:
        for tag in set(rng.choices(tags, tag_weights, k=rng.randint(0, 3))):
            expertise.append(expertise_through(member_id=member_id, tag_id=tag.pk))
        for tag in set(rng.choices(tags, tag_weights, k=rng.randint(0, 3))):
            interests.append(interests_through(member_id=member_id, tag_id=tag.pk))
    _batched(expertise_through, expertise)
    _batched(interests_through, interests)

    statuses = [Need.Status.OPEN, Need.Status.BEING_ADDRESSED, Need.Status.ADDRESSED]
    needs = []
    for member_id in rng.sample(member_ids, k=min(len(member_ids), n // 5)):
        a, b = rng.sample(TAGS, k=2)
        needs.append(
            Need(
                community=community,
                member_id=member_id,
                text=rng.choice(NEED_TEMPLATES).format(a=a, b=b),
                urgency=rng.choice(Need.Urgency.values),
                status=rng.choices(statuses, [6, 2, 2])[0],
                source=rng.choice([Need.Source.INTAKE, Need.Source.SURVEY, Need.Source.STAFF]),
            )
        )
    _batched(Need, needs)
    need_tags = []
    need_tag_through = Need.tags.through
    for need_id in Need.objects.filter(community=community).values_list("pk", flat=True):
        for tag in set(rng.choices(tags, tag_weights, k=rng.randint(1, 3))):
            need_tags.append(need_tag_through(need_id=need_id, tag_id=tag.pk))
    _batched(need_tag_through, need_tags)

    for name, rule in SEGMENT_RULES.items():
        Segment.objects.create(community=community, name=name, rule=rule)
    static = Segment.objects.create(community=community, name="Hosts", kind=Segment.Kind.STATIC)
    static.static_members.add(*rng.sample(member_ids, k=min(len(member_ids), 40)))
    # The directory searches one document per member (names, organisation, tags, need words).
    member_search_refresh(community=community)
    return community
