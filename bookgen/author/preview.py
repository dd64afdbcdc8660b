"""``bookgen preview``: the book's HTML on http://127.0.0.1, rebuilt and reloaded on every save.

A :class:`Preview` is a stdlib ``ThreadingHTTPServer`` in one thread and a watchfiles watcher in
another. The watcher rebuilds the HTML in memory (dist/ is never written) and bumps a version
number; a small script, added to the served page only (never to ``bookgen html``), polls
``/__version`` and reloads the page when it changes. A build that fails serves a page listing its
problems (``path:line: error: message``, escaped) and the server keeps running.

Sturdy by design: the server keeps a deep listen queue (hundreds of requests at once are all
answered), gives each connection a time limit and drops clients that hang up without a word;
rebuilds run in a worker process (:mod:`bookgen.author.preview_worker`) stopped after a time
limit, which the page then says; the watcher watches the book's real folders one by one, so a
link inside the book to / or /usr is never followed.

What the server answers, and to whom, is in :mod:`bookgen.author.preview_http`.
"""

from __future__ import annotations

import html
import os
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from bookgen.errors import BookError, Problem
from bookgen.author.preview_http import font_face_css, font_files, handler_class
from bookgen.author.preview_worker import REBUILD_LIMIT, Worker
from bookgen.util.gate import real_folders
from bookgen.util.progress import Reporter, Silent

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_MS = 400
IGNORED_DIRS = ("dist",)
SKIPPED_DIRS = ("dist", "__pycache__", "node_modules")
MAX_WATCHED_FOLDERS = 2_000
LISTEN_QUEUE = 512
MAX_HANDLERS = 64  # requests handled at once; more wait in the listen queue

RELOAD_SCRIPT = """<script>/* bookgen preview: reload when the book is rebuilt */
(function () {
  var version = "%(version)s", key = "bookgen-preview-scroll";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, +saved); }); }
  function poll() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (text) {
        if (text.trim() !== version) {
          sessionStorage.setItem(key, String(window.scrollY)); location.reload();
        } else { setTimeout(poll, %(poll)d); }
      }, function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, %(poll)d);
})();
</script>
"""

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>bookgen preview: the book has a problem</title>
<style>
body { font: 1.05em/1.5 system-ui, sans-serif; max-width: 48em; margin: 3em auto; padding: 0 1em;
       color: #222; }
h1 { font-size: 1.4em; color: #a01818; }
pre { background: #fbeeee; border-left: 4px solid #a01818; padding: 1em; white-space: pre-wrap;
      font-size: 0.95em; }
</style>
</head>
<body>
<h1>The book could not be built</h1>
<p>Fix the place named below and save the file: this page updates by itself.</p>
<pre>%(problems)s</pre>
%(script)s</body>
</html>
"""


class PortInUse(BookError):
    """The port is taken (or not ours to use)."""


class PreviewServer(ThreadingHTTPServer):
    """The stdlib's threading server with a deep listen queue, a bounded number of handler
    threads, and quiet about clients that hang up or time out."""

    request_queue_size = LISTEN_QUEUE
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, handler, reporter: Reporter):
        self.reporter = reporter
        self._slots = threading.BoundedSemaphore(MAX_HANDLERS)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        self._slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away or was too slow: nothing to say
        self.reporter.problem(Problem(f"preview: a request failed: {error!r}",
                                      severity="warning"))


def error_page(problems: list[Problem] | tuple[Problem, ...], script: str) -> bytes:
    text = "\n".join(html.escape(str(p)) for p in problems) or "unknown problem"
    return (ERROR_PAGE % {"problems": text, "script": script}).encode("utf-8")


def inject(page: str, head: str, body: str) -> str:
    """Add ``head`` before the last </head> and ``body`` before the last </body>."""
    for tag, extra in (("</head>", head), ("</body>", body)):
        index = page.lower().rfind(tag)
        page = page[:index] + extra + page[index:] if index >= 0 else page + extra
    return page


class Preview:
    """A preview server for one book folder. ``start()``, then ``url``; ``stop()`` ends it."""

    def __init__(self, root: Path, port: int = 0, host: str = HOST,
                 reporter: Reporter | None = None, rebuild_limit: float = REBUILD_LIMIT):
        self.root = Path(root).resolve()
        self._worker = Worker(rebuild_limit)
        self.host = host
        self.port = port
        self.reporter = reporter or Silent()
        self.version = 0
        self.title = self.root.name
        self.typeface = "EB Garamond"
        self.problems: tuple[Problem, ...] = ()
        self._page = b""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self.served_fonts = font_files()
        """The typeface files served under /__fonts/, by file name."""
        self._server: PreviewServer | None = None
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------ building

    def rebuild(self, reason: str = "") -> bool:
        """Build the HTML in memory; on a problem serve the error page. True if it built."""
        with self.reporter.step("Rebuilding" if reason else "Building", reason):
            built = self._worker.build(self.root)
        if built.title:
            self.title, self.typeface = built.title, built.typeface
        for warning in built.warnings:
            self.reporter.problem(warning)
        problems, page = built.problems, built.page
        with self._lock:
            self.version += 1
            script = RELOAD_SCRIPT % {"version": self.version, "poll": POLL_MS}
            if problems:
                self._page = error_page(problems, script)
            else:
                head = f"<style>\n{font_face_css(self.typeface)}\n</style>\n"
                self._page = inject(page, head, script).encode("utf-8")
            self.problems = problems
        for problem in problems:
            self.reporter.problem(problem)
        return not problems

    def page(self) -> tuple[int, bytes]:
        with self._lock:
            return self.version, self._page

    # ------------------------------------------------------------ watching

    def _ignored(self, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            return True
        return bool(parts) and (parts[0] in IGNORED_DIRS or any(p.startswith(".") for p in parts)
                                or "__pycache__" in parts or "node_modules" in parts)

    def _folders(self) -> list[str]:
        """The book's real folders to watch, each on its own: links are never followed."""
        folders = []
        for folder in real_folders(self.root, SKIPPED_DIRS, MAX_WATCHED_FOLDERS):
            folders.append(str(folder))
        return folders

    def _watch(self) -> None:
        """Watch until stopped; a new or removed folder starts a new watch of the new list,
        a failing one is retried (a few times in a row) rather than ending live reload."""
        failures = 0
        try:
            while not self._stop.is_set() and failures < 5:
                try:
                    self._watch_folders(self._folders())
                    failures = 0
                except Exception as error:  # noqa: BLE001 - e.g. a folder removed as it was added
                    failures += 1
                    if failures == 5:
                        self.reporter.problem(Problem(
                            f"watching the book folder stopped: {error!r}", severity="warning"))
                    self._stop.wait(0.5)
        finally:
            self._ready.set()

    def _watch_folders(self, folders: list[str]) -> None:
        """One watch of ``folders``; returns when the folders themselves change."""
        import watchfiles

        watched = set(folders)

        class Filter(watchfiles.DefaultFilter):
            def __call__(inner, change, path: str) -> bool:  # noqa: N805
                return super().__call__(change, path) and not self._ignored(path)

        for changes in watchfiles.watch(*folders, watch_filter=Filter(), recursive=False,
                                        stop_event=self._stop, rust_timeout=200,
                                        yield_on_timeout=True, raise_interrupt=False,
                                        debounce=800, step=50):
            self._ready.set()
            if changes and not self._stop.is_set():
                names = sorted({self._relative(p) for _, p in changes})
                self.rebuild(", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
                if any(self._is_new_folder(p, watched) or p in watched for _, p in changes):
                    return

    @staticmethod
    def _is_new_folder(path: str, watched: set[str]) -> bool:
        return path not in watched and os.path.isdir(path) and not os.path.islink(path)

    def _relative(self, path: str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path

    # ------------------------------------------------------------ serving

    def start(self) -> None:
        """Bind the port, build once, and serve and watch in background threads.

        A folder that is no book (no book.toml) is an error here, not an error page."""
        if not self.root.is_dir() or not (self.root / "book.toml").is_file():
            from bookgen.readers import read_book

            read_book(self.root)  # raises the reader's own message
        try:
            self._server = PreviewServer((self.host, self.port), handler_class(self),
                                         self.reporter)
        except OSError as error:
            raise PortInUse(f"cannot serve on {self.host}:{self.port} ({error.strerror}): "
                            "another program uses the port; try --port 0 for any free one") \
                from None
        self.port = self._server.server_address[1]
        self.rebuild()
        server = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="bookgen-preview-server", daemon=True)
        watcher = threading.Thread(target=self._watch, name="bookgen-preview-watch", daemon=True)
        self._threads = [server, watcher]
        server.start()
        watcher.start()
        self._ready.wait(10)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def stop(self) -> None:
        self._stop.set()
        # The worker first: a rebuild the watcher waits for is abandoned and returns at once,
        # so Ctrl-C never waits for a build to end.
        self._worker.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(5)
        self._threads = []

    def run(self) -> None:
        """Serve until Ctrl-C (the CLI's loop); stop cleanly then."""
        try:
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_for(predicate, timeout: float = 5.0, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes (for tests and the CLI)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
