"""Community insights: whether the community is getting stronger, for whom, and where it is
thin, computed from what the other apps hold (see docs/insights.md). The top of the app layers:
it reads every app below it and none of them imports it."""

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "roundtable.insights"
    label = "insights"

    def ready(self) -> None:
        from roundtable.insights import (
            engagement,  # noqa: F401 - registers its view
            needs_coverage,  # noqa: F401 - registers its view
            network_selectors,  # noqa: F401 - registers its view
            receivers,
            sections,
        )
        from roundtable.insights.snapshots import snapshots_forget
        from roundtable.members import events as member_events
        from roundtable.members.member_sorts import member_sort_register
        from roundtable.members.sections import section_register
        from roundtable.segments.rule_fields import rule_field_register

        member_events.member_anonymised.connect(
            snapshots_forget, dispatch_uid="insights-forget-erased"
        )
        member_events.participation_changed.connect(
            receivers.refresh_scores_after_participation,
            dispatch_uid="insights-scores-after-participation",
        )
        member_events.member_data.connect(
            receivers.engagement_of_member, dispatch_uid="insights-member-data"
        )
        for section in sections.SECTIONS:
            section_register(section)
        member_sort_register(sections.SORT)
        rule_field_register(sections.RULE_FIELD)
