"""The PDF's fix-ups, made chapter by chapter, and remembered between builds.

Two things WeasyPrint's layout can get wrong are set right: footnotes it puts on the wrong page,
lets overflow or drops past the last page (``pdf_notes``: set again as block notes after their
paragraph) and figures that leave a page half empty (``figure_flow``: the text after them moves
up). Both are found and mended on the chapter laid out alone (without the front matter): a
chapter opens on a new right-hand page, so its pages are the same alone as in the book, and
laying out 20 pages to try a fix costs a twentieth of laying out the book. Laying a chapter out
alone also decides its paragraphs' line breaks (``steering_memo``), so that the book, laid out
once at the end, has them all decided.

What a chapter needed depends on the chapter alone, so it is remembered under a key of the
chapter's HTML (in the book's JSON cache in dist/): on the next build only the chapters that
changed are laid out alone. The result is the same as from scratch: a remembered chapter's fixes
are the ones it would get again.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bookgen import model as m
from bookgen.writers import figure_flow, pdf_notes
from bookgen.writers.figure_moves import Move, figures_in


_REGISTER_IDS = re.compile(rb' id="ixp?-\d+"')


@dataclass(frozen=True)
class ChapterFix:
    """A chapter's notes set as blocks, and its figure moves (``figure_flow``'s steps)."""

    notes: tuple[str, ...] = ()
    steps: tuple = ()


class ChapterMemo:
    """Fixes by the chapter's HTML: ``html(book)`` gives a one-chapter book's HTML; ``store``
    has ``get_json(name)`` and ``put_json(name, value)``."""

    VERSION = 3

    def __init__(self, html, store) -> None:
        self.html, self.store = html, store

    def key(self, alone: m.Book) -> str:
        import hashlib

        from bookgen import __version__

        digest = hashlib.sha256(f"chapter {self.VERSION} {__version__}\n".encode())
        # the register's ids are numbered through the book: a name added in an earlier
        # chapter renumbers this one's, and changes nothing of its layout
        digest.update(_REGISTER_IDS.sub(b"", self.html(alone)))
        return f"chapter-{digest.hexdigest()[:40]}"

    def get(self, key: str, section: m.Section) -> ChapterFix | None:
        found = self.store.get_json(key)
        if not isinstance(found, dict):
            return None
        own = {b.id for b in section.blocks if isinstance(b, m.Footnote)}
        fix = self.fix_from_json(found)
        return fix if fix is not None and set(fix.notes) <= own else None

    def put(self, key: str, fix: ChapterFix) -> None:
        self.store.put_json(key, self.fix_to_json(fix))

    @staticmethod
    def fix_to_json(fix: ChapterFix) -> dict:
        return {"notes": list(fix.notes), "steps": [
            [n, move.blocks, move.lines, move.ragged, texts] for n, move, texts in fix.steps]}

    @staticmethod
    def fix_from_json(found) -> ChapterFix | None:
        try:
            notes = tuple(str(n) for n in found["notes"])
            steps = tuple((int(n), Move(int(b), int(lines), bool(r)),
                           [str(t) for t in texts] if texts is not None else None)
                          for n, b, lines, r, texts in found["steps"])
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry: fixed again
        return ChapterFix(notes, steps)


class ChapterFixes:
    """The book's fix-ups, and the layouts that decide its line breaks.

    ``lay_out(book, notes, alone) -> (document, root)`` lays out a version of the book with
    those notes set as blocks (``alone``: its chapters only); ``memo`` is a
    :class:`ChapterMemo` or None. Every chapter whose key is not remembered (all of them on a
    first build; on a rebuild, those that changed) is a *job*: laid out alone, which decides
    its paragraphs' line breaks, and mended if its notes or figures need it. The jobs are
    independent (``pdf_jobs`` runs them on two cores); then the book is laid out once."""

    def __init__(self, book: m.Book, lay_out, memo: ChapterMemo | None = None):
        self.book, self.lay_out, self.memo = book, lay_out, memo
        self.fixes: dict[str, ChapterFix] = {}  # section id → its fix
        self.keys: dict[str, str] = {}
        self.remembered: set[str] = set()

    def pending(self) -> list[str]:
        """Remember what an earlier build found; give the jobs: the section ids whose fixes
        are not remembered, longest first. (The front matter and the appendix have no
        paragraphs to steer: lines alone, lists, ragged text.)"""
        jobs = []
        for section in self.book.sections:
            if section.matter == "front-before-contents":
                continue  # a page of its own in the front matter, with no running text
            key = self.keys[section.id] = self.memo.key(self._alone(section)) \
                if self.memo else ""
            fix = self.memo.get(key, section) if self.memo else None
            if fix is None:
                jobs.append(section)
            else:
                self.fixes[section.id] = fix
                self.remembered.add(section.id)
        jobs.sort(key=lambda s: -len(s.blocks))
        return [s.id for s in jobs]

    def run(self, job: str) -> ChapterFix:
        """Lay out a job's chapter alone, and mend it if it needs it."""
        section = next(s for s in self.book.sections if s.id == job)
        if not _has_fixables(section):
            self.lay_out(self._alone(section), frozenset(), True)
            return ChapterFix()
        alone = self._alone(section)
        document, root = self.lay_out(alone, frozenset(), True)
        notes = [n.id for n in pdf_notes.misplaced_notes(document, alone)]
        moves = figure_flow.figure_moves(document, root)
        return self._mend(section, notes, moves, document, root) if notes or moves \
            else ChapterFix()

    def done(self, job: str, fix: ChapterFix) -> None:
        self.fixes[job] = fix
        if self.memo is not None:
            self.memo.put(self.keys[job], fix)

    def current(self) -> tuple[m.Book, frozenset[str]]:
        if not any(fix.steps or fix.notes for fix in self.fixes.values()):
            return self.book, frozenset()
        sections = tuple(self._fixed(s) for s in self.book.sections)
        notes = frozenset(n for fix in self.fixes.values() for n in fix.notes)
        return dataclasses.replace(self.book, sections=sections), notes

    def warnings(self) -> list:
        notes = {n for fix in self.fixes.values() for n in fix.notes}
        return [pdf_notes.block_note_warning(note) for note in pdf_notes.book_notes(self.book)
                if note.id in notes]

    def _mend(self, section: m.Section, notes: list[str], moves: dict, document, root,
              ) -> ChapterFix:
        alone = self._alone(section)
        moved: list[str] = []

        def lay_out_alone(book: m.Book):
            return self.lay_out(book, frozenset(moved), True)

        if notes:
            moved = list(notes)
            for _ in range(pdf_notes.MAX_FIXUPS):
                document, root = lay_out_alone(alone)
                more = [n.id for n in pdf_notes.misplaced_notes(document, alone)
                        if n.id not in moved]
                if not more:
                    break
                moved += more
            moves = figure_flow.figure_moves(document, root)
        if not moves:
            return ChapterFix(tuple(moved))
        number = min(moves)
        texts = figure_flow.split_lines(document, root, {number: moves[number]}).get(number)
        del document, root
        steps = figure_flow.settle_chapter(alone, section, [(number, moves[number], texts)],
                                           lay_out_alone)
        # The last move made new paragraphs (a split one's parts): lay the chapter out once
        # more, so the book's layout finds their line breaks decided (``steering_memo``) and
        # costs one layout, not two.
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
