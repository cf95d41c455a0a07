"""No import circles anywhere in huntaze_cli. Every module is read with `ast` and every import counts: at
module level, inside a function, under `if TYPE_CHECKING:`. A circle hidden behind a function-level import
is still a circle (two modules that cannot be understood apart), so it fails here like any other."""

from __future__ import annotations

import ast
from pathlib import Path

import huntaze_cli

PACKAGE = Path(huntaze_cli.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module → the package modules it imports. `from a.b import c` is an edge to a.b.c when that is a
    module, else to a.b (the package's __init__, which is what runs). Parent packages that Python imports
    on the way are not edges: a package's __init__ importing its own modules is not a circle."""
    paths = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in paths)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[:len(here) - node.level + 1]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module or ""
                for alias in node.names:
                    if f"{module}.{alias.name}" in paths:
                        edges.add(f"{module}.{alias.name}")
                    elif module in paths:
                        edges.add(module)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Circles written a → b → … → a: at least one for every group of modules that reach each other."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        # Depth-first, iteratively (the graph is small, but recursion limits are not a test's business).
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        path.append(start)
        on_path.add(start)
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            nxt = todo.pop(0)
            if nxt in on_path:
                circle = [*path[path.index(nxt):], nxt]
                if not any(set(circle) == set(seen) for seen in found):
                    found.append(circle)
            elif nxt not in done and nxt in graph:
                stack.append((nxt, sorted(graph[nxt])))
                path.append(nxt)
                on_path.add(nxt)
    return found


def test_the_graph_sees_function_level_and_type_checking_imports():
    graph = import_graph()
    # core/session.py imports the hooks inside its methods only, and the request context under
    # TYPE_CHECKING (and in a method). If the reader missed those, the check below would pass vacuously.
    assert "huntaze_cli.core.hooks" in graph["huntaze_cli.core.session"]
    assert "huntaze_cli.core.context" in graph["huntaze_cli.core.session"]
    assert len(graph) > 100


def test_the_cycle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    found = cycles(graph)
    assert sorted(sorted(set(c)) for c in found) == [["a", "b", "c"], ["e", "e2"]]
    assert found[0] == ["a", "b", "c", "a"]


def test_there_are_no_import_circles_in_the_package():
    found = cycles(import_graph())
    assert found == [], "import circles:\n" + "\n".join("  " + " → ".join(c) for c in found)


def test_the_benchmarks_never_import_the_tests():
    # bench/ and tests/ share the servers through testservers/; a benchmark reaching into tests/ would make
    # the test suite's layout part of the benchmarks' contract.
    bench = PACKAGE.parent / "bench"
    reaching: list[str] = []
    for path in sorted(bench.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            reaching += [f"{path.name}: {n}" for n in names if n == "tests" or n.startswith("tests.")]
        if '"tests.' in text:  # `python -m tests.…` in a subprocess
            reaching.append(f"{path.name}: runs a module of tests/")
    assert len(list(bench.glob("*.py"))) > 3
    assert reaching == []
