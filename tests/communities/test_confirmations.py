"""Confirmation links (communities/confirmations.py), through the needs intake form: a stranger
who types a member's e-mail changes nothing until the link sent there is used, once, in time."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from roundtable.communities.models import PendingConfirmation
from roundtable.members.models import Member
from roundtable.members.services import member_anonymise, member_archive
from roundtable.needs.models import Need
from tests.factories import MemberFactory
from tests.public_forms import as_a_person, confirm_by_link, confirmation_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def amina(community):
    return MemberFactory(community=community, email="amina@example.org", full_name="Amina Diallo")


def _intake(client, community, **changes):
    data = {
        "full_name": "Someone Else",
        "email": "amina@example.org",
        "text": "Amina wants the network to close.",
        "urgency": "3",
        **as_a_person(),
        **changes,
    }
    return client.post(reverse("need_intake", args=[community.slug]), data)


def test_a_stranger_with_a_members_email_changes_nothing_until_the_link_is_used(
    client, community, amina
):
    response = _intake(client, community)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your inbox" in page and "amina@example.org" in page
    assert Need.objects.count() == 0
    amina.refresh_from_db()
    assert amina.full_name == "Amina Diallo" and amina.search_text.find("close") == -1
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject.startswith("Confirm this need is yours")
    assert "Amina wants the network to close." in message.body

    path = confirmation_link()
    opened = client.get(path)  # a mail scanner opening the link changes nothing
    assert opened.status_code == 200 and "Confirm this need is yours" in opened.content.decode()
    assert Need.objects.count() == 0

    done = client.post(path)
    assert done.status_code == 200 and "Your need is recorded" in done.content.decode()
    need = Need.objects.get()
    assert need.member == amina and need.source == "intake"


def test_a_newcomer_is_a_member_only_once_confirmed(client, community):
    _intake(client, community, email="newcomer@example.org", full_name="Nadia New")
    assert not Member.objects.filter(email="newcomer@example.org").exists()
    confirm_by_link(client)
    member = Member.objects.get(email="newcomer@example.org")
    assert member.full_name == "Nadia New" and member.source == "intake"


def test_only_the_hash_of_the_token_is_stored(client, community, amina):
    _intake(client, community)
    token = confirmation_link().rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    pending = PendingConfirmation.objects.get()
    assert pending.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(pending.payload)


def test_the_link_works_once(client, community, amina):
    _intake(client, community)
    path = confirmation_link()
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert Need.objects.count() == 1
    assert PendingConfirmation.objects.get().payload == {}  # nothing of the answer is kept


def test_an_expired_link_says_so_and_changes_nothing(client, community, amina, clock, settings):
    _intake(client, community)
    path = confirmation_link()
    clock.shift(timedelta(hours=settings.CONFIRMATION_LINK_HOURS, minutes=1))
    response = client.post(path)
    assert response.status_code == 410
    assert f"links work for {settings.CONFIRMATION_LINK_HOURS} hours" in response.content.decode()
    assert Need.objects.count() == 0


def test_a_tampered_link_says_so(client, community, amina):
    _intake(client, community)
    path = confirmation_link()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 404
        assert "This confirmation link is not valid" in response.content.decode()
    assert Need.objects.count() == 0


def test_a_link_opened_under_another_community_changes_nothing(
    client, community, other_community, amina
):
    _intake(client, community)
    path = confirmation_link().replace(f"/c/{community.slug}/", f"/c/{other_community.slug}/")
    response = client.post(path)
    assert response.status_code == 404
    assert "belongs to another community" in response.content.decode()
    assert Need.objects.count() == 0


def test_a_member_archived_since_the_mail_went_out_is_not_changed(client, community, amina):
    _intake(client, community)
    member_archive(member=amina)
    response = client.post(confirmation_link())
    assert response.status_code == 409
    assert "archived since the link was sent" in response.content.decode()
    assert Need.objects.count() == 0


def test_a_member_deleted_since_forgets_the_held_answer(client, community, amina):
    _intake(client, community)
    member_anonymise(member=amina)
    pending = PendingConfirmation.objects.get()
    assert pending.email == "" and "close" not in str(pending.payload)
    response = client.post(confirmation_link())
    assert response.status_code == 410
    assert "deleted from the community" in response.content.decode()
    assert Need.objects.count() == 0


def test_an_intake_closed_since_says_so(client, community, amina):
    _intake(client, community)
    community.intake_open = False
    community.save(update_fields=["intake_open"])
    response = client.post(confirmation_link())
    assert response.status_code == 409
    assert "intake form of this community is closed" in response.content.decode()
    assert Need.objects.count() == 0


def test_links_to_one_address_are_limited_and_no_more_mail_goes(client, community, amina, settings):
    for _ in range(settings.CONFIRMATION_MAILS_PER_RECIPIENT):
        assert _intake(client, community).status_code == 200
    over = _intake(client, community)
    assert over.status_code == 429
    assert "A link was already sent" in over.content.decode()
    assert len(mail.outbox) == settings.CONFIRMATION_MAILS_PER_RECIPIENT
    assert PendingConfirmation.objects.count() == settings.CONFIRMATION_MAILS_PER_RECIPIENT


def test_a_visitor_from_the_members_personal_link_acts_at_once(client, community, amina):
    own_page = reverse("member_self", args=[community.slug, amina.access_token])
    assert client.get(own_page).status_code == 200
    _intake(client, community, full_name="Amina Diallo")
    assert Need.objects.get().member == amina
    assert mail.outbox == [] and PendingConfirmation.objects.count() == 0
    # the session knows Amina, not the other members
    _intake(client, community, email="someone.else@example.org")
    assert Need.objects.count() == 1 and PendingConfirmation.objects.count() == 1


def test_a_visitor_logged_in_with_the_address_acts_at_once(client, community, member_user):
    client.force_login(member_user)
    _intake(client, community, email=member_user.email.upper())
    assert Need.objects.get().member.email == member_user.email.upper().lower()
    assert PendingConfirmation.objects.count() == 0


def test_staff_see_needs_waiting_for_confirmation_and_count_none(
    client, facilitator_client, community, amina
):
    _intake(client, community, text="An <b>unverified</b> need")
    board = facilitator_client.get(reverse("need_board", args=[community.slug]))
    page = board.content.decode()
    assert "Waiting for confirmation (1)" in page
    assert "An &lt;b&gt;unverified&lt;/b&gt; need" in page
    assert "0 needs" in page
