"""Scores from pass or fail only: used by ``nbgrader autograde`` (course/nbgrader_config.py) and the grading command.

nbgrader gives a test cell partial credit for a number it displays, refuses the whole submission when that number
exceeds the cell's points, and scores 0 for anything written to stderr. A check that returns a value, a
student's function that warns about a deprecated pandas call, or code aimed at the grader could each change a
score that way. Before the grades are saved, this removes what test cells displayed and turns their stderr into
ordinary output (still shown in feedback): a test cell then earns its points exactly when it ran without error.
"""
from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from nbgrader import utils


def is_test(cell) -> bool:
    """An autograded test cell: a graded code cell that is not an answer. (Here, the lightest module of the
    grading package, because plain nbgrader imports it.)"""
    return cell.cell_type == "code" and bool(utils.is_grade(cell)) and not utils.is_solution(cell)


class PassFailOnly(Preprocessor):
    def preprocess_cell(self, cell, resources, cell_index):
        if is_test(cell):
            outputs = []
            for output in cell.get("outputs", []):
                if output.output_type == "execute_result":
                    continue
                if output.output_type == "stream" and output.get("name") == "stderr":
                    output.name = "stdout"
                outputs.append(output)
            cell.outputs = outputs
        return cell, resources
