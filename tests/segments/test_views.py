"""Segment pages: list, rule editor with live preview, create/edit/delete, static lists, access."""

import pytest
from django.urls import reverse

from roundtable.members.models import Member
from roundtable.segments.models import Segment
from tests.factories import MemberFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def members(community):
    return [
        MemberFactory(community=community, full_name="Ana Quispe", country="PE"),
        MemberFactory(community=community, full_name="Kofi Mensah", country="GH"),
        MemberFactory(community=community, full_name="Wanjiru Kamau", country="KE"),
    ]


def editor_post(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {"name": "East Africa", "kind": "rule", "match": "all", "row": ["1"]}
    data.update({"field_1": "country", "op_1": "in", "value_1": ["KE", "UG"]})
    data.update(extra)
    return data


def test_preview_returns_the_live_count_and_first_members(facilitator_client, members) -> None:
    response = facilitator_client.post(
        url("segment_preview"), editor_post(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="stat">1</span> member' in html
    assert "Wanjiru Kamau" in html and "Ana Quispe" not in html
    assert "Members in Kenya or Uganda" in html
    assert not Segment.objects.exists()


def test_preview_shows_an_invalid_rule_message(facilitator_client, members) -> None:
    data = editor_post(field_1="joined", op_1="after", was_field_1="joined", text_1="31/02/2026")
    response = facilitator_client.post(url("segment_preview"), data)
    assert "condition 1: &#x27;31/02/2026&#x27; is not a date" in response.content.decode()


def test_changing_a_field_redraws_the_row_with_suited_inputs(facilitator_client, members) -> None:
    data = editor_post(field_1="participation_level", was_field_1="country")
    response = facilitator_client.post(url("segment_rule_rows"), data)
    html = response.content.decode()
    assert 'type="checkbox" name="value_1" value="core"' in html
    assert 'hx-swap-oob="innerHTML"' in html  # the preview follows the new field
    added = facilitator_client.post(url("segment_rule_rows"), editor_post(add="1"))
    assert 'name="field_2"' in added.content.decode()
    removed = facilitator_client.post(url("segment_rule_rows"), editor_post(remove="1"))
    assert 'name="field_1"' not in removed.content.decode()


def test_create_edit_and_delete_a_rule_segment(facilitator_client, community, members) -> None:
    response = facilitator_client.post(url("segment_new"), editor_post())
    segment = Segment.objects.get(community=community)
    assert response.status_code == 302
    assert response["Location"] == url("segment_detail", segment.pk)
    assert segment.rule == {
        "match": "all",
        "conditions": [{"field": "country", "op": "in", "value": ["KE", "UG"]}],
    }
    detail = facilitator_client.get(url("segment_detail", segment.pk)).content.decode()
    assert "Wanjiru Kamau" in detail and "Members in Kenya or Uganda" in detail
    edit_page = facilitator_client.get(url("segment_edit", segment.pk)).content.decode()
    assert 'value="KE" selected' in edit_page
    facilitator_client.post(
        url("segment_edit", segment.pk),
        editor_post(name="West Africa", value_1=["GH"], match="any"),
    )
    segment.refresh_from_db()
    assert segment.name == "West Africa"
    assert segment.rule["match"] == "any"
    assert segment.rule["conditions"][0]["value"] == ["GH"]
    response = facilitator_client.post(url("segment_delete", segment.pk))
    assert response.status_code == 302
    assert not Segment.objects.exists()
    assert Member.objects.count() == 3


def test_invalid_rule_is_not_saved_and_the_message_is_shown(facilitator_client, members) -> None:
    response = facilitator_client.post(url("segment_new"), editor_post(value_1=["XX"]))
    assert response.status_code == 400
    assert "condition 1: &#x27;XX&#x27; is not a country code" in response.content.decode()
    assert not Segment.objects.exists()


def test_duplicate_name_is_refused(facilitator_client, community, members) -> None:
    SegmentFactory(community=community, name="East Africa")
    response = facilitator_client.post(url("segment_new"), editor_post(name="east africa"))
    assert "a segment called “east africa” already exists" in response.content.decode()
    assert Segment.objects.count() == 1


def test_nested_groups_are_kept_on_save(facilitator_client, community, members) -> None:
    nested = {"match": "any", "conditions": [{"field": "role", "op": "contains", "value": "ceo"}]}
    segment = SegmentFactory(
        community=community,
        rule={
            "match": "all",
            "conditions": [{"field": "country", "op": "in", "value": ["KE"]}, nested],
        },
    )
    page = facilitator_client.get(url("segment_edit", segment.pk)).content.decode()
    assert "whose role contains “ceo”" in page
    facilitator_client.post(
        url("segment_edit", segment.pk),
        editor_post(name=segment.name, nested=f"[{__import__('json').dumps(nested)}]"),
    )
    segment.refresh_from_db()
    assert segment.rule["conditions"][1] == nested


def test_static_list_create_add_and_remove(facilitator_client, community, members) -> None:
    response = facilitator_client.post(url("segment_new"), {"name": "Hosts", "kind": "static"})
    segment = Segment.objects.get(name="Hosts")
    assert segment.kind == "static"
    assert response["Location"] == url("segment_detail", segment.pk)
    found = facilitator_client.get(url("segment_detail", segment.pk), {"q": "kofi"})
    assert "Kofi Mensah" in found.content.decode()
    kofi, wanjiru = members[1], members[2]
    outsider = MemberFactory(full_name="Not Ours")
    facilitator_client.post(
        url("segment_members_add", segment.pk), {"member": [kofi.pk, wanjiru.pk, outsider.pk]}
    )
    assert set(segment.static_members.all()) == {kofi, wanjiru}
    facilitator_client.post(url("segment_members_remove", segment.pk), {"member": [kofi.pk]})
    assert list(segment.static_members.all()) == [wanjiru]
    detail = facilitator_client.get(url("segment_detail", segment.pk)).content.decode()
    assert reverse("member_detail", args=["alpha", wanjiru.pk]) in detail


def test_list_shows_counts_and_words_in_a_fixed_number_of_queries(
    facilitator_client, community, members, django_assert_max_num_queries
) -> None:
    for index in range(6):
        SegmentFactory(
            community=community,
            name=f"Segment {index}",
            rule={
                "match": "any",
                "conditions": [
                    {"field": "country", "op": "in", "value": ["KE", "GH"]},
                    {"field": "tag", "op": "has_any", "value": ["gis"]},
                ],
            },
        )
    static = SegmentFactory(community=community, name="Static", kind="static", rule={})
    static.static_members.add(members[0])
    with django_assert_max_num_queries(8):
        response = facilitator_client.get(url("segment_list"))
    html = response.content.decode()
    assert "Members in Kenya or Ghana or tagged “gis”" in html
    assert html.count("<strong>2</strong>") == 6
    assert "<strong>1</strong>" in html


def test_member_text_is_escaped(facilitator_client, community) -> None:
    MemberFactory(community=community, full_name="<script>alert(1)</script>", country="KE")
    response = facilitator_client.post(url("segment_preview"), editor_post())
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_outsider_gets_404_and_member_user_403(outsider_client, member_client, community) -> None:
    segment = SegmentFactory(community=community)
    for name, args in [
        ("segment_list", []),
        ("segment_new", []),
        ("segment_detail", [segment.pk]),
        ("segment_edit", [segment.pk]),
    ]:
        assert outsider_client.get(url(name, *args)).status_code == 404
        assert member_client.get(url(name, *args)).status_code == 403
    assert outsider_client.post(url("segment_preview"), editor_post()).status_code == 404
    assert member_client.post(url("segment_delete", segment.pk)).status_code == 403
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_another_communitys_segment_is_404(manager_client, other_community) -> None:
    theirs = SegmentFactory(community=other_community)
    assert manager_client.get(url("segment_detail", theirs.pk)).status_code == 404
    assert manager_client.post(url("segment_delete", theirs.pk)).status_code == 404
    assert Segment.objects.filter(pk=theirs.pk).exists()


def test_a_row_not_filled_in_yet_gets_a_hint_not_an_error(facilitator_client, members) -> None:
    page = facilitator_client.get(url("segment_new")).content.decode()
    assert "Fill in condition 1 to see who matches." in page
    assert "choose at least one country" not in page


def test_preview_ignores_the_last_button_htmx_sends_along(facilitator_client, members) -> None:
    # After "Remove" was focused or "Add" clicked, htmx includes that button in later previews.
    data = editor_post(remove="1", add="1")
    html = facilitator_client.post(url("segment_preview"), data).content.decode()
    assert '<span class="stat">1</span> member' in html
