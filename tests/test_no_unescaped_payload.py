"""No page prints what a user typed as markup.

The demo community (members, needs, segments, activities with agendas and checklists,
registrations, invitations, breakouts, coffee chats, live sessions with questions and polls,
feedback with comments, themes and decisions), plus one object of every kind the community URLs
name, gets a script payload in every free-text column of every table: each text field of every
Roundtable model, except the few below that hold codes rather than words. Then every page of the
isolation test's URL list, and the public pages reached by link or code, is fetched as manager,
facilitator, member and anonymous visitor (and as htmx asks for fragments). An HTML answer that
holds the payload unescaped fails, and so does any server error (the CSV, calendar and PDF
exports must survive the payload too). A new model field or page is covered the day it is added.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.communities.models import Community, Invitation, Role
from roundtable.demo.services import demo_seed
from roundtable.execution.models import Invitation as ActivityInvitation
from roundtable.feedback.models import FeedbackForm, FeedbackRequest
from roundtable.insights.figures import community_insight_figures
from roundtable.insights.panels import move_key
from roundtable.live.models import LiveSession
from tests.communities.test_isolation import ALL_URLS, objects_of, url_for

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)>\"'<script>alert(2)</script>"
MARKERS = ("<img src=x", "<script>alert")
ESCAPED = "&lt;img src=x"

# Text columns that hold codes, keys or values derived from other columns, not words a person
# types: planting markup there tests nothing but the parser that rejects it.
NOT_FREE_TEXT = {
    ("accounts", "User", "password"),
    ("accounts", "User", "timezone"),
    ("members", "Member", "country"),
    ("members", "Member", "timezone"),
    ("members", "Member", "search_text"),
    ("members", "ParticipationRecord", "source"),
    ("imports", "ImportJob", "kind"),
    ("imports", "ImportJob", "stored_path"),
    ("activities", "Activity", "format"),
    ("activities", "Activity", "timezone"),
    ("execution", "Checklist", "generated_from"),
    ("execution", "ChecklistItem", "owner_role"),
    ("execution", "AttendanceFile", "format"),
    ("execution", "AttendanceFile", "digest"),
    ("execution", "Attendance", "source"),
    ("members", "Interaction", "tool"),
    ("communities", "FormSubmission", "form"),
    ("insights", "InsightSnapshot", "name"),
    ("insights", "InsightSnapshot", "key"),
}


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        key = (model._meta.app_label, model.__name__, field.name)
        if not isinstance(field, models.CharField | models.TextField) or key in NOT_FREE_TEXT:
            continue
        if isinstance(field, models.EmailField | models.URLField | models.SlugField):
            continue  # validated on input: markup never gets in
        if field.choices or field.unique or field.primary_key:
            continue  # codes, tokens and keys
        fields.append(field)
    return fields


def plant_payload() -> list[str]:
    """Write the payload into every free-text column of every row; returns the columns."""
    planted = []
    for model in apps.get_models():
        if not model.__module__.startswith("roundtable."):
            continue
        fields = free_text_fields(model)
        if not fields:
            continue
        # The row's id keeps values distinct where names must be unique (tags, segments).
        value = Concat(
            models.Value(PAYLOAD + " #"),
            Cast("pk", models.CharField()),
            output_field=models.CharField(),
        )
        model._default_manager.update(**{field.name: value for field in fields})
        planted += [f"{model.__name__}.{field.name}" for field in fields]
    return planted


@dataclass
class Visit:
    who: str
    url: str
    status: int
    problem: str


SHOWN_ESCAPED: list[str] = []  # pages that showed the payload, escaped: the planting worked


def visit(client: Client, who: str, url: str, **headers: str) -> Visit | None:
    response = client.get(url, **headers)
    if response.status_code >= 500:
        return Visit(who, url, response.status_code, "server error")
    if not response.get("Content-Type", "").startswith("text/html"):
        return None  # CSV, calendar files, JSON, SVG, PDF: not read as HTML
    body = b"".join(response) if response.streaming else response.content
    text = body.decode(errors="replace")
    if ESCAPED in text:
        SHOWN_ESCAPED.append(url)
    for marker in MARKERS:
        if marker in text:
            at = text.index(marker)
            return Visit(who, url, response.status_code, text[max(0, at - 120) : at + 60])
    return None


def public_urls(community: Community) -> list[str]:
    """Pages reached by a link or code rather than under /c/<community>/."""
    activity = community.activities.exclude(public_token="").first()
    urls = []
    if activity is not None:
        urls.append(reverse("registration_page", args=[activity.public_token]))
        registration = activity.registrations.first()
        if registration is not None:
            urls.append(
                reverse("registration_change", args=[activity.public_token, registration.token])
            )
        invitation = ActivityInvitation.objects.filter(activity=activity).first()
        if invitation is not None:
            urls.append(
                reverse("registration_invited", args=[activity.public_token, invitation.token])
            )
    for session in LiveSession.objects.filter(activity__community=community):
        urls.append(reverse("live_join", args=[session.code]))
    for form in FeedbackForm.objects.filter(activity__community=community):
        urls.append(reverse("feedback_public", args=[form.token]))
    for request in FeedbackRequest.objects.filter(activity__community=community)[:3]:
        urls.append(reverse("feedback_personal", args=[request.token]))
    for invitation in Invitation.objects.filter(community=community)[:3]:
        urls.append(reverse("invitation_accept", args=[invitation.token]))
    return urls


def filtered_pages(community: Community) -> list[str]:
    """Community pages that show more with a query than bare: the Insights page comparing two
    segments (whose names head its panels), and the members behind some moves between levels."""
    segments = list(community.segments.order_by("pk").values_list("pk", flat=True)[:2])
    assert len(segments) == 2, "the demo has segments to compare"
    insights = reverse("insights", args=[community.slug])
    today = timezone.now().date()
    figures = community_insight_figures(community=community, start=today.replace(day=1), end=today)
    moves = [move_key(flow) for flow in figures["level_flows"]["flows"][:3]]
    assert moves, "the demo's members move between levels"
    move = reverse("insights_move", args=[community.slug])
    return [
        f"{insights}?segment={segments[0]}&compare={segments[1]}&organisation=x",
        f"{insights}?segment={segments[0]}&compare={segments[1]}",
        *(f"{move}?move={key}&segment={segments[0]}" for key in moves),
    ]


def test_no_page_prints_a_users_text_as_markup() -> None:
    SHOWN_ESCAPED.clear()
    community = demo_seed().community
    objects = objects_of(community)
    Invitation.objects.create(community=community, email="staff@example.org")
    LiveSession.objects.create(activity_id=objects["activity_id"], opened_at=timezone.now())
    planted = plant_payload()
    assert {"Member.full_name", "Community.name", "Question.text", "FeedbackComment.text"} <= set(
        planted
    )

    clients = {"anonymous": Client()}
    for kind in (Role.Kind.MANAGER, Role.Kind.FACILITATOR, Role.Kind.MEMBER):
        user = User.objects.filter(
            community_roles__community=community, community_roles__kind=kind
        ).first()
        assert user is not None, kind
        clients[kind] = Client()
        clients[kind].force_login(user)
    community_pages = [url_for(entry, community, objects) for entry in ALL_URLS]
    pages = community_pages + filtered_pages(community) + public_urls(community)
    assert len(pages) > len(ALL_URLS)

    problems = []
    for who, client in clients.items():
        for url in pages:
            problems.append(visit(client, who, url))
        if who == Role.Kind.MANAGER:  # the fragments htmx swaps in
            problems += [
                visit(client, f"{who} (htmx)", url, HTTP_HX_REQUEST="true") for url in pages
            ]
    # A participant's own page, after joining a live session by name.
    joined = 0
    for session in LiveSession.objects.filter(activity__community=community, status="open"):
        participant = Client()
        join = reverse("live_join", args=[session.code])
        response = participant.post(join, {"name": PAYLOAD}, follow=True)
        assert response.status_code == 200, session.code
        problems.append(visit(participant, "participant", join))
        joined += 1
    assert joined
    found = [p for p in problems if p is not None]
    shown = set(SHOWN_ESCAPED)
    assert reverse("member_list", args=[community.slug]) in shown
    assert len(shown) > len(pages) / 3, "most pages that are not POST-only or exports show it"
    assert not found, "\n".join(f"{p.who} GET {p.url} → {p.status}: {p.problem}" for p in found)
