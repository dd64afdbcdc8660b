"""Paragraph-level line breaking for WeasyPrint: bookgen chooses the breaks, WeasyPrint sets them.

WeasyPrint fills one line at a time (first fit) and justifies by widening spaces only, so a long
word pushed to the next line leaves a loose line behind, and hyphens pile up in ladders. After
WeasyPrint's first layout, each justified paragraph that came out with a loose line or a ladder
is broken again here with :mod:`bookgen.writers.linebreak` (Knuth–Plass total fit), over widths
measured with the same fonts, shaping and hyphenation patterns WeasyPrint uses (Pango through
WeasyPrint's own ``Layout``, pyphen with the paragraph's ``hyphenate-limit-chars``). The chosen
breaks are then the only ones WeasyPrint can take: every other space in the paragraph becomes a
no-break space (U+00A0, which WeasyPrint justifies like a space), a chosen hyphenation point
gets a soft hyphen (U+00AD) and the paragraph ``hyphens: manual``. The book is laid out again,
every steered paragraph's lines are compared with the chosen ones, and a paragraph whose lines
differ gets its own text back (then the book is laid out once more). Text extracted from the
PDF is unchanged: a no-break space is extracted as a space and a soft hyphen that does not end a
line is not drawn.

This module runs the layouts and edits the tree; ``steering_plan`` judges and plans a paragraph,
``steering_measure`` measures text as WeasyPrint sets it, and ``steering_memo`` remembers every
decision, so the next layout (and the next build) applies it before laying out.
"""

from __future__ import annotations

from bookgen.preflight.lines import blocks_with_lines
from bookgen.writers import linebreak as kp
from bookgen.writers import steering_measure, steering_plan
from bookgen.writers.steering_measure import NBSP, Measure
from bookgen.writers.steering_plan import (MARGIN, SHY, Paragraph, Run, needs_steering, plan,
                                          text_of)
from bookgen.writers.steering_memo import (Decision, SteeringMemo, is_note, paragraph_key,
                                           parents_of, runs_of, same_words)


def steer(render, root=None, memo: SteeringMemo | None = None) -> tuple[object, dict[str, int]]:
    """Lay out with ``render()`` (a function giving a new ``weasyprint.Document`` of the same
    HTML object, whose tree is ``root``, each time), steer the paragraphs that need it, and give
    the final document with counts: paragraphs steered, kept, and given back.

    Decisions in ``memo`` (see ``steering_memo``) are applied before the first layout, so a
    book whose paragraphs were all decided before is laid out once; the others are decided
    from that layout, and the book is laid out again only if one of them is steered or a
    remembered plan did not give its lines."""
    memo = memo if memo is not None else SteeringMemo("")
    parents = parents_of(root) if root is not None else {}
    remembered = _apply_remembered(root, memo, parents) if root is not None else {}
    document = render()
    measure = Measure()
    steered = []
    for paragraph in _paragraphs(document, parents, skip=remembered):
        if needs_steering(paragraph, measure) and plan(paragraph, measure):
            steered.append(paragraph)
        else:
            memo.put(paragraph.key, Decision(paragraph.block_width))
    counts = {"steered": len(steered) + len(remembered), "kept": 0, "given back": 0}
    wrong = _not_as_planned(document, list(remembered.values()), memo) if remembered else []
    if steered:
        for paragraph in steered:
            _apply(paragraph)
            _forget_layout(paragraph)
        del document, measure  # the first layout is not needed again: lay out in its place
        _let_go()
        document = render()
        more = _not_as_planned(document, steered, memo)
    else:
        more = []
    counts["given back"] = len(wrong) + len(more)
    counts["kept"] = counts["steered"] - counts["given back"]
    if more or (wrong and not steered):
        del document
        _let_go()
        document = render()  # with the paragraphs given back their text
    return document, counts


def _let_go() -> None:
    """Collect a layout let go of before making the next: WeasyPrint's boxes hold cycles, and
    the build collects the old generation rarely (``build.render``), so two layouts of the
    book would be in memory at once (100-page book: 364 MB against 240 MB)."""
    import gc

    gc.collect()


def _apply_remembered(root, memo: SteeringMemo, parents: dict) -> dict[int, Paragraph]:
    """Apply the remembered plans to the tree's paragraphs; id(element) → the paragraph, for
    these and for those remembered as first fit (``edits`` empty), which are not decided
    again."""
    found: dict[int, Paragraph] = {}
    for element in root.iter("p"):
        key = paragraph_key(element, parents)
        decision = memo.get(key)
        runs = runs_of(element) if decision is not None else None
        if runs is None:
            continue
        paragraph = Paragraph(element, [Run(e, slot, None, text) for e, slot, text in runs],
                               [], [], key=key, block_width=decision.width)
        if decision.edits is not None:
            if any(i >= len(runs) or not same_words(runs[i][2], text)
                   for i, text in decision.edits.items()):
                continue  # not this paragraph's own words: decided again
            paragraph.edits, paragraph.expected = dict(decision.edits), list(decision.lines)
            paragraph.css = decision.css
            _apply(paragraph)
        found[id(element)] = paragraph
    return found


def _not_as_planned(document, paragraphs: list[Paragraph], memo: SteeringMemo) -> list:
    """The steered paragraphs whose lines differ from their plan, given their text back (and
    remembered as first fit); the others remembered as planned."""
    found = _lines_by_element(document)
    wrong = []
    for paragraph in paragraphs:
        lines = found.get(id(paragraph.element), [])
        same_measure = bool(lines) and abs(lines[0][2] - paragraph.block_width) <= 0.01
        if not paragraph.edits:  # remembered as first fit: right if its measure is the same
            if not same_measure:
                memo.decisions.pop(paragraph.key, None)
            continue
        if same_measure and _as_planned(paragraph, lines):
            memo.put(paragraph.key, Decision(paragraph.block_width, paragraph.edits,
                                             tuple(paragraph.expected), paragraph.css))
            continue
        _undo(paragraph)
        memo.put(paragraph.key, Decision(paragraph.block_width))
        wrong.append(paragraph)
    return wrong


# ------------------------------------------------------------------ reading the first layout


def _paragraphs(document, parents: dict, skip=()):
    by_element: dict[int, list] = {}
    for page in document.pages:
        for block in blocks_with_lines(page._page_box):
            if block.element is not None and block.element.tag == "p" \
                    and id(block.element) not in skip:
                by_element.setdefault(id(block.element), []).append(block)
    for blocks in by_element.values():
        paragraph = _paragraph(blocks)
        if paragraph is not None:
            paragraph.key = paragraph_key(paragraph.element, parents)
            yield paragraph


def _paragraph(blocks) -> Paragraph | None:
    first = blocks[0]
    style = first.style
    if (style["text_align_all"] != "justify" or style["hyphens"] != "auto"
            or style["white_space"] != "normal" or not style["lang"]):
        return None
    lines = [line for block in blocks for line in block.children
             if type(line).__name__ == "LineBox"]
    if len(lines) < 2 or any(block.width != first.width for block in blocks):
        return None
    if any(_beside_a_float(line, block) for block in blocks for line in block.children
           if type(line).__name__ == "LineBox" and line is not lines[-1]):
        return None  # its measure is the float's doing: it changes when the float moves
    styles = _styles(lines)
    if styles is None:
        return None
    runs = _runs(first.element, styles)
    if runs is None:
        return None
    indent = getattr(lines[0], "text_indent", 0.0) or 0.0  # WeasyPrint resolves it there
    width = first.width - MARGIN
    return Paragraph(first.element, runs, [width - indent, width], lines,
                      block_width=first.width)


def _beside_a_float(line, block) -> bool:
    return abs(line.position_x - block.content_box_x()) > 0.5 or line.width < block.width - 0.5


def _styles(lines) -> dict[int, object] | None:
    """element → its style, from the text boxes; None if a line holds anything but text."""
    styles: dict[int, object] = {}
    stack = list(lines)
    while stack:
        box = stack.pop()
        kind = type(box).__name__
        if kind == "TextBox":
            styles[id(box.element)] = box.style
        elif kind in ("LineBox", "InlineBox"):
            if kind == "InlineBox" and box.element is not None:
                styles.setdefault(id(box.element), box.style)
            stack.extend(box.children)
        else:
            return None
    return styles


def _runs(element, styles) -> list[Run] | None:
    runs: list[Run] = []

    def walk(node, parent_style) -> bool:
        style = styles.get(id(node))
        if node.text:
            if style is None:
                return False
            runs.append(Run(node, "text", style, node.text))
        for child in node:
            if not isinstance(child.tag, str) or child.tag in ("br", "img") or \
                    "long-word" in (child.get("class") or ""):
                return False
            if is_note(child):
                if any(id(inner) in styles for inner in child.iter() if inner is not child):
                    return False  # a note set in the text, not floated (a theme's choice)
            elif not walk(child, style):
                return False
            if child.tail:
                runs.append(Run(child, "tail", style or parent_style, child.tail))
        return True

    return runs if walk(element, styles.get(id(element))) and runs else None


# ------------------------------------------------------------------ judging and planning


# ------------------------------------------------------------------ steering the text


def _apply(paragraph: Paragraph) -> None:
    for index, text in paragraph.edits.items():
        run = paragraph.runs[index]
        setattr(run.element, run.slot, text)
    paragraph.original_style = paragraph.element.get("style")
    extra = paragraph.css
    paragraph.element.set("style", f"{paragraph.original_style}; {extra}"
                          if paragraph.original_style else extra)


def _forget_layout(paragraph: Paragraph) -> None:
    """Let go of the first layout's boxes and styles once the edits are made (only the element,
    the edits and the texts are needed to check and undo), so two layouts of the book are
    never in memory at once."""
    paragraph.lines = []
    for run in paragraph.runs:
        run.style = None


def _undo(paragraph: Paragraph) -> None:
    for index in paragraph.edits:
        run = paragraph.runs[index]
        setattr(run.element, run.slot, run.text)
    if paragraph.original_style is None:
        paragraph.element.attrib.pop("style", None)
    else:
        paragraph.element.set("style", paragraph.original_style)


# ------------------------------------------------------------------ checking the second layout


def _lines_by_element(document) -> dict[int, list]:
    """element → [(line text, whether the line overflows its block, the block's width)]."""
    found: dict[int, list] = {}
    for page in document.pages:
        for block in blocks_with_lines(page._page_box):
            if block.element is not None and block.element.tag == "p":
                found.setdefault(id(block.element), []).extend(
                    (text_of(line), line.width > block.width + MARGIN, block.width)
                    for line in block.children if type(line).__name__ == "LineBox")
    return found


def _as_planned(paragraph: Paragraph, found: list) -> bool:
    return (_normalized([text for text, _, _ in found]) == paragraph.expected
            and not any(over for _, over, _ in found))


def _normalized(lines: list[str]) -> list[str]:
    return [" ".join(line.replace(NBSP, " ").replace(SHY, "").split()) for line in lines]


# ------------------------------------------------------------------ measuring with Pango


def code_fingerprint() -> str:
    """A digest of the line breaker's code: a remembered decision is the code's as much as
    the paragraph's, so changed code decides again (see ``steering_memo``)."""
    import hashlib
    import marshal
    import sys

    from bookgen.writers import steering_memo

    digest = hashlib.sha256(sys.version.encode())
    for module in (sys.modules[__name__], steering_plan, steering_measure, kp, steering_memo):
        for name, value in sorted(vars(module).items()):
            for function in [value, *vars(value).values()] if isinstance(value, type) \
                    else [value]:
                code = getattr(function, "__code__", None)
                if code is not None and getattr(function, "__module__", "") == module.__name__:
                    digest.update(name.encode() + marshal.dumps(code))
            if isinstance(value, (int, float, str, tuple)) and name.isupper():
                digest.update(f"{name}={value!r}".encode())
    return digest.hexdigest()
