"""bookgen import of a WordPress export (published, draft and page items, a classic-editor
post, a Gutenberg post, a [caption], a share widget, footnotes) and of one long text: the
memoir's original text, as its author sent it, and a long Markdown file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookgen.api import build, import_book
from conftest import SEED, seed_sentences
from importing import chapters, words

POSTS = [
    # (title, date, status, type, content)
    ("Flytten", "2009-04-14 09:00:00", "publish", "post",
     "Vi flyttade till Katrineholm i år.\nDet var kallt.\n\n"
     '[caption id="attachment_5" align="alignnone" width="300"]<a href="https://anna.se/'
     'wp-content/uploads/2009/04/mamma.jpg"><img class="size-medium" src="https://anna.se/'
     'wp-content/uploads/2009/04/mamma-300x225.jpg" alt="Mamma vid spisen" width="300" '
     'height="225" /></a> Mamma i köket[/caption]\n\n'
     "Andra stycket med *stjärna* och [sic].<!--more-->\n\n"
     '<a class="more-link" href="https://anna.se/?p=1">Läs mer</a>\n\n'
     '[youtube https://youtube.com/watch?v=x]\n\n<div class="sharedaddy sd-sharing-enabled">'
     '<h3 class="sd-title">Dela detta:</h3><ul><li><a href="x">Facebook</a></li></ul></div>'),
    ("Sommaren &amp; sjön", "2009-06-02 10:00:00", "publish", "post",
     "<!-- wp:paragraph -->\n<p>Det här är <em>Gutenberg</em> med en not"
     '<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>\n'
     "<!-- /wp:paragraph -->\n<!-- wp:heading -->\n<h2>Vid bryggan</h2>\n<!-- /wp:heading -->\n"
     '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Ett citat.</p></blockquote>\n'
     "<!-- /wp:quote -->\n<!-- wp:list -->\n<ul><li>abborre</li><li>gädda</li></ul>\n"
     "<!-- /wp:list -->\n<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"https"
     '://anna.se/wp-content/uploads/2009/06/saknas.jpg" alt="Pappa"/><figcaption>Pappa på '
     "bryggan</figcaption></figure>\n<!-- /wp:image -->\n<!-- wp:footnotes /-->\n"
     "<!-- wp:paragraph -->\n<p>Dela:</p>\n<!-- /wp:paragraph -->"),
    ("Utkastet", "2009-05-01 10:00:00", "draft", "post", "Inte klart än."),
    ("Om mig", "2009-01-01 10:00:00", "publish", "page", "Jag heter Anna."),
    ("mamma", "2009-04-14 09:00:00", "inherit", "attachment", ""),
]
_FOOTNOTES = '[{"id":"f1","content":"Noten om sjön."}]'


def _wxr(path: Path) -> Path:
    items = []
    for number, (title, date, status, kind, content) in enumerate(POSTS, 1):
        meta = (f"<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA["
                f"{_FOOTNOTES}]]></wp:meta_value></wp:postmeta>" if "wp:footnotes" in content
                else "")
        items.append(f"""<item><title>{title}</title><dc:creator><![CDATA[anna]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{number}</wp:post_id>
<wp:post_date><![CDATA[{date}]]></wp:post_date><wp:post_type><![CDATA[{kind}]]></wp:post_type>
<wp:status><![CDATA[{status}]]></wp:status>{meta}</item>""")
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Annas blogg</title><link>https://anna.se</link>
<description>Minnen från Katrineholm</description><language>sv-SE</language>
<wp:author><wp:author_login><![CDATA[anna]]></wp:author_login>
<wp:author_display_name><![CDATA[Anna Berg]]></wp:author_display_name></wp:author>
{''.join(reversed(items))}</channel></rss>""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("blog")
    uploads = folder / "uploads" / "2009" / "04"
    uploads.mkdir(parents=True)
    Image.new("RGB", (800, 600), "red").save(uploads / "mamma.jpg")
    Image.new("RGB", (300, 225), "red").save(uploads / "mamma-300x225.jpg")
    return import_book(_wxr(folder / "export.xml"), folder / "bok", media=folder / "uploads")


def test_published_posts_in_date_order_with_their_dates(blog):
    found = chapters(blog.folder)
    assert [title for title, _ in found] == ["Flytten", "Sommaren & sjön"]
    first, second = (p.read_text("utf-8") for p in blog.chapters)
    assert first.startswith('---\ntitle: "Flytten"\ndate: 2009-04-14\n---\n')
    assert "date: 2009-06-02" in second


def _without_notes(blocks):
    """Paragraphs before and after the reader knows footnotes (a note was literal text)."""
    import re

    return [(k, re.sub(r"\[\^\d+\]", "", t)) for k, t in blocks
            if k != "note" and not t.startswith("[^")]


def test_classic_and_gutenberg_posts_keep_their_words_and_markup(blog):
    (_, flytten), (_, sommaren) = chapters(blog.folder)
    assert flytten == [("p", "Vi flyttade till Katrineholm i år. Det var kallt."),
                       ("figure", "Mamma i köket"),
                       ("p", "Andra stycket med *stjärna* och [sic].")]
    assert _without_notes(sommaren) == [
        ("p", "Det här är Gutenberg med en not."), ("h2", "Vid bryggan"),
        ("quote", "Ett citat."), ("li", "abborre"), ("li", "gädda"),
        ("p", "Pappa på bryggan")]
    first, second = (p.read_text("utf-8") for p in blog.chapters)
    assert "i år.  \nDet var kallt." in first  # wpautop: a single line break stays one
    assert '![Mamma vid spisen](images/2009-04-mamma.jpg "Mamma i köket")' in first
    assert (blog.chapters[0].parent / "images" / "2009-04-mamma.jpg").is_file()
    assert "*Gutenberg*" in second and "## Vid bryggan" in second and "> Ett citat." in second
    assert "- abborre\n- gädda" in second and "en not[^1]." in second
    assert "[^1]: Noten om sjön." in second


def test_blog_furniture_is_taken_out_with_a_warning(blog):
    text = "\n".join(p.read_text("utf-8") for p in blog.chapters)
    for gone in ("wp:paragraph", "Läs mer", "Dela", "Facebook", "youtube", "caption]"):
        assert gone not in text
    messages = " ".join(p.message for p in blog.warnings)
    assert "[youtube] shortcode left out" in messages and "'Dela:' taken out" in messages
    assert "1 draft post left out" in messages and "1 page left out" in messages
    missing = [p for p in blog.warnings if "saknas.jpg not found" in p.message]
    assert missing and missing[0].source.line  # where in the export: the item's line
    assert "*Pappa på bryggan*" in text  # the missing picture's caption stays


def test_drafts_and_pages_when_asked(tmp_path):
    report = import_book(_wxr(tmp_path / "e.xml"), tmp_path / "bok",
                         include=frozenset({"drafts", "pages"}))
    assert [t for t, _ in chapters(report.folder)] == [
        "Om mig", "Flytten", "Utkastet", "Sommaren & sjön"]


def test_entities_and_the_network_are_never_used(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("HEMLIGT")
    (tmp_path / "x.xml").write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY s SYSTEM "file://{secret}">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title>
<item><title>T &s;</title><content:encoded>Text &s; här.</content:encoded>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>""")
    report = import_book(tmp_path / "x.xml", tmp_path / "bok")
    assert "HEMLIGT" not in "".join(p.read_text("utf-8") for p in report.chapters)


def test_the_memoirs_original_text_keeps_every_sentence(tmp_path):
    report = import_book(SEED, tmp_path / "bok")
    assert 'title = "Memoarer – KLF"' in (report.folder / "book.toml").read_text("utf-8")
    found = chapters(report.folder)
    text = " ".join(t for _, blocks in found for _, t in blocks)
    assert words(text) == words(" ".join(seed_sentences()))[2:]  # the title: book.toml
    assert any("'Dela:'" in p.message for p in report.warnings)
    kinds = [k for _, blocks in found for k, _ in blocks]
    assert "li" in kinds  # its • lines are a list


LONG_MD = """---
title: Boken om oss
author: Anna Berg
---
# Boken om oss

Ett förord före första kapitlet.

## Ett

Text[^a] med *kursiv* här.

### Under

```
# ingen rubrik
```

## Två

Mer text[^b].

[^a]: Not a.
[^b]: Not b
    som fortsätter.
"""


def test_a_long_markdown_file_is_split_at_its_headings(tmp_path):
    (tmp_path / "bok.md").write_text(LONG_MD, encoding="utf-8")
    report = import_book(tmp_path / "bok.md", tmp_path / "bok")
    found = chapters(report.folder)
    assert [t for t, _ in found] == ["Inledning", "Ett", "Två"]
    one, two = (p.read_text("utf-8") for p in report.chapters[1:])
    assert "## Under" in one and "# ingen rubrik" in one and "[^a]: Not a." in one
    assert "[^b]: Not b\n    som fortsätter." in two and "[^a]" not in two


def test_imported_books_build_at_once(blog, tmp_path):
    (tmp_path / "bok.md").write_text(LONG_MD, encoding="utf-8")
    for report in (blog, import_book(SEED, tmp_path / "memoar"),
                   import_book(tmp_path / "bok.md", tmp_path / "md")):
        written = build(report.folder, ["pdf", "epub"])
        assert all(path.stat().st_size > 1000 for path in written.values())


def test_cli_prints_what_it_made(tmp_path):
    from typer.testing import CliRunner

    from bookgen.cli import app

    result = CliRunner().invoke(app, ["import", str(SEED), str(tmp_path / "bok")])
    assert result.exit_code == 0, result.output
    assert "1 chapter" in result.output and "content/" in result.output
    assert "warning:" in result.output  # the 'Dela:' leftover


def test_a_markdown_files_pictures_come_from_the_media_folder_only(tmp_path):
    from PIL import Image

    (tmp_path / "media" / "bilder").mkdir(parents=True)
    Image.new("RGB", (40, 30), "red").save(tmp_path / "media" / "bilder" / "mamma.jpg")
    Image.new("RGB", (40, 30), "red").save(tmp_path / "beside.jpg")  # not in --media: unread
    (tmp_path / "bok.md").write_text(
        '# Ett\n\n![Mamma](bilder/mamma.jpg "Mamma i köket")\n\n![Bredvid](beside.jpg)\n\n'
        '![Webb](https://x.se/a.jpg "Från webben")\n', encoding="utf-8")
    report = import_book(tmp_path / "bok.md", tmp_path / "bok", media=tmp_path / "media")
    text = report.chapters[0].read_text("utf-8")
    assert '![Mamma](images/bilder-mamma.jpg "Mamma i köket")' in text
    assert "*Bredvid*" in text and "*Från webben*" in text
    assert sum("not found" in p.message for p in report.warnings) == 2
    build(report.folder, ["epub"])


def test_titles_that_would_not_build_are_made_so_they_do(tmp_path):
    """Two posts with one title, a title of digits, one the theme uses, a paragraph typed in a
    heading style, an empty one: the book builds, and no word is lost."""
    long = "Det här är ett helt stycke som någon har skrivit i rubrikstilen av misstag " * 4
    (tmp_path / "bok.md").write_text(
        "# Veckans bild\n\nEtt.\n\n# Veckans bild\n\nTvå.\n\n# 1968\n\nTre.\n\n"
        f"# Tidslinje\n\nFyra.\n\n# {long}\n\nFem.\n", encoding="utf-8")
    report = import_book(tmp_path / "bok.md", tmp_path / "bok")
    build(report.folder, ["html"])
    found = chapters(report.folder)
    assert [t for t, _ in found][:4] == ["Veckans bild", "Veckans bild", "1968", "Tidslinje"]
    assert found[4][1][0] == ("p", long.strip())


def test_comments_and_private_posts_when_asked(tmp_path):
    path = _wxr(tmp_path / "e.xml")
    comments = (
        "<wp:comment><wp:comment_author><![CDATA[Eva]]></wp:comment_author><wp:comment_date>"
        "2009-04-14 20:00:00</wp:comment_date><wp:comment_content><![CDATA[Fint skrivet!]]>"
        "</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>"
        "<wp:comment><wp:comment_author>Spam</wp:comment_author><wp:comment_content>Köp!"
        "</wp:comment_content><wp:comment_approved>spam</wp:comment_approved></wp:comment>")
    text = path.read_text("utf-8")
    flytten = text.index("<title>Flytten</title>")
    end = text.index("</item>", flytten)
    text = text[:end] + comments + text[end:]
    path.write_text(text, encoding="utf-8")
    without = import_book(path, tmp_path / "utan")
    assert "Fint skrivet" not in "".join(p.read_text("utf-8") for p in without.chapters)
    report = import_book(path, tmp_path / "bok", include=frozenset({"comments"}))
    body = "".join(p.read_text("utf-8") for p in report.chapters)
    assert "## Kommentarer" in body and "**Eva**, 2009-04-14:\n\nFint skrivet!" in body
    assert "Köp" not in body


def test_plain_text_that_starts_at_once_keeps_its_first_line(tmp_path):
    (tmp_path / "minnen.txt").write_text(
        "Jag föddes en kall vinterdag och det var mycket snö, sa mor alltid.\n\n"
        "Sen kom våren.\n", encoding="utf-8")
    report = import_book(tmp_path / "minnen.txt", tmp_path / "bok")
    (_, blocks), = chapters(report.folder)
    assert blocks[0] == ("p", "Jag föddes en kall vinterdag och det var mycket snö, sa mor "
                              "alltid.")
    assert 'title = "minnen"' in (report.folder / "book.toml").read_text("utf-8")
