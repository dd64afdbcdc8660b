"""What the preview server answers over HTTP: the book page, its version, the fonts, book files.

It answers GET only, and only on 127.0.0.1 (the Host header must say so too, against DNS
rebinding): ``/`` the book, ``/__version``, ``/__fonts/<file>`` the typefaces the PDF uses (so
the preview looks like the book), and files inside the book folder — never a hidden file or
folder (``.git``), never anything outside it.  The server, the watcher and the rebuilds are in
:mod:`bookgen.author.preview`.
"""

from __future__ import annotations

import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from bookgen.util.gate import read_file

if TYPE_CHECKING:
    from bookgen.author.preview import Preview

FONTS_URL = "/__fonts/"
MAX_SERVED_BYTES = 64 * 1024 * 1024
CONNECTION_TIMEOUT = 10.0  # seconds a client may take to send its request or read the answer

Answer = tuple[int, str, bytes]
"""(status, content type, body)."""


def font_files() -> dict[str, Path]:
    """Every typeface file the PDF may use, by the name it is served under."""
    from bookgen.theme import fonts

    files = [f for face in fonts.TEXT_FACES for f in fonts.text_face_files(face)]
    files += fonts.fallback_files()
    return {f.path.name: f.path for f in files}


def font_face_css(typeface: str) -> str:
    """The PDF's @font-face rules with every file served from /__fonts/."""
    from bookgen.theme import fonts

    return fonts.font_face_css(typeface, url=lambda font: FONTS_URL + quote(font.path.name))


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a request may carry: this address or localhost, with or without port."""
    return {f"{host}:{port}", f"localhost:{port}", host, "localhost"}


def answer(preview: Preview, raw_path: str) -> Answer:
    """The answer to a GET of ``raw_path``."""
    path = urlsplit(raw_path).path
    if path in ("/", "/index.html"):
        return 200, "text/html; charset=utf-8", preview.page()[1]
    if path == "/__version":
        return 200, "text/plain; charset=utf-8", str(preview.page()[0]).encode("ascii")
    if path.startswith(FONTS_URL):
        font = preview.served_fonts.get(unquote(path[len(FONTS_URL):]))
        if font is None:
            return _not_found()
        data = read_file(font, font.parent, MAX_SERVED_BYTES)  # FileRefused is an OSError
        return 200, mimetypes.guess_type(font.name)[0] or "font/ttf", data
    file = book_file(preview.root, path)
    if file is None:
        return _not_found()
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return 200, kind, read_file(file, preview.root, MAX_SERVED_BYTES)


def book_file(root: Path, url_path: str) -> Path | None:
    """A file inside ``root``, or None: no hidden parts, no way out, no links out."""
    parts = PurePosixPath(unquote(url_path)).parts[1:]
    if not parts or any(p in ("..", "") or p.startswith(".") or "\\" in p or "\0" in p
                        for p in parts):
        return None
    try:
        file = root.joinpath(*parts).resolve()
    except (OSError, ValueError):
        return None
    if not file.is_relative_to(root) or not file.is_file():
        return None
    return file


def _not_found() -> Answer:
    return 404, "text/plain; charset=utf-8", b"not found\n"


def handler_class(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """The request handler class for ``preview``'s server (the stdlib wants a class)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "bookgen-preview"
        sys_version = ""
        timeout = CONNECTION_TIMEOUT  # an idle or slow connection does not hold a thread

        def do_GET(self) -> None:  # noqa: N802
            host = self.headers.get("Host")
            if host is not None and host.lower() not in allowed_hosts(preview.host, preview.port):
                status, kind, body = 403, "text/plain; charset=utf-8", b"forbidden host\n"
            else:
                try:
                    status, kind, body = answer(preview, self.path)
                except OSError:
                    status, kind, body = _not_found()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _refuse(self) -> None:
            self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _refuse  # noqa: N815

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            if preview.reporter.verbose:
                preview.reporter.note(f"preview: {format % args}")

    return Handler
