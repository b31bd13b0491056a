"""Conversations as contributions: a Slack workspace export or Discourse exports imported into
members' participation history, and who answered or mentioned whom.

Reading is the domain's (:mod:`roundtable.domain.conversations`, streaming one file of the export
at a time). Here the tool's people are matched to members by e-mail (compared without case), then
by a remembered alias (the tool's id for them, their username or display name, matched by hand
before); never by a name alone. With ``add_unknown``, the tool's people the community does not
know become new members (remembered by the tool's id for them, so the next export matches them
even without an e-mail); without it they are counted and listed, and their messages left out.
``decisions`` decides person by person instead, as a manager did on the preview (the tool's key
for the person to ``member:<id>``, "this is that member", remembered as an alias of the tool's
key; ``new``; or ``ignore``); the people it does not name take ``add_unknown``'s way.

Each message of a matched person becomes a ``ParticipationRecord(kind=contribution)`` keyed by
the message's id in the tool, and each reply or mention between two matched people an
``Interaction``: importing an overlapping export adds only what is new. Everything is written in
one transaction, in batches, so memory stays flat however large the export; a dry run does the
same work and rolls it back, so its counts are exactly what the import would do.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from roundtable.communities.models import Community
from roundtable.domain import conversations as exports
from roundtable.domain.name_match import NameIndex, alias_key
from roundtable.domain.run_ceiling import RunCeiling
from roundtable.members.models import (
    Interaction,
    Member,
    MemberAlias,
    MemberEmail,
    ParticipationRecord,
)
from roundtable.members.selectors import members_by_address
from roundtable.members.services import member_search_refresh, participation_levels_refresh
from roundtable.service_error import ServiceError

BATCH = 5000
SHOWN_PROBLEMS = 200
SHOWN_UNMATCHED = 100
Progress = Callable[[int, int], None]
NEW = "new"
IGNORE = "ignore"


class ConversationImportError(ServiceError):
    pass


class _DryRun(Exception):
    """Raised inside the transaction of a dry run to roll everything back."""


@dataclass
class ConversationReport:
    format: str = ""
    label: str = ""
    people: int = 0  # the tool's people (bots excluded)
    matched: int = 0
    new_members: int = 0
    unmatched: int = 0
    unmatched_names: list[str] = field(default_factory=list)
    matched_by_hand: int = 0  # by a decision "this is <member>"
    # The people matched neither by e-mail nor by an alias (the first SHOWN_UNMATCHED), for the
    # preview to decide one by one: key, name, username, email, messages, decision (what was
    # done with them), proposals (members whose names look alike: member, name, score).
    to_decide: list[dict[str, Any]] = field(default_factory=list)
    contributions: int = 0  # read from the export
    contributions_added: int = 0
    contributions_known: int = 0  # imported before
    contributions_unmatched: int = 0  # by people who are not members
    interactions: int = 0
    interactions_added: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)
    problems_total: int = 0
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _decision(
    author: exports.Author,
    decisions: Mapping[str, str],
    add_unknown: bool,
    by_id: dict[int, Member],
) -> Member | str:
    """The member a person not matched otherwise was decided to be, or NEW or IGNORE."""
    decision = decisions.get(author.key) or (NEW if add_unknown else IGNORE)
    if decision in (NEW, IGNORE):
        return decision
    member_id = decision.removeprefix("member:")
    chosen = by_id.get(int(member_id)) if member_id.isdigit() else None
    if not decision.startswith("member:") or chosen is None:
        raise ConversationImportError(
            f"{author.name or author.username or author.key}: “{decision[:40]}” is not an active "
            "member of this community, “new” or “ignore”.",
            "decisions",
        )
    return chosen


def _people(
    community: Community,
    authors: Iterable[exports.Author],
    add_unknown: bool,
    report: Any,
    decisions: Mapping[str, str],
) -> dict[str, Member]:
    """The tool's author keys → the members they are."""
    members = list(Member.objects.active().filter(community=community))
    by_email = members_by_address(community_id=community.pk, members=members)
    by_id = {m.pk: m for m in members}
    aliases = {
        alias: by_id[member_id]
        for alias, member_id in MemberAlias.objects.filter(community=community).values_list(
            "alias", "member_id"
        )
        if member_id in by_id
    }
    names = NameIndex((m.pk, m.full_name) for m in members)
    found: dict[str, Member] = {}
    new: list[Member] = []
    keys: list[tuple[str, Member]] = []
    new_addresses: list[tuple[str, Member]] = []
    for author in authors:
        report.people += 1
        member = next(
            (by_email[a] for a in (author.email, *author.other_emails) if a and a in by_email),
            None,
        )
        for text in (author.key, author.username, author.name):
            if member is None and text:
                member = aliases.get(alias_key(text))
        decided: Member | str | None = None
        if member is None:
            decided = _decision(author, decisions, add_unknown, by_id)
            _to_decide(report, author, decided, names)
            if isinstance(decided, Member):
                member = decided
                report.matched_by_hand += 1
                # "This is <member>": the tool's id for them matches them next time.
                keys.append((alias_key(author.key), member))
        if member is None and decided == NEW:
            member = Member(
                community=community,
                full_name=(author.name or author.username or author.email or author.key)[:200],
                email=author.email or None,
                source=Member.Source.IMPORT,
            )
            for address in dict.fromkeys((author.email, *author.other_emails)):
                if address and address not in by_email:
                    by_email[address] = member
                    if address != author.email:
                        new_addresses.append((address, member))
            new.append(member)
            # The tool's own id for them: the next export matches them even without an e-mail.
            keys.append((alias_key(author.key), member))
        if member is None:
            report.unmatched += 1
            if len(report.unmatched_names) < SHOWN_UNMATCHED:
                report.unmatched_names.append(author.name or author.username or author.key)
            continue
        found[author.key] = member
    Member.objects.bulk_create(new)
    MemberEmail.objects.bulk_create(
        [
            MemberEmail(community=community, member=member, email=address[:254])
            for address, member in new_addresses
        ],
        ignore_conflicts=True,  # an archived member's other address: theirs it stays
    )
    MemberAlias.objects.bulk_create(
        [MemberAlias(community=community, member=member, alias=key[:254]) for key, member in keys],
        ignore_conflicts=True,
    )
    if new:
        member_search_refresh(community=community, member_ids=[m.pk for m in new])
    report.new_members = len(new)
    report.matched = len(found) - len(new)
    return found


def _to_decide(
    report: Any, author: exports.Author, decided: Member | str, names: NameIndex
) -> None:
    if len(report.to_decide) >= SHOWN_UNMATCHED:
        return
    report.to_decide.append(
        {
            "index": len(report.to_decide),
            "key": author.key,
            "name": author.name or author.username or author.key,
            "username": author.username,
            "email": author.email,
            "messages": 0,
            "decision": f"member:{decided.pk}" if isinstance(decided, Member) else decided,
            "proposals": [
                {"member": p.key, "name": p.name, "score": round(p.score, 2)}
                for p in names.proposals(author.name or author.username)
            ],
        }
    )


def _insert(model: type[Any], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Many rows in one ``executemany``: the ORM's bulk_create prepares every value of every row
    through its field and splits the rows into statements of SQLite's 999 parameters, which for
    a million messages cost most of the import. Values here are plain (ids, text, datetimes
    adapted for the database); the model's table and columns come from its meta."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - names from the model's meta


class _Writer:
    """Batches of contributions and interactions, written when full; keys already stored (or
    seen earlier in this export) are skipped."""

    def __init__(self, community: Community, tool: str, report: ConversationReport) -> None:
        self.community = community
        self.tool = tool
        self.report = report
        self.records: dict[str, tuple[Any, ...]] = {}
        self.interactions: dict[str, tuple[Any, ...]] = {}
        self.touched: set[int] = set()
        self._at = connection.ops.adapt_datetimefield_value

    def contribution(self, item: exports.Contribution, member: Member) -> None:
        key = item.key[:200]
        if key not in self.records:
            self.records[key] = (
                self.community.pk,
                member.pk,
                ParticipationRecord.Kind.CONTRIBUTION.value,
                item.channel[:200],
                f"{item.kind} in {item.channel}"[:200],
                self._at(item.at),
                self.tool,
                key,
            )
        if len(self.records) >= BATCH:
            self.flush()

    def interaction(self, item: exports.Interaction, source: Member, target: Member) -> None:
        key = item.key[:300]
        if key not in self.interactions:
            self.interactions[key] = (
                self.community.pk,
                source.pk,
                target.pk,
                item.kind,
                self.tool,
                "",
                self._at(item.at),
                key,
            )
        if len(self.interactions) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.records:
            known = set(
                ParticipationRecord.objects.filter(
                    community=self.community, external_key__in=list(self.records)
                ).values_list("external_key", flat=True)
            )
            fresh = [row for key, row in self.records.items() if key not in known]
            _insert(ParticipationRecord, RECORD_COLUMNS, fresh)
            self.report.contributions_known += len(known)
            self.report.contributions_added += len(fresh)
            self.touched.update(row[1] for row in fresh)
            self.records = {}
        if self.interactions:
            known = set(
                Interaction.objects.filter(
                    community=self.community, external_key__in=list(self.interactions)
                ).values_list("external_key", flat=True)
            )
            fresh = [row for key, row in self.interactions.items() if key not in known]
            _insert(Interaction, INTERACTION_COLUMNS, fresh)
            self.report.interactions_added += len(fresh)
            self.interactions = {}


RECORD_COLUMNS = [
    "community",
    "member",
    "kind",
    "activity_title",
    "detail",
    "occurred_at",
    "source",
    "external_key",
]
INTERACTION_COLUMNS = [
    "community",
    "source",
    "target",
    "kind",
    "tool",
    "channel",
    "at",
    "external_key",
]


def _open(paths: list[Path]) -> exports.SlackExport | exports.DiscourseExport:
    try:
        return exports.read_conversations(paths if len(paths) > 1 else paths[0])
    except exports.ExportError as error:
        raise ConversationImportError(str(error), "file") from None


def conversations_import(
    *,
    community: Community,
    paths: list[Path],
    dry_run: bool = False,
    add_unknown: bool = False,
    decisions: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    ceiling: RunCeiling | None = None,
) -> ConversationReport:
    """Import a Slack or Discourse export (see the module's docstring). Raises
    ConversationImportError naming the file when it is not an export of a known tool or cannot
    be read, or naming the person when a decision names no active member of the community;
    nothing is written then."""
    if not paths:
        raise ConversationImportError("No file given.", "file")
    export = _open(paths)
    report = ConversationReport(format=export.format, label=export.label, dry_run=dry_run)
    try:
        with transaction.atomic():
            _run(community, export, report, add_unknown, decisions or {}, progress, ceiling)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except exports.ExportError as error:
        raise ConversationImportError(str(error), "file") from None
    return report


def _run(
    community: Community,
    export: exports.SlackExport | exports.DiscourseExport,
    report: ConversationReport,
    add_unknown: bool,
    decisions: Mapping[str, str],
    progress: Progress | None,
    ceiling: RunCeiling | None,
) -> None:
    people = _people(community, export.authors(), add_unknown, report, decisions)
    writer = _Writer(community, export.format, report)
    deciding = {person["key"]: person for person in report.to_decide}
    for count, item in enumerate(export.items(), start=1):
        if isinstance(item, exports.Contribution):
            report.contributions += 1
            if item.author in deciding:
                deciding[item.author]["messages"] += 1
            member = people.get(item.author)
            if member is None:
                report.contributions_unmatched += 1
            else:
                writer.contribution(item, member)
        else:
            report.interactions += 1
            source, target = people.get(item.source), people.get(item.target)
            if source is not None and target is not None and source.pk != target.pk:
                writer.interaction(item, source, target)
        if count % 1000 == 0:
            if ceiling is not None:
                ceiling.check()
            if progress is not None:
                progress(count, 0)
    writer.flush()
    report.problems_total = len(export.problems)
    report.problems = [
        {"file": p.file, "entry": p.entry, "message": p.message}
        for p in export.problems[:SHOWN_PROBLEMS]
    ]
    if writer.touched:
        participation_levels_refresh(community=community, member_ids=writer.touched)
