"""Community insights: is the community getting stronger?

Pure Python, no Django. Every function takes plain inputs (members with their join date,
participation events with their day and kind) and returns plain results; each module's
docstring states its formula. See docs/insights.md.
"""

from roundtable.domain.insights.activity import MonthActivity, active_by_month
from roundtable.domain.insights.calendar_months import (
    add_months,
    month_end,
    month_of,
    months_between,
    quarter_end,
    quarter_start,
)
from roundtable.domain.insights.conversion import Conversion, newcomer_conversion
from roundtable.domain.insights.engagement_score import (
    EngagementScore,
    Participation,
    engagement_scores,
)
from roundtable.domain.insights.inputs import Event, MemberJoin
from roundtable.domain.insights.level_flows import LevelFlow, level_flows, levels_at
from roundtable.domain.insights.retention import Cohort, HorizonRetention, retention_cohorts
from roundtable.domain.insights.slipping import SlippingMember, slipping_away

__all__ = [
    "Cohort",
    "Conversion",
    "EngagementScore",
    "Event",
    "HorizonRetention",
    "LevelFlow",
    "MemberJoin",
    "MonthActivity",
    "Participation",
    "SlippingMember",
    "active_by_month",
    "add_months",
    "engagement_scores",
    "level_flows",
    "levels_at",
    "month_end",
    "month_of",
    "months_between",
    "newcomer_conversion",
    "quarter_end",
    "quarter_start",
    "retention_cohorts",
    "slipping_away",
]
