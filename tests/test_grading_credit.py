"""A test cell earns its points exactly when it ran without error (nkcourse.grading.credit.PassFailOnly)."""
from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbgrader.utils import determine_grade

from nkcourse.grading.credit import PassFailOnly


def _test_cell(*outputs):
    cell = new_code_cell("checks.number(x, 'x')", outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "t", "points": 2,
                                 "schema_version": 3}
    return cell


def _graded(*outputs) -> float:
    nb = new_notebook(cells=[_test_cell(*outputs)])
    nb, _ = PassFailOnly().preprocess(nbformat.from_dict(nb), {})
    return determine_grade(nb.cells[0])[0]


def test_a_displayed_number_is_not_partial_credit_nor_a_crash():
    assert _graded(new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)) == 2
    assert _graded(new_output("execute_result", data={"text/plain": "894"}, execution_count=1)) == 2


def test_a_value_displayed_before_a_failure_earns_nothing():
    shown = new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    assert _graded(shown, new_output("error", ename="CheckFailed", evalue="x: is not the right value.",
                                     traceback=[])) == 0


def test_a_warning_on_stderr_does_not_cost_the_points_and_stays_visible():
    warning = new_output("stream", name="stderr", text="FutureWarning: ...")
    nb = new_notebook(cells=[_test_cell(warning)])
    nb, _ = PassFailOnly().preprocess(nbformat.from_dict(nb), {})
    assert determine_grade(nb.cells[0])[0] == 2
    assert nb.cells[0].outputs[0].text == "FutureWarning: ..."
