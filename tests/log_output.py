"""Capture what the configured log handlers write, their filters included."""

import contextlib
import io
import logging
from collections.abc import Iterator

LOGGERS = ("", "django", "django.server", "uvicorn.access")
SETTINGS_HANDLERS = {"console", "access", "django.server"}  # LOGGING["handlers"] (not pytest's)


@contextlib.contextmanager
def log_output() -> Iterator[io.StringIO]:
    """Everything the handlers of the settings' loggers write while inside, at DEBUG level."""
    output = io.StringIO()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    handlers = {
        h
        for logger in loggers
        for h in logger.handlers
        if h.name in SETTINGS_HANDLERS and isinstance(h, logging.StreamHandler)
    }
    levels = [(logger, logger.level) for logger in loggers]
    streams = [(h, h.setStream(output)) for h in handlers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        yield output
    finally:
        for handler, stream in streams:
            handler.setStream(stream)
        for logger, level in levels:
            logger.setLevel(level)
