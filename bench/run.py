"""How fast bookgen is, measured beside Pandoc and WeasyPrint on the same text (``make bench``).

    .venv/bin/python bench/run.py             # everything: about 5 minutes on 2 cores
    .venv/bin/python bench/run.py --quick     # fewer rounds, a 100-page long book: 2 minutes
    .venv/bin/python bench/run.py --profile   # also where the time goes by function (cProfile)

Every figure comes from running the real commands as child processes: wall time with
``time.perf_counter`` around each, CPU time and peak memory (max RSS) from the child's own
``os.wait4`` resource usage (taken by a small launcher process, see ``LAUNCHER``). The two
commands of a pair run alternately (A B, B A, …) after one untimed warm-up run each, so a
machine that gets busier or quieter during the run affects both alike, and a pair's figure is
the median of its per-round ratios. The table goes to stdout and, with the machine's details
and the goals, to ``bench/RESULTS.md``.

Pandoc is the one tool not installed from PyPI (``apt-get install -y pandoc`` on Debian); without
it the Pandoc rows are skipped and say so. Pandoc gets the same text (the content files
concatenated, each front-matter title made its heading), the same typefaces (bookgen's
@font-face rules) and the same paper, and the WeasyPrint in .venv as its PDF engine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
BOOKGEN = str(BIN / "bookgen")
WEASYPRINT = str(BIN / "weasyprint")
STAMP = "dist/.bookgen-cache.json"  # bookgen.build.cache.stamp_path, relative to the book
MEMO = "dist/.bookgen-images"  # bookgen.images.cache.FOLDER: images, line breaks, fix-ups

sys.path.insert(0, str(HERE))
from longbook import generate  # noqa: E402

# ---------------------------------------------------------------- running commands


@dataclass
class Run:
    wall: float    # seconds
    cpu: float     # seconds, user + system, the child and what it waited for
    rss: float     # MB, the largest resident set of the child or a child of it


class CommandFailed(RuntimeError):
    pass


# The commands are started by a small launcher process rather than by this one: Linux counts the
# RSS a child had when it called exec in its max RSS, and a child forked from this process (which
# holds PDFs it has counted the pages of) would start out large. The launcher is small, times the
# command itself (its own start-up is not counted) and reports what os.wait4 says.
LAUNCHER = r"""
import json, os, sys, time
cmd = sys.argv[1:]
devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
start = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=devnull)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss": usage.ru_maxrss / 1024, "code": os.waitstatus_to_exitcode(status)}))
"""


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None,
        timeout: float = 900) -> Run:
    """Run ``cmd`` to completion and measure it. Raises CommandFailed on a non-zero exit."""
    program = shutil.which(cmd[0], path=(env or os.environ).get("PATH")) or cmd[0]
    with tempfile.TemporaryFile() as err:
        try:
            out = subprocess.run([sys.executable, "-c", LAUNCHER, program, *cmd[1:]], cwd=cwd,
                                 env=env, stdout=subprocess.PIPE, stderr=err, timeout=timeout,
                                 check=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
        except (subprocess.SubprocessError, ValueError, IndexError) as exc:
            result = {"code": f"launcher: {exc}"}
        if result["code"]:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            raise CommandFailed(f"{' '.join(cmd)} exited with {result['code']}:\n{message}")
    return Run(result["wall"], result["cpu"], result["rss"])


@dataclass
class Pair:
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(x.wall / y.wall for x, y in zip(self.a, self.b))

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(x.cpu / y.cpu for x, y in zip(self.a, self.b))

    @staticmethod
    def median(runs: list[Run], what: str = "wall") -> float:
        return statistics.median(getattr(r, what) for r in runs)


def measure_pair(a, b, rounds: int, warm: bool = True) -> Pair:
    """``a`` and ``b`` are callables returning a Run; alternate them ``rounds`` times."""
    if warm:
        a(), b()
    pair = Pair()
    for number in range(rounds):
        if number % 2 == 0:
            pair.a.append(a())
            pair.b.append(b())
        else:
            pair.b.append(b())
            pair.a.append(a())
    return pair


def repeat(command, rounds: int) -> list[Run]:
    command()
    return [command() for _ in range(rounds)]


# ---------------------------------------------------------------- the books


def venv_env() -> dict[str, str]:
    """The environment with .venv/bin first, so Pandoc finds the same WeasyPrint."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def copy_memoir(target: Path) -> Path:
    """The memoir's own files (book.toml, content/) in a folder of their own."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / "book.toml", target / "book.toml")
    shutil.copytree(REPO / "content", target / "content")
    # Not styles/ nor templates/: at the repository's top they are the built-in theme, which
    # the copy uses as the memoir does, rather than as overrides of its own.
    return target


def read_toml(path: Path) -> dict:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))


def pandoc_inputs(book: Path, work: Path) -> list[str]:
    """Pandoc's arguments for ``book``: one Markdown file, metadata, bookgen's fonts and paper."""
    from bookgen.theme import fonts

    from texture import write_one_markdown

    markdown = work / "book.md"
    write_one_markdown(book, markdown)
    config = read_toml(book / "book.toml")
    meta = config["book"]
    face = config.get("style", {}).get("typeface", "EB Garamond")
    css = work / "pandoc.css"
    css.write_text(fonts.font_face_css(face) + "\n"
                   + "@page { size: A5; margin: 20mm 17mm; }\n"
                   + f"html {{ font-family: {fonts.font_stack(face)}; font-size: 11pt; }}\n"
                   + "body { max-width: none; margin: 0; padding: 0; }\n", encoding="utf-8")
    return [str(markdown), "--from", "markdown", "--toc", "--standalone",
            "-M", f"title={meta['title']}", "-M", f"author={', '.join(meta['authors'])}",
            "-M", f"lang={meta.get('language', 'sv')}", "-M", f"date={meta.get('date', '')}",
            "-c", str(css)]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def bookgen_output(book: Path, suffix: str) -> Path:
    found = sorted((book / "dist").glob(f"*{suffix}"))
    found = [p for p in found if not p.name.endswith("-booklet.pdf") or suffix == "-booklet.pdf"]
    return found[0]


def bookgen(command: str, book: Path, *args: str, keep_cache: bool = False,
            first: bool = False):
    """A callable that runs ``bookgen <command> <book>``: a full build unless ``keep_cache``
    (the outputs' stamp is removed; what the book's dist/ remembers, prepared images, line
    breaks and chapter fix-ups, is kept as an author's rebuild has it), a first build with
    dist/ empty if ``first``."""

    def go() -> Run:
        if not keep_cache:
            (book / STAMP).unlink(missing_ok=True)
        if first:
            shutil.rmtree(book / MEMO, ignore_errors=True)
        return run([BOOKGEN, command, str(book), *args], env=venv_env())

    return go


# ---------------------------------------------------------------- the rows


@dataclass
class Row:
    section: str
    measure: str
    value: str
    baseline: str
    figure: str
    goal: str
    met: bool | None   # None: not measured
    note: str = ""


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def runs_s(runs: list[Run]) -> str:
    return fmt_s(Pair.median(runs))


def per_page(pair: Pair, ours: Path, theirs: Path) -> str:
    """The CPU ratio, and the ratio per page made when the two make different page counts."""
    mine, other = page_count(ours), page_count(theirs)
    per = (Pair.median(pair.a) / mine) / (Pair.median(pair.b) / other)
    return (f"CPU ratio {pair.cpu_ratio:.2f}; {mine} vs {other} pages, "
            f"{per:.2f} per page")


def bench_startup(rows: list[Row], rounds: int) -> None:
    runs = repeat(lambda: run([BOOKGEN, "--help"], env=venv_env()), rounds)
    wall = Pair.median(runs)
    rows.append(Row("start-up", "`bookgen --help`", fmt_s(wall), "", f"{wall:.2f} s",
                    "< 0.30 s", wall < 0.30, f"{Pair.median(runs, 'rss'):.0f} MB"))


def bench_memoir(rows: list[Row], memoir: Path, work: Path, rounds: int,
                 pandoc: str | None) -> dict:
    env = venv_env()
    facts: dict = {}
    if pandoc:
        args = pandoc_inputs(memoir, work)
        pdf = measure_pair(bookgen("pdf", memoir),
                           lambda: run([pandoc, *args, "--pdf-engine=weasyprint",
                                        "-o", str(work / "pandoc.pdf")], env=env), rounds)
        rows.append(Row("memoir", "PDF: `bookgen pdf` / `pandoc --pdf-engine=weasyprint`",
                        runs_s(pdf.a), runs_s(pdf.b), f"{pdf.ratio:.2f}", "≤ 1.00",
                        pdf.ratio <= 1.0, per_page(pdf, bookgen_output(memoir, ".pdf"),
                                                   work / "pandoc.pdf")))
        epub = measure_pair(bookgen("epub", memoir),
                            lambda: run([pandoc, *args, "-o", str(work / "pandoc.epub")],
                                        env=env), rounds)
        rows.append(Row("memoir", "EPUB: `bookgen epub` / `pandoc -o x.epub`",
                        runs_s(epub.a), runs_s(epub.b), f"{epub.ratio:.2f}", "≤ 4.00",
                        epub.ratio <= 4.0, f"CPU ratio {epub.cpu_ratio:.2f}"))
    else:
        for what, goal in (("PDF: `bookgen pdf` / `pandoc --pdf-engine=weasyprint`", "≤ 1.00"),
                           ("EPUB: `bookgen epub` / `pandoc -o x.epub`", "≤ 4.00")):
            rows.append(Row("memoir", what, "", "", "–", goal, None,
                            "skipped: Pandoc is not installed (apt-get install -y pandoc)"))
    both = measure_pair(bookgen("build", memoir), bookgen("pdf", memoir), rounds)
    facts["build"] = both
    rows.append(Row("memoir", "`bookgen build` (PDF + booklet + EPUB) / `bookgen pdf`",
                    runs_s(both.a), runs_s(both.b), f"{both.ratio:.2f}", "≤ 1.15",
                    both.ratio <= 1.15, f"CPU ratio {both.cpu_ratio:.2f}"))
    # What the author mails (the build above left them in dist/).
    pdf_size = bookgen_output(memoir, ".pdf").stat().st_size / 1024
    epub_size = bookgen_output(memoir, ".epub").stat().st_size / 1024
    rows.append(Row("memoir", "PDF file size", f"{pdf_size:.0f} KB", "", f"{pdf_size:.0f} KB",
                    "≤ 300 KB", pdf_size <= 300))
    rows.append(Row("memoir", "EPUB file size (cover included)", f"{epub_size:.0f} KB", "",
                    f"{epub_size:.0f} KB", "≤ 500 KB", epub_size <= 500))
    # A rebuild with nothing changed, against the full build it follows.
    rebuild = measure_pair(bookgen("build", memoir, keep_cache=True), bookgen("build", memoir),
                           rounds, warm=True)
    # The full build (b) deletes the stamp and writes a new one; the kept build (a) always
    # follows some b (the warm-up's, or the same or the previous round's) and finds it.
    ratio = rebuild.ratio
    hooked = (memoir / STAMP).is_file()
    rows.append(Row("memoir", "`bookgen build` again, nothing changed / full `bookgen build`",
                    runs_s(rebuild.a), runs_s(rebuild.b), f"{ratio:.2f}", "≤ 0.10",
                    ratio <= 0.10, f"CPU ratio {rebuild.cpu_ratio:.2f}" if hooked else
                    "no rebuild cache in api.build yet: everything was rendered again"))
    return facts


def bench_long(rows: list[Row], work: Path, pages: int, rounds: int, small: list[int],
               large: list[int] = ()) -> dict:
    env = venv_env()
    from bookgen.theme import fonts

    long = generate(work / f"long-{pages}", pages)
    run([BOOKGEN, "html", str(long)], env=env)
    html = bookgen_output(long, ".html")
    face = read_toml(long / "book.toml").get("style", {}).get("typeface", "EB Garamond")
    fonts_css = work / "fonts.css"
    fonts_css.write_text(fonts.font_face_css(face), encoding="utf-8")
    out = work / "weasyprint.pdf"
    plain = [WEASYPRINT, "--pdf-variant", "pdf/ua-1", "-s", str(fonts_css),
             "-u", long.as_uri() + "/", str(html), str(out)]
    pair = measure_pair(bookgen("pdf", long), lambda: run(plain, env=env), rounds)
    got = page_count(bookgen_output(long, ".pdf"))
    rows.append(Row(f"long book ({got} pages)",
                    "`bookgen pdf` / `weasyprint` on bookgen's HTML, same fonts",
                    runs_s(pair.a), runs_s(pair.b), f"{pair.ratio:.2f}", "≤ 1.10",
                    pair.ratio <= 1.10, f"CPU ratio {pair.cpu_ratio:.2f}; weasyprint "
                    f"{page_count(out)} pages"))
    first = measure_pair(bookgen("pdf", long, first=True), lambda: run(plain, env=env), rounds)
    rows.append(Row(f"long book ({got} pages)",
                    "first build (dist/ empty): `bookgen pdf` / `weasyprint`",
                    runs_s(first.a), runs_s(first.b), f"{first.ratio:.2f}", "≤ 1.10",
                    first.ratio <= 1.10, f"CPU ratio {first.cpu_ratio:.2f}; three layouts: "
                    "first fit, steered, after the chapters' fix-ups"))
    for label, runs in (("", pair.a), ("first build, ", first.a)):
        peak = max(r.rss for r in runs)
        rows.append(Row(f"long book ({got} pages)", f"{label}`bookgen pdf` peak memory "
                        "(max RSS)", f"{peak:.0f} MB", f"{max(r.rss for r in pair.b):.0f} MB",
                        f"{peak:.0f} MB", "≤ 300 MB", peak <= 300,
                        "baseline: the weasyprint command"))
    bench_latex(rows, long, work, pair, got, rounds, env)
    build = measure_pair(bookgen("build", long), bookgen("pdf", long), max(1, rounds - 1),
                         warm=False)
    rows.append(Row(f"long book ({got} pages)", "`bookgen build` / `bookgen pdf`",
                    runs_s(build.a), runs_s(build.b), f"{build.ratio:.2f}", "≤ 1.15",
                    build.ratio <= 1.15, f"CPU ratio {build.cpu_ratio:.2f}"))

    growth = []
    for size in small:
        book = generate(work / f"long-{size}", size)
        runs = repeat(bookgen("pdf", book), 3 if size < 50 else 2)
        growth.append((size, page_count(bookgen_output(book, ".pdf")), runs))
    growth.append((pages, got, pair.a))
    for size in large:  # once: a 1 000-page book shows whether a page still costs the same
        book = generate(work / f"long-{size}", size)
        runs = [bookgen("pdf", book)()]
        growth.append((size, page_count(bookgen_output(book, ".pdf")), runs))
    return {"growth": growth, "long": long}


def bench_latex(rows: list[Row], long: Path, work: Path, ours, got: int, rounds: int,
                env: dict) -> None:
    """``bookgen pdf`` beside Pandoc + XeLaTeX on the long book: the same text, text block and
    EB Garamond files (``bench/texture.py``), with a table of contents as bookgen makes one."""
    from texture import latex_available, latex_command

    what = "`bookgen pdf` / Pandoc + XeLaTeX (`--toc`: XeLaTeX three times)"
    if not latex_available():
        rows.append(Row(f"long book ({got} pages)", what, "", "", "–", "≤ 1.00", None,
                        "skipped: no pandoc/xelatex (make benchdeps)"))
        return
    folder = work / "latex"
    command = latex_command(long, folder, toc=True)
    pair = measure_pair(bookgen("pdf", long), lambda: run(command, cwd=folder, env=env), rounds)
    latex_pages = page_count(folder / "latex.pdf")
    rows.append(Row(f"long book ({got} pages)", what, runs_s(pair.a), runs_s(pair.b),
                    f"{pair.ratio:.2f}", "≤ 1.00", pair.ratio <= 1.00,
                    f"CPU ratio {pair.cpu_ratio:.2f}; XeLaTeX {latex_pages} pages, "
                    f"peak memory {max(r.rss for r in pair.b):.0f} MB"))


def growth_rows(rows: list[Row], growth: list) -> list[str]:
    """Time and memory at each size; linear when the cost of a page does not grow."""
    lines = ["| pages asked | pages made | `bookgen pdf` | per page | max RSS | CPU |",
             "|---:|---:|---:|---:|---:|---:|"]
    points = []
    for asked, made, runs in growth:
        wall, rss, cpu = (Pair.median(runs, w) for w in ("wall", "rss", "cpu"))
        points.append((made, wall, rss, cpu))
        lines.append(f"| {asked} | {made} | {fmt_s(wall)} | {wall / made * 1000:.0f} ms | "
                     f"{rss:.0f} MB | {fmt_s(cpu)} |")
    if len(points) >= 3:
        (p0, t0, m0, c0), (p1, t1, m1, c1), (p2, t2, m2, c2) = points[-3:]
        # The cost of one more page, between the small and middle books, and between the middle
        # and the long one: a step that grows faster than the page count makes the second larger.
        early, late = (c1 - c0) / (p1 - p0), (c2 - c1) / (p2 - p1)
        growth_ratio = late / early
        mem_early, mem_late = (m1 - m0) / (p1 - p0), (m2 - m1) / (p2 - p1)
        rows.append(Row("growth", f"CPU time per extra page, {p1}→{p2} / {p0}→{p1} pages",
                        f"{late * 1000:.0f} ms", f"{early * 1000:.0f} ms",
                        f"{growth_ratio:.2f}", "≤ 1.25 (linear)", growth_ratio <= 1.25))
        rows.append(Row("growth", f"memory per extra page, {p1}→{p2} / {p0}→{p1} pages",
                        f"{mem_late * 1000:.0f} KB", f"{mem_early * 1000:.0f} KB",
                        f"{mem_late / mem_early:.2f}" if mem_early > 0 else "–",
                        "≤ 1.25 (linear)", mem_early > 0 and mem_late / mem_early <= 1.25))
    return lines


# ---------------------------------------------------------------- where the time goes


STAGES = r'''
import json, sys, time
t = time.perf_counter
marks = [("start", t())]
from bookgen.writers import new_context
from bookgen.readers import read_book
from bookgen.theme.folders import Theme
from bookgen import transforms
marks.append(("import bookgen", t()))
book = read_book(sys.argv[1])
marks.append(("read (book.toml, Markdown)", t()))
for name, transform in transforms.TRANSFORMS:
    book = transform(book)
    marks.append((f"transform: {name}", t()))
from bookgen.writers.timeline import timeline_context
for layout in ("print", "screen"):
    timeline_context(book, {}, lambda e: "#" + e.anchor, layout)
marks.append(("timeline appendix: chronology and drawings (print, screen)", t()))
ctx = new_context(book, Theme(book.root))
ctx.output("html")
marks.append(("HTML (templates; the timeline's drawing again)", t()))
import weasyprint
marks.append(("import WeasyPrint", t()))
from bookgen.writers.pdf import render_document, write_pdf
document = ctx.shared("document", render_document)
marks.append(("WeasyPrint: parse + style + layout", t()))
data = write_pdf(ctx)
marks.append(("WeasyPrint: write PDF (fonts, tags)", t()))
print(json.dumps([(marks[i][0], marks[i][1] - marks[i - 1][1])
                  for i in range(1, len(marks))]))
'''

OWN = ("import bookgen", "read", "transform", "timeline", "HTML")


def bench_register(rows: list[Row], long: Path, work: Path, rounds: int) -> None:
    """What the register (issue 15) costs: `bookgen pdf` on the long book as it is and on a
    copy with `[index] enabled = false`, CPU time, both with their caches in dist/ warm (the
    first run of each is left out), as a book built before is rebuilt."""
    off = work / f"{long.name}-no-register"
    shutil.copytree(long, off, ignore=shutil.ignore_patterns("dist"))
    toml = off / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[index]\nenabled = false\n",
                    encoding="utf-8")
    pair = measure_pair(bookgen("pdf", long), bookgen("pdf", off), max(2, rounds))
    share = pair.cpu_ratio - 1
    pages = page_count(bookgen_output(long, ".pdf"))
    rows.append(Row(f"long book ({pages} pages)",
                    "the register: `bookgen pdf` / the same with `[index] enabled = false`",
                    fmt_s(Pair.median(pair.a, "cpu")) + " CPU",
                    fmt_s(Pair.median(pair.b, "cpu")) + " CPU", f"+{share:.0%}", "≤ +10 %",
                    share <= 0.10, f"wall ratio {pair.ratio:.2f}; lexicon facts and layout "
                    "caches warm"))


def bench_stages(rows: list[Row], book: Path) -> list[str]:
    env = venv_env()
    out = subprocess.run([sys.executable, "-c", STAGES, str(book)], env=env, check=True,
                         capture_output=True, text=True).stdout
    stages = json.loads(out.strip().splitlines()[-1])
    total = sum(s for _, s in stages)
    own = sum(s for name, s in stages if name.startswith(OWN))
    lines = ["| stage | time | share |", "|---|---:|---:|"]
    for name, seconds in stages:
        lines.append(f"| {name} | {fmt_s(seconds)} | {seconds / total:.0%} |")
    lines.append(f"| **total** | **{fmt_s(total)}** | |")
    rows.append(Row("where the time goes", "bookgen's own stages / all of `bookgen pdf`",
                    fmt_s(own), fmt_s(total), f"{own / total:.0%}", "≤ 10 %",
                    own / total <= 0.10, "reading, transforms and HTML, in one process"))
    # The appendix stage draws the timeline twice (print and screen): that covers the drawing
    # the HTML stage makes again, so the HTML stage (all the book's templates) is not counted.
    timeline = sum(s for name, s in stages if name.startswith(("transform: timeline",
                                                               "timeline appendix")))
    rows.append(Row("where the time goes", "the timeline (extraction, ranking, drawings) / all",
                    fmt_s(timeline), fmt_s(total), f"{timeline / total:.1%}", "≤ 3 %",
                    timeline / total <= 0.03,
                    "transform: timeline + the appendix's chronology and both drawings"))
    return lines


def bench_profile(book: Path, work: Path) -> list[str]:
    """The functions ``bookgen pdf`` spends its own time in (cProfile): all code, then
    bookgen's alone, so a hot spot in bookgen shows even when the libraries dominate."""
    import pstats

    stats_file = work / "pdf.prof"
    (book / STAMP).unlink(missing_ok=True)
    # one process, so the profile sees the chapters' layouts too (bookgen/writers/pdf_jobs.py)
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_file), BOOKGEN, "pdf",
                    str(book)], env={**venv_env(), "BOOKGEN_PROCESSES": "1"}, check=True,
                   capture_output=True)
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt
    rows = []
    for (path, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append((tottime, cumtime, calls, _where(path, line, name)))
    rows.sort(reverse=True)
    lines = [f"Profiled run: {total:.1f} s (cProfile slows Python code about 1.5 times).", "",
             "| function (all code) | calls | own time | with callees |",
             "|---|---:|---:|---:|"]
    lines += [f"| `{where}` | {calls} | {own:.2f} s | {cum:.2f} s |"
              for own, cum, calls, where in rows[:15]]
    own_rows = [r for r in rows if r[3].startswith("bookgen/")]
    lines += ["", f"bookgen's own code: {sum(r[0] for r in own_rows):.2f} s of own time "
              f"({sum(r[0] for r in own_rows) / total:.1%}).", "",
              "| function (bookgen) | calls | own time | with callees |", "|---|---:|---:|---:|"]
    lines += [f"| `{where}` | {calls} | {own:.3f} s | {cum:.2f} s |"
              for own, cum, calls, where in own_rows[:12]]
    return lines


def _where(path: str, line: int, name: str) -> str:
    """``package/module.py:line name`` for a profiled function."""
    if path.startswith("~") or path.startswith("<"):
        return name
    parts = Path(path).parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            if anchor == "site-packages" or "bookgen" not in parts:
                return f"{'/'.join(parts[index + 1:])}:{line} {name}"
    if "bookgen" in parts:
        index = len(parts) - 1 - parts[::-1].index("bookgen")
        return f"{'/'.join(parts[index:])}:{line} {name}"
    return f"{Path(path).name}:{line} {name}"


# ---------------------------------------------------------------- the report


def machine() -> list[tuple[str, str]]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = (subprocess.run([pandoc, "--version"], capture_output=True, text=True)
                      .stdout.splitlines()[0] if pandoc else "not installed")
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip() or "?"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return [("CPU", model or "?"), ("cores", f"{os.cpu_count()} ({usable} usable)"),
            ("memory", memory or "?"), ("system", f"{platform.system()} {platform.release()}"),
            ("Python", platform.python_version()), ("WeasyPrint", version("weasyprint")),
            ("pydyf", version("pydyf")), ("Pandoc", pandoc_version),
            ("bookgen", f"{version('bookgen')} ({commit})"),
            ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg()))]


def table(rows: list[Row]) -> list[str]:
    lines = ["| | measure | bookgen | baseline | figure | goal | met |",
             "|---|---|---:|---:|---:|---:|---|"]
    for row in rows:
        met = "–" if row.met is None else ("met" if row.met else "**not met**")
        note = f" ({row.note})" if row.note else ""
        lines.append(f"| {row.section} | {row.measure}{note} | {row.value} | {row.baseline} | "
                     f"{row.figure} | {row.goal} | {met} |")
    return lines


def report(rows, growth, stages, profile, facts, seconds, args) -> str:
    out = ["# bookgen benchmark", "",
           "Made by `make bench` (`bench/run.py`); the numbers are of the machine below, on the "
           "day it ran. A ratio is bookgen's time over the baseline's (lower is better), the "
           "median of the per-round ratios of the two commands run alternately; times are "
           "medians of wall-clock time.", "", "## Machine", ""]
    out += [f"- **{k}**: {v}" for k, v in machine()]
    out += ["", f"Rounds: {args.rounds} for the memoir, {args.long_rounds} for the long book; "
            f"the run took {seconds / 60:.1f} minutes.", ""]
    if args.note:
        out += [args.note, ""]
    out += ["## Results", "", *table(rows), "",
            "## How cost grows with the book", "", *growth, "",
            "## Where the time goes in `bookgen pdf` (long book)", "", *stages, ""]
    if profile:
        out += ["## bookgen's slowest functions (cProfile, long book)", "", *profile, ""]
    notes = HERE / "NOTES.md"
    if notes.is_file():
        out += [notes.read_text(encoding="utf-8").rstrip(), ""]
    out += ["## How it is measured", "",
            "- Pandoc gets the memoir's content files concatenated, each front-matter title as "
            "its `#` heading, the book's title, author, language and date as `-M` metadata, "
            "`--toc`, a stylesheet with bookgen's own @font-face rules "
            "(`bookgen.theme.fonts.font_face_css`), A5 paper, and `.venv/bin` first on PATH so its "
            "`--pdf-engine=weasyprint` is the same WeasyPrint.",
            "- The long book is written by `bench/longbook.py` (seeded, so the same every time): "
            "Swedish sentences from word lists with dates, numbers, quotations, lists and "
            "headings. The WeasyPrint command gets the HTML `bookgen html` wrote, the same "
            "@font-face rules with `-s`, the book folder as base URL and `--pdf-variant "
            "pdf/ua-1` like bookgen's PDF writer, so both lay out the same document.",
            "- Every `bookgen` run but the \"nothing changed\" one deletes the book's rebuild "
            f"stamp (`{STAMP}`) first, so it is a full build.",
            "- Peak memory is the child's max RSS (`ru_maxrss` from `os.wait4`).",
            "- CPU ratios are given beside wall-clock ratios: on a shared machine they show "
            "whether a difference is work or waiting.", ""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds for the memoir's pairs")
    parser.add_argument("--long-rounds", type=int, default=3, help="rounds for the long book")
    parser.add_argument("--pages", type=int, default=300, help="the long book's length")
    parser.add_argument("--quick", action="store_true", help="3 and 1 rounds, 100 pages")
    parser.add_argument("--profile", action="store_true",
                        help="add bookgen's slowest functions (cProfile) to the report")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--note", default="", help="a line for RESULTS.md about this run")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.long_rounds, args.pages = 3, 1, 100
    small = [p for p in (10, 100) if p < args.pages]
    large = [p for p in (1000,) if p > args.pages and not args.quick]

    started = time.perf_counter()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        print("note: Pandoc is not installed (apt-get install -y pandoc); "
              "its rows are skipped", file=sys.stderr)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bookgen-bench-") as temp:
        work = Path(temp)
        say = lambda text: print(f"[{time.perf_counter() - started:5.0f} s] {text}",  # noqa
                                 file=sys.stderr, flush=True)
        say("start-up")
        bench_startup(rows, 7)
        say("the memoir")
        memoir = copy_memoir(work / "memoir")
        facts = bench_memoir(rows, memoir, work, args.rounds, pandoc)
        say(f"a long book of {args.pages} pages, and {', '.join(map(str, small + large))} pages")
        long = bench_long(rows, work, args.pages, args.long_rounds, small, large)
        growth = growth_rows(rows, long["growth"])
        say("the register's share")
        bench_register(rows, long["long"], work, args.long_rounds)
        say("where the time goes")
        stages = bench_stages(rows, long["long"])
        profile = bench_profile(long["long"], work) if args.profile else []
    seconds = time.perf_counter() - started
    text = report(rows, growth, stages, profile, facts, seconds, args)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(table(rows)))
    print()
    print("\n".join(growth))
    print()
    print("\n".join(stages))
    print(f"\nwrote {args.output} in {seconds / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
