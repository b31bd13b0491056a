"""The needs parts of the members pages (``members.sections``), registered in ``NeedsConfig.ready``:
a member's needs on their profile, their needs with the forms to add one and to mark one
solved on their own page, and the needs by status on the insights page."""

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from roundtable.communities.models import Community
from roundtable.communities.submissions import AlreadySubmitted
from roundtable.members.models import Member
from roundtable.members.sections import Section
from roundtable.needs.forms import SelfNeedForm
from roundtable.needs.models import Need
from roundtable.needs.services import NeedError, need_create, need_status_set
from roundtable.needs.serving import servings_of
from roundtable.service_error import form_error_add


def profile_needs(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The member's needs with their tags, for their profile."""
    return {"needs": Need.objects.filter(member=member).prefetch_related("tags")}


def own_needs(request: HttpRequest, member: Member) -> dict[str, Any] | HttpResponse:
    """The member's needs on their own page, and its two forms: ``action=need`` states a new
    need, ``action=addressed`` marks one of theirs (``need``, its id) solved. A change made
    redirects back to the page; a refused need shows its reason next to its field."""
    action = request.POST.get("action")
    need_form = SelfNeedForm(request.POST if action == "need" else None)
    back = (request.get_full_path(),)  # the personal link's page, or the community's home
    if action == "need" and need_form.is_valid():
        try:
            need_create(
                community=member.community,
                member=member,
                text=need_form.cleaned_data["text"],
                tag_names=need_form.cleaned_data["tags"],
                urgency=need_form.cleaned_data["urgency"],
                source=Need.Source.SELF_SERVICE,
                submission_key=request.POST.get("submission_key", ""),
            )
        except AlreadySubmitted:  # sent twice: the first one is on the page
            messages.info(request, "This need was already recorded; here it is.")
            return redirect(*back)
        except NeedError as error:
            form_error_add(need_form, error)
        else:
            messages.success(request, "Your need is recorded. The community team will see it.")
            return redirect(*back)
    if action == "addressed":
        need_id = request.POST.get("need", "")
        need = (
            Need.objects.filter(member=member, pk=int(need_id)).first()
            if need_id.isdigit()
            else None
        )
        if need is not None:
            need_status_set(need=need, status=Need.Status.ADDRESSED)
            messages.success(request, "Marked as addressed. Glad it is solved!")
        return redirect(*back)
    needs = list(Need.objects.filter(member=member).prefetch_related("tags"))
    servings = servings_of(member, needs)
    return {
        "needs": [(need, servings.get(need.pk, [])) for need in needs],
        "need_form": need_form,
    }


def insights_needs(request: HttpRequest, community: Community) -> dict[str, Any]:
    """The number of the community's needs in each status (not those of deleted members)."""
    counts = dict(
        Need.objects.filter(community=community, member__anonymised_at__isnull=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {"needs_by_status": counts}


SECTIONS = [
    Section(place="profile", template="needs/_profile_needs.html", context=profile_needs),
    Section(place="own_page", template="needs/_own_needs.html", context=own_needs),
    Section(place="insights", template="needs/_insights_needs.html", context=insights_needs),
]
