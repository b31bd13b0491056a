"""A logging filter that keeps feedback links out of every log line.

A feedback link's path holds its token (``/feedback/me/<token>/`` is one person's link), and a
server's log line is written when the link is opened or the form is sent: with the token and the
client's address it would say who answered at that second. The filter rewrites the path to
``/feedback/me/…/`` (``/feedback/…/`` for a form's public link) in the message and in its
arguments, and, on uvicorn's access-log line of such a path, the client's address to ``…`` as
well (Django's development server does not log addresses). Settings attach it
to every handler and to those two loggers (``LOGGING`` in ``roundtable.settings``).
"""

import logging
import re
from typing import Any

REDACTED = "…"
# The public paths of roundtable.feedback.public_urls, wherever they sit in a line (a request
# line, a full URL, a "Not Found: <path>" warning); "settings" is the community's page, not a token.
FEEDBACK_LINK = re.compile(r"(/feedback/(?:me/)?)(?!settings/)[^/\s?#\"']+")
_formatter = logging.Formatter()


def redact(text: str) -> str:
    """``text`` with the token of every feedback link replaced by ``…``."""
    return FEEDBACK_LINK.sub(rf"\g<1>{REDACTED}", text)


def _redact_value(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        redacted = redact(value)
        return redacted, redacted != value
    return value, False


class FeedbackLinkRedaction(logging.Filter):
    """Rewrite feedback links in a record (its message and arguments); never drops a record.

    The arguments keep their number and types, because formatters such as uvicorn's access
    formatter read them one by one.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.exc_info and not record.exc_text:
            # Formatters print exc_text when it is set; a traceback can show a request's path
            # (Django's template debug lines print the whole context).
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        if isinstance(record.args, tuple):
            values = [_redact_value(arg) for arg in record.args]
            if any(hit for _, hit in values):
                args = [value for value, _ in values]
                if record.name == "uvicorn.access" and args:
                    args[0] = REDACTED  # the client's address: "host:port"
                record.args = tuple(args)
        elif isinstance(record.args, dict):
            redacted = {key: _redact_value(value) for key, value in record.args.items()}
            if any(hit for _, hit in redacted.values()):
                record.args = {key: value for key, (value, _) in redacted.items()}
        return True
