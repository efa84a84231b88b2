"""The import graph stays one-way (make test also runs the import-linter contracts in
pyproject.toml), imports inside functions only defer spaCy or matplotlib, and the per-Doc
context holds no run options."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "propaganda_lab"
#: What an import inside a function may defer: spaCy and matplotlib load slowly, and
#: ``import propaganda_lab`` (or ``propaganda-lab --help``) must not pay for them.
HEAVY = ("spacy", "matplotlib", "jsonschema", "propaganda_lab.analysis")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every runtime import of a module (TYPE_CHECKING blocks left out), and whether it sits
    inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree)
                   if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for node in ast.walk(block)}
    in_function = {id(node) for function in ast.walk(tree)
                   if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                   for node in ast.walk(function)}
    return [(node, id(node) in in_function) for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only]


def _target(node: ast.Import | ast.ImportFrom) -> str:
    return node.module or "" if isinstance(node, ast.ImportFrom) else node.names[0].name


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: _module_name(p))
def test_imports_inside_functions_only_defer_heavy_dependencies(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for node, inside in _imports(path):
        if not inside:
            continue
        where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
        assert _target(node).startswith(HEAVY), (
            f"{where}: an import inside a function that defers nothing heavy; import it at "
            "the top of the module (a cycle is a layering bug, see docs/architecture.md)")
        assert "# deferred" in lines[node.lineno - 1], f"{where}: say why it is deferred"


def test_the_check_itself_sees_a_bad_import() -> None:
    """A check that cannot fail is no check: the AST walk must find a function-level import."""
    probe = PACKAGE / "context.py"
    found = [node for node, inside in _imports(probe) if inside]
    assert [_target(node) for node in found] == ["spacy"]


def test_the_per_doc_context_knows_no_lens_and_holds_no_run_options() -> None:
    imports = [_target(node) for node, _ in _imports(PACKAGE / "context.py")]
    assert not [name for name in imports if name.startswith("propaganda_lab")], imports
    from spacy.tokens import Doc

    from propaganda_lab.context import context_for
    from propaganda_lab.nlp import load_nlp

    context = context_for(Doc(load_nlp().vocab, words=["Hello"]))
    assert not {"sources", "group_terms"} & set(vars(context)), vars(context)


def test_the_registry_is_a_table_over_findings_only() -> None:
    imports = {_target(node) for node, _ in _imports(PACKAGE / "registry.py")}
    assert {name for name in imports if name.startswith("propaganda_lab")} == {
        "propaganda_lab.findings"}


def test_findings_read_no_data_file() -> None:
    imports = {_target(node) for node, _ in _imports(PACKAGE / "findings.py")}
    assert not {name for name in imports if name.startswith("propaganda_lab")}, imports


def test_no_hand_kept_list_of_detector_or_checker_modules() -> None:
    """Detectors and exercise tasks are found from what is registered, never from a list of
    module names that a new module would have to be added to."""
    from propaganda_lab import checks, pipeline

    lens_modules = {p.relative_to(PACKAGE.parent).with_suffix("").as_posix().replace("/", ".")
                    for p in (PACKAGE / "lenses").rglob("*.py") if p.name != "__init__.py"}
    assert lens_modules <= set(pipeline.LENS_MODULES)
    assert {d.module for d in pipeline.detectors()} <= lens_modules
    assert set(checks.CHECKER_MODULES.values()) == {
        form.module for form in checks.registered_tasks().values()}
    source = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    for name in ("DETECTOR_MODULES", "PERSUASION_DETECTORS", "COMPONENT_DETECTORS"):
        assert name not in source, name
