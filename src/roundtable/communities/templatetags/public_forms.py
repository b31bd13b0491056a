"""``{% public_form_fields %}``: what every public form carries besides its questions: the trap
field and the page's signed moment (:mod:`roundtable.web.bot_trap`), and a new one-time
submission key (:mod:`roundtable.communities.submissions`)."""

import secrets

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME, page_stamp

register = template.Library()


@register.simple_tag
def public_form_fields() -> SafeString:
    return format_html(
        '<div class="trap" aria-hidden="true"><label for="{trap}">Do not fill this in</label>'
        '<input type="text" name="{trap}" id="{trap}" value="" tabindex="-1" autocomplete="off">'
        '</div><input type="hidden" name="{stamp}" value="{value}">'
        '<input type="hidden" name="submission_key" value="{key}">',
        trap=TRAP_NAME,
        stamp=STAMP_NAME,
        value=page_stamp(),
        key=one_time_key(),
    )


@register.simple_tag
def one_time_key() -> str:
    """A new one-time submission key, for a form that needs no bot trap (a personal page)."""
    return secrets.token_urlsafe(18)
