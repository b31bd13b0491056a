"""State changes of communities, roles and invitations."""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.communities import events
from roundtable.communities.access import has_role
from roundtable.communities.models import Community, Invitation, Role
from roundtable.domain.participation import ThresholdError, Thresholds
from roundtable.web.links import absolute_url


@transaction.atomic
def community_create(
    *, slug: str, name: str, description: str = "", manager: User | None = None
) -> Community:
    """Create a community; ``manager``, when given, becomes its first manager.

    Raises ValidationError naming the field when the slug is taken or malformed.
    """
    community = Community(slug=slug.strip().lower(), name=name.strip(), description=description)
    community.full_clean()
    community.save()
    if manager is not None:
        Role.objects.create(community=community, user=manager, kind=Role.Kind.MANAGER)
    return community


@transaction.atomic
def community_thresholds_update(*, community: Community, thresholds: Thresholds) -> None:
    """Store new participation thresholds and, in the same transaction, recompute every
    member's level (the members app answers ``thresholds_changed``)."""
    try:
        thresholds.validate()
    except ThresholdError as error:
        raise ValidationError(str(error)) from None
    community.participation_window_months = thresholds.window_months
    community.core_min_attendances = thresholds.core_min_attendances
    community.core_min_contributions = thresholds.core_min_contributions
    community.active_min_participations = thresholds.active_min
    community.occasional_min_participations = thresholds.occasional_min
    community.save(
        update_fields=[
            "participation_window_months",
            "core_min_attendances",
            "core_min_contributions",
            "active_min_participations",
            "occasional_min_participations",
        ]
    )
    events.thresholds_changed.send(sender=Community, community_id=community.pk)


def role_grant(*, community: Community, user: User, kind: str) -> Role:
    """Give ``user`` the role ``kind``, never lowering a role they already hold."""
    role, created = Role.objects.get_or_create(
        community=community, user=user, defaults={"kind": kind}
    )
    if not created and not has_role(role.kind, kind):
        role.kind = kind
        role.save(update_fields=["kind"])
    return role


def role_remove(*, community: Community, role_id: int) -> None:
    """Remove a role; the last manager of a community cannot be removed."""
    role = Role.objects.get(community=community, pk=role_id)
    if (
        role.kind == Role.Kind.MANAGER
        and Role.objects.filter(community=community, kind=Role.Kind.MANAGER).count() == 1
    ):
        raise ValidationError("A community needs at least one manager; invite another first.")
    role.delete()


def invitation_send(*, community: Community, email: str, kind: str, invited_by: User) -> Invitation:
    """Invite someone by e-mail to take a role in the community, and send them the link."""
    invitation = Invitation.objects.create(
        community=community, email=email.strip().lower(), kind=kind, invited_by=invited_by
    )
    link = absolute_url(reverse("invitation_accept", args=[invitation.token]))
    send_mail(
        subject=f"{invited_by} invites you to {community.name} on Roundtable",
        message=(
            f"{invited_by} invites you to help run {community.name} on Roundtable "
            f"as {invitation.get_kind_display().lower()}.\n\nAccept here: {link}\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation


@transaction.atomic
@transaction.atomic
def invitation_sign_up(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the account of someone invited who has none, and accept the invitation with it,
    in one transaction: no account is left behind without its role."""
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Role:
    """Accept an invitation for ``user``, whose e-mail must be the invited one."""
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted.")
    if invitation.is_expired:
        raise ValidationError(
            f"This invitation expired on {invitation.expires_at:%d %B %Y}: ask the community's "
            "managers for a new one."
        )
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}; you are logged in as {user.email}."
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return role_grant(community=invitation.community, user=user, kind=invitation.kind)
