"""The layout shows the architecture: dependencies point one way and no imports go in circles.

    cli → api → (author, build, importers) → writers, preflight → transforms, theme → readers
    → model, util

Every ``import`` of a bookgen module counts, at module level and inside functions (an import
deferred for speed is still a dependency); only ``if TYPE_CHECKING:`` blocks are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bookgen"
#: Each part of the package with its layer: a module may import its own layer and those below.
LAYERS = {
    "model": 0, "errors": 0, "util": 0,
    "readers": 1,
    "transforms": 2, "theme": 2,
    "writers": 3, "preflight": 3,
    "build": 4, "importers": 4,
    "author": 5,
    "api": 6,
    "cli": 7, "__main__": 7, "__init__": 0,
}
ROOT_MODULES = {"__init__", "__main__", "model", "errors", "api", "cli"}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The bookgen modules ``path`` imports, however deep in its functions."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("bookgen"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("bookgen"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, set(known)) - {name} for name, path in known.items()}


def part(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_only_the_facade_and_the_model_sit_at_the_package_root():
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose == ROOT_MODULES
    for folder in (p for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")):
        init = folder / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text())), folder.name
        assert part(f"bookgen.{folder.name}") in LAYERS, f"{folder.name} has no layer"


def test_no_import_goes_in_a_circle():
    edges = graph()
    cycles = _cycles(edges)
    assert cycles == [], "import circles: " + "; ".join(" → ".join(c) for c in cycles)


def test_dependencies_point_down_the_layers():
    wrong = []
    for module, targets in graph().items():
        for target in targets:
            if LAYERS[part(target)] > LAYERS[part(module)]:
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_author_tools_and_the_build_never_import_the_facade():
    for module, targets in graph().items():
        if part(module) in {"author", "build", "writers", "readers", "transforms"}:
            assert "bookgen.api" not in targets, module


@pytest.mark.parametrize("package", sorted(
    f"bookgen.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()))
def test_each_subpackage_imports_alone_in_a_fresh_interpreter(package):
    subprocess.run([sys.executable, "-c", f"import {package}"], check=True,
                   cwd=PACKAGE.parent)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each as a list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for vertex in sorted(edges):
        if vertex not in index:
            strong(vertex)
    return result
