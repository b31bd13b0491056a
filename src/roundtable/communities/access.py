"""Community isolation, enforced in one place.

Every URL under ``/c/<community_slug>/`` passes through :class:`CommunityAccessMiddleware`.
It resolves the community, checks the viewer's role against the role the view declares with
:func:`community_view`, and hands the view ``request.community`` and ``request.community_role``.
A view that declares nothing requires a manager, so a forgotten declaration fails closed.
Views then fetch objects only through selectors that take the community, so an id from another
community is a 404.

- Someone with no role in the community (or a missing community) gets 404: we do not reveal
  that a community exists.
- Someone with a role below the one the view requires gets 403.
- Anonymous visitors are sent to the login page, except on public views (intake, personal links).
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from roundtable.communities.models import Community, Role

PUBLIC = "public"
MEMBER = Role.Kind.MEMBER.value
FACILITATOR = Role.Kind.FACILITATOR.value
MANAGER = Role.Kind.MANAGER.value

_RANK = {PUBLIC: 0, MEMBER: 1, FACILITATOR: 2, MANAGER: 3}
STAFF_ROLES = (FACILITATOR, MANAGER)

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


class CommunityRequest(HttpRequest):
    """A request to a community page as the view receives it: the middleware has resolved the
    community and the viewer's role in it (None on a public page seen by an outsider), and
    django-htmx says whether htmx sent it. Views under ``/c/<slug>/`` take this type."""

    community: Community
    community_role: str | None
    htmx: HtmxDetails


def community_view(role: str) -> Callable[[ViewFunc], ViewFunc]:
    """Declare the least role a community view requires: PUBLIC, MEMBER, FACILITATOR or MANAGER."""
    if role not in _RANK:
        raise ValueError(f"unknown community role {role!r}")

    def mark(view: ViewFunc) -> ViewFunc:
        view.community_role = role  # type: ignore[attr-defined]
        return view

    return mark


def required_role(view: Callable[..., Any]) -> str:
    target = getattr(view, "view_class", view)
    return getattr(view, "community_role", getattr(target, "community_role", MANAGER))


def role_of(user: Any, community: Community) -> str | None:
    """The viewer's role in the community, or None. Superusers act as managers everywhere."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return MANAGER
    return (
        Role.objects.filter(community=community, user=user).values_list("kind", flat=True).first()
    )


def has_role(role: str | None, needed: str) -> bool:
    return role is not None and _RANK[role] >= _RANK[needed]


def may_create_community(user: Any) -> bool:
    """Whether this account may create a community: site staff (``is_staff``, and superusers)
    always; any other logged-in account only when ``ROUNDTABLE_OPEN_SIGNUP`` is set."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or settings.ROUNDTABLE_OPEN_SIGNUP)


class CommunityAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if "community_slug" not in view_kwargs:
            return None
        slug = view_kwargs.pop("community_slug")
        needed = required_role(view_func)
        community = Community.objects.filter(slug=slug).first()
        role = role_of(request.user, community) if community else None
        if needed == PUBLIC:
            if community is None:
                raise Http404("No such community")
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        elif community is None or role is None:
            raise Http404("No such community")
        elif not has_role(role, needed):
            return render(
                request,
                "403.html",
                {"reason": f"This page is for the community's {needed}s."},
                status=403,
            )
        community_request = cast(CommunityRequest, request)
        community_request.community = community
        community_request.community_role = role
        return None
