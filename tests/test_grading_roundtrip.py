"""The instructor's pipeline, end to end, in a temporary copy of the course: generate, validate,
autograde a synthetic class, export grades."""
from __future__ import annotations

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import ASSIGNMENTS, SOURCE, nbgrader
from tests.submissions import is_autograded_test, notebook_points


def points(assignment: str) -> tuple[float, float]:
    """(autograded points, all points) of an assignment: the sum over its notebooks."""
    per_notebook = [notebook_points(path) for path in (SOURCE / assignment).glob("*.ipynb")]
    return sum(auto for auto, _ in per_notebook), sum(total for _, total in per_notebook)


def score(graded_class, assignment: str, student: str) -> float:
    with Gradebook(f"sqlite:///{graded_class.course / 'gradebook.db'}") as gb:
        return gb.find_submission(assignment, student).score


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_passes_nbgrader_validate(released_course, assignment):
    for path in sorted((released_course / "source" / assignment).glob("*.ipynb")):
        result = nbgrader(released_course, "validate", str(path))
        assert "Success! Your notebook passes all the tests." in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_fails_every_test_until_answered(released_course, assignment):
    for path in sorted((released_course / "release" / assignment).glob("*.ipynb")):
        result = nbgrader(released_course, "validate", "--invert", str(path))
        assert "Success! The notebook does not pass any tests." in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_earns_every_autograded_point(graded_class, assignment):
    auto, _ = points(assignment)
    assert auto > 0
    assert score(graded_class, assignment, "solution") == pytest.approx(auto)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("student", ["untouched", "tampered", "cheater"])
def test_unanswered_tampered_or_tricked_submission_earns_nothing(graded_class, assignment, student):
    assert score(graded_class, assignment, student) == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_rewritten_test_cells_are_restored_and_fail(graded_class, assignment):
    with Gradebook(f"sqlite:///{graded_class.course / 'gradebook.db'}") as gb:
        grades = [g for nb in gb.find_submission(assignment, "tampered").notebooks for g in nb.grades]
        autograded = [g for g in grades if g.auto_score is not None]
        assert autograded, "the tampered submission's test cells were not graded"
        assert all(g.score == 0 for g in autograded)
    graded_nb = next((graded_class.course / "autograded" / "tampered" / assignment).glob("*.ipynb"))
    sources = [c.source for c in nbformat.read(graded_nb, as_version=4).cells if is_autograded_test(c)]
    assert all(src.strip() != "pass" for src in sources), "nbgrader should have put the original tests back"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corrupt_submission_is_reported_without_stopping_the_others(graded_class, assignment):
    result = graded_class.autograde[assignment]
    log = result.stdout + result.stderr
    assert result.returncode != 0, "autograde should signal that one submission failed"
    assert f"There was an error processing assignment '{assignment}' for student 'corrupt'" in log
    graded = {p.name for p in (graded_class.course / "autograded").iterdir()
              if (p / assignment).is_dir()}
    assert graded == {"solution", "untouched", "tampered", "cheater"}


def test_exported_grades_match_the_gradebook(graded_class):
    grades = graded_class.grades
    for assignment in ASSIGNMENTS:
        auto, total = points(assignment)
        rows = grades[grades["assignment"] == assignment].set_index("student_id")
        # Every student in the gradebook gets a row; the corrupt one, never graded, scores zero.
        assert set(rows.index) == {"solution", "untouched", "tampered", "cheater", "corrupt"}
        assert (rows["max_score"] == total).all()
        assert rows.loc["solution", "score"] == pytest.approx(auto)
        assert rows.loc[["untouched", "tampered", "cheater", "corrupt"], "score"].eq(0).all()
