from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.members.models import Member
from roundtable.members.services import member_search_refresh
from tests.factories import MemberFactory, NeedFactory, ParticipationRecordFactory, TagFactory


def names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


@pytest.fixture
def people(community):
    amina = MemberFactory(
        community=community,
        full_name="Amina Njoroge",
        organisation="Nairobi Water",
        country="KE",
        timezone="Africa/Nairobi",
        participation_level="core",
    )
    amina.expertise.add(TagFactory(community=community, name="leak detection"))
    carlos = MemberFactory(
        community=community,
        full_name="Carlos Quispe",
        organisation="SEDAPAL",
        country="PE",
        timezone="America/Lima",
        participation_level="occasional",
        joined_on=timezone.localdate() - timedelta(days=10),
    )
    NeedFactory(member=carlos, text="How do we set a social tariff that still covers costs?")
    MemberFactory(
        community=community, full_name="Zoe Archived", archived_at=timezone.now(), country="KE"
    )
    member_search_refresh(community=community)
    return {"amina": amina, "carlos": carlos}


def test_search_finds_a_member_by_the_words_of_their_need(manager_client, community, people):
    url = reverse("member_list", args=[community.slug])
    assert names(manager_client.get(url, {"q": "social tariff"})) == ["Carlos Quispe"]


def test_search_covers_names_organisations_and_tags(manager_client, community, people):
    url = reverse("member_list", args=[community.slug])
    assert names(manager_client.get(url, {"q": "njoroge"})) == ["Amina Njoroge"]
    assert names(manager_client.get(url, {"q": "sedapal"})) == ["Carlos Quispe"]
    assert names(manager_client.get(url, {"q": "leak"})) == ["Amina Njoroge"]
    assert names(manager_client.get(url, {"q": "nobody-has-this"})) == []


def test_filters_and_archived_members(manager_client, community, people):
    url = reverse("member_list", args=[community.slug])
    assert names(manager_client.get(url, {"country": "KE"})) == ["Amina Njoroge"]
    assert names(manager_client.get(url, {"timezone": "America/Lima"})) == ["Carlos Quispe"]
    assert names(manager_client.get(url, {"level": "core"})) == ["Amina Njoroge"]
    assert names(manager_client.get(url, {"status": "archived"})) == ["Zoe Archived"]
    assert len(names(manager_client.get(url, {"status": "all"}))) == 3


def test_sorting(manager_client, community, people):
    url = reverse("member_list", args=[community.slug])
    assert names(manager_client.get(url, {"sort": "-joined"}))[0] == "Carlos Quispe"
    assert names(manager_client.get(url, {"sort": "level"}))[0] == "Amina Njoroge"


def test_pagination_keeps_the_filters(manager_client, community):
    MemberFactory.create_batch(30, community=community, country="KE")
    MemberFactory.create_batch(3, community=community, country="PE")
    response = manager_client.get(reverse("member_list", args=[community.slug]), {"country": "KE"})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 25
    assert "country=KE&amp;page=2" in response.content.decode()
    page2 = manager_client.get(
        reverse("member_list", args=[community.slug]), {"country": "KE", "page": 2}
    )
    assert len(page2.context["page"].object_list) == 5


def test_htmx_request_gets_only_the_results(manager_client, community, people):
    response = manager_client.get(
        reverse("member_list", args=[community.slug]), {"q": "amina"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Amina Njoroge" in body
    assert "<html" not in body


def test_invalid_filter_values_do_not_break_the_page(manager_client, community, people):
    response = manager_client.get(
        reverse("member_list", args=[community.slug]), {"country": "XX", "page": "abc"}
    )
    assert response.status_code == 200


def test_directory_queries_do_not_grow_with_members(
    manager_client, community, django_assert_max_num_queries
):
    for member in MemberFactory.create_batch(25, community=community):
        member.expertise.add(TagFactory(community=community, name=f"t{member.pk}"))
    with django_assert_max_num_queries(14):
        response = manager_client.get(reverse("member_list", args=[community.slug]))
    assert len(response.context["page"].object_list) == 25


def test_member_text_is_escaped(manager_client, community):
    MemberFactory(community=community, full_name="<script>alert(1)</script>")
    body = manager_client.get(reverse("member_list", args=[community.slug])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_profile_shows_needs_and_history(manager_client, community, people):
    carlos: Member = people["carlos"]
    ParticipationRecordFactory(member=carlos, activity_title="Tariff clinic", detail="asked")
    body = manager_client.get(
        reverse("member_detail", args=[community.slug, carlos.pk])
    ).content.decode()
    assert "social tariff" in body
    assert "Tariff clinic" in body
    assert "1</span> attendances" in body


def test_filters_offer_each_country_and_zone_once(manager_client, community):
    MemberFactory.create_batch(4, community=community, country="KE", timezone="Africa/Nairobi")
    MemberFactory.create_batch(3, community=community, country="PE", timezone="America/Lima")
    form = manager_client.get(reverse("member_list", args=[community.slug])).context["form"]
    assert form.fields["country"].choices == [
        ("", "All countries"),
        ("KE", "Kenya"),
        ("PE", "Peru"),
    ]
    assert [c for c, _ in form.fields["timezone"].choices] == ["", "Africa/Nairobi", "America/Lima"]


def test_search_follows_changes_made_through_the_services(manager_client, community):
    from roundtable.members.services import member_anonymise, member_create, member_update
    from roundtable.needs.services import need_create

    url = reverse("member_list", args=[community.slug])
    member = member_create(community=community, full_name="Ines Duarte", organisation="EPAL")
    assert names(manager_client.get(url, {"q": "epal"})) == ["Ines Duarte"]
    member_update(member=member, organisation="Águas do Porto", expertise=["Smart metering"])
    assert names(manager_client.get(url, {"q": "ÁGUAS smart"})) == ["Ines Duarte"]
    assert names(manager_client.get(url, {"q": "epal"})) == []
    need_create(
        community=community,
        member=member,
        text="Sludge drying beds keep flooding",
        tag_names=["sanitation"],
        urgency=3,
        source="staff",
    )
    assert names(manager_client.get(url, {"q": "sludge"})) == ["Ines Duarte"]
    member_anonymise(member=member)
    assert names(manager_client.get(url, {"q": "sludge", "status": "all"})) == []


def test_filter_choices_follow_member_changes(manager_client, community):
    from roundtable.members.services import member_archive, member_create

    url = reverse("member_list", args=[community.slug])
    kenyan = member_create(community=community, full_name="A", country="KE")
    assert [c for c, _ in manager_client.get(url).context["form"].fields["country"].choices] == [
        "",
        "KE",
    ]
    member_create(community=community, full_name="B", country="PE", timezone="America/Lima")
    member_archive(member=kenyan)
    form = manager_client.get(url).context["form"]
    assert [c for c, _ in form.fields["country"].choices] == ["", "PE"]
    assert [c for c, _ in form.fields["timezone"].choices] == ["", "America/Lima"]


def test_filter_choices_include_imported_countries(manager_client, community, tmp_path):
    from roundtable.imports.services import member_import

    url = reverse("member_list", args=[community.slug])
    assert manager_client.get(url).context["form"].fields["country"].choices == [
        ("", "All countries")
    ]
    path = tmp_path / "m.csv"
    path.write_text("Name,Email,Country\nAna,ana@example.org,Chile\n", encoding="utf-8")
    member_import(community=community, path=path, original_name="m.csv")
    choices = manager_client.get(url).context["form"].fields["country"].choices
    assert ("CL", "Chile") in choices


def test_profile_lists_the_members_segments_in_constant_queries(
    manager_client, community, django_assert_max_num_queries
):
    from tests.factories import SegmentFactory

    kenyan = MemberFactory(community=community, country="KE")
    SegmentFactory(
        community=community,
        name="Peru",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["PE"]}]},
    )
    for n in range(6):
        SegmentFactory(
            community=community,
            name=f"Kenya {n}",
            rule={
                "match": "all",
                "conditions": [{"field": "country", "op": "in", "value": ["KE"]}],
            },
        )
    with django_assert_max_num_queries(20):
        response = manager_client.get(reverse("member_detail", args=[community.slug, kenyan.pk]))
    assert sorted(s.name for s in response.context["segments"]) == [f"Kenya {n}" for n in range(6)]


def test_directory_filters_by_a_segment_the_segments_app_registers(
    manager_client, community, people, other_community
):
    from tests.factories import SegmentFactory

    url = reverse("member_list", args=[community.slug])
    kenya = SegmentFactory(
        community=community,
        name="Kenya",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["KE"]}]},
    )
    hosts = SegmentFactory(community=community, name="Hosts", kind="static", rule={})
    hosts.static_members.add(people["carlos"])
    elsewhere = SegmentFactory(community=other_community, name="Elsewhere")
    form = manager_client.get(url).context["form"]
    assert form.fields["segment"].choices == [
        ("", "Everyone"),
        (hosts.pk, "Hosts"),
        (kenya.pk, "Kenya"),
    ]
    assert names(manager_client.get(url, {"segment": kenya.pk})) == ["Amina Njoroge"]
    assert names(manager_client.get(url, {"segment": hosts.pk, "q": "quispe"})) == ["Carlos Quispe"]
    # another community's segment is not on offer: the filters are refused, as any bad value
    response = manager_client.get(url, {"segment": elsewhere.pk, "country": "KE"})
    assert "segment" in response.context["form"].errors
    assert names(response) == ["Amina Njoroge", "Carlos Quispe"]
