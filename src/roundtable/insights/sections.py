"""What insights adds to the pages of the apps below it, registered in ``InsightsConfig.ready``:
the engagement score on a member's profile (``members.sections``), the directory's order by score
(``members.member_sorts``) and the segment condition on it (``segments.rule_fields``)."""

from typing import Any

from django.db.models import F, Q
from django.http import HttpRequest

from roundtable.domain.segment_rules import Condition
from roundtable.insights.models import MemberEngagement
from roundtable.members.member_sorts import MemberSort
from roundtable.members.models import Member
from roundtable.members.sections import Section
from roundtable.segments.rule_fields import RuleField


def profile_engagement(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The member's stored engagement score, or None before the first refresh."""
    return {"engagement_score": MemberEngagement.objects.filter(member=member).first()}


def engagement_condition(condition: Condition) -> Q:
    """Members whose stored score is at least (or at most) the condition's number; a member
    not scored yet has no score and matches neither."""
    number = int(condition.text)
    if condition.op == "at_least":
        return Q(engagement__score__gte=number)
    return Q(engagement__score__lte=number)


def insights_links(request: HttpRequest, community: Any) -> dict[str, Any]:
    """The link to the network page needs only the community, already in the page."""
    return {}


SECTIONS = [
    Section(
        place="profile", template="insights/_profile_engagement.html", context=profile_engagement
    ),
    Section(
        place="insights", template="insights/_insights_network_link.html", context=insights_links
    ),
]
SORT = MemberSort(
    value="-engagement",
    label="Engagement score",
    order_by=(F("engagement__score").desc(nulls_last=True), "full_name", "id"),
)
RULE_FIELD = RuleField(
    name="engagement_score",
    label="Engagement score",
    operators=("at_least", "at_most"),
    kind="score",
    condition=engagement_condition,
)
