"""``{% email_of subject [activity=…] as email %}``: the subject's address if the viewer may
see it (``members.email_access``), else an empty string. Every template that shows a member's
or a participant's address takes it from here."""

from typing import Any

from django import template

from roundtable.members.email_access import can_see_email

register = template.Library()


@register.simple_tag(takes_context=True)
def email_of(context: template.Context, subject: Any, activity: Any = None) -> str:
    request = context.get("request")
    if request is None or subject is None:
        return ""
    address = subject.get("email") if isinstance(subject, dict) else subject.email
    if not address or not can_see_email(request, subject, activity=activity):
        return ""
    return str(address)
