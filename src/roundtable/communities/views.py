from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from roundtable.accounts.models import User
from roundtable.communities import services
from roundtable.communities.access import (
    MANAGER,
    PUBLIC,
    CommunityRequest,
    community_view,
    may_create_community,
)
from roundtable.communities.confirmations import (
    confirmation_apply,
    confirmation_find,
    confirmation_kind,
)
from roundtable.communities.forms import (
    CommunityForm,
    CommunitySettingsForm,
    InvitationForm,
    SignUpForm,
    ThresholdsForm,
)
from roundtable.communities.models import Community, Invitation, Role
from roundtable.domain.participation import Thresholds
from roundtable.service_error import ServiceError

# What a link that cannot be used answers: gone for a link that worked once, conflict for an
# answer the community's state no longer allows (registration closed, member archived).
_REFUSED_STATUS = {
    "unknown": 404,
    "other_community": 404,
    "used": 410,
    "expired": 410,
    "erased": 410,
}


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    roles = Role.objects.filter(user=user).select_related("community")
    communities = [(role.community, role.get_kind_display()) for role in roles]
    if user.is_superuser:
        mine = {c.pk for c, _ in communities}
        communities += [(c, "Superuser") for c in Community.objects.exclude(pk__in=mine)]
    return render(
        request,
        "communities/home.html",
        {"communities": communities, "may_create": may_create_community(user)},
    )


@login_required
def community_new(request: HttpRequest) -> HttpResponse:
    if not may_create_community(request.user):
        return render(
            request,
            "403.html",
            {
                "reason": "Only the administrators of this site create communities. Ask one of "
                "them to create yours, or a community's managers to invite you."
            },
            status=403,
        )
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                manager=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{community.name} is ready. Import or add members next.")
            return redirect("member_list", community.slug)
    return render(request, "communities/community_new.html", {"form": form})


@community_view(MANAGER)
def community_settings(request: CommunityRequest) -> HttpResponse:
    community = request.community
    current = community.thresholds
    form = CommunitySettingsForm(
        request.POST if request.POST.get("section") == "general" else None, instance=community
    )
    thresholds_form = ThresholdsForm(
        request.POST if request.POST.get("section") == "levels" else None,
        initial=current.__dict__,
    )
    if request.method == "POST" and form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("community_settings", community.slug)
    if request.method == "POST" and thresholds_form.is_bound and thresholds_form.is_valid():
        try:
            services.community_thresholds_update(
                community=community, thresholds=Thresholds(**thresholds_form.cleaned_data)
            )
        except ValidationError as error:
            thresholds_form.add_error(None, error)
        else:
            messages.success(request, "Thresholds saved; every member's level was recomputed.")
            return redirect("community_settings", community.slug)
    return render(
        request,
        "communities/settings.html",
        {"form": form, "thresholds_form": thresholds_form},
    )


@community_view(MANAGER)
def staff(request: CommunityRequest) -> HttpResponse:
    community = request.community
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_send(
            community=community,
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            invited_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("staff", community.slug)
    roles = Role.objects.filter(community=community).select_related("user").order_by("kind")
    pending = Invitation.objects.filter(community=community, accepted_at__isnull=True)
    return render(
        request, "communities/staff.html", {"form": form, "roles": roles, "pending": pending}
    )


@community_view(MANAGER)
def staff_remove(request: CommunityRequest, role_id: int) -> HttpResponse:
    community = request.community
    role = get_object_or_404(Role, community=community, pk=role_id)
    if request.method == "POST":
        try:
            services.role_remove(community=community, role_id=role.pk)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{role.user} no longer has a role here.")
    return redirect("staff", community.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("community").filter(token=token).first()
    if invitation is None:
        raise Http404("No such invitation")
    existing = User.objects.filter(email__iexact=invitation.email).first()
    signup = SignUpForm(request.POST or None) if existing is None else None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.invitation_accept(invitation=invitation, user=request.user)  # type: ignore[arg-type]
            elif signup is not None and signup.is_valid():
                user = services.invitation_sign_up(
                    invitation=invitation,
                    full_name=signup.cleaned_data["full_name"],
                    password=signup.cleaned_data["password"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                return render(
                    request,
                    "communities/invitation.html",
                    {"invitation": invitation, "existing": existing, "signup": signup},
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Welcome to {invitation.community.name}.")
            return redirect("community_home", invitation.community.slug)
    return render(
        request,
        "communities/invitation.html",
        {"invitation": invitation, "existing": existing, "signup": signup},
    )


@community_view(PUBLIC)
def confirmation(request: CommunityRequest, token: str) -> HttpResponse:
    """The link mailed to confirm a public form's answer: GET says what confirming will do (and
    changes nothing: mail scanners open links), the button POSTs and applies it once."""
    community = request.community
    try:
        pending = confirmation_find(community=community, token=token)
        kind = confirmation_kind(pending.kind)
        if request.method != "POST":
            return render(
                request,
                "communities/confirmation.html",
                {"kind": kind, "what": kind.describe(pending), "pending": pending},
            )
        done = confirmation_apply(community=community, token=token)
    except ServiceError as error:
        status = _REFUSED_STATUS.get(error.code, 409)
        return render(
            request, "communities/confirmation.html", {"refused": error.message}, status=status
        )
    return render(request, "communities/confirmation.html", {"done": done})
