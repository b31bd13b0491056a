"""Conversation exports (Slack, Discourse) read into contributions and interactions.

Plain Python, no Django: the importer in the members app stores what these readers yield. Each
reader returns an object with ``format``, ``label``, ``authors()``, ``items()`` (a generator that
streams the export one file at a time) and ``problems`` (entries skipped, filled while iterating).
"""

from roundtable.domain.conversations.discourse import DiscourseExport, read_discourse
from roundtable.domain.conversations.reading import read_conversations
from roundtable.domain.conversations.records import (
    Author,
    Contribution,
    ConversationExport,
    ExportError,
    Interaction,
    Item,
    Problem,
)
from roundtable.domain.conversations.slack import SlackExport, read_slack

__all__ = [
    "Author",
    "Contribution",
    "ConversationExport",
    "DiscourseExport",
    "ExportError",
    "Interaction",
    "Item",
    "Problem",
    "SlackExport",
    "read_conversations",
    "read_discourse",
    "read_slack",
]
