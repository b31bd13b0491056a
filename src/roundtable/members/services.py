"""State changes of members, their tags and their participation levels."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from roundtable.accounts.lockout import login_failures_forget
from roundtable.after_commit import send_on_commit
from roundtable.communities.confirmations import confirmations_erase
from roundtable.communities.models import Community
from roundtable.domain.participation import (
    Counts,
    participation_level,
    window_start,
)
from roundtable.domain.search import search_document
from roundtable.members import events
from roundtable.members.models import (
    PROFILE_FIELDS,
    Member,
    MemberEmail,
    ParticipationRecord,
    Tag,
    _access_token,
)
from roundtable.members.selectors import address_owner, directory_places_forget
from roundtable.service_error import ServiceError
from roundtable.web.links import absolute_url

SEARCH_BATCH = 2000
MAX_OTHER_EMAILS = 10


class MemberEmailError(ServiceError):
    """An address the member cannot have: another member's, or not an address at all."""


def members_update_fields(members: list[Member], fields: list[str]) -> None:
    """Write ``fields`` of each member with one parameterised UPDATE run for every member.

    Django's bulk_update builds a CASE expression per field and row in Python, which costs
    seconds per thousand rows; executemany of a plain statement costs milliseconds. Used by every
    write of many members at once (import, search documents, participation levels).
    """
    if not members:
        return
    connection = connections[Member.objects.db]
    quote = connection.ops.quote_name
    model_fields = [cast("models.Field[Any, Any]", Member._meta.get_field(f)) for f in fields]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
    # Only the model's own table and column names are formatted in (quoted); values are params.
    statement = (
        f"UPDATE {quote(Member._meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(Member._meta.pk.column)} = %s"
    )
    values = [
        [f.get_db_prep_save(getattr(m, f.attname), connection) for f in model_fields] + [m.pk]
        for m in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, values)


def search_documents(
    member_model: Any, member_ids: list[int], more: Mapping[int, Iterable[str]] | None = None
) -> dict[int, str]:
    """The search document of each member in ``member_ids``, from three queries; ``more`` adds
    words other apps hold about a member (the text of their needs).

    Takes the model class so that a data migration can call it with historical models.
    """
    fields = member_model.objects.filter(pk__in=member_ids).values_list(
        "pk", "full_name", "email", "organisation", "role", "anonymised_at"
    )
    tags: dict[int, list[str]] = defaultdict(list)
    for through in (member_model.expertise.through, member_model.interests.through):
        for member_id, name in through.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "tag__name"
        ):
            tags[member_id].append(name)
    other_emails: dict[int, list[str]] = defaultdict(list)
    try:  # a data migration's historical models may be older than the other addresses
        email_model = member_model._meta.apps.get_model("members", "MemberEmail")
    except LookupError:
        email_model = None
    if email_model is not None:
        for member_id, address in email_model.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "email"
        ):
            other_emails[member_id].append(address)
    more = more or {}
    return {
        pk: ""
        if anonymised_at
        else search_document(
            fields=(name, email or "", *other_emails[pk], organisation, role),
            tags=tags[pk],
            needs=more.get(pk, ()),
        )
        for pk, name, email, organisation, role, anonymised_at in fields
    }


def _words_held_elsewhere(member_ids: list[int]) -> dict[int, list[str]]:
    """Ask the apps that hold text about members (``events.search_words``) for it."""
    words: dict[int, list[str]] = defaultdict(list)
    for _, held in events.search_words.send(sender=Member, member_ids=member_ids):
        for member_id, texts in cast(dict[int, list[str]], held).items():
            words[member_id].extend(texts)
    return words


def member_search_refresh(*, community: Community, member_ids: Iterable[int] | None = None) -> None:
    """Rebuild the search document of the community's members (or only ``member_ids``).

    Every service that changes a member's name, e-mail, organisation, role, tags or needs calls
    this for the members it touched; bulk writers (import, seeding) call it once at the end.
    """
    if member_ids is None:
        ids = list(Member.objects.filter(community=community).values_list("pk", flat=True))
    else:
        ids = list(member_ids)
    directory_places_forget(community=community)
    for start in range(0, len(ids), SEARCH_BATCH):
        chunk = ids[start : start + SEARCH_BATCH]
        documents = search_documents(Member, chunk, _words_held_elsewhere(chunk))
        members_update_fields(
            [Member(pk=pk, search_text=text) for pk, text in documents.items()], ["search_text"]
        )


def tags_get_or_create(*, community: Community, names: Iterable[str]) -> list[Tag]:
    """The community's tags with these (already normalised) names, creating missing ones.

    Two queries whatever the number of names; safe against a concurrent creation of the same tag.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return []
    existing = {t.name: t for t in Tag.objects.filter(community=community, name__in=wanted)}
    missing = [Tag(community=community, name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(community=community, name__in=wanted)}
    return [existing[n] for n in wanted]


@transaction.atomic
def participation_levels_refresh(
    *, community: Community, member_ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Recompute the participation level of the community's members (or only ``member_ids``).

    Counts each member's records inside the window with one aggregate query, applies the pure
    :func:`participation_level`, and writes only the levels that changed. Returns that number.
    For some members (their records just changed), also tells the other apps once committed
    (``participation_changed``); the nightly refresh of every member tells nobody.
    """
    now = now or timezone.now()
    if member_ids is not None:
        member_ids = sorted(set(member_ids))
        if member_ids:
            send_on_commit(
                events.participation_changed,
                community_id=community.pk,
                member_ids=member_ids,
            )
    thresholds = community.thresholds
    start = window_start(now, thresholds.window_months)
    in_window = Q(participations__occurred_at__gte=start, participations__occurred_at__lte=now)
    members = Member.objects.filter(community=community)
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
    rows = members.annotate(
        attendances=Count(
            "participations",
            filter=in_window & Q(participations__kind=ParticipationRecord.Kind.ATTENDANCE),
        ),
        contributions=Count(
            "participations",
            filter=in_window & Q(participations__kind=ParticipationRecord.Kind.CONTRIBUTION),
        ),
    ).values_list("pk", "participation_level", "attendances", "contributions")
    changed = []
    for pk, current, attendances, contributions in rows.iterator(chunk_size=5000):
        level = participation_level(Counts(attendances, contributions), thresholds).value
        if level != current:
            changed.append(Member(pk=pk, participation_level=level))
    members_update_fields(changed, ["participation_level"])
    return len(changed)


def _set_tags(member: Member, expertise: list[str] | None, interests: list[str] | None) -> None:
    if expertise is not None:
        member.expertise.set(tags_get_or_create(community=member.community, names=expertise))
    if interests is not None:
        member.interests.set(tags_get_or_create(community=member.community, names=interests))


def _address_free(community: Community, email: str, member_id: int | None, field: str) -> None:
    """Refuse ``email`` when another member has it, as primary or other address."""
    owner = address_owner(community_id=community.pk, email=email, except_member_id=member_id)
    if owner is not None:
        raise MemberEmailError(f"{email} is already the address of {owner}.", field, "taken")


def _emails_set(member: Member, emails: list[str]) -> None:
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if len(wanted) > MAX_OTHER_EMAILS:
        raise MemberEmailError(
            f"Other e-mail addresses: {len(wanted)} is too many; the most is {MAX_OTHER_EMAILS}.",
            "other_emails",
        )
    for email in wanted:
        if email == (member.email or "").lower():
            raise MemberEmailError(
                f"{email} is already {member}'s main address; list only their other ones.",
                "other_emails",
                "taken",
            )
        _address_free(member.community, email, member.pk, "other_emails")
    member.other_emails.exclude(email__in=wanted).delete()
    have = set(member.other_emails.values_list("email", flat=True))
    MemberEmail.objects.bulk_create(
        MemberEmail(community=member.community, member=member, email=e)
        for e in wanted
        if e not in have
    )


@transaction.atomic
def member_emails_set(*, member: Member, emails: list[str]) -> None:
    """Give the member exactly these other addresses (lower-cased; blank ones dropped).

    Raises MemberEmailError, with nothing changed, when an address is the member's own main
    one, or another member's main or other address, or when there are more than
    MAX_OTHER_EMAILS.
    """
    _emails_set(member, emails)
    member_search_refresh(community=member.community, member_ids=[member.pk])


@transaction.atomic
def member_create(
    *,
    community: Community,
    full_name: str,
    expertise: list[str] | None = None,
    interests: list[str] | None = None,
    other_emails: list[str] | None = None,
    source: str = Member.Source.MANUAL,
    **profile: object,
) -> Member:
    """Add a member. ``profile`` takes the fields of the member form (email, organisation...);
    ``other_emails`` their other addresses.

    The caller has validated the values (forms or the importer). Raises MemberEmailError when an
    address is already another member's (main or other); the database still refuses a second
    member with the same e-mail in the community.
    """
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member(community=community, full_name=full_name, source=source, **profile)
    if member.email:
        _address_free(community, member.email, None, "email")
    member.save()
    _set_tags(member, expertise, interests)
    if other_emails:
        _emails_set(member, other_emails)
    member_search_refresh(community=community, member_ids=[member.pk])
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    expertise: list[str] | None = None,
    interests: list[str] | None = None,
    other_emails: list[str] | None = None,
    **profile: object,
) -> Member:
    """Change a member's profile fields and, when given, their tags and other addresses.

    Raises MemberEmailError, with nothing changed, when an address is another member's."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    for field, value in profile.items():
        setattr(member, field, value)
    if profile.get("email"):
        _address_free(member.community, str(profile["email"]), member.pk, "email")
        # Their own other address becoming the main one leaves the list.
        member.other_emails.filter(email__iexact=str(profile["email"])).delete()
    if profile:
        member.save(update_fields=[*profile, "updated_at"])
    _set_tags(member, expertise, interests)
    if other_emails is not None:
        _emails_set(member, other_emails)
    member_search_refresh(community=member.community, member_ids=[member.pk])
    return member


def member_archive(*, member: Member) -> None:
    """Archive a member: they leave the directory, counts and segments; their history stays."""
    if member.archived_at is None:
        member.archived_at = timezone.now()
        member.save(update_fields=["archived_at", "updated_at"])
        directory_places_forget(community=member.community)


def member_restore(*, member: Member) -> None:
    """Bring an archived member back (an anonymised one cannot come back)."""
    if member.anonymised_at is None and member.archived_at is not None:
        member.archived_at = None
        member.save(update_fields=["archived_at", "updated_at"])
        directory_places_forget(community=member.community)


def _admin_history_forget(member: Member, label: str) -> None:
    """The Django admin's history names the objects it changed (``object_repr``): the member's
    entries take the label instead of their name."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member), object_id=str(member.pk)
    ).update(object_repr=label)


@transaction.atomic
def member_anonymise(*, member: Member) -> None:
    """Delete a person's personal data while keeping the community's history whole.

    Their participation records stay (so counts of past activities do not change), attached to a
    nameless member; their needs keep tags, urgency and status but lose their words; they leave
    every static segment; their personal link stops working; the failed logins recorded under
    their e-mail are forgotten. Sends ``member_anonymised`` inside the transaction, so each app
    erases what it holds about the person, all or nothing (docs/security.md, "Data retention and
    erasure").
    """
    now = timezone.now()
    erased_name, erased_email = member.full_name, member.email or ""
    label = f"Former member #{member.pk}"
    member.full_name = label
    member.email = None
    for field in ("organisation", "role", "country", "timezone", "languages", "bio"):
        setattr(member, field, "")
    member.user = None
    member.access_token = f"anonymised-{member.pk}-{now.timestamp()}"
    member.anonymised_at = now
    member.archived_at = member.archived_at or now
    member.search_text = ""
    member.save()
    member.expertise.clear()
    member.interests.clear()
    member.static_segments.clear()
    member.aliases.all().delete()
    other_emails = list(member.other_emails.values_list("email", flat=True))
    member.other_emails.all().delete()
    directory_places_forget(community=member.community)
    if erased_email:
        login_failures_forget(username=erased_email)
    confirmations_erase(
        community=member.community, emails=[erased_email, *other_emails], member_id=member.pk
    )
    _admin_history_forget(member, label)
    events.member_anonymised.send(
        sender=Member,
        member_id=member.pk,
        community_id=member.community_id,
        name=erased_name,
        email=erased_email,
        other_emails=other_emails,
        label=label,
    )


def member_link_rotate(*, member: Member) -> str:
    """Give the member a new personal link; the old one stops working at once."""
    member.access_token = _access_token()
    member.save(update_fields=["access_token", "updated_at"])
    return member.access_token


def member_link_send(*, member: Member, sent_by: object) -> None:
    """E-mail the member their personal link, to update their profile and needs themselves."""
    from django.core.mail import send_mail
    from django.urls import reverse

    if not member.email:
        raise ValueError(f"{member} has no e-mail address.")
    link = absolute_url(reverse("member_self", args=[member.community.slug, member.access_token]))
    send_mail(
        subject=f"Your profile in {member.community.name}",
        message=(
            f"Hello {member.full_name},\n\n{sent_by} invites you to keep your profile and your "
            f"needs up to date in {member.community.name}, so that the community can plan "
            f"activities that help.\n\nYour personal link (keep it to yourself): {link}\n"
        ),
        from_email=None,
        recipient_list=[member.email],
    )
