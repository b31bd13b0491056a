"""Needs pages: the public intake form, its QR code, the board, adding and editing needs."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from roundtable.communities.models import PendingConfirmation
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.web.bot_trap import TRAP_NAME
from tests.factories import MemberFactory, NeedFactory, SegmentFactory, TagFactory
from tests.public_forms import as_a_person, confirm_by_link

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(name, args=["alpha", *args])


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def intake(**extra: object) -> dict[str, object]:
    data = {
        "full_name": "Amina Diallo",
        "email": "amina@example.org",
        "organisation": "SDE",
        "country": "SN",
        "timezone": "Africa/Dakar",
        "text": "We need a fair tariff for informal settlements.",
        "tags": "pricing, informal settlements",
        "urgency": "3",
        **as_a_person(),
    }
    data.update(extra)
    return data


def test_intake_form_is_public_and_creates_member_and_need(client, community) -> None:
    page = client.get(url("need_intake"))
    assert page.status_code == 200
    assert f'name="{TRAP_NAME}"' in page.content.decode()  # the trap for bots
    response = client.post(url("need_intake"), intake())
    assert "Check your inbox" in response.content.decode()
    assert "Your need is recorded" in confirm_by_link(client).content.decode()
    need = Need.objects.get()
    assert need.source == "intake" and need.member.source == "intake"
    assert sorted(t.name for t in need.tags.all()) == ["informal settlements", "pricing"]


def test_intake_adds_the_need_to_an_existing_member(client, community) -> None:
    ana = MemberFactory(community=community, email="amina@example.org", full_name="Amina D.")
    client.post(url("need_intake"), intake(full_name="Changed Name"))
    confirm_by_link(client)
    ana.refresh_from_db()
    assert ana.full_name == "Amina D."
    assert list(ana.needs.values_list("source", flat=True)) == ["intake"]
    assert Member.objects.count() == 1


def test_closed_intake_is_a_friendly_404(client, community) -> None:
    community.intake_open = False
    community.save()
    response = client.get(url("need_intake"))
    assert response.status_code == 404
    assert "The intake form is closed" in response.content.decode()
    assert client.post(url("need_intake"), intake()).status_code == 404
    assert not Need.objects.exists()


def test_the_trap_field_stores_nothing_and_says_so(client, community) -> None:
    response = client.post(url("need_intake"), intake(**{TRAP_NAME: "http://spam.example"}))
    assert response.status_code == 400
    assert "Your answer was not saved" in response.content.decode()
    assert "We need a fair tariff for informal settlements." in response.content.decode()
    assert not Need.objects.exists() and not Member.objects.exists()


def test_rate_limit_per_address(client, community) -> None:
    for index in range(10):
        ok = client.post(url("need_intake"), intake(email=f"p{index}@example.org"))
        assert ok.status_code == 200
    response = client.post(url("need_intake"), intake(email="late@example.org"))
    assert response.status_code == 429
    assert "Too many needs were sent from your connection" in response.content.decode()
    assert PendingConfirmation.objects.count() == 10 and len(mail.outbox) == 10


def test_bad_email_and_long_text_are_refused_with_a_message(client, community) -> None:
    response = client.post(url("need_intake"), intake(email="amina-at-example"))
    assert "Enter a valid email address." in response.content.decode()
    response = client.post(url("need_intake"), intake(text="z" * 2001))
    assert "Need: the text is 2,001 characters long; the limit is 2,000." in (
        response.content.decode()
    )
    assert not Need.objects.exists() and not Member.objects.exists()


def test_qr_code_is_svg_of_the_full_link(client, community, settings) -> None:
    response = client.get(url("need_intake_qr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_board_shares_the_intake_link(facilitator_client, community, settings) -> None:
    html = facilitator_client.get(url("need_board")).content.decode()
    assert settings.SITE_URL + url("need_intake") in html
    assert url("need_intake_qr") in html
    assert url("need_intake_print") in html


@pytest.fixture
def board(community):
    pricing = TagFactory(community=community, name="pricing")
    leaks = TagFactory(community=community, name="leaks")
    kenyan = MemberFactory(community=community, full_name="Wanjiru Kamau", country="KE")
    peruvian = MemberFactory(community=community, full_name="Ana Quispe", country="PE")
    n1 = NeedFactory(member=kenyan, text="Tariffs for the poor", urgency=4)
    n1.tags.add(pricing)
    n2 = NeedFactory(member=peruvian, text="Finding leaks at night", urgency=2)
    n2.tags.add(leaks, pricing)
    n3 = NeedFactory(member=peruvian, text="Old leak report", urgency=1, status="addressed")
    n3.tags.add(leaks)
    segment = SegmentFactory(
        community=community,
        name="Kenya",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["KE"]}]},
    )
    hosts = SegmentFactory(community=community, name="Peru hosts", kind="static", rule={})
    hosts.static_members.add(peruvian)
    return {"n1": n1, "n2": n2, "n3": n3, "segment": segment, "hosts": hosts}


def test_board_counts(facilitator_client, board) -> None:
    response = facilitator_client.get(url("need_board"))
    context = response.context
    assert context["board"].by_tag == [("pricing", 2), ("leaks", 1)]
    assert [(v, n) for v, _, n in context["board"].by_urgency] == [(4, 1), (3, 0), (2, 1), (1, 0)]
    assert [(v, n) for v, _, n in context["board"].by_status] == [
        ("open", 2),
        ("being_addressed", 0),
        ("addressed", 1),
    ]
    [segments] = context["board"].by_group
    assert segments.filter.name == "segment"
    assert [(group.label, n) for group, n in segments.counts] == [
        ("Kenya", 1),
        ("Peru hosts", 1),
    ]
    assert context["board"].total == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "addressed"}, ["Old leak report"]),
        ({"urgency": "4"}, ["Tariffs for the poor"]),
        ({"tag": "leaks"}, ["Finding leaks at night", "Old leak report"]),
        ({"q": "NIGHT"}, ["Finding leaks at night"]),
        ({"q": "wanjiru"}, ["Tariffs for the poor"]),
        ({"status": "open", "tag": "pricing"}, ["Tariffs for the poor", "Finding leaks at night"]),
    ],
)
def test_board_filters(facilitator_client, board, query, expected) -> None:
    response = facilitator_client.get(url("need_board"), query)
    assert [n.text for n in response.context["board"].page.object_list] == expected


def test_board_filter_by_segment(facilitator_client, board) -> None:
    response = facilitator_client.get(url("need_board"), {"segment": board["segment"].pk})
    assert [n.text for n in response.context["board"].page.object_list] == ["Tariffs for the poor"]
    response = facilitator_client.get(url("need_board"), {"segment": board["hosts"].pk})
    assert [n.text for n in response.context["board"].page.object_list] == [
        "Finding leaks at night",
        "Old leak report",
    ]


def test_board_queries_do_not_grow_with_needs(
    facilitator_client, community, board, django_assert_max_num_queries
) -> None:
    for index in range(40):
        member = MemberFactory(community=community)
        NeedFactory(member=member, text=f"Need {index}").tags.add(
            TagFactory(community=community, name=f"t{index % 7}")
        )
    SegmentFactory(community=community, name="Everyone", rule={})
    with django_assert_max_num_queries(14):
        response = facilitator_client.get(url("need_board"))
    assert response.status_code == 200
    assert len(response.context["board"].page.object_list) == 25


def test_need_text_is_escaped(facilitator_client, community) -> None:
    NeedFactory(member=MemberFactory(community=community), text="<script>alert('x')</script>")
    html = facilitator_client.get(url("need_board")).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_status_changes_inline(facilitator_client, board) -> None:
    need = board["n1"]
    response = facilitator_client.post(
        url("need_status", need.pk), {"status": "being_addressed"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "being_addressed"
    bad = facilitator_client.post(
        url("need_status", need.pk), {"status": "gone"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400 and "is not a status" in bad.content.decode()


def test_add_and_edit_a_need_for_a_member(facilitator_client, community) -> None:
    member = MemberFactory(community=community, full_name="Kofi Mensah")
    picker = facilitator_client.get(url("need_new"), {"q": "kofi"})
    assert f"?member={member.pk}" in picker.content.decode()
    response = facilitator_client.post(
        f"{url('need_new')}?member={member.pk}",
        {"text": "Metering", "tags": "meters", "urgency": "2", "status": "open", "source": "staff"},
    )
    assert response.status_code == 302
    need = Need.objects.get(member=member)
    facilitator_client.post(
        url("need_edit", need.pk),
        {"text": "Smart metering", "tags": "meters, iot", "urgency": "3", "status": "open"},
    )
    need.refresh_from_db()
    assert need.text == "Smart metering" and need.urgency == 3
    empty = facilitator_client.post(
        url("need_edit", need.pk), {"text": " ", "urgency": "3", "status": "open"}
    )
    assert "This field is required." in empty.content.decode()


def test_needs_are_isolated(outsider_client, member_client, manager_client, other_community):
    theirs = NeedFactory(member=MemberFactory(community=other_community))
    assert manager_client.get(url("need_edit", theirs.pk)).status_code == 404
    assert (
        manager_client.post(url("need_status", theirs.pk), {"status": "addressed"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == "open"
    assert outsider_client.get(url("need_board")).status_code == 404
    assert member_client.get(url("need_board")).status_code == 403
    member = MemberFactory(community=other_community)
    assert manager_client.get(url("need_new"), {"member": member.pk}).status_code == 404
