"""The package's shape, checked: size limits, the import graph and where SQL may live.

The layout is part of the design (ARCHITECTURE.md): folders follow the pipeline, each package
imports only the packages below it, nothing imports a private name from another package, and
only ``sitroom.store`` speaks SQL. These tests walk ``src/`` and fail on a breach, naming it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "sitroom"

MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60
#: Released migrations never change, so they are exempt from the size limits.
EXEMPT = {"sitroom.store.migrations"}

#: Which top-level part of the package may import which (besides itself). The foundation
#: (``errors``, ``records``, ``config``, ``data``) may be imported by everyone. ``eval`` and the
#: CLI sit on top; nothing in the pipeline imports them.
FOUNDATION = {"errors", "records", "config", "vocab", "numdates"}
ALLOWED: dict[str, set[str]] = {
    "nlp": set(),
    "ingest": set(),
    "extract": {"nlp"},
    "engine": {"nlp", "extract"},
    "store": set(),
    "picture": {"store", "extract"},
    "web": {"store", "picture", "extract", "nlp", "engine", "pipeline"},
    "pipeline": {"ingest", "nlp", "extract", "engine", "store", "picture"},
    "stream": {"ingest", "engine", "store", "pipeline"},
    "eval": {"ingest", "nlp", "extract", "engine", "store", "picture", "pipeline"},
    "cli": {
        "ingest",
        "nlp",
        "extract",
        "engine",
        "store",
        "picture",
        "web",
        "pipeline",
        "stream",
        "eval",
    },
}

SQL = re.compile(
    r"\b(SELECT\s+.+?\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
    r"(TABLE|INDEX|VIEW)|DROP\s+(TABLE|INDEX|VIEW)|ALTER\s+TABLE)\b",
    re.DOTALL,
)


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _part(module: str) -> str:
    """The top-level part of the package a module belongs to: ``extract``, ``cli``..."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sitroom"


def _imports(module: str, tree: ast.Module) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, names, line) for every import, module-level or inside functions."""
    package = module if module.count(".") == 0 else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            yield base, [a.name for a in node.names], node.lineno


def _sitroom_target(base: str, name: str) -> str:
    """The module an import binds: ``from sitroom.x import y`` is module ``sitroom.x.y`` if
    that module exists, else a name inside ``sitroom.x``."""
    candidate = f"{base}.{name}"
    known = {m for m, _ in _modules()}
    return candidate if candidate in known else base


def test_size_limits() -> None:
    breaches = []
    for module, path in _modules():
        if module in EXEMPT:
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            breaches.append(f"{module}: {lines} lines (limit {MAX_MODULE_LINES})")
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if isinstance(node, ast.ClassDef) and size > MAX_CLASS_LINES:
                breaches.append(f"{module}.{node.name}: class of {size} lines")
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and size > MAX_FUNCTION_LINES:
                breaches.append(f"{module}.{node.name}: function of {size} lines")
    assert not breaches, "\n".join(breaches)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules():
        deps = graph.setdefault(module, set())
        for base, names, _ in _imports(module, _tree(path)):
            if base != "sitroom" and not base.startswith("sitroom."):
                continue
            for name in names or [""]:
                target = _sitroom_target(base, name) if name else base
                if target != module and not module.startswith(target + "."):
                    deps.add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_layers() -> None:
    breaches = []
    for module, deps in _graph().items():
        mine = _part(module)
        for dep in deps:
            theirs = _part(dep)
            if theirs in (mine, "sitroom") or theirs in FOUNDATION:
                continue
            if theirs not in ALLOWED.get(mine, set()):
                breaches.append(f"{module} imports {dep} ({mine} may not import {theirs})")
    assert not breaches, "\n".join(sorted(breaches))


def _private(name: str) -> bool:
    """``_name`` is private; ``__version__`` and other dunders are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_private_imports_across_packages() -> None:
    breaches = []
    for module, path in _modules():
        home = module.rsplit(".", 1)[0] if "." in module else module
        for base, names, line in _imports(module, _tree(path)):
            if not base.startswith("sitroom"):
                continue
            for name in names:
                target_home = base.rsplit(".", 1)[0] if base.count(".") > 1 else base
                private = _private(name) or any(_private(p) for p in base.split("."))
                if private and target_home != home:
                    breaches.append(f"{module}:{line} imports {base}.{name}")
    assert not breaches, "\n".join(breaches)


def test_sql_only_in_store() -> None:
    breaches = []
    for module, path in _modules():
        if module.startswith("sitroom.store"):
            continue
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SQL.search(node.value)
            ):
                breaches.append(f"{module}:{node.lineno}: {node.value.strip()[:60]!r}")
    assert not breaches, "\n".join(breaches)


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The walkers above find a cycle, an over-long function and SQL when there is one."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    assert SQL.search("SELECT event_id FROM events WHERE 1")
    assert not SQL.search("select the events from the store")
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES + 1))
    tree = ast.parse(f"def f():\n{body}\n")
    func = tree.body[0]
    assert (func.end_lineno or 0) - func.lineno + 1 > MAX_FUNCTION_LINES
