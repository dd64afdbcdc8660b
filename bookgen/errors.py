"""One error type for every problem in a book, carrying where it is (``path:line``)."""

from __future__ import annotations

from dataclasses import dataclass

from bookgen.model import SourceRef
from bookgen.util.text import visible


@dataclass(frozen=True)
class Problem:
    """One finding: an error stops the build, a warning does not."""

    message: str
    source: SourceRef | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """``path:line: severity: message``, safe to print: control characters in a file name
        or a message (an escape sequence) are written as escapes, never sent to a terminal."""
        where = f"{visible(str(self.source), newlines=False)}: " if self.source else ""
        return f"{where}{visible(self.severity, newlines=False)}: {visible(self.message)}"


class BookError(Exception):
    """A content or configuration problem; carries every problem found in one pass."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str, source: SourceRef | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, source)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def source(self) -> SourceRef | None:
        return self.problems[0].source if self.problems else None

    def __reduce__(self):
        """Keep the problems whole when the error crosses to another process."""
        return (type(self), (list(self.problems),))


class ProblemList:
    """Collects problems during a pass so they can all be reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, message: str, source: SourceRef | None = None) -> None:
        self.items.append(Problem(message, source, "error"))

    def warning(self, message: str, source: SourceRef | None = None) -> None:
        self.items.append(Problem(message, source, "warning"))

    def note(self, message: str, source: SourceRef | None = None) -> None:
        """Something the author should know that is not wrong (the build says it, check too)."""
        self.items.append(Problem(message, source, "note"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BookError(self.items)
