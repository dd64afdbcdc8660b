"""What a command tells the person running it: progress, warnings, errors and the files written.

The streams have fixed jobs, so bookgen is as easy to use from a script as from a terminal:

* **stdout** lists the files written, one path per line, then (unless ``--quiet``) a one-line
  summary with their sizes and the time taken. With ``--quiet`` the paths are all there is.
* **stderr** carries errors and ``warning:`` lines, always. Progress (a spinner naming the step
  and the output, then each step with its time) is drawn there only when stderr is a terminal,
  so a log or a pipe gets nothing but problems; ``--verbose`` asks for the step times anyway.

rich is imported only when there is a terminal to draw on, so ``bookgen --help`` stays fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bookgen.util.text import visible


def human_size(size: int) -> str:
    """``812 kB``, ``1.4 MB``: decimal units, as file managers show them."""
    if size < 1000:
        return f"{size} B"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if size >= 100 or unit == "kB" else f"{size:.1f} {unit}"
    return f"{size} B"  # pragma: no cover


def human_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


class Reporter:
    """One command's voice. ``step`` times a long step and shows it while it runs."""

    def __init__(self, quiet: bool = False, verbose: bool = False, *,
                 out: IO[str] | None = None, err: IO[str] | None = None,
                 live: bool | None = None):
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self._out = out
        self._err = err
        self._live = live
        self._console = None
        self.started = time.perf_counter()
        self.steps: list[tuple[str, float]] = []
        self.kept_unchanged = False

    # Streams are looked up when used, not when made: test runners swap sys.stdout/sys.stderr.
    @property
    def out(self) -> IO[str]:
        return self._out or sys.stdout

    @property
    def err(self) -> IO[str]:
        return self._err or sys.stderr

    @property
    def live(self) -> bool:
        """Draw progress: stderr is a terminal and nobody asked for quiet."""
        if self.quiet:
            return False
        if self._live is not None:
            return self._live
        try:
            return self.err.isatty()
        except (AttributeError, ValueError):
            return False

    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.err, highlight=False)
        return self._console

    @contextmanager
    def step(self, doing: str, output: str = "") -> Iterator[None]:
        """``with reporter.step("Rendering", "PDF"):`` shows ``Rendering PDF…`` while it runs,
        then ``✓ Rendering PDF  2.3 s``."""
        label = visible(f"{doing} {output}".strip(), newlines=False)
        start = time.perf_counter()
        if self.live:
            with self.console().status(f"{label}…", spinner="dots"):
                yield
        else:
            yield
        elapsed = time.perf_counter() - start
        self.steps.append((label, elapsed))
        if self.live:
            self.console().print(f"[green]✓[/green] {label} [dim]{human_time(elapsed)}[/dim]")
        elif self.verbose:
            print(f"{label}: {human_time(elapsed)}", file=self.err, flush=True)

    def note(self, text: str) -> None:
        """Something worth saying that is not a problem (only on a terminal or with -v)."""
        text = visible(text)
        if self.live:
            from rich.markup import escape

            self.console().print(f"[dim]{escape(text)}[/dim]", markup=True)
        elif self.verbose:
            print(text, file=self.err, flush=True)

    def problem(self, problem) -> None:
        """An error or a ``warning:`` line: always on stderr, whatever the mode."""
        print(visible(str(problem)), file=self.err, flush=True)

    def info(self, text: str) -> None:
        """A result line on stdout that is not a path (dropped with --quiet)."""
        if not self.quiet:
            print(visible(text), file=self.out, flush=True)

    def written(self, paths: Mapping[str, Path] | list[Path]) -> None:
        """The paths written, one per line; then the summary line unless quiet."""
        files = list(paths.values()) if isinstance(paths, Mapping) else list(paths)
        for path in files:
            print(visible(str(path), newlines=False), file=self.out, flush=True)
        if self.quiet or not files:
            return
        parts = []
        for path in files:
            try:
                size = human_size(Path(path).stat().st_size)
                parts.append(f"{visible(Path(path).name, newlines=False)} ({size})")
            except OSError:
                parts.append(visible(Path(path).name, newlines=False))
        elapsed = human_time(time.perf_counter() - self.started)
        noun = "file" if len(files) == 1 else "files"
        if self.kept_unchanged:
            print(f"Up to date, nothing changed since the last build ({elapsed}; --force builds "
                  f"anyway): {', '.join(parts)}", file=self.out, flush=True)
            return
        print(f"Wrote {len(files)} {noun} in {elapsed}: {', '.join(parts)}", file=self.out,
              flush=True)

    def kept(self) -> None:
        """The build kept its outputs: the rebuild cache found nothing changed."""
        self.kept_unchanged = True


class Silent(Reporter):
    """The library's default: no output at all, steps still timed."""

    def __init__(self) -> None:
        super().__init__(quiet=True)

    def problem(self, problem) -> None:
        pass

    def written(self, paths) -> None:
        pass
