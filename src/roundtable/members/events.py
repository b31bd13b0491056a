"""What happens to a member, told to the apps that hold rows about them.

| event | sent by | payload | when |
| --- | --- | --- | --- |
| ``member_anonymised`` | ``member_anonymise`` | ``member_id``, ``community_id``, | inside its |
| | | ``name``, ``email``, | transaction |
| | | ``other_emails``, ``label`` | |
| ``search_words`` | ``member_search_refresh`` | ``member_ids`` | a question: receivers return |
| | | | ``{member_id: [text, ...]}`` |
| ``member_data`` | ``member_data_export`` | ``member_id`` | a question: receivers return |
| | | | ``{section: JSON-able value}`` |
| ``participation_changed`` | ``participation_levels_refresh`` | ``community_id``, | after commit |
| | (for some members) | ``member_ids`` | |

``member_anonymised`` is sent inside the erasing transaction, not after it: each receiver erases
the rows its app holds about the person (needs lose their words, registrations their name and
e-mail, ...), so erasure is all or nothing. A receiver that fails rolls the whole erasure back.
``name``, ``email`` (``""`` when there was none) and ``other_emails`` (the member's other
addresses, a list) are the values being erased, so that a
receiver can find copies of them in rows not linked to the member (a registration made with the
same e-mail, an import report); ``label`` ("Former member #12") is what replaces the name.
A receiver that deletes files schedules it with ``transaction.on_commit``.

``search_words`` asks, while members' search documents are built, for the text other apps hold
about them, so the directory finds a member by the words of their needs without the members app
knowing about needs.

``member_data`` asks, for a member's data export (an access request), for everything each app
holds about the person; each receiver answers with its own sections, e.g.
``{"registrations": [...]}``, with plain JSON values (strings, numbers, lists, dicts).

``participation_changed`` tells that some members' participation records changed (a check-in,
an imported attendance report or conversation, a live session's records): every writer of
records refreshes those members' levels, which sends it once the transaction has committed, so
that figures kept elsewhere (their engagement scores) follow at once rather than the next night.
"""

from django.dispatch import Signal

member_anonymised = Signal()
search_words = Signal()
member_data = Signal()
participation_changed = Signal()
