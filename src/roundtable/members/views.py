from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from roundtable.communities.access import (
    FACILITATOR,
    MANAGER,
    MEMBER,
    PUBLIC,
    CommunityRequest,
    community_view,
    has_role,
)
from roundtable.members import selectors, services
from roundtable.members.email_access import can_see_email
from roundtable.members.forms import (
    DirectoryFilterForm,
    MemberForm,
    PeopleSearchForm,
    SelfProfileForm,
)
from roundtable.members.identity import identity_remember
from roundtable.members.models import Member
from roundtable.members.sections import sections_for
from roundtable.service_error import form_error_add
from roundtable.web.links import absolute_url

PAGE_SIZE = 25


def _community(request: CommunityRequest) -> Any:
    return request.community


def _page_of(request: CommunityRequest, items: Any) -> dict[str, Any]:
    """The requested page of ``items`` and the query string without its page, for the links."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
    }


@community_view(FACILITATOR)
def member_list(request: CommunityRequest) -> HttpResponse:
    community = _community(request)
    choices = selectors.directory_choices(community=community)
    form = DirectoryFilterForm(request.GET or None, **choices)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.member_directory(
        community=community,
        q=filters.get("q") or "",
        country=filters.get("country") or "",
        timezone_name=filters.get("timezone") or "",
        level=filters.get("level") or "",
        groups=form.chosen_groups() if form.is_valid() else (),
        status=filters.get("status") or "active",
        sort=filters.get("sort") or "name",
    )
    context = {"form": form, **_page_of(request, members)}
    template = "members/_results.html" if request.htmx else "members/member_list.html"
    return render(request, template, context)


@community_view(FACILITATOR)
def member_detail(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    summary, records = selectors.member_participation(member=member)
    sections = sections_for(request, places=("profile_card", "profile"), subject=member)
    if isinstance(sections, HttpResponse):
        return sections
    context = {
        "member": member,
        "summary": summary,
        "records": records[:100],
        "record_count": records.count(),
        "other_emails": selectors.member_other_emails(member=member)
        if can_see_email(request, member)
        else [],
        "personal_link": absolute_url(
            reverse("member_self", args=[community.slug, member.access_token])
        ),
        "sections": sections.templates,
        **sections.context,
    }
    return render(request, "members/member_detail.html", context)


@community_view(MANAGER)
def member_new(request: CommunityRequest) -> HttpResponse:
    community = _community(request)
    form = MemberForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(community=community, **form.cleaned_data)
        except services.MemberEmailError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"{member} was added.")
            return redirect("member_detail", community.slug, member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@community_view(MANAGER)
def member_edit(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    if member.anonymised_at:
        messages.error(request, "This person's data was deleted; there is nothing to edit.")
        return redirect("member_detail", community.slug, member.pk)
    form = MemberForm(request.POST or None, instance=member, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, **form.cleaned_data)
        except services.MemberEmailError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("member_detail", community.slug, member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


@require_POST
@community_view(MANAGER)
def member_archive(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    services.member_archive(member=member)
    messages.success(request, f"{member} is archived; their history is kept.")
    return redirect("member_detail", community.slug, member.pk)


@require_POST
@community_view(MANAGER)
def member_restore(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    services.member_restore(member=member)
    messages.success(request, f"{member} is back in the directory.")
    return redirect("member_detail", community.slug, member.pk)


@community_view(MANAGER)
def member_delete(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    if request.method == "POST":
        if request.POST.get("confirm") != member.full_name:
            messages.error(request, "Type the member's name exactly to confirm.")
        else:
            services.member_anonymise(member=member)
            messages.success(
                request, "The person's data is deleted; the history stays, anonymised."
            )
            return redirect("member_list", community.slug)
    return render(request, "members/member_delete.html", {"member": member})


@community_view(MANAGER)
def member_data_download(request: CommunityRequest, member_id: int) -> HttpResponse:
    """Everything held about the member, as a JSON file (for an access request)."""
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    data = selectors.member_data_export(member=member)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="member-{member.pk}-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@community_view(MANAGER)
def member_link(request: CommunityRequest, member_id: int) -> HttpResponse:
    community = _community(request)
    member = selectors.member_get(community=community, member_id=member_id)
    if not member.is_active:
        messages.error(request, "Archived members have no personal link.")
    elif request.POST.get("action") == "rotate":
        services.member_link_rotate(member=member)
        messages.success(request, "A new personal link was made; the old one no longer works.")
    else:
        try:
            services.member_link_send(member=member, sent_by=request.user)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The personal link was e-mailed to {member.email}.")
    return redirect("member_detail", community.slug, member.pk)


@community_view(PUBLIC)
def member_self(request: CommunityRequest, token: str) -> HttpResponse:
    """A member's own page, reached by their personal link: no login needed. Their profile
    form, and the sections other apps add (their needs), each handling its own forms."""
    community = _community(request)
    member = selectors.member_by_token(community=community, token=token)
    response = _own_page(request, member)
    identity_remember(request, response, member)  # the public forms now know who this is
    return response


def _own_page(request: CommunityRequest, member: Member) -> HttpResponse:
    """A member's home: what is coming up for them and the other apps' sections, then their
    profile form. The same page at their personal link and, logged in, at the community's
    address; every form on it comes back to the address it was sent from."""
    community = request.community
    action = request.POST.get("action")
    profile_form = SelfProfileForm(
        request.POST if action == "profile" else None, instance=member, community=community
    )
    if action == "profile" and profile_form.is_valid():
        services.member_update(member=member, **profile_form.cleaned_data)
        messages.success(request, "Your profile is saved. Thank you!")
        return redirect(request.get_full_path())
    sections = sections_for(request, places=("own_page",), subject=member)
    if isinstance(sections, HttpResponse):
        return sections
    return render(
        request,
        "members/member_self.html",
        {
            "member": member,
            "personal_link": request.resolver_match is not None
            and request.resolver_match.url_name == "member_self",
            "profile_form": profile_form,
            "sections": sections.templates,
            **sections.context,
        },
    )


@community_view(MEMBER)
def people(request: CommunityRequest) -> HttpResponse:
    """The members' directory, for everyone with a role in the community: who agreed to be
    listed, searchable by expertise, name, organisation and country. Closed until the
    community's managers open it."""
    community = request.community
    if not community.directory_open:
        return render(request, "members/people_closed.html")
    form = PeopleSearchForm(request.GET or None, **selectors.people_choices(community=community))
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.people_directory(
        community=community,
        q=filters.get("q") or "",
        country=filters.get("country") or "",
        expertise=filters.get("expertise") or "",
    )
    context = {"form": form, "searched": any(filters.values()), **_page_of(request, found)}
    return render(request, "members/people.html", context)


@community_view(MEMBER)
def community_home(request: CommunityRequest) -> HttpResponse:
    community = request.community
    if has_role(request.community_role, FACILITATOR):
        return redirect("member_list", community.slug)
    own = selectors.own_profiles(community=community, user=request.user).first()  # type: ignore[arg-type]
    if own is not None:  # a logged-in member: their home
        return _own_page(request, own)
    return render(request, "communities/member_home.html")
