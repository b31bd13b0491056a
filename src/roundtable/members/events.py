"""What happens to a member, told to the apps that hold rows about them.

| event | sent by | payload | when |
| --- | --- | --- | --- |
| ``member_anonymised`` | ``member_anonymise`` | ``member_id`` | inside its transaction |
| ``search_words`` | ``member_search_refresh`` | ``member_ids`` | a question: receivers return |
| | | | ``{member_id: [text, ...]}`` |

``member_anonymised`` is sent inside the erasing transaction, not after it: each receiver erases
the rows its app holds about the person (needs lose their words, ...), so erasure is all or
nothing. A receiver that fails rolls the whole erasure back.

``search_words`` asks, while members' search documents are built, for the text other apps hold
about them, so the directory finds a member by the words of their needs without the members app
knowing about needs.
"""

from django.dispatch import Signal

member_anonymised = Signal()
search_words = Signal()
