"""`bookgen preview`: serves on 127.0.0.1, shows an edit within 2 s, shows errors and keeps going,
serves the fonts and nothing outside the book, and stops cleanly."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bookgen.api import build, new_book
from bookgen.author.preview import Preview, wait_for

CHAPTER = "content/01-dar-allt-borjade.md"


def get(url: str, **headers) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture()
def book(tmp_path) -> Path:
    root = tmp_path / "bok"
    new_book(root, title="Förhandsvisning", author="Anna")
    return root


@pytest.fixture()
def preview(book):
    server = Preview(book, port=0)
    server.start()
    yield server
    server.stop()


def test_an_edit_shows_within_two_seconds(book):
    server = Preview(book, port=0)
    server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:") and server.port != 0
        status, kind, body = get(server.url)
        assert status == 200 and kind.startswith("text/html")
        assert "Där allt började" in body.decode("utf-8")
        chapter = book / CHAPTER
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "Det här är bokens första kapitel.", "En helt ny mening om sjön."), encoding="utf-8")
        start = time.monotonic()
        assert wait_for(lambda: "En helt ny mening om sjön." in get(server.url)[2].decode(),
                        timeout=2.0)
        assert time.monotonic() - start < 2.0
    finally:
        server.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url, timeout=2)


def test_the_page_reloads_itself_but_bookgen_html_does_not(book, preview):
    page = get(preview.url)[2].decode("utf-8")
    assert "/__version" in page and "location.reload()" in page
    version = get(preview.url + "__version")[2].decode()
    assert version.strip() == str(preview.version)
    html = build(book, ["html"])["html"].read_text(encoding="utf-8")
    assert "/__version" not in html and "/__fonts/" not in html


def test_the_fonts_of_the_pdf_are_served(preview):
    page = get(preview.url)[2].decode("utf-8")
    fonts = [part.split('"')[0] for part in page.split('src: url("')[1:]]
    assert fonts and all(url.startswith("/__fonts/") for url in fonts)
    assert any("Garamond" in url for url in fonts)
    status, kind, body = get(preview.url.rstrip("/") + fonts[0])
    assert status == 200 and len(body) > 10_000 and "font" in kind
    assert get(preview.url + "__fonts/passwd")[0] == 404


def test_a_broken_edit_shows_the_error_and_keeps_serving(book, preview):
    chapter = book / CHAPTER
    good = chapter.read_text(encoding="utf-8")
    version = preview.version
    chapter.write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    assert wait_for(lambda: preview.version > version, timeout=3)
    status, _, body = get(preview.url)
    assert status == 200
    assert f"{CHAPTER}:2: error: front matter is not valid YAML" in body.decode("utf-8")
    version = preview.version
    chapter.write_text("---\ntitle: T\ntimeline:\n  - date: <script>x\n    text: y\n---\n",
                       encoding="utf-8")
    assert wait_for(lambda: preview.version > version, timeout=3)
    page = get(preview.url)[2].decode("utf-8")
    assert f"{CHAPTER}:4: error: timeline entry:" in page
    assert "<script>x" not in page and "&lt;script&gt;x" in page  # escaped
    assert "/__version" in page  # it reloads itself when fixed
    version = preview.version
    chapter.write_text(good, encoding="utf-8")
    assert wait_for(lambda: preview.version > version, timeout=3)
    assert "Där allt började" in get(preview.url)[2].decode("utf-8")


def test_only_files_inside_the_book_are_served(book, preview):
    (book / "content" / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (book.parent / "hemlig.txt").write_text("hemlig", encoding="utf-8")
    (book / ".hemlig").write_text("hemlig", encoding="utf-8")
    os.symlink(book.parent / "hemlig.txt", book / "content" / "länk.txt")
    assert get(preview.url + "content/bild.png")[:2] == (200, "image/png")
    assert get(preview.url + "book.toml")[0] == 200
    for path in ("../hemlig.txt", "%2e%2e/hemlig.txt", "content/%2e%2e/%2e%2e/hemlig.txt",
                 ".hemlig", "content/l%C3%A4nk.txt", "%2Fetc%2Fpasswd", "content/..%5C..%5Chemlig.txt",
                 "nowhere.md"):
        assert get(preview.url + path)[0] == 404, path
    # A raw request line, not normalised by a client:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    connection.request("GET", "/../hemlig.txt")
    assert connection.getresponse().status == 404
    connection.close()


def test_only_get_from_this_machine(preview):
    request = urllib.request.Request(preview.url, data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 405
    assert get(preview.url, Host="evil.example")[0] == 403
    assert get(preview.url, Host=f"localhost:{preview.port}")[0] == 200
    assert preview._server.server_address[0] == "127.0.0.1"


def test_writing_into_dist_does_not_rebuild(book, preview):
    version = preview.version
    (book / "dist").mkdir()
    (book / "dist" / "bok.pdf").write_bytes(b"%PDF-")
    time.sleep(0.8)
    assert preview.version == version


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a suite started in the background (``make test &``,
    nohup, some CI runners) has SIGINT ignored, and a child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_cli_prints_the_address_and_stops_on_ctrl_c(book):
    process = subprocess.Popen(
        [sys.executable, "-m", "bookgen", "preview", str(book), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_as_in_a_terminal)
    try:
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, line + process.stderr.read()
        url = line[line.index("http://"):].split()[0]
        assert "Förhandsvisning" in get(url)[2].decode("utf-8")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert not (book / "dist").exists()


def test_the_cli_refuses_a_folder_that_is_no_book(tmp_path):
    process = subprocess.run([sys.executable, "-m", "bookgen", "preview", str(tmp_path),
                              "--port", "0"], capture_output=True, text=True, timeout=30)
    assert process.returncode == 1
    assert "book.toml not found" in process.stderr
