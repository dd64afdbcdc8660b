"""A sturdy preview: 200 requests at once all answered, idle connections closed, hang-ups quiet,
a rebuild that loops stopped after its time limit (and the page says so), links out of the book
never watched. Everything on 127.0.0.1, with timeouts so that a regression fails, not hangs."""

from __future__ import annotations

import io
import socket
import struct
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bookgen.api import new_book
from bookgen.author import preview_http
from bookgen.author.preview import Preview, wait_for
from bookgen.util.progress import Reporter

CHAPTER = "content/01-dar-allt-borjade.md"


def fetch(url: str, timeout: float = 10) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sturdy") / "bok"
    new_book(root, title="Stadig", author="Anna")
    return root


@pytest.fixture(scope="module")
def served(book):
    """One preview for the module, its stderr captured."""
    err = io.StringIO()
    server = Preview(book, port=0, reporter=Reporter(err=err, live=False))
    server.start()
    yield server, err
    server.stop()


def test_two_hundred_requests_at_once_are_all_answered(served):
    server, _ = served
    urls = [server.url + ("__version" if n % 2 else "") for n in range(200)]
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(fetch, urls, timeout=90))
    assert statuses == [200] * 200
    assert time.monotonic() - start < 20  # the old listen queue of 5: 30 s and more


def test_clients_that_hang_up_leave_no_traceback(served, capfd):
    server, err = served
    font = sorted(server.served_fonts, key=lambda n: -server.served_fonts[n].stat().st_size)[0]
    for _ in range(20):
        with socket.create_connection((server.host, server.port), timeout=5) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(f"GET /__fonts/{font} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                           .encode())
            time.sleep(0.05)
            client.recv(100)  # the answer has begun: hang up with a reset in the middle
    with socket.create_connection((server.host, server.port), timeout=5) as client:
        client.sendall(b"GET / HTT")  # half a request, then gone
    assert fetch(server.url) == 200  # still serving
    time.sleep(0.5)
    captured = capfd.readouterr()
    for text in (err.getvalue(), captured.err, captured.out):
        assert "Traceback" not in text and "BrokenPipe" not in text and "Reset" not in text


def test_an_idle_connection_is_closed(book, monkeypatch):
    monkeypatch.setattr(preview_http, "CONNECTION_TIMEOUT", 0.5)
    server = Preview(book, port=0)
    server.start()
    try:
        with socket.create_connection((server.host, server.port), timeout=10) as idle:
            start = time.monotonic()
            assert idle.recv(1024) == b""  # the server closed it
            assert time.monotonic() - start < 5
        assert fetch(server.url) == 200
    finally:
        server.stop()


LOOP = ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
        "<html><body>never</body></html>\n")


def test_a_rebuild_that_loops_is_stopped_and_the_page_says_so(tmp_path):
    root = tmp_path / "bok"
    new_book(root, title="Slinga", author="Anna")
    (root / "templates" / "book.html.j2").write_text(LOOP, encoding="utf-8")
    server = Preview(root, port=0, rebuild_limit=3)
    start = time.monotonic()
    server.start()
    try:
        assert time.monotonic() - start < 30
        page = urllib.request.urlopen(server.url, timeout=10).read().decode("utf-8")
        assert "took longer than 3 s and was stopped" in page
        (root / "templates" / "book.html.j2").unlink()  # fixed: the built-in template again
        assert wait_for(lambda: "Slinga" in urllib.request.urlopen(server.url, timeout=10)
                        .read().decode("utf-8") and server.problems == (), timeout=30)
    finally:
        server.stop()


def test_links_out_of_the_book_are_not_watched(tmp_path):
    root = tmp_path / "bok"
    new_book(root, title="Länkad", author="Anna")
    (root / "content" / "usr").symlink_to("/usr")
    (root / "allt").symlink_to("/")
    server = Preview(root, port=0)
    server.start()
    try:
        folders = server._folders()
        assert all(Path(f).resolve().is_relative_to(root.resolve()) for f in folders)
        assert len(folders) < 10, folders
        chapter = root / CHAPTER
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "Det här är bokens första kapitel.", "En mening om länkar."), encoding="utf-8")
        assert wait_for(lambda: "En mening om länkar." in urllib.request.urlopen(
            server.url, timeout=5).read().decode("utf-8"), timeout=10)
        (root / "content" / "ny").mkdir()  # a new folder is watched too
        time.sleep(1.5)
        (root / "content" / "ny" / "x.txt").write_text("x")
        version = server.version
        assert wait_for(lambda: server.version > version, timeout=10)
    finally:
        server.stop()
