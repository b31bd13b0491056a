"""The one error a service raises when it refuses a change, and how a form shows it.

Every app's error (``ActivityError``, ``NeedError``, ``LiveError``...) subclasses
:class:`ServiceError`, so a view, a command or the API can catch them all the same way. The
message is for the person who made the request: it names the field and says what would be
accepted ("Tags: 25 tags is too many; the limit is 20.").
"""

from django.forms import BaseForm


class ServiceError(ValueError):
    """A refused change: ``message`` for the user, ``field`` the input at fault (None: the
    whole request), ``code`` a stable word for programs (``"invalid"``, ``"closed"``, ...)."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def form_error_add(form: BaseForm, error: ServiceError) -> None:
    """Show ``error`` next to its field when the form has that field, above the form otherwise."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
