"""The PDF's register mentions without an element each: the element that holds a run of inlines
with mentions gets an id instead (``ixp-N`` after its first mention ``ix-N``), and the
mentions' anchors are left out of it. :mod:`bookgen.writers.register_pages` finds each
mention's page in that element's laid-out lines.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from markupsafe import escape

from bookgen import model as m

if TYPE_CHECKING:
    from bookgen.writers.markup import Links

MENTION_PREFIX = "ix-"  # the register's anchors (bookgen.transforms.index)
HOLDER_PREFIX = "ixp-"


def holder_id(first_mention: str) -> str:
    """The id of the element holding the inlines whose first mention is ``first_mention``."""
    return HOLDER_PREFIX + first_mention.removeprefix(MENTION_PREFIX)


def first_mention(inlines: tuple[m.Inline, ...]) -> str | None:
    for node in inlines:
        if isinstance(node, m.Anchor) and node.id.startswith(MENTION_PREFIX):
            return node.id
        if isinstance(node, (m.Emph, m.Strong, m.Link)):
            found = first_mention(node.children)
            if found:
                return found
    return None


def _without_mentions(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    out = []
    for node in inlines:
        if isinstance(node, m.Anchor) and node.id.startswith(MENTION_PREFIX):
            continue
        if isinstance(node, (m.Emph, m.Strong, m.Link)):
            node = replace(node, children=_without_mentions(node.children))
        out.append(node)
    return tuple(out)


def mention_holder(inlines: tuple[m.Inline, ...], links: Links) -> tuple[str, tuple]:
    """`` id="ixp-…"`` for the element that holds ``inlines`` and the inlines without the
    register's anchors, when the writer wants holders (the PDF) and they have mentions; else
    no attribute and the inlines as they are."""
    first = first_mention(inlines) if links.mention_holders else None
    if first is None:
        return "", inlines
    return f' id="{escape(holder_id(first))}"', _without_mentions(inlines)
