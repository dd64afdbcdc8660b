"""A build killed half-way (SIGKILL) leaves the last good outputs exactly as they were.

The build runs in a subprocess with a hook that says when it has reached a point (rendering
started; an output's temporary file written but not yet renamed) and then waits to be killed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bookgen.build.cache import STAMP_NAME

ROOTS = Path(__file__).resolve().parent / "roots"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

DRIVER = r"""
import os, sys, time
import bookgen.writers.pdf as pdf

point = sys.argv[1]
render = pdf.render_document

def rendering(ctx):
    document = render(ctx)
    if point == "render":
        print("REACHED", flush=True)
        time.sleep(60)
    return document

fsync = os.fsync

def syncing(fd):
    fsync(fd)
    if point == "write":
        print("REACHED", flush=True)
        time.sleep(60)

pdf.render_document = rendering
os.fsync = syncing
sys.argv = ["bookgen", "build", sys.argv[2]]
from bookgen.cli import main
main()
"""


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.name != STAMP_NAME}


def _kill_at(point: str, root: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", DRIVER, point, str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.strip() == "REACHED", process.stderr.read()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


@pytest.mark.parametrize("point", ["render", "write"])
def test_killed_build_leaves_the_old_outputs(tmp_path, point):
    root = tmp_path / "bok"
    shutil.copytree(ROOTS / "mini-sv", root)
    subprocess.run([sys.executable, "-m", "bookgen", "build", str(root)], check=True,
                   capture_output=True, timeout=300)
    dist = root / "dist"
    finals = _hashes(dist)
    assert len(finals) == 3
    with (root / "content" / "02-slutet.md").open("a", encoding="utf-8") as text:
        text.write("\nEn ny mening som ändrar varje utdata.\n")

    _kill_at(point, root)

    left = _hashes(dist)
    assert {name: left[name] for name in finals} == finals  # every final name: old bytes
    leftovers = set(left) - set(finals)
    assert all(name.endswith(".part") for name in leftovers)
    assert bool(leftovers) == (point == "write")  # killed between writing and renaming

    result = subprocess.run([sys.executable, "-m", "bookgen", "build", str(root)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    after = _hashes(dist)
    assert set(after) == set(finals), "a killed build's temporary file was not cleaned up"
    assert all(after[name] != finals[name] for name in finals)
