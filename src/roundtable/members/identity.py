"""Who a visitor of a public form is known to be, and what a held answer's member became.

A public form asks for an e-mail address, and anyone can type anyone's. A visitor is
**identified** as the owner of an address when

- they are logged in with an account whose e-mail is that address, or
- their browser opened the personal link (``me/<token>/``) of the member who has that address
  (primary or other), in this community: the page sets a signed cookie naming the member. A
  cookie, not a row of the session table, because opening a page writes nothing to the
  database (tests/test_reads_write_nothing.py); it is signed (it cannot be forged to name
  someone else), HttpOnly, SameSite=Lax, and lasts ``IDENTITY_DAYS``.

An identified visitor's answer is applied at once; anyone else's is held until the address
confirms it (``communities.confirmations``).
"""

from django.conf import settings
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse

from roundtable.communities.models import Community
from roundtable.members.models import Member
from roundtable.members.selectors import address_owner
from roundtable.service_error import ServiceError

COOKIE = "rt_members"
_SALT = "roundtable.members.identity"
IDENTITY_DAYS = 90
MAX_MEMBERS = 10  # a shared computer's browser keeps the last ten


def _known(request: HttpRequest) -> list[int]:
    try:
        value = request.get_signed_cookie(COOKIE, default="", salt=_SALT)
    except BadSignature:
        return []
    return [int(part) for part in (value or "").split(",") if part.isdigit()]


def identity_remember(request: HttpRequest, response: HttpResponse, member: Member) -> None:
    """The visitor opened ``member``'s personal link: from now on this browser acts as that
    member on the public forms."""
    known = _known(request)
    if member.pk in known:
        return
    response.set_signed_cookie(
        COOKIE,
        ",".join(str(pk) for pk in [*known, member.pk][-MAX_MEMBERS:]),
        salt=_SALT,
        max_age=IDENTITY_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def visitor_owns(request: HttpRequest, *, community: Community, email: str) -> bool:
    """Whether the visitor is identified as the owner of ``email`` in ``community``."""
    email = email.strip()
    if not email:
        return False
    user = request.user
    if user.is_authenticated and (user.email or "").casefold() == email.casefold():
        return True
    known = _known(request)
    if not known:
        return False
    owner = address_owner(community_id=community.pk, email=email)
    return owner is not None and owner.is_active and owner.pk in known


def address_member_id(*, community: Community, email: str) -> int | None:
    """The id of the member who has ``email`` now, to keep with a held answer."""
    owner = address_owner(community_id=community.pk, email=email)
    return None if owner is None else owner.pk


def held_member_check(*, community: Community, member_id: int | None) -> None:
    """Refuse to apply a held answer whose member was archived or deleted since it was held.
    Raises ServiceError (code "member_gone")."""
    if member_id is None:
        return
    member = Member.objects.filter(community=community, pk=member_id).first()
    if member is None or member.anonymised_at is not None:
        raise ServiceError(
            "The member this e-mail address belonged to was deleted since the link was sent, "
            "so nothing was changed. Please write to the community's staff.",
            code="member_gone",
        )
    if member.archived_at is not None:
        raise ServiceError(
            "The member this e-mail address belongs to was archived since the link was sent, "
            "so nothing was changed. Please write to the community's staff to be restored.",
            code="member_gone",
        )
