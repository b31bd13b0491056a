"""Parts of the members pages that apps above this one provide.

A member's profile, their own page (reached by their personal link) and the community's insights
show what other apps hold: the member's needs, the segments they belong to, the needs by status.
This app knows none of these apps: each registers its sections from its ``AppConfig.ready()``
with :func:`section_register`, and the page includes every section registered for its place.

| place | page | subject | where |
| --- | --- | --- | --- |
| ``profile`` | ``member_detail`` | the member | a card of its own, before the history |
| ``profile_card`` | ``member_detail`` | the member | inside the profile card, after the tags |
| ``own_page`` | ``member_self`` | the member | a card before the profile form |
| ``insights`` | ``insights`` | the community | a figure in the headline row, after the countries |
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse

Place = Literal["profile", "profile_card", "own_page", "insights"]


@dataclass(frozen=True)
class Section:
    place: Place
    template: str  # rendered with the page's context and what ``context`` returns
    # context(request, subject): the section's template context (keys no other section uses).
    # On the own page a section handles the forms it renders: one whose form was posted and
    # that made its change returns the response to send (a redirect) instead.
    context: Callable[[HttpRequest, Any], dict[str, Any] | HttpResponse]
    order: int = 50  # sections of one place show by this number, then in registration order


SECTIONS: list[Section] = []


def section_register(section: Section) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


@dataclass(frozen=True)
class Sections:
    """What a page needs to include its sections: their templates by place, and their context."""

    templates: dict[str, list[str]]
    context: dict[str, Any]


def sections_for(
    request: HttpRequest, *, places: tuple[Place, ...], subject: Any
) -> Sections | HttpResponse:
    """The sections registered for ``places``, with their context for ``subject``; or the
    response of the first section that handled a posted form."""
    templates: dict[str, list[str]] = {place: [] for place in places}
    context: dict[str, Any] = {}
    for section in sorted(SECTIONS, key=lambda s: s.order):
        if section.place not in places:
            continue
        found = section.context(request, subject)
        if isinstance(found, HttpResponse):
            return found
        clash = context.keys() & found.keys()
        if clash:
            raise ValueError(f"Two sections of {section.place} give {', '.join(sorted(clash))}")
        context.update(found)
        templates[section.place].append(section.template)
    return Sections(templates=templates, context=context)
