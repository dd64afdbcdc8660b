"""What an importer reads out of a source: the book's title and author, its chapters as Markdown,
its images, and a warning for everything it could not carry over (naming where it was)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bookgen.errors import BookError, Problem
from bookgen.model import SourceRef

LANGUAGES = ("sv", "en")
_COMMON = {
    "sv": {"och", "att", "det", "som", "jag", "en", "på", "är", "av", "för", "med", "till",
           "den", "har", "inte", "var", "vi", "om", "men", "så", "hade", "när", "mig", "min"},
    "en": {"the", "and", "to", "of", "a", "i", "in", "was", "that", "it", "he", "she", "we",
           "for", "on", "with", "my", "had", "not", "but", "as", "at", "were", "me"},
}
_WORDS = {
    "sv": {"before": "Inledning", "chapter": "Kapitel {n}"},
    "en": {"before": "Introduction", "chapter": "Chapter {n}"},
}


@dataclass
class Chapter:
    """One chapter: its title, its body in bookgen's Markdown, and where it began in the source.

    ``part`` is the title of the part the chapter opens or belongs to (a heading above the split
    level); ``date`` is an ISO date for the front matter (a blog post's).
    """

    title: str
    body: str
    where: str = ""
    date: str = ""
    part: str = ""


@dataclass
class Manuscript:
    source: Path
    title: str = ""
    subtitle: str = ""
    author: str = ""
    language: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    #: file name under the chapter's images/ folder → the image's bytes
    images: dict[str, bytes] = field(default_factory=dict)
    #: a part's title → the text of its title page (Markdown), when it has one
    part_texts: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append(Problem(message, SourceRef(self.source.name, line), "warning"))

    def words(self, key: str, **values: object) -> str:
        return _WORDS.get(self.language, _WORDS["sv"])[key].format(**values)


def language_code(value: str | None) -> str:
    """``sv-SE`` → ``sv``; empty for a language bookgen has no words for."""
    code = re.split(r"[-_]", (value or "").strip().lower())[0]
    return code if code in LANGUAGES else ""


def guess_language(text: str) -> str:
    """``sv`` or ``en`` by the commonest little words, or empty when the text does not say."""
    words = re.findall(r"[^\W\d_]+", text[:200_000].lower())
    counts = {lang: sum(1 for w in words if w in common) for lang, common in _COMMON.items()}
    best = max(counts, key=counts.get)
    other = min(counts, key=counts.get)
    if counts[best] >= 5 and counts[best] >= 2 * counts[other]:
        return best
    return ""


def choose_language(manuscript: Manuscript, asked: str | None, declared: str | None) -> str:
    """The option if given, else what the text's words say, else what the source declares."""
    if asked:
        return asked
    text = "\n".join(c.body for c in manuscript.chapters)
    return guess_language(text) or language_code(declared) or "sv"


def plain_title(text: str) -> str:
    """A chapter title as one line of plain text (Markdown marks and escapes taken out)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~=&<])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def read_given_file(path: Path, folder: Path | None, limit: int) -> bytes:
    """The bytes of the file the author gave (``folder``: the ``--media`` folder it must be in;
    None: the source file itself), through bookgen's read gate: a regular file, bounded, read
    once, never a FIFO or a device."""
    from bookgen.util.gate import FileRefused, read_file

    try:
        return read_file(path, folder if folder is not None else Path(path).resolve(), limit)
    except FileRefused as refused:
        raise BookError(f"{Path(path).name}: {refused.why}") from None
