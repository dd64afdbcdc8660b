"""Broken and hostile books: a clear ``path:line`` error, exit 1, nothing lost, read or fetched.

Each row is a book folder made bad in one way. The good book is built once; each row copies it
(with its outputs), breaks it, builds again through the CLI and checks: the exit code, a message
naming the file (and line), no traceback, the old outputs byte for byte, no leftover temporary
file, content/ untouched, no request to a local HTTP server the book points at, and the text of
a secret file beside the book in no output.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bookfiles import Link, fill, write_files

SECRET = "TOPSECRET-7f3a9c"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")  # a whole 1 x 1 PNG (Pillow decodes it)
TOML = '[book]\ntitle = "Boken"\nauthors = ["Anna"]\nlanguage = "sv"\ndate = "2020"\n'
GOOD = {
    "book.toml": TOML,
    "content/01-a.md": "---\ntitle: Första\n---\n\nEn mening.\n\n![En prick](prick.png)\n",
    "content/02-b.md": "---\ntitle: Andra\n---\n\nSe [första](01-a.md).\n",
    "content/prick.png": PNG,
}


@dataclass(frozen=True)
class Row:
    name: str
    files: dict  # rel → text, bytes, Link or None (delete)
    message: str  # a regex the stderr must match ({trap} is the HTTP server's address)
    command: str = "html"
    code: int = 1
    extra: dict = field(default_factory=dict)


LAUGHS = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                 for i in range(8))
SVG_OUT = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'width="4" height="4"><image xlink:href="{trap}/svg.png" width="4" height="4"/></svg>')
SSTI = "{{ cycler.__init__.__globals__.os.popen('touch {outside}/pwned').read() }}"

ROWS = [
    Row("yaml-invalid", {"content/01-a.md": "---\ntitle: [ofärdig\n---\nText\n"},
        r"content/01-a\.md:2: error: front matter is not valid YAML"),
    Row("yaml-not-mapping", {"content/01-a.md": "---\n- a\n- b\n---\nText\n"},
        r"content/01-a\.md:2: error: front matter must be a mapping"),
    Row("yaml-tabs", {"content/01-a.md": "---\ntitle: A\n\tid: x\n---\nText\n"},
        r"content/01-a\.md:3: error: front matter is not valid YAML"),
    Row("yaml-never-closed", {"content/01-a.md": "---\ntitle: A\n\nText\n"},
        r"content/01-a\.md:1: error: the front matter opened on line 1 is never closed"),
    Row("yaml-billion-laughs", {"content/01-a.md": f"---\na: &a [lol, lol]\n{LAUGHS}"
                                                   "title: A\n---\nText\n"},
        r"content/01-a\.md:2: error: front matter expands to too many values"),
    Row("yaml-python-tag", {"content/01-a.md": "---\ntitle: !!python/object/apply:os.system "
                                               "['touch pwned']\n---\nText\n"},
        r"content/01-a\.md:2: error: front matter is not valid YAML"),
    Row("yaml-title-list", {"content/01-a.md": "---\ntitle: [a, b]\n---\nText\n"},
        r"content/01-a\.md:2: error: 'title' must be text"),
    Row("content-not-utf8", {"content/02-b.md": b"---\ntitle: B\n---\n\nr\xe4ksm\xf6rg\xe5s\n"},
        r"content/02-b\.md:5: error: the file is not UTF-8 text.*Latin-1"),
    Row("content-binary", {"content/02-b.md": bytes(range(256)) * 4},
        r"content/02-b\.md:1: error: the file holds binary data"),
    Row("content-empty-file", {"content/02-b.md": ""},
        r"content/02-b\.md:1: error: the file is empty"),
    Row("content-folder-named-md", {"content/03-c.md/x": "x"},
        r"content/03-c\.md: error: this is a folder, not a file"),
    Row("content-symlink-outside", {"content/03-c.md": Link("{secret}")},
        r"content/03-c\.md: error: the file links to a place outside the book folder"),
    Row("content-empty", {"content/01-a.md": None, "content/02-b.md": None},
        r"content: error: content/ holds no \.md files"),
    Row("content-is-a-file", {"content/01-a.md": None, "content/02-b.md": None,
                              "content/prick.png": None, "content": "not a folder"},
        r"content: error: content is a file, not a folder"),
    Row("toml-invalid", {"book.toml": '[book]\ntitle = "Boken\nauthors = ["Anna"]\n'},
        r"book\.toml:2: error: book\.toml is not valid TOML"),
    Row("toml-latin1", {"book.toml": TOML.replace("Boken", "Bök").encode("latin-1")},
        r"book\.toml:2: error: the file is not UTF-8 text"),
    Row("toml-no-title", {"book.toml": '[book]\nauthors = ["Anna"]\n'},
        r"book\.toml:1: error: \[book\] needs 'title'"),
    Row("toml-title-number", {"book.toml": '[book]\ntitle = 42\nauthors = ["Anna"]\n'},
        r"book\.toml:2: error: 'book\.title' must be text in quotes, not a whole number"),
    Row("toml-unknown-keys", {"book.toml": TOML + 'titel = "x"\n[pfd]\npaper = "A5"\n'},
        r"book\.toml:6: error: unknown key 'titel' in \[book\] \(did you mean 'title'\?\)"
        r"(.|\n)*book\.toml:7: error: unknown table \[pfd\] \(did you mean 'pdf'\?\)"),
    Row("ids-duplicate", {"content/02-b.md": "---\ntitle: Andra\nid: a\n---\nText\n"},
        r"content/02-b\.md:1: error: section id 'a' is also the id of content/01-a\.md"),
    Row("ids-theme-toc", {"content/02-b.md": "---\ntitle: Andra\nid: toc\n---\nText\n"},
        r"content/02-b\.md:1: error: section id 'toc' cannot be used"),
    Row("ids-timeline", {"content/02-b.md": "---\ntitle: Andra\nid: tidslinje\n---\nText\n"},
        r"content/02-b\.md:1: error: section id 'tidslinje' cannot be used"),
    Row("ids-chapter-title", {"content/02-b.md": "---\ntitle: Andra\nid: a-title\n---\nText\n"},
        r"content/02-b\.md:1: error: section id 'a-title' cannot be used"),
    Row("image-missing", {"content/02-b.md": "---\ntitle: B\n---\n\nText\n\n![x](saknas.png)\n"},
        r"content/02-b\.md:7: error: image 'saknas\.png' does not exist"),
    Row("image-outside", {"content/02-b.md": "---\ntitle: B\n---\n\n![x](../../secret.png)\n"},
        r"content/02-b\.md:5: error: image '\.\./\.\./secret\.png' is not a file inside"),
    Row("image-symlink-outside", {"content/02-b.md": "---\ntitle: B\n---\n\n![x](s.png)\n",
                                  "content/s.png": Link("{outside}/secret.png")},
        r"content/02-b\.md:5: error: image 's\.png' is not a file inside"),
    Row("image-web", {"content/02-b.md": "---\ntitle: B\n---\n\n![x]({trap}/web.png)\n"},
        r"content/02-b\.md:5: error: image 'http://127\.0\.0\.1:\d+/web\.png' is not a file"),
    Row("image-svg-external", {"content/02-b.md": "---\ntitle: B\n---\n\n![x](ext.svg)\n",
                               "content/ext.svg": SVG_OUT},
        r"content/02-b\.md:5: error: image 'ext\.svg' refers to 'http://127"),
    Row("image-not-png", {"content/prick.png": b"GIF89a not really"},
        r"content/01-a\.md:7: error: image 'prick\.png' is not a PNG image"),
    Row("link-missing", {"content/02-b.md": "---\ntitle: B\n---\n\n[x](03-saknas.md)\n"},
        r"content/02-b\.md:5: error: link '03-saknas\.md' points to no section"),
    Row("template-unknown", {"templates/toc.html.j2": "ok\n{% include 'saknas.j2' %}\n"},
        r"templates/toc\.html\.j2:2: error: template 'saknas\.j2' not found"),
    Row("template-broken", {"templates/toc.html.j2": "ok\n{% if %}\n"},
        r"templates/toc\.html\.j2:2: error: template error"),
    Row("template-include-absolute", {"templates/toc.html.j2": "{% include '/etc/passwd' %}"},
        r"templates/toc\.html\.j2:1: error: template '/etc/passwd' not found"),
    Row("template-include-dotdot", {"templates/toc.html.j2": "{% include '../../secret.txt' %}"},
        r"templates/toc\.html\.j2:1: error: template '\.\./\.\./secret\.txt' not found"),
    Row("template-symlink-outside", {"templates/toc.html.j2": Link("{secret}")},
        r"templates/toc\.html\.j2: error: the template links to a place outside"),
    Row("template-python-escape", {"templates/toc.html.j2": SSTI},
        r"templates/toc\.html\.j2:1: error: template error: SecurityError"),
    Row("template-runtime-error", {"templates/toc.html.j2": "a\n{{ meta.title + 1 }}\n"},
        r"templates/toc\.html\.j2:2: error: template error: TypeError"),
    Row("template-web-image", {"templates/toc.html.j2": 'x\n<img src="{trap}/t.png" alt=""/>\n'},
        r"templates/toc\.html\.j2:2: error: refused to read 'http://127", command="pdf"),
    Row("css-import-web", {"styles/book.css": "@import url({trap}/x.css);\np {}\n"},
        r"styles/book\.css:1: error: @import is not supported"),
    Row("css-file-url", {"styles/book.css": "p {}\nbody { background: url(file://{secret}); }\n"},
        r"styles/book\.css:2: error: 'file://.*' is not read"),
    Row("css-dotdot", {"styles/book.css": "p {}\n\nbody { background: url(../../secret.png); }\n"},
        r"styles/book\.css:3: error: '\.\./\.\./secret\.png' is outside the book folder"),
    Row("css-font-face-web", {"styles/book.css": "@font-face { font-family: X;\n"
                                                 "  src: url({trap}/f.woff); }\n"},
        r"styles/book\.css:2: error: 'http://127\.0\.0\.1:\d+/f\.woff' is not read"),
    Row("css-symlink-outside", {"styles/book.css": Link("{secret}")},
        r"styles/book\.css: error: the file links to a place outside the book folder"),
    Row("output-into-content", {}, r"error: refusing to write .*content",
        extra={"args": ["-o", "content/01-a.md"]}),
]


class _Trap(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Trap.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    """A local HTTP server that must never be asked for anything."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def good_book(tmp_path_factory) -> Path:
    """The good book, built once to HTML and PDF (the outputs each row must leave intact)."""
    root = tmp_path_factory.mktemp("good") / "bok"
    write_files(root, GOOD, {})
    for command in ("html", "pdf"):
        result = run_cli(command, root)
        assert result.returncode == 0, result.stderr
    return root


def run_cli(command: str, root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bookgen", command, str(root), *args],
                          capture_output=True, text=True, timeout=120, cwd=root)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (dotfiles too) → a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture()
def outside(tmp_path) -> Path:
    """A folder beside the book holding a secret the build must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(PNG + SECRET.encode())
    return folder


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_hostile_book(row: Row, good_book, trap, outside):
    root = outside.parent / "shelf" / "bok"
    shutil.copytree(good_book, root, symlinks=True)
    (root.parent / "secret.png").write_bytes(PNG + SECRET.encode())  # ../secret.png, outside
    before = snapshot(root / "dist")
    names = {"trap": trap, "secret": str(outside / "secret.txt"), "outside": str(outside)}
    write_files(root, row.files, names)
    content = snapshot(root / "content") if (root / "content").is_dir() else {}
    _Trap.requests.clear()

    result = run_cli(row.command, root, *row.extra.get("args", ()))

    assert result.returncode == row.code, result.stderr
    assert re.search(fill(row.message, names), result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "dist") == before, "an old output was changed or a .part was left"
    if content:
        assert snapshot(root / "content") == content, "the build changed content/"
    assert _Trap.requests == []
    assert not (outside / "pwned").exists() and not (root / "pwned").exists()
    for path in (root / "dist").rglob("*"):
        assert not path.is_file() or SECRET.encode() not in path.read_bytes()


def test_css_warnings_name_the_stylesheet_line(good_book, tmp_path):
    root = tmp_path / "bok"
    shutil.copytree(good_book, root)
    (root / "styles").mkdir()
    (root / "styles" / "book.css").write_text(
        "p { color: black; }\n\nh1 { colr: red; }\n", encoding="utf-8")
    result = run_cli("pdf", root)
    assert result.returncode == 0, result.stderr
    assert re.search(r"styles/book\.css:3: warning: .*colr", result.stderr), result.stderr


def test_many_problems_in_one_run(good_book, tmp_path):
    root = tmp_path / "bok"
    shutil.copytree(good_book, root)
    write_files(root, {"book.toml": TOML + 'titel = "x"\n',
                       "content/01-a.md": "---\ntitle: [x\n---\n",
                       "content/02-b.md": b"\xff\xfe\x00",
                       "content/03-c.md": "---\ntitle: C\n---\n\n![x](saknas.png)\n"}, {})
    result = run_cli("html", root)
    assert result.returncode == 1
    for where in ("book.toml:6:", "content/01-a.md:2:", "content/02-b.md:1:",
                  "content/03-c.md:5:"):
        assert where in result.stderr, result.stderr


class _Tags(HTMLParser):
    """The real elements and attributes of a document (not text that looks like them)."""

    def __init__(self):
        super().__init__()
        self.found: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.found.add(tag)
        self.attributes.extend(attrs)


HOSTILE_TEXT = '<script>alert(1)</script><iframe src="x"></iframe><img src=x onerror="alert(1)">'


def test_raw_html_reaches_no_output(tmp_path):
    """Script, iframe, event handlers and javascript: links stay text in HTML, PDF and EPUB."""
    from bookgen.api import build

    root = tmp_path / "bok"
    write_files(root, {
        "book.toml": f'[book]\ntitle = \'{HOSTILE_TEXT}\'\nauthors = [\'{HOSTILE_TEXT}\']\n'
                     f'subtitle = \'{HOSTILE_TEXT}\'\ndescription = \'{HOSTILE_TEXT}\'\n',
        "content/01-a.md": f"---\ntitle: '{HOSTILE_TEXT}'\n---\n\n{HOSTILE_TEXT}\n\n"
                           f"## Rubrik {HOSTILE_TEXT}\n\n[klick](javascript:alert(1)) "
                           f"[länk](https://example.org \"{HOSTILE_TEXT}\")\n\n"
                           f"![{HOSTILE_TEXT}](prick.png \"{HOSTILE_TEXT}\")\n\n"
                           f"<object data=x></object> <a href=\"javascript:alert(1)\">x</a>\n",
        "content/prick.png": PNG}, {})
    out = tmp_path / "out"
    paths = build(root, ["html", "epub"], {"html": out / "b.html", "epub": out / "b.epub"})
    texts = [paths["html"].read_text(encoding="utf-8")]
    with zipfile.ZipFile(paths["epub"]) as epub:
        texts += [epub.read(n).decode("utf-8") for n in epub.namelist()
                  if n.endswith((".xhtml", ".opf", ".ncx"))]
    for text in texts:
        tags = _Tags()
        tags.feed(text)
        assert not tags.found & {"script", "iframe", "object", "embed"}, tags.found
        assert not [a for a in tags.attributes if a[0].startswith("on")], tags.attributes
        assert not [a for a in tags.attributes if "javascript:" in (a[1] or "").lower()]
    assert "&lt;script&gt;" in texts[0]
