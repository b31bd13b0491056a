"""What a person's browser sends with a public form besides the answers (web/bot_trap.py)."""

import time

from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME, page_stamp


def as_a_person() -> dict[str, str]:
    """The trap field left empty and the page's signed moment, a minute before now."""
    return {TRAP_NAME: "", STAMP_NAME: page_stamp(time.time() - 60)}
