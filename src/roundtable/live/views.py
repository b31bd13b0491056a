"""Live pages: the facilitator's console (activity tab "Live"), the presenter screen, the
public join pages at ``/j/<code>/`` with the participant client, and the plain-HTTP fallback
of the websocket protocol (``/j/<code>/state/`` and ``/j/<code>/act/``)."""

import io
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from roundtable.activities.models import Activity
from roundtable.activities.selectors import activity_of
from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.tabular import table_write_csv
from roundtable.live import selectors, services
from roundtable.live.consumers import cookie_name
from roundtable.live.models import REACTION_EMOJI, LiveSession, Participant, Poll
from roundtable.live.protocol import (
    ProtocolError,
    hello,
    join_handle,
    message_handle,
    message_parse,
    reply_error,
    session_lookup,
    unknown_session,
)
from roundtable.web.client_address import client_address
from roundtable.web.links import absolute_url
from roundtable.web.qr_codes import qr_svg
from roundtable.web.rate_limit import rate_limited

COOKIE_MAX_AGE = 14 * 24 * 3600
HTTP_ACTIONS_PER_MINUTE = 120  # per participant over the fallback; the websocket has its bucket


def _session(request: CommunityRequest, activity: Activity) -> LiveSession | None:
    return selectors.live_session_of(community=request.community, activity=activity)


def join_url(request: HttpRequest, session: LiveSession) -> str:
    return absolute_url(reverse("live_join", args=[session.code]))


# --- facilitator ------------------------------------------------------------------------------


@community_view(FACILITATOR)
def live_console(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    session = _session(request, activity)
    if request.method == "POST":
        identity = request.POST.get("identity", LiveSession.Identity.ANONYMOUS)
        try:
            session = services.session_open(
                activity=activity,
                identity=identity,
                moderation=bool(request.POST.get("moderation")),
            )
        except services.LiveError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"The live session is open: people join with code {session.code}."
            )
        return redirect("live_console", request.community.slug, activity.pk)
    context: dict[str, Any] = {
        "activity": activity,
        "tab": "live",
        "session": session,
        "identities": LiveSession.Identity.choices,
        "poll_kinds": Poll.Kind.choices,
    }
    if session:
        url = join_url(request, session)
        context.update(
            join_url=url,
            qr=qr_svg(url),
            metrics=selectors.session_metrics(session=session),
        )
    return render(request, "live/console.html", context)


def _post_session(
    request: CommunityRequest, activity_id: int
) -> tuple[Activity, LiveSession | None]:
    activity = activity_of(request, activity_id)
    return activity, _session(request, activity)


@community_view(FACILITATOR)
@require_POST
def live_settings(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity, session = _post_session(request, activity_id)
    if session is not None:
        try:
            services.session_settings(
                session=session,
                identity=request.POST.get("identity", ""),
                moderation=bool(request.POST.get("moderation")),
            )
            messages.success(request, "Settings saved.")
        except services.LiveError as error:
            messages.error(request, str(error))
    return redirect("live_console", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def live_status(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Close the session (records participation) or reopen it."""
    activity, session = _post_session(request, activity_id)
    if session is not None:
        if request.POST.get("action") == "close":
            services.session_close(session=session)
            messages.success(
                request, "The live session is closed; members' participation is recorded."
            )
        else:
            services.session_open(activity=activity)
            messages.success(request, "The live session is open again.")
    return redirect("live_console", request.community.slug, activity.pk)


@community_view(FACILITATOR)
@require_POST
def live_poll_new(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity, session = _post_session(request, activity_id)
    if session is not None:
        scale = request.POST.get("scale_max", "5")
        try:
            services.poll_create(
                session=session,
                kind=request.POST.get("kind", ""),
                prompt=request.POST.get("prompt", ""),
                options=request.POST.get("options", "").splitlines(),
                scale_max=int(scale) if scale.isdigit() else 0,
            )
            messages.success(request, "Poll added: open it when the moment comes.")
        except services.LiveError as error:
            messages.error(request, f"The poll was not added: {error}")
    return redirect("live_console", request.community.slug, activity.pk)


@community_view(FACILITATOR)
def live_presenter(request: CommunityRequest, activity_id: int) -> HttpResponse:
    activity = activity_of(request, activity_id)
    session = _session(request, activity)
    if session is None:
        return redirect("live_console", request.community.slug, activity.pk)
    url = join_url(request, session)
    return render(
        request,
        "live/presenter.html",
        {"activity": activity, "session": session, "join_url": url, "qr": qr_svg(url)},
    )


@community_view(FACILITATOR)
def live_export(request: CommunityRequest, activity_id: int) -> HttpResponse:
    """Every poll's results as one CSV: poll, kind, answer, count (texts one row each)."""
    activity = activity_of(request, activity_id)
    session = _session(request, activity)
    rows = selectors.poll_results(session) if session else []
    header = ["poll", "kind", "status", "answer", "count"]
    out = io.StringIO()
    table_write_csv([header, *([str(cell) for cell in row] for row in rows)], out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-polls-{activity.pk}.csv"'
    return response


# --- participants (public) --------------------------------------------------------------------


def _too_many_joins(request: HttpRequest) -> bool:
    """Count a join from the client's address; True when over the per-minute limit."""
    return rate_limited(
        request, scope="live-join", limit=settings.LIVE_JOINS_PER_MINUTE, seconds=60
    )


def live_join_code(request: HttpRequest) -> HttpResponse:
    """``/j/``: type a code."""
    code = request.GET.get("code", "")
    error = ""
    if code:
        try:
            session = session_lookup(code=code, client=client_address(request))
        except ProtocolError as refused:
            return render(
                request,
                "live/join_code.html",
                {"code": code[:20], "error": str(refused)},
                status=429,
            )
        if session is not None:
            return redirect("live_join", session.code)
        error = f"No live session has the code “{code[:20]}”. Check the code on the screen."
    return render(
        request,
        "live/join_code.html",
        {"code": code[:20], "error": error},
        status=404 if error else 200,
    )


def _participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    token = request.headers.get("X-Live-Token") or request.COOKIES.get(cookie_name(session.code))
    return selectors.participant_by_token(session=session, token=token)


def _remember(response: HttpResponse, session: LiveSession, participant: Participant) -> None:
    """The participant's cookie: the same device rejoins as the same participant."""
    response.set_cookie(
        cookie_name(session.code),
        participant.token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def live_join(request: HttpRequest, code: str) -> HttpResponse:
    """``/j/<code>/``: the join form, then (with the participant's cookie) the client."""
    try:
        session = session_lookup(code=code, client=client_address(request))
    except ProtocolError as refused:
        return render(
            request, "live/join_code.html", {"code": code[:20], "error": str(refused)}, status=429
        )
    if session is None:
        return render(
            request,
            "live/join_code.html",
            {"code": code[:20], "error": f"No live session has the code “{code[:20]}”."},
            status=404,
        )
    if session.code != code:
        return redirect("live_join", session.code)
    participant = _participant(request, session)
    error: dict[str, str] = {}
    if not session.is_open:
        return render(request, "live/closed.html", {"session": session}, status=410)
    if request.method == "POST" and participant is None:
        if _too_many_joins(request):
            error = {
                "field": "",
                "message": "Too many people joined from this address in the last minute: "
                "wait a minute and try again.",
            }
        else:
            try:
                participant = services.participant_join(
                    session=session,
                    name=request.POST.get("name", ""),
                    email=request.POST.get("email", ""),
                    user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                )
            except services.LiveError as failure:
                error = {"field": failure.field, "message": str(failure)}
            else:
                response = redirect("live_join", session.code)
                _remember(response, session, participant)
                return response
    if participant is None:
        return render(
            request,
            "live/join.html",
            {"session": session, "error": error, "post": request.POST},
            status=400 if error else 200,
        )
    return render(
        request,
        "live/participant.html",
        {"session": session, "participant": participant, "reactions": REACTION_EMOJI.items()},
    )


def _http_session(request: HttpRequest, code: str) -> LiveSession | None:
    """The session for the fallback's endpoints; ProtocolError when the address tried too many
    wrong codes (answered by :func:`_refused`)."""
    return session_lookup(code=code, client=client_address(request))


def _refused(error: ProtocolError) -> JsonResponse:
    return JsonResponse(reply_error(None, error), status=429)


def live_http_state(request: HttpRequest, code: str) -> JsonResponse:
    """Fallback: the same full state a websocket gets on connecting (poll it every 2 s)."""
    try:
        session = _http_session(request, code)
    except ProtocolError as error:
        return _refused(error)
    if session is None:
        return JsonResponse(unknown_session(code), status=404)
    staff = request.GET.get("staff") == "1" and selectors.is_facilitator(
        user=request.user, session=session
    )
    return JsonResponse(
        hello(session=session, participant=_participant(request, session), staff=staff)
    )


def _foreign_origin(request: HttpRequest) -> bool:
    """True when a browser says the request comes from another site's page (``Origin``)."""
    origin = request.headers.get("Origin")
    if origin is None:  # not sent by a browser's fetch from a page: nothing to compare
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc != request.get_host()


# Without Django's CSRF token (the participant's page has no form): JSON only, which a
# cross-site form cannot send, and a browser's Origin must be this site.
@csrf_exempt
def live_http_act(request: HttpRequest, code: str) -> JsonResponse:
    """Fallback: one protocol message in the body, the ack or error as the answer."""
    if request.method != "POST":
        return JsonResponse(
            {"type": "error", "code": "method", "message": "POST a JSON message."}, status=405
        )
    if _foreign_origin(request):
        return JsonResponse(
            {
                "type": "error",
                "code": "forbidden",
                "message": "Messages are taken only from this site's own pages.",
            },
            status=403,
        )
    if request.content_type != "application/json":
        return JsonResponse(
            {
                "type": "error",
                "code": "malformed",
                "message": "Send the message as application/json.",
            },
            status=415,
        )
    try:
        session = _http_session(request, code)
    except ProtocolError as error:
        return _refused(error)
    if session is None:
        return JsonResponse(unknown_session(code), status=404)
    try:
        message = message_parse(request.body.decode("utf-8", errors="replace"))
    except ProtocolError as error:
        return JsonResponse(reply_error(None, error), status=400)
    participant = _participant(request, session)
    staff = selectors.is_facilitator(user=request.user, session=session)
    who = f"p{participant.pk}" if participant else client_address(request)
    if rate_limited(
        request, scope=f"live-act:{session.pk}", key=who, limit=HTTP_ACTIONS_PER_MINUTE, seconds=60
    ):
        return JsonResponse(
            {
                "type": "error",
                "ref": message.get("ref"),
                "code": "rate_limited",
                "message": "Too many messages: wait a moment.",
            },
            status=429,
        )
    if message["type"] == "join" and participant is None:
        reply, joined = join_handle(
            session=session, message=message, user=request.user, client=client_address(request)
        )
        if joined is None:
            return JsonResponse(reply, status=429 if reply["code"] == "rate_limited" else 400)
        response = JsonResponse(reply)
        _remember(response, session, joined)
        return response
    reply = message_handle(session=session, participant=participant, staff=staff, message=message)
    return JsonResponse(reply, status=200 if reply["type"] == "ack" else 400)


def live_qr(request: HttpRequest, code: str) -> HttpResponse:
    try:
        session = _http_session(request, code)
    except ProtocolError as error:
        return HttpResponse(str(error), status=429, content_type="text/plain")
    if session is None:
        return HttpResponse("No such live session.", status=404, content_type="text/plain")
    return HttpResponse(qr_svg(join_url(request, session)), content_type="image/svg+xml")
