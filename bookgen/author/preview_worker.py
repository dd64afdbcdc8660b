"""The preview's rebuilds, in a process of their own that is stopped when one takes too long.

A book's template can loop for minutes (the sandbox bounds each ``range``, not their nesting) and
a thread cannot be stopped, so a rebuild runs in a worker process (started once with ``spawn``,
reused for every save). If it has not answered within the time limit it is killed, the page
says so, and the next save starts a fresh worker: the server and the watcher never wait on it.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

from bookgen.errors import BookError, Problem

REBUILD_LIMIT = 60.0  # seconds a rebuild may take before it is stopped


@dataclass
class Rebuilt:
    """What one rebuild made: the HTML page, or the problems that stopped it."""

    page: str = ""
    title: str = ""
    typeface: str = ""
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = field(default_factory=tuple)


def build_page(root: str) -> Rebuilt:
    """Build the book's HTML in memory (dist/ is never written)."""
    from bookgen.build.render import load_book, render

    try:
        book = load_book(root)
        made, warnings = render(book, ["html"], image_cache="read")  # writes nothing
        return Rebuilt(made["html"].decode("utf-8"), book.metadata.title,
                       book.metadata.typeface, (), tuple(warnings))
    except BookError as error:
        return Rebuilt(problems=error.problems)
    except Exception as error:  # a bug must not stop the preview: show it instead
        return Rebuilt(problems=(Problem(f"bookgen failed: {error!r}"),))


def _serve(connection) -> None:
    """The worker's loop: a book folder in, a :class:`Rebuilt` out, until None (or the pipe
    closes: the preview ended). Ctrl-C is the preview's to handle, not the worker's."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            root = connection.recv()
        except (EOFError, OSError):
            return
        if root is None:
            return
        connection.send(build_page(root))


class Worker:
    """A rebuild process: :meth:`build` answers within ``limit`` seconds or stops it."""

    def __init__(self, limit: float = REBUILD_LIMIT):
        self.limit = limit
        self._context = multiprocessing.get_context("spawn")
        self._process = None
        self._connection = None

    def build(self, root: Path) -> Rebuilt:
        if self._process is None or not self._process.is_alive():
            self._start()
        process, connection = self._process, self._connection
        try:
            connection.send(str(root))
            if connection.poll(self.limit):
                return connection.recv()
        except (EOFError, OSError):  # the worker died (out of memory, killed, stopped)
            code = process.exitcode
            self.stop()
            return Rebuilt(problems=(Problem(f"the rebuild stopped unexpectedly (exit code "
                                             f"{code}); save a file to try again"),))
        self.stop()
        return Rebuilt(problems=(Problem(
            f"the rebuild took longer than {self.limit:g} s and was stopped: a template or the "
            "text may make bookgen loop without end. Fix it and save a file to try again "
            "(bookgen html shows the same problem without a time limit)"),))

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child,),
                                        name="bookgen-preview-rebuild", daemon=True)
        process.start()
        child.close()
        self._process, self._connection = process, parent

    def stop(self) -> None:
        """End the worker now (a rebuild in it is abandoned)."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            process.kill()
            process.join(5)
