"""The sections other apps add to the members pages (``members/sections.py``)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from roundtable.members import sections
from roundtable.members.sections import Section, section_register, sections_for
from tests.factories import MemberFactory, NeedFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def test_the_needs_and_segments_apps_fill_the_member_pages():
    places = {(s.place, s.template) for s in sections.SECTIONS}
    assert {
        ("profile", "needs/_profile_needs.html"),
        ("own_page", "needs/_own_needs.html"),
        ("insights", "needs/_insights_needs.html"),
        ("profile_card", "segments/_profile_segments.html"),
    } <= places


def test_registering_a_section_twice_adds_it_once(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])
    section = Section(place="profile", template="x.html", context=lambda request, member: {})
    section_register(section)
    section_register(section)
    assert [section] == sections.SECTIONS


def test_two_sections_giving_the_same_name_are_refused(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])
    for template in ("a.html", "b.html"):
        section_register(
            Section(place="insights", template=template, context=lambda r, s: {"needs": 1})
        )
    with pytest.raises(ValueError, match="Two sections of insights give needs"):
        sections_for(RequestFactory().get("/"), places=("insights",), subject=None)


def test_a_section_that_answers_a_posted_form_ends_the_page(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])
    done = HttpResponse("done")
    section_register(Section(place="own_page", template="a.html", context=lambda r, s: done))
    section_register(Section(place="profile", template="b.html", context=lambda r, s: {"x": 1}))
    request = RequestFactory().post("/")
    assert sections_for(request, places=("own_page",), subject=None) is done
    found = sections_for(request, places=("profile",), subject=None)
    assert not isinstance(found, HttpResponse)
    assert found.templates == {"profile": ["b.html"]}
    assert found.context == {"x": 1}


def test_profile_shows_needs_and_segments_and_insights_the_needs_by_status(
    manager_client, community
):
    member = MemberFactory(community=community, country="KE", full_name="Wanjiru Kamau")
    NeedFactory(member=member, text="Tariffs for the poor")
    NeedFactory(member=member, text="Old leak", status="addressed")
    SegmentFactory(
        community=community,
        name="Kenyans",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["KE"]}]},
    )
    body = manager_client.get(
        reverse("member_detail", args=[community.slug, member.pk])
    ).content.decode()
    assert "Tariffs for the poor" in body and "Old leak" in body
    assert ">Kenyans</a>" in body
    insights = manager_client.get(reverse("insights", args=[community.slug])).content.decode()
    assert "open needs (0 being addressed, 1 addressed)" in insights
