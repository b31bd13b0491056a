"""Segment pages: list, rule editor with live preview, detail, static lists."""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.segment_rules import RuleError, describe_rule, parse_rule
from roundtable.members.models import Member
from roundtable.segments import selectors
from roundtable.segments.forms import (
    Editor,
    SegmentForm,
    default_row,
    editor_choices,
    editor_from_post,
    editor_from_rule,
)
from roundtable.segments.models import Segment
from roundtable.segments.services import (
    SegmentError,
    segment_create,
    segment_static_members_add,
    segment_static_members_remove,
    segment_update,
)
from roundtable.segments.services import (
    segment_delete as delete_segment,
)

MEMBERS_PER_PAGE = 25


def _segment_or_404(request: CommunityRequest, segment_id: int) -> Segment:
    try:
        return selectors.segment_get(community=request.community, segment_id=segment_id)
    except Segment.DoesNotExist:
        raise Http404("No such segment") from None


@community_view(FACILITATOR)
def segment_list(request: CommunityRequest) -> HttpResponse:
    rows = selectors.segment_list(community=request.community)
    return render(request, "segments/list.html", {"rows": rows})


def _preview(request: CommunityRequest, editor: Editor) -> dict[str, object]:
    """Count and first members for the editor's rule, or the message saying what is wrong."""
    blank = [number for number, row in enumerate(editor.rows, start=1) if row.is_blank]
    if blank:
        return {"hint": f"Fill in condition {blank[0]} to see who matches."}
    try:
        group = parse_rule(editor.rule_json())
    except RuleError as error:
        return {"error": str(error)}
    members = selectors.rule_members(community=request.community, rule=group)
    return {
        "count": members.count(),
        "first": list(members[: selectors.PREVIEW_SIZE]),
        "words": describe_rule(group),
    }


def _editor_page(
    request: CommunityRequest,
    *,
    form: SegmentForm,
    editor: Editor,
    segment: Segment | None,
    kind: str,
    error: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "editor": editor,
        "segment": segment,
        "kind": kind,
        "error": error,
        **editor_choices(),
    }
    if kind == Segment.Kind.RULE:
        context["preview"] = _preview(request, editor)
    return render(request, "segments/edit.html", context, status=400 if error else 200)


def _editing_rows(request: HttpRequest) -> bool:
    """Without JavaScript, "add a condition" and "remove" submit the whole form: redraw it."""
    return bool(request.POST.get("add") or request.POST.get("remove"))


@community_view(FACILITATOR)
def segment_new(request: CommunityRequest) -> HttpResponse:
    community = request.community
    kind = request.POST.get("kind") or request.GET.get("kind") or Segment.Kind.RULE
    kind = kind if kind in Segment.Kind.values else Segment.Kind.RULE
    if request.method == "POST":
        form = SegmentForm(request.POST)
        editor = editor_from_post(request.POST)
        if form.is_valid() and not _editing_rows(request):
            try:
                segment = segment_create(
                    community=community,
                    name=form.cleaned_data["name"],
                    kind=kind,
                    rule=editor.rule_json(),
                    description=form.cleaned_data["description"],
                    created_by=request.user,
                )
            except SegmentError as error:
                return _editor_page(
                    request, form=form, editor=editor, segment=None, kind=kind, error=str(error)
                )
            messages.success(request, f"The segment “{segment.name}” was created.")
            return redirect("segment_detail", community.slug, segment.pk)
        return _editor_page(request, form=form, editor=editor, segment=None, kind=kind)
    editor = Editor(rows=[default_row(1)]) if kind == Segment.Kind.RULE else Editor()
    return _editor_page(
        request, form=SegmentForm(initial={"kind": kind}), editor=editor, segment=None, kind=kind
    )


@community_view(FACILITATOR)
def segment_edit(request: CommunityRequest, segment_id: int) -> HttpResponse:
    community = request.community
    segment = _segment_or_404(request, segment_id)
    if request.method == "POST":
        form = SegmentForm(request.POST)
        editor = editor_from_post(request.POST)
        if form.is_valid() and not _editing_rows(request):
            try:
                segment_update(
                    segment=segment,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    rule=editor.rule_json(),
                )
            except SegmentError as error:
                return _editor_page(
                    request,
                    form=form,
                    editor=editor,
                    segment=segment,
                    kind=segment.kind,
                    error=str(error),
                )
            messages.success(request, f"The segment “{segment.name}” was saved.")
            return redirect("segment_detail", community.slug, segment.pk)
        return _editor_page(request, form=form, editor=editor, segment=segment, kind=segment.kind)
    try:
        editor = editor_from_rule(segment.rule) if segment.kind == Segment.Kind.RULE else Editor()
    except RuleError as error:
        editor = Editor()
        messages.error(request, f"The stored rule cannot be read ({error}); build it again.")
    form = SegmentForm(initial={"name": segment.name, "description": segment.description})
    return _editor_page(request, form=form, editor=editor, segment=segment, kind=segment.kind)


@require_POST
@community_view(FACILITATOR)
def segment_preview(request: CommunityRequest) -> HttpResponse:
    editor = editor_from_post(request.POST, apply_buttons=False)
    return render(request, "segments/_preview.html", {"preview": _preview(request, editor)})


@require_POST
@community_view(FACILITATOR)
def segment_rule_rows(request: CommunityRequest) -> HttpResponse:
    editor = editor_from_post(request.POST)
    context = {
        "editor": editor,
        "preview": _preview(request, editor),
        "oob_preview": True,
        **editor_choices(),
    }
    return render(request, "segments/_rows.html", context)


@community_view(FACILITATOR)
def segment_detail(request: CommunityRequest, segment_id: int) -> HttpResponse:
    segment = _segment_or_404(request, segment_id)
    members = selectors.segment_members(segment=segment)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    search = request.GET.get("q", "").strip()[:200]
    candidates: list[Member] = []
    if segment.kind == Segment.Kind.STATIC and search:
        candidates = list(
            Member.objects.active()
            .filter(community=request.community)
            .filter(Q(full_name__icontains=search) | Q(email__icontains=search))
            .exclude(static_segments=segment)[:20]
        )
    return render(
        request,
        "segments/detail.html",
        {
            "segment": segment,
            "words": selectors.segment_description(segment),
            "page": page,
            "count": page.paginator.count,
            "search": search,
            "candidates": candidates,
        },
    )


@community_view(FACILITATOR)
def segment_delete(request: CommunityRequest, segment_id: int) -> HttpResponse:
    segment = _segment_or_404(request, segment_id)  # another community's id: 404, not 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name = segment.name
    delete_segment(segment=segment)
    messages.success(request, f"The segment “{name}” was deleted; its members were not touched.")
    return redirect("segment_list", request.community.slug)


def _ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("member") if v.isdigit()]


def _static_members_change(
    request: CommunityRequest, segment_id: int, change: Callable[..., int], verb: str
) -> HttpResponse:
    segment = _segment_or_404(request, segment_id)  # another community's id: 404, not 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        count = change(segment=segment, member_ids=_ids(request))
    except SegmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{count} member{'s' if count != 1 else ''} {verb}.")
    return redirect("segment_detail", request.community.slug, segment.pk)


@community_view(FACILITATOR)
def segment_members_add(request: CommunityRequest, segment_id: int) -> HttpResponse:
    return _static_members_change(request, segment_id, segment_static_members_add, "added")


@community_view(FACILITATOR)
def segment_members_remove(request: CommunityRequest, segment_id: int) -> HttpResponse:
    return _static_members_change(request, segment_id, segment_static_members_remove, "removed")
