"""Every autograded test cell follows the check library's rules (see nkcourse.checks):

- it judges through `nkcourse.checks` and has no bare `assert` (a failure always carries a message);
- it displays nothing at its end (nbgrader would take a displayed number for partial credit);
- the student's names (anything the notebook's other cells define, apart from imported modules) appear only in
  the first argument of a check or inside `checks.call(...)`, so that what a check compares can be handed over as
  plain data, and everything else a hidden test needs comes from the course data or the cell itself.
"""
from __future__ import annotations

import ast

import nbformat
import pytest

from tests.conftest import SOURCE_NOTEBOOKS
from tests.submissions import is_autograded_test, meta


RETURN_NOTHING = ("raises", "missing", "rows", "reference_line")  # checks whose result is None


def _displays_at_end(code: str) -> bool:
    body = ast.parse(code).body
    last = body[-1] if body else None
    if not isinstance(last, ast.Expr):
        return False
    if _is_check(last.value):
        return last.value.func.attr not in RETURN_NOTHING
    # A helper the cell defines and that returns nothing displays nothing either.
    silent = {f.name for f in body if isinstance(f, ast.FunctionDef)
              and not any(isinstance(r, ast.Return) and r.value is not None for r in ast.walk(f))}
    return not (isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name)
                and last.value.func.id in silent)


def _defined(cells) -> tuple[set[str], set[str]]:
    """(names the notebook's non-test code cells define, names they import)."""
    defined, imported = set(), set()
    for cell in cells:
        if cell.cell_type != "code" or is_autograded_test(cell):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
    return defined - imported, imported


def _is_check(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks")


def _handed_over(tree) -> set[int]:
    """ids of the nodes inside what crosses from the student's kernel: first arguments of checks, checks.call(...)."""
    inside = set()
    for node in ast.walk(tree):
        if _is_check(node):
            roots = [node] if node.func.attr == "call" else node.args[:1]
            for root in roots:
                inside |= {id(n) for n in ast.walk(root)}
    return inside


def _test_cells():
    for path in SOURCE_NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        student_names, _ = _defined(nb.cells)
        for cell in nb.cells:
            if is_autograded_test(cell):
                yield pytest.param(cell, student_names, id=meta(cell)["grade_id"])


@pytest.mark.parametrize("cell, student_names", list(_test_cells()))
def test_test_cell_judges_through_the_check_library(cell, student_names):
    tree = ast.parse(cell.source)
    assert any(_is_check(node) for node in ast.walk(tree)), "a test cell should call nkcourse.checks"
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert) and node.msg is None]
    assert not bare, f"assert without a message on line(s) {bare}: use a check, which always says what is wrong"
    visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
    for part, code in (("the visible part of the cell", visible), ("the cell", cell.source)):
        assert not _displays_at_end(code), (
            f"{part} ends with an expression whose value would be displayed (nbgrader reads a displayed number as "
            "partial credit): assign it (_ = ...)")
    inside = _handed_over(tree)
    leaks = sorted({f"{node.id} (line {node.lineno})" for node in ast.walk(tree)
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                    and node.id in student_names and id(node) not in inside})
    assert not leaks, ("student names used outside a check's first argument or checks.call: " + ", ".join(leaks)
                       + ". Compute expected values from nkcourse.load_table, not from the student's kernel.")
