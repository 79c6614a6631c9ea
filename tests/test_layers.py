"""The house rules of the code's layout, read from the modules' own imports (late imports inside functions
included, ``if TYPE_CHECKING:`` blocks excepted):

- no import cycle between two modules anywhere in the project;
- ``graph/`` in wings imported one way: ``sparql ← store ← kg ← {endpoint, network ← views, compliance}``,
  endpoint, network and compliance never importing one another;
- ``graph``, ``loaders`` and ``ontology`` never import the CLI, the settings or ``api``: of ``egovkg`` they
  import the exception tree only;
- no library module locates another package by name to read its files, nor reads ``tests/`` or ``../shared``;
- routers never import routers; tests never import test modules or ``benchmarks`` (helpers live in
  ``tests/support``);
- ``graph/`` holds at most eight modules directly, and each wing says what it exports (``__all__``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support.paths import ROOT

PACKAGES = ("egovkg", "ontology", "loaders", "graph", "api")

#: Cycles allowed: none (the report text's length-keeping fold, which made ``loaders.text.language`` and
#: ``segmentation`` import each other, lives in ``loaders.text.folding``). Every cycle fails this test.
OPEN_CYCLES: list[frozenset[str]] = []
#: The one module that may know the source tree: ``egovkg extract-eval``, a development command run from a clone,
#: finds the gold annotations in ``tests/gold`` and the texts in ``../shared`` and hands both to the library.
OPEN_SOURCE_TREE_READERS = {"egovkg.cli.extract"}
#: Test modules allowed to import other test modules: none (the extractor's tests take their helpers from
#: ``tests/support`` too).
OPEN_TEST_IMPORTS: set[str] = set()

#: graph's wings, and the wings each may import (besides itself)
WINGS: dict[str, set[str]] = {
    "sparql": set(),
    "sandbox": set(),
    "store": {"sparql"},
    "kg": {"sparql", "store"},
    "units": {"sparql", "store", "kg"},
    "endpoint": {"sparql", "store", "kg", "sandbox"},
    "network": {"sparql", "store", "kg", "units"},
    "views": {"sparql", "store", "kg", "units", "network"},
    "compliance": {"sparql", "store", "kg", "units", "sandbox"},
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(*tops: str) -> Iterator[tuple[str, Path]]:
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            yield module_name(path, ROOT), path


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The project modules ``tree`` imports, anywhere in it (functions too), outside TYPE_CHECKING blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name in known or name.split(".")[0] in PACKAGES + ("tests", "benchmarks")}


def import_graph(*tops: str) -> dict[str, set[str]]:
    files = dict(source_files(*tops))
    known = set(files)
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {m for m in imported(tree, name, path.name == "__init__.py", known) if m != name}
    return graph


@pytest.fixture(scope="module")
def project() -> dict[str, set[str]]:
    return import_graph(*PACKAGES)


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def test_the_checker_sees_late_imports_and_skips_type_checking_blocks():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from graph.kg import KnowledgeGraph\n"
                     "def f():\n    from graph.store import Store\n")
    assert imported(tree, "graph.x", False, {"graph.kg", "graph.store"}) == {"graph.store"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]


def test_no_import_cycles(project):
    found = [c for c in cycles(project) if c not in OPEN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(sorted(c)) for c in found)


def _wing(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "graph" or len(parts) < 2:
        return None
    return parts[1]


def test_graph_wings_import_one_way(project):
    wrong = []
    for module, targets in project.items():
        wing = _wing(module)
        if wing is None:
            continue
        assert wing in WINGS, f"{module}: graph/{wing} is not a wing named in graph/__init__ and this test"
        for target in targets:
            other = _wing(target)
            if other is not None and other != wing and other not in WINGS[wing]:
                wrong.append(f"{module} imports {target} (graph/{wing} may import {sorted(WINGS[wing]) or 'no other wing'})")
    assert not wrong, "\n".join(wrong)


def test_lower_layers_never_reach_up(project):
    wrong = []
    for module, targets in project.items():
        if module.split(".")[0] not in ("graph", "loaders", "ontology"):
            continue
        for target in targets:
            top = target.split(".")[0]
            if top == "api" or (top == "egovkg" and target != "egovkg.errors"):
                wrong.append(f"{module} imports {target}")
            if top == "graph" and module.split(".")[0] in ("loaders", "ontology"):
                wrong.append(f"{module} imports {target} (graph builds on loaders and ontology, not the reverse)")
    assert not wrong, "\n".join(wrong)


def test_errors_is_a_leaf(project):
    assert project["egovkg.errors"] == set()


def test_routers_never_import_routers(project):
    wrong = [f"{m} imports {t}" for m, ts in project.items() if m.startswith("api.routes.")
             for t in ts if t.startswith("api.routes.")]
    assert not wrong, "\n".join(wrong)


def _calls(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                yield func.attr
            elif isinstance(func, ast.Name):
                yield func.id


def test_no_module_locates_another_package_to_read_its_files():
    wrong = []
    for module, path in source_files(*PACKAGES):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {"find_spec", "import_module", "files", "get_data", "resource_filename"} & set(_calls(tree))
        if used:
            wrong.append(f"{module}: {', '.join(sorted(used))}")
    assert not wrong, "\n".join(wrong)


def _source_tree_paths(tree: ast.AST) -> Iterator[ast.AST]:
    """``… / "tests"``, ``… / "shared"`` and string literals that start ``tests/`` or ``../shared`` (docstrings aside)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant) \
                and node.right.value in ("tests", "shared"):
            yield node
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and node.value.startswith(("tests/", "../shared")):
            yield node


def test_no_library_module_reads_the_tests_or_the_shared_folder():
    wrong = []
    for module, path in source_files(*PACKAGES):
        if module in OPEN_SOURCE_TREE_READERS:
            continue
        for node in _source_tree_paths(ast.parse(path.read_text(encoding="utf-8"))):
            wrong.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    assert not wrong, "\n".join(wrong)


def test_tests_import_no_test_module_and_no_benchmark():
    graph = import_graph("tests")
    wrong = []
    for module, targets in graph.items():
        if module in OPEN_TEST_IMPORTS or module.startswith("tests.gold"):
            continue
        for target in targets:
            if target.startswith("benchmarks") or (target.startswith("tests.") and not target.startswith("tests.support")):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_graph_holds_at_most_eight_modules_and_each_wing_has_a_public_face():
    modules = sorted(p.name for p in (ROOT / "graph").glob("*.py"))
    assert len(modules) <= 8, modules
    for init in sorted((ROOT / "graph").glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init} says what its wing is for"
        names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)]
        assert "__all__" in names, f"{init} lists what it exports"
