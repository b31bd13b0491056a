from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "roundtable.segments"
    label = "segments"

    def ready(self) -> None:
        from roundtable.members import events
        from roundtable.members.member_filters import MemberFilter, member_filter_register
        from roundtable.members.sections import section_register
        from roundtable.segments import receivers, sections
        from roundtable.segments.selectors import segment_groups

        events.member_data.connect(
            receivers.segments_of_member, dispatch_uid="segments-member-data"
        )
        member_filter_register(
            MemberFilter(
                name="segment",
                label="Segment",
                plural="segments",
                new_url_name="segment_new",
                groups=segment_groups,
            )
        )
        for section in sections.SECTIONS:
            section_register(section)
