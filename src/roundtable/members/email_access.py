"""Who sees whose e-mail address, decided in one place (docs/roles.md).

- Managers see every address in their community.
- Facilitators see the addresses of the participants of the activities they facilitate (they
  are among its facilitators, or own it): on that activity's pages (registrations, check-in,
  breakouts, downloads) every address of its people, and on a member's profile or in a list of
  members the addresses of the members registered for or recorded as taking part in one of
  those activities. Everyone else's address is left out.
- Members and visitors see none.

Pages ask through :func:`can_see_email` or the ``{% email_of %}`` template tag; downloads ask
:func:`email_access` once and then each row. The answer is worked out once per request.
"""

from functools import cached_property
from typing import Any

from django.apps import apps
from django.db.models import Q

from roundtable.communities.access import FACILITATOR, MANAGER, has_role
from roundtable.communities.models import Community
from roundtable.members.models import Member


class EmailAccess:
    """What one viewer (a user with ``role`` in ``community``) may see of addresses."""

    def __init__(self, *, community: Community | None, user: Any, role: str | None) -> None:
        self.community = community
        self.user = user
        self.role = role

    @property
    def sees_all(self) -> bool:
        return has_role(self.role, MANAGER)

    @cached_property
    def activity_ids(self) -> frozenset[int]:
        """The community's activities this viewer facilitates or owns (none unless staff)."""
        if self.community is None or not has_role(self.role, FACILITATOR):
            return frozenset()
        mine = Q(facilitators=self.user) | Q(owner=self.user)
        return frozenset(
            apps.get_model("activities", "Activity")
            .objects.filter(mine, community=self.community)
            .values_list("pk", flat=True)
            .distinct()
        )

    @cached_property
    def member_ids(self) -> frozenset[int]:
        """The members who took part in, or registered for, one of :attr:`activity_ids`."""
        if not self.activity_ids:
            return frozenset()
        took_part = Q(registrations__activity__in=self.activity_ids) | Q(
            participations__activity__in=self.activity_ids
        )
        return frozenset(
            Member.objects.filter(took_part, community=self.community)
            .values_list("pk", flat=True)
            .distinct()
        )

    def of_activity(self, activity_id: int | None) -> bool:
        """Whether the addresses of this activity's people (registrants, attendees) show."""
        return self.sees_all or (activity_id is not None and activity_id in self.activity_ids)

    def of_member(self, member_id: int | None) -> bool:
        """Whether this member's addresses show outside an activity's pages."""
        return self.sees_all or (member_id is not None and member_id in self.member_ids)


def email_access(request: Any) -> EmailAccess:
    """The viewer's :class:`EmailAccess` for the request's community, made once per request."""
    access = getattr(request, "_email_access", None)
    if access is None:
        access = EmailAccess(
            community=getattr(request, "community", None),
            user=request.user,
            role=getattr(request, "community_role", None),
        )
        request._email_access = access
    return access


def can_see_email(request: Any, subject: Any, *, activity: Any = None) -> bool:
    """Whether the viewer of ``request`` may see ``subject``'s address.

    ``subject`` is a Member (decided by :meth:`EmailAccess.of_member`), or a row of an activity
    (a registration, a person in an attendance report) when it has an ``activity_id`` or when
    ``activity`` (an Activity or its id) says which activity the page is about.
    """
    access = email_access(request)
    if activity is not None:
        return access.of_activity(getattr(activity, "pk", activity))
    if isinstance(subject, Member):
        return access.of_member(subject.pk)
    activity_id = getattr(subject, "activity_id", None)
    if activity_id is not None:
        return access.of_activity(activity_id)
    return access.sees_all
