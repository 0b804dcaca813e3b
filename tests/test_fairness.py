"""The course's fairness suite: alternative correct answers earn every point, typical mistakes lose only their own
exercise's points, and every failure tells the student what is wrong without giving the answer.

The answers live in tests/fairness/<assignment>.py; each assignment's submissions are graded by plain
`nbgrader autograde` in a copy of the released course of its own (two assignments at a time), then all of them
again by the grading command, whose tests run outside the student's kernel: its verdicts must be the same.
"""
from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import ASSIGNMENTS, SOURCE, grade_command, nbgrader
from tests.fairness import build
from tests.submissions import is_autograded_test, meta


def _notebook(assignment: str) -> Path:
    (path,) = sorted((SOURCE / assignment).glob("*.ipynb"))
    return path


def _grade(released_course: Path, root: Path, assignment: str) -> tuple[Path, list[build.Submission], str]:
    course = root / assignment / "course"
    shutil.copytree(released_course, course)
    source_nb = _notebook(assignment)
    subs = build.build(assignment, source_nb, course / "release" / assignment / source_nb.name)
    for sub in subs:
        target = course / "submitted" / sub.student / assignment / source_nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sub.text, encoding="utf-8")
    result = nbgrader(course, "autograde", assignment, "--force")
    return course, subs, result.stdout + result.stderr


@pytest.fixture(scope="session")
def fairness(request, released_course, tmp_path_factory) -> dict:
    """The graded fairness class of every assignment this session's selected tests ask about."""
    wanted = sorted({item.callspec.params["assignment"] for item in request.session.items
                     if "fairness" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec")})
    root = tmp_path_factory.mktemp("fairness")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        return dict(pool.map(lambda a: (a, _grade(released_course, root, a)), wanted))


@pytest.fixture(scope="session")
def fairness_by_command(fairness, released_course, tmp_path_factory) -> Path:
    """The same submissions, every assignment in one run of the grading command (sandboxed, in parallel)."""
    course = tmp_path_factory.mktemp("fairness-command") / "course"
    shutil.copytree(released_course, course)
    for graded, _, _ in fairness.values():
        shutil.copytree(graded / "submitted", course / "submitted", dirs_exist_ok=True)
    run = grade_command(course, "grade", *sorted(fairness), "--quiet")
    assert run.returncode in (0, 1) and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr[-3000:]
    return course


def _cell_scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float, float]]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grades = [g for nb in gb.find_submission(assignment, student).notebooks for g in nb.grades]
        return {g.name: (g.score, g.max_score) for g in grades if g.auto_score is not None}


def _failures(course: Path, assignment: str, student: str) -> dict[str, str]:
    """Each failed test cell's error, as the student's feedback shows it: 'Name: message'."""
    (path,) = (course / "autograded" / student / assignment).glob("*.ipynb")
    failed = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if is_autograded_test(cell):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failed[meta(cell)["grade_id"]] = f"{out['ename']}: {out['evalue']}"
    return failed


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_spec_covers_every_answer_cell(assignment):
    source = nbformat.read(_notebook(assignment), as_version=4)
    spec, tests = build.spec(assignment), build.test_cells(source)
    for cell in build.answer_cells(source):
        assert len(spec.ALTERNATIVES.get(cell, [])) >= 2, f"{cell}: needs two alternative correct answers"
        assert len(spec.MISTAKES.get(cell, [])) >= 2, f"{cell}: needs two typical mistakes"
    assert set(spec.ALTERNATIVES) | set(spec.MISTAKES) <= set(build.answer_cells(source)), "unknown answer cell"
    for cell, mistakes in spec.MISTAKES.items():
        for mistake in mistakes:
            assert mistake.fails and set(mistake.fails) <= set(tests), f"{cell}: fails names no test cell of the notebook"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_alternative_answers_earn_every_point(fairness, assignment):
    course, subs, log = fairness[assignment]
    for sub in (s for s in subs if s.student.startswith("alt-")):
        scores = _cell_scores(course, assignment, sub.student)
        lost = {cell: _failures(course, assignment, sub.student).get(cell, "no error shown")
                for cell, (got, full) in scores.items() if got != full}
        assert not lost, f"{sub.student} ({sub.notes}) lost points: {lost}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_mistakes_lose_their_own_points_and_no_others(fairness, assignment):
    course, subs, log = fairness[assignment]
    for sub in (s for s in subs if s.student.startswith("wrong-")):
        scores = _cell_scores(course, assignment, sub.student)
        passed_wrong = sorted(cell for cell in sub.zero if scores[cell][0] != 0)
        assert not passed_wrong, f"{sub.student}: a wrong answer earned points in {passed_wrong} ({sub.notes})"
        lost = {cell: _failures(course, assignment, sub.student).get(cell, "no error shown")
                for cell, (got, full) in scores.items() if cell not in sub.zero and got != full}
        assert not lost, f"{sub.student}: correct answers lost points (double penalty?): {lost} ({sub.notes})"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_failure_says_what_is_wrong_without_the_answer(fairness, assignment):
    course, subs, log = fairness[assignment]
    for sub in subs:
        for cell, message in _failures(course, assignment, sub.student).items():
            name, _, text = message.partition(": ")
            assert text.strip(), f"{sub.student}, {cell}: a failure without a message ({name})"
            for secret in sub.secrets:
                assert secret not in text, f"{sub.student}, {cell}: the message gives away {secret!r}: {text}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_grading_command_gives_every_submission_the_same_verdicts(fairness, fairness_by_command, assignment):
    """Tests run in the grader on what the kernel hands over judge exactly as tests run in the kernel."""
    course, subs, log = fairness[assignment]
    for sub in subs:
        plain, ours = (_cell_scores(c, assignment, sub.student) for c in (course, fairness_by_command))
        assert ours == plain, f"{sub.student} ({sub.notes}): {ours} by the command, {plain} by nbgrader"
        plain, ours = (_failures(c, assignment, sub.student) for c in (course, fairness_by_command))
        assert ours == plain, f"{sub.student} ({sub.notes}): the messages differ"
