"""Countries, world regions and time zones: validation and look-ups, no Django.

Regions follow the United Nations geoscheme (M49) at the level community managers use:
Africa, Americas, Asia, Europe, Oceania (Antarctica and uninhabited territories have none).
"""

import csv
import zoneinfo
from datetime import datetime
from functools import cache
from importlib import resources

import pycountry

_REGION_MEMBERS = {
    "Africa": (
        "DZ AO BJ BW IO BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET TF GA GM GH GN GW KE LS LR "
        "LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW"
    ),
    "Americas": (
        "AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY "
        "HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX GS SR TT TC US UM UY VE VG VI"
    ),
    "Asia": (
        "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP "
        "KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE"
    ),
    "Europe": (
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE LV LI LT LU "
        "MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB"
    ),
    "Oceania": (
        "AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF"
    ),
}
REGIONS: tuple[str, ...] = tuple(_REGION_MEMBERS)
COUNTRY_REGION: dict[str, str] = {
    code: region for region, codes in _REGION_MEMBERS.items() for code in codes.split()
}

# Names people commonly write that the ISO list spells differently.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "usa": "US",
    "united states of america": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "cape verde": "CV",
    "swaziland": "SZ",
    "burma": "MM",
    "palestine": "PS",
    "taiwan": "TW",
    "the netherlands": "NL",
    "holland": "NL",
    "turkey": "TR",
    "türkiye": "TR",
    "macedonia": "MK",
    "east timor": "TL",
    "micronesia": "FM",
    "the gambia": "GM",
    "brunei": "BN",
    "vatican": "VA",
    "kosovo": "XK",
}


class PlaceError(ValueError):
    """A country or time zone that cannot be recognised.

    ``str(error)`` names the value; ``reason`` is the same sentence without it, for reports that
    show the value in a column of its own (the import's error table).
    """

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"“{value}” {reason}")
        self.value = value
        self.reason = reason


def country_code(value: str) -> str:
    """The ISO 3166 alpha-2 code for a code (alpha-2 or alpha-3) or an English country name.

    Returns "" for an empty value; raises PlaceError for anything it cannot recognise.
    """
    text = value.strip()
    if not text:
        return ""
    alias = _COUNTRY_ALIASES.get(text.lower())
    if alias:
        return alias
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        raise PlaceError(
            text, "is not a country we recognise; use a name like Kenya or a code like KE"
        ) from None
    return str(country.alpha_2)


@cache
def _country_names() -> dict[str, str]:
    names = {str(c.alpha_2): str(getattr(c, "common_name", c.name)) for c in pycountry.countries}
    names["XK"] = "Kosovo"
    return names


def country_name(code: str) -> str:
    """The English short name for an alpha-2 code, or the code itself if unknown."""
    return _country_names().get(code, code)


def country_choices() -> list[tuple[str, str]]:
    return sorted(_country_names().items(), key=lambda item: item[1])


def region_of(code: str) -> str:
    return COUNTRY_REGION.get(code, "")


def countries_in_region(region: str) -> list[str]:
    return sorted(code for code, r in COUNTRY_REGION.items() if r == region)


@cache
def timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _tzdata_text(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@cache
def zone_countries() -> dict[str, str]:
    """Each current IANA zone with a country (zone.tab of the tzdata package) → its ISO code."""
    lines = (line for line in _tzdata_text("zone.tab").splitlines() if line[:1] != "#")
    return {row[2]: row[0] for row in csv.reader(lines, delimiter="\t") if len(row) >= 3}


@cache
def current_timezone_names() -> list[str]:
    """The zones a person picks from: UTC and every zone of zone.tab, sorted; not the old
    names kept as links (Africa/Asmera, Asia/Calcutta, Europe/Kiev), which remain valid."""
    return ["UTC", *sorted(zone_countries())]


@cache
def _zone_links() -> dict[str, str]:
    """Old or alternative zone names → the zone they name (tzdata.zi's "L TARGET LINK")."""
    links = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, link = line.split()[:3]
            links[link] = target
    return links


def timezone_choices(keep: str = "") -> list[tuple[str, str]]:
    """(name, label) of UTC and every current zone, with ``keep`` (a value a record already
    has, an old name perhaps) added so that a form does not refuse its own value."""
    zones = current_timezone_names()
    if keep and keep not in zones and keep in timezone_names():
        zones = sorted([*zones, keep])
    return [(z, z.replace("_", " ")) for z in zones]


def current_timezone(name: str) -> str:
    """``name`` if it is current (see :func:`current_timezone_names`), else the zone an old
    name links to (Asia/Calcutta → Asia/Kolkata; a browser may still report old names), else
    ``name`` unchanged."""
    if name == "UTC" or name in zone_countries():
        return name
    target = _zone_links().get(name, name)
    return target if target == "UTC" or target in zone_countries() else name


def timezone_name(value: str) -> str:
    """Validate an IANA zone name (case-insensitive); returns its canonical spelling."""
    text = value.strip()
    if not text:
        return ""
    if text in timezone_names():
        return text
    lowered = {name.lower(): name for name in timezone_names()}
    if text.lower() in lowered:
        return lowered[text.lower()]
    raise PlaceError(text, "is not a time zone name; use one like Africa/Nairobi or America/Lima")


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone, held for the life of the process: ``ZoneInfo`` keeps only the last few it made,
    so asking each of the ~600 zones its offset read ~600 files from disk every time (a member's
    home, a segment by time zone)."""
    return zoneinfo.ZoneInfo(name)


def utc_offset_hours(zone: str, at: datetime) -> float:
    """The zone's offset from UTC in hours at the instant ``at`` (an aware datetime)."""
    offset = at.astimezone(_zone(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def timezones_with_offset_between(low: float, high: float, at: datetime) -> list[str]:
    """Zone names whose UTC offset at ``at`` lies in [low, high] hours, daylight saving included."""
    return sorted(name for name in timezone_names() if low <= utc_offset_hours(name, at) <= high)
