"""``{% load breakouts %}``: small includes other apps' pages use."""

from typing import Any

from django import template

from roundtable.breakouts.models import CoffeeChatOptIn
from roundtable.breakouts.selectors import member_connections as connections
from roundtable.members.models import Member

register = template.Library()


@register.inclusion_tag("breakouts/_member_connections.html")
def member_connections(member: Member) -> dict[str, Any]:
    """ "Has met N people; M new connections in the last 12 months" for a profile."""
    people_met, new = connections(member=member)
    return {"people_met": people_met, "new_connections": new}


@register.inclusion_tag("breakouts/_coffee_chat_self.html", takes_context=True)
def coffee_chat_opt_in(context: Any, member: Member) -> dict[str, Any]:
    """The member's own coffee-chat opt-in form, for their personal page."""
    return {
        "member": member,
        "community": member.community,
        "opt_in": CoffeeChatOptIn.objects.filter(member=member).first(),
        "csrf_token": context.get("csrf_token"),
        "back": context["request"].path if "request" in context else "",
    }
