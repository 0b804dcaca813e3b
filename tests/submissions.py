"""Synthetic students for the grading round trip, each built from an assignment's source and release.

- solution:  the release with every answer cell filled in from the source solution
- untouched: the release exactly as handed out
- tampered:  the release with every autograded test cell rewritten to `pass`
- cheater:   answers replaced by objects that claim to equal anything (refused: they do not normalise to plain data)
- corrupt:   a file that is not notebook JSON at all
"""
from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import nbformat

SOLUTION_MARKERS = re.compile(r"^\s*#*\s*(BEGIN|END) SOLUTION\s*$", re.MULTILINE)
WRITTEN_ANSWER = "The treaty lapsed in 1996 after notice in 1995; see gibler2009 and atop51."

ALWAYS_EQUAL = '''
class _AlwaysEqual:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __hash__(self): return 0
'''


def meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_autograded_test(cell) -> bool:
    return cell.cell_type == "code" and meta(cell).get("grade") and not meta(cell).get("solution")


def notebook_points(path: Path) -> tuple[float, float]:
    """(autograded points, all points) of a notebook, from its nbgrader metadata."""
    graded = [c for c in nbformat.read(path, as_version=4).cells if meta(c).get("grade")]
    return (sum(meta(c)["points"] for c in graded if is_autograded_test(c)),
            sum(meta(c)["points"] for c in graded))


def solution_text(cell) -> str:
    """The source solution as a student would type it: the nbgrader markers removed."""
    return "\n".join(line for line in cell.source.splitlines() if not SOLUTION_MARKERS.match(line))


def fake_definitions(code: str) -> str:
    """Rebind every name the solution defines: variables to an _AlwaysEqual, functions to return one."""
    fakes = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            fakes.append(f"def {node.name}(*args, **kwargs):\n    return _AlwaysEqual()")
        elif isinstance(node, ast.Assign):
            fakes += [f"{t.id} = _AlwaysEqual()" for t in node.targets if isinstance(t, ast.Name)]
    return "\n".join(fakes)


def _by_grade_id(nb) -> dict:
    return {meta(c)["grade_id"]: c for c in nb.cells if meta(c).get("grade_id")}


def solution(source, release):
    nb = copy.deepcopy(release)
    answers = _by_grade_id(source)
    for cell in nb.cells:
        if meta(cell).get("solution"):
            cell.source = solution_text(answers[meta(cell)["grade_id"]]) if cell.cell_type == "code" else WRITTEN_ANSWER
    return nb


def tampered(source, release):
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if is_autograded_test(cell):
            cell.source = "pass"
    return nb


def cheater(source, release):
    nb = copy.deepcopy(release)
    answers = _by_grade_id(source)
    for cell in nb.cells:
        if meta(cell).get("solution") and cell.cell_type == "code":
            cell.source = ALWAYS_EQUAL + fake_definitions(solution_text(answers[meta(cell)["grade_id"]]))
    return nb


def build_all(source_path: Path, release_path: Path) -> dict[str, str]:
    """Each synthetic student's submission of one notebook, as the text of the file they hand in."""
    source = nbformat.read(source_path, as_version=4)
    release = nbformat.read(release_path, as_version=4)
    return {
        "solution": nbformat.writes(solution(source, release)),
        "untouched": nbformat.writes(release),
        "tampered": nbformat.writes(tampered(source, release)),
        "cheater": nbformat.writes(cheater(source, release)),
        "corrupt": json.dumps({"cells": "half a notebook"})[:-5] + " ...",
    }
