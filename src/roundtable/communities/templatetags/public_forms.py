"""``{% bot_trap %}``: the trap field and the page's signed moment for a public form
(see :mod:`roundtable.web.bot_trap`)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME, page_stamp

register = template.Library()


@register.simple_tag
def bot_trap() -> SafeString:
    return format_html(
        '<div class="trap" aria-hidden="true"><label for="{trap}">Do not fill this in</label>'
        '<input type="text" name="{trap}" id="{trap}" value="" tabindex="-1" autocomplete="off">'
        '</div><input type="hidden" name="{stamp}" value="{value}">',
        trap=TRAP_NAME,
        stamp=STAMP_NAME,
        value=page_stamp(),
    )
