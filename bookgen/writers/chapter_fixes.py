"""The PDF's fix-ups after layout, made chapter by chapter and remembered between builds.

Two things WeasyPrint's layout can get wrong are set right after it: footnotes it puts on the
wrong page or lets overflow (``pdf_notes``: set again as block notes after their paragraph) and
figures that leave a page half empty (``figure_flow``: the text after them moves up). Both are
found on the whole book's layout, and both are mended on the chapter alone: a chapter opens on a
new right-hand page, so its pages are the same alone as in the book, and laying out 20 pages to
try a fix costs a twentieth of laying out the book. The whole book is then laid out once more.

What a chapter needed depends on the chapter alone, so it is remembered under a key of the
chapter's HTML (in the book's JSON cache in dist/): on the next build, chapters that did not
change get their fixes before the first layout, and a book whose chapters are all remembered is
laid out once. The result is the same as from scratch: a remembered chapter's fixes are the ones
it would get again, and its pages are not looked at again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bookgen import model as m
from bookgen.writers import figure_flow, pdf_notes
from bookgen.writers.figure_moves import Move, figures_in


@dataclass(frozen=True)
class ChapterFix:
    """A chapter's notes set as blocks, and its figure moves (``figure_flow``'s steps)."""

    notes: tuple[str, ...] = ()
    steps: tuple = ()


class ChapterMemo:
    """Fixes by the chapter's HTML: ``html(book)`` gives a one-chapter book's HTML; ``store``
    has ``get_json(name)`` and ``put_json(name, value)``."""

    VERSION = 2

    def __init__(self, html, store) -> None:
        self.html, self.store = html, store

    def key(self, alone: m.Book) -> str:
        import hashlib

        from bookgen import __version__

        digest = hashlib.sha256(f"chapter {self.VERSION} {__version__}\n".encode())
        digest.update(self.html(alone))
        return f"chapter-{digest.hexdigest()[:40]}"

    def get(self, key: str, section: m.Section) -> ChapterFix | None:
        found = self.store.get_json(key)
        if not isinstance(found, dict):
            return None
        own = {b.id for b in section.blocks if isinstance(b, m.Footnote)}
        try:
            notes = tuple(str(n) for n in found["notes"])
            steps = tuple((int(n), Move(int(b), int(lines), bool(r)),
                           [str(t) for t in texts] if texts is not None else None)
                          for n, b, lines, r, texts in found["steps"])
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry: fixed again
        return ChapterFix(notes, steps) if set(notes) <= own else None

    def put(self, key: str, fix: ChapterFix) -> None:
        self.store.put_json(key, {"notes": list(fix.notes), "steps": [
            [n, move.blocks, move.lines, move.ragged, texts] for n, move, texts in fix.steps]})


class ChapterFixes:
    """The book's fix-ups. ``lay_out(book, notes) -> (document, root)`` lays out a version of
    the book with those notes set as blocks; ``memo`` is a :class:`ChapterMemo` or None."""

    def __init__(self, book: m.Book, lay_out, memo: ChapterMemo | None = None):
        self.book, self.lay_out, self.memo = book, lay_out, memo
        self.fixes: dict[str, ChapterFix] = {}  # section id → its fix
        self.keys: dict[str, str] = {}
        self.remembered: set[str] = set()

    def remembered_book(self) -> tuple[m.Book, frozenset[str]]:
        """The book with the fixes of the chapters remembered from an earlier build."""
        if self.memo is not None:
            for section in self.book.sections:
                if _has_fixables(section):
                    key = self.keys[section.id] = self.memo.key(self._alone(section))
                    fix = self.memo.get(key, section)
                    if fix is not None:
                        self.fixes[section.id] = fix
                        self.remembered.add(section.id)
        return self.current()

    def current(self) -> tuple[m.Book, frozenset[str]]:
        if not any(fix.steps or fix.notes for fix in self.fixes.values()):
            return self.book, frozenset()
        sections = tuple(self._fixed(s) for s in self.book.sections)
        notes = frozenset(n for fix in self.fixes.values() for n in fix.notes)
        return dataclasses.replace(self.book, sections=sections), notes

    def fix(self, document, root) -> bool:
        """Find what the book's layout got wrong in the chapters not remembered, and mend each
        chapter alone; True if any chapter changed (the book must be laid out again)."""
        book, _ = self.current()
        misplaced = {n.id for n in pdf_notes.misplaced_notes(document, book)}
        moves = figure_flow.figure_moves(document, root)
        changed, first = False, 1
        for section in book.sections:
            count = sum(1 for block in section.blocks for _ in figures_in(block))
            mine = {n: moves[n] for n in moves if first <= n < first + count}
            notes = [b.id for b in section.blocks
                     if isinstance(b, m.Footnote) and b.id in misplaced]
            if section.id not in self.remembered and (mine or notes):
                fix = self._mend(section, notes, mine, first, document, root)
                self.fixes[section.id] = fix
                changed = changed or fix != ChapterFix()
            if self.memo is not None and section.id in self.keys \
                    and section.id not in self.remembered:
                self.memo.put(self.keys[section.id], self.fixes.get(section.id, ChapterFix()))
            first += count
        return changed

    def mend_changed(self) -> None:
        """Mend, each laid out alone, the chapters whose fixes are not remembered (on a
        rebuild, the chapters that changed): the book is then laid out once, not twice."""
        for section in self.book.sections:
            if section.id in self.remembered or not _has_fixables(section):
                continue
            alone = self._alone(section)
            document, root = self.lay_out(alone, frozenset())
            notes = [n.id for n in pdf_notes.misplaced_notes(document, alone)]
            moves = figure_flow.figure_moves(document, root)
            fix = self._mend(section, notes, moves, 1, document, root) \
                if notes or moves else ChapterFix()
            del document, root
            self.fixes[section.id] = fix
            if self.memo is not None:
                self.memo.put(self.keys[section.id], fix)

    def warnings(self) -> list:
        notes = {n for fix in self.fixes.values() for n in fix.notes}
        return [pdf_notes.block_note_warning(note) for note in pdf_notes.book_notes(self.book)
                if note.id in notes]

    def _mend(self, section: m.Section, notes: list[str], moves: dict, first: int,
              document, root) -> ChapterFix:
        alone = self._alone(section)
        moved: list[str] = []
        if notes:
            moved = list(notes)
            for _ in range(pdf_notes.MAX_FIXUPS):
                document, root = self.lay_out(alone, frozenset(moved))
                more = [n.id for n in pdf_notes.misplaced_notes(document, alone)
                        if n.id not in moved]
                if not more:
                    break
                moved += more
            moves, first = figure_flow.figure_moves(document, root), 1
        if not moves:
            return ChapterFix(tuple(moved))
        number = min(moves)
        texts = figure_flow.split_lines(document, root, {number: moves[number]}).get(number)
        steps = [(number - first + 1, moves[number], texts)]
        def lay_out_alone(book: m.Book):
            return self.lay_out(book, frozenset(moved))

        steps = figure_flow.settle_chapter(alone, section, steps, lay_out_alone)
        # The last move made new paragraphs (a split one's parts): lay the chapter out once
        # more, so the book's next layout finds their line breaks decided (``steering_memo``)
        # and costs one layout, not two.
        lay_out_alone(self._alone(figure_flow.replay(self.book, section, steps)))
        return ChapterFix(tuple(moved), tuple(steps))

    def _fixed(self, section: m.Section) -> m.Section:
        fix = self.fixes.get(section.id)
        return figure_flow.replay(self.book, section, list(fix.steps)) \
            if fix and fix.steps else section

    def _alone(self, section: m.Section) -> m.Book:
        """The book of one chapter: no timeline, no register (its pages are laid out last,
        and it names the whole book: a chapter's key must not change when another does)."""
        return dataclasses.replace(self.book, sections=(section,), events=(), register=())


def _has_fixables(section: m.Section) -> bool:
    return any(isinstance(b, m.Footnote) for b in section.blocks) or \
        any(True for block in section.blocks for _ in figures_in(block))
