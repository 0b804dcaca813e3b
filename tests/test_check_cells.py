"""Every autograded test cell follows the check library's rules (see nkcourse.checks):

- it judges through `nkcourse.checks` and has no bare `assert` (a failure always carries a message);
- it displays nothing at its end (nbgrader would take a displayed number for partial credit);
- the student's names (anything the notebook's other cells define, apart from imported modules) appear only in
  the first argument of a check or in an argument of `checks.call(...)`, and such an expression uses nothing of
  the test's own: it is what the grader asks the student's kernel for (nkcourse.grading.boundary), and
  everything else a hidden test needs comes from the course data or the cell itself.
"""
from __future__ import annotations

import ast
import builtins

import nbformat
import pytest

from nkcourse.grading.boundary import bound_inside, handed_over, is_check, notebook_names
from tests.conftest import SOURCE_NOTEBOOKS
from tests.submissions import is_autograded_test, meta


RETURN_NOTHING = ("raises", "missing", "rows", "reference_line")  # checks whose result is None


def _displays_at_end(code: str) -> bool:
    body = ast.parse(code).body
    last = body[-1] if body else None
    if not isinstance(last, ast.Expr):
        return False
    if is_check(last.value):
        return last.value.func.attr not in RETURN_NOTHING
    # A helper the cell defines and that returns nothing displays nothing either.
    silent = {f.name for f in body if isinstance(f, ast.FunctionDef)
              and not any(isinstance(r, ast.Return) and r.value is not None for r in ast.walk(f))}
    return not (isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name)
                and last.value.func.id in silent)


def _test_cells():
    for path in SOURCE_NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        student_names, _ = notebook_names(nb.cells)
        for cell in nb.cells:
            if is_autograded_test(cell):
                yield pytest.param(cell, student_names, id=meta(cell)["grade_id"])


@pytest.mark.parametrize("cell, student_names", list(_test_cells()))
def test_test_cell_judges_through_the_check_library(cell, student_names):
    tree = ast.parse(cell.source)
    assert any(is_check(node) for node in ast.walk(tree)), "a test cell should call nkcourse.checks"
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert) and node.msg is None]
    assert not bare, f"assert without a message on line(s) {bare}: use a check, which always says what is wrong"
    visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
    for part, code in (("the visible part of the cell", visible), ("the cell", cell.source)):
        assert not _displays_at_end(code), (
            f"{part} ends with an expression whose value would be displayed (nbgrader reads a displayed number as "
            "partial credit): assign it (_ = ...)")
    handed = handed_over(tree, student_names)
    inside = {id(n) for expression in handed for n in ast.walk(expression)}
    leaks = sorted({f"{node.id} (line {node.lineno})" for node in ast.walk(tree)
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                    and node.id in student_names and id(node) not in inside})
    assert not leaks, ("student names used outside a check's first argument or checks.call: " + ", ".join(leaks)
                       + ". Compute expected values from nkcourse.load_table, not from the student's kernel.")
    for expression in handed:
        foreign = sorted({n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}
                         - student_names - set(dir(builtins)) - bound_inside(expression))
        assert not foreign, (f"{ast.unparse(expression)!r} is evaluated in the student's kernel, where {foreign} "
                             "do not exist: pass the test's own values as separate arguments of checks.call")


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_cell_of_the_notebook_needs_what_a_test_cell_defines(path):
    """Test cells run in the grader, not in the kernel: nothing they define exists for the cells after them."""
    nb = nbformat.read(path, as_version=4)
    from_tests = {n.id for c in nb.cells if is_autograded_test(c) for n in ast.walk(ast.parse(c.source))
                  if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    student_names, imported = notebook_names(nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_autograded_test(cell):
            used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
            needed = sorted(used & from_tests - student_names - imported)
            assert not needed, f"{meta(cell).get('grade_id', 'a cell')} uses {needed}, which only a test cell defines"
