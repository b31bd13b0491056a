"""What the community does about a member's needs, as apps above this one know it.

A member's own page shows, under each of their needs, the activities that serve it ("Coming up
on this: Peer clinic, Tuesday 10 March"). This app knows no activities: the activities app
registers a finder with :func:`serving_finder_register` from its ``AppConfig.ready()``, and
:func:`servings_of` asks every finder registered.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from roundtable.members.models import Member
from roundtable.needs.models import Need


@dataclass(frozen=True)
class Serving:
    title: str  # the activity's title
    starts_at: datetime
    when: str  # the day and time in words, in the member's time zone
    held: bool  # it took place already (after the need was stated)


# finder(member, needs): the servings of each of ``needs`` (all the member's), by need id.
Finder = Callable[[Member, Sequence[Need]], dict[int, list[Serving]]]

FINDERS: list[Finder] = []


def serving_finder_register(finder: Finder) -> None:
    if finder not in FINDERS:
        FINDERS.append(finder)


def servings_of(member: Member, needs: Sequence[Need]) -> dict[int, list[Serving]]:
    """Every finder's servings of ``needs``, by need id, soonest first."""
    found: dict[int, list[Serving]] = {}
    for finder in FINDERS:
        for need_id, servings in finder(member, needs).items():
            found.setdefault(need_id, []).extend(servings)
    return {k: sorted(v, key=lambda s: s.starts_at) for k, v in found.items()}
