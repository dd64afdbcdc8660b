"""What the line breaker decided for each paragraph, remembered between layouts and builds.

Steering a paragraph (``steering``) needs WeasyPrint's first-fit lines of it, so a book steered
from scratch costs two layouts. But the decision depends on the paragraph alone: its text and
markup, where it sits (the classes of its ancestors, which give it its measure and font) and the
stylesheet. Kept under a key of those, a decision made once is applied before the next layout:
the note fix-up, the figure flow, the final layout and the next build lay the book out once.

A paragraph's entry is its decision, and the block width it was made for: a plan (the runs'
edited texts, the lines it must give, the CSS it adds) or "keep first fit" (it was not loose,
the breaker could not do better, or WeasyPrint did not set the plan). A plan applied from the
memo is verified after layout like a new one and given back when the lines differ, so the
result is the one the book would get from scratch: the output does not depend on the memo.

The memo is stored as JSON in the book's dist/ cache (never a pickle: dist/ belongs to the
book). An entry read from there is checked: its texts must be the paragraph's own texts with
spaces made no-break and soft hyphens added, its CSS only the properties steering writes, so a
changed file can make a paragraph break differently but never change what it says.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


NBSP, SHY = "\u00a0", "\u00ad"
#: The declarations steering adds to a paragraph's style attribute, and nothing else.
_STEERED_CSS = re.compile(r"(?:(?:hyphens: manual|word-spacing: -?\d+(?:\.\d+)?em"
                          r"|letter-spacing: -?\d+(?:\.\d+)?em)(?:; |$))+")


#: Classes that only choose the page a section starts on (the theme's ``.chapter.first``: the
#: first page of the body): a chapter laid out alone has it, in the book it may not.
_PAGE_ONLY = frozenset({"first"})


@dataclass(frozen=True)
class Decision:
    """Steer with ``edits`` (run index → its new text), expecting ``lines``; or keep first
    fit (``edits`` None)."""

    width: float
    edits: dict[int, str] | None = None
    lines: tuple[str, ...] = ()
    css: str = ""


def paragraph_key(element, parents: dict) -> str:
    """The paragraph as its layout depends on it: its markup, and the tags and classes of its
    ancestors (its measure, its font: the stylesheet is the memo's own key). ``parents`` maps
    each element of the tree to its parent (WeasyPrint's ElementTree has no parent links).
    Ids are left out: they change no line, and the register's are numbered through the book,
    so a name added in chapter 1 would renumber every later paragraph's."""
    digest = hashlib.sha256()

    def feed(node) -> None:
        attributes = sorted((k, v) for k, v in node.attrib.items() if k != "id")
        digest.update(f"<{node.tag} {attributes!r}>".encode())
        digest.update((node.text or "").encode() + b"\0")
        for child in node:
            feed(child)
            digest.update((child.tail or "").encode() + b"\0")
        digest.update(b"</>")

    feed(element)
    parent = parents.get(element)
    while parent is not None:
        classes = [c for c in (parent.get("class") or "").split() if c not in _PAGE_ONLY]
        digest.update(f"<{parent.tag} {' '.join(classes)}>".encode())
        parent = parents.get(parent)
    return digest.hexdigest()[:32]


def parents_of(root) -> dict:
    return {child: parent for parent in root.iter() for child in parent}


def runs_of(element) -> list[tuple[object, str, str]] | None:
    """``(element, "text" | "tail", text)`` for each piece of the paragraph's text, in the
    order ``steering`` numbers them; None for a paragraph steering leaves alone."""
    runs: list[tuple[object, str, str]] = []

    def walk(node) -> bool:
        if node.text:
            runs.append((node, "text", node.text))
        for child in node:
            if not isinstance(child.tag, str) or child.tag in ("br", "img") or \
                    "long-word" in (child.get("class") or ""):
                return False
            if not is_note(child) and not walk(child):
                return False
            if child.tail:
                runs.append((child, "tail", child.tail))
        return True

    return runs if walk(element) and runs else None


def is_note(element) -> bool:
    """A footnote's text in its paragraph (``notes.footnote_call``), which print floats to the
    foot of the page: none of it is in the paragraph's lines, and steering leaves it alone."""
    return "footnote" in (element.get("class") or "").split()


class SteeringMemo:
    """Decisions by :func:`paragraph_key`, for the layouts of one stylesheet.

    ``store`` has ``get_json(name)`` and ``put_json(name, value)`` (the book's image cache);
    without one the memo lives for the build only. ``context`` names the stylesheet, fonts
    and versions the decisions were made with."""

    VERSION = 2

    def __init__(self, context: str, store=None):
        self.name = "steering-" + hashlib.sha256(
            f"{self.VERSION}\n{context}".encode()).hexdigest()[:32]
        self.store = store
        self.decisions: dict[str, Decision] = {}
        self.used: set[str] = set()
        self._loaded = store is None

    def get(self, key: str) -> Decision | None:
        self._load()
        found = self.decisions.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, decision: Decision) -> None:
        self.decisions[key] = decision
        self.used.add(key)

    def save(self) -> None:
        """Keep this build's decisions for the next (written when the build succeeds)."""
        if self.store is None or not self.used:
            return
        self.store.put_json(self.name, {key: to_json(self.decisions[key])
                                        for key in sorted(self.used)})

    def load(self) -> None:
        """Read the stored decisions now (before forking: the jobs share them)."""
        self._load()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        found = self.store.get_json(self.name)
        if isinstance(found, dict):
            for key, value in found.items():
                decision = from_json(value)
                if isinstance(key, str) and decision is not None:
                    self.decisions.setdefault(key, decision)


def to_json(decision: Decision) -> list:
    if decision.edits is None:
        return [decision.width]
    return [decision.width, {str(k): v for k, v in decision.edits.items()},
            list(decision.lines), decision.css]


def from_json(value) -> Decision | None:
    try:
        if not isinstance(value, list) or not value or not isinstance(value[0], (int, float)):
            return None
        if len(value) == 1:
            return Decision(float(value[0]))
        _, edits, lines, css = value
        if not (isinstance(edits, dict) and isinstance(lines, list) and isinstance(css, str)
                and all(isinstance(t, str) for t in [*edits.values(), *lines])):
            return None
        if not _STEERED_CSS.fullmatch(css):
            return None
        return Decision(float(value[0]), {int(k): v for k, v in edits.items()}, tuple(lines),
                        css)
    except (TypeError, ValueError):
        return None  # a damaged entry: decided again


def same_words(original: str, edited: str) -> bool:
    """``edited`` is ``original`` with spaces made no-break or moved, soft hyphens added."""
    def plain(text: str) -> str:
        return "".join(text.replace(NBSP, " ").replace(SHY, "").split())

    return plain(original) == plain(edited) and not any(
        c not in (NBSP, SHY, " ", "\t", "\n", "\r", "\f") for c in _changed(original, edited))


def _changed(original: str, edited: str) -> str:
    """The characters of ``edited`` beyond ``original``'s (a rough multiset difference)."""
    from collections import Counter

    return "".join((Counter(edited) - Counter(original)).elements())
