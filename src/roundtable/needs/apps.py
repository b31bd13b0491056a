from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "roundtable.needs"
    label = "needs"

    def ready(self) -> None:
        from roundtable.communities.confirmations import confirmation_kind_register
        from roundtable.members import events
        from roundtable.members.sections import section_register
        from roundtable.needs import receivers, sections
        from roundtable.needs.services import NEED_CONFIRMATION

        events.member_anonymised.connect(
            receivers.erase_words_of_anonymised, dispatch_uid="needs-erase-words"
        )
        events.search_words.connect(receivers.words_for_search, dispatch_uid="needs-search-words")
        events.member_data.connect(receivers.needs_of_member, dispatch_uid="needs-member-data")
        confirmation_kind_register(NEED_CONFIRMATION)
        for section in sections.SECTIONS:
            section_register(section)
