"""A PostgreSQL gradebook (the option for several graders): the grading command, its resumable runs, its exports
and report give exactly what they give on the default SQLite gradebook.

Needs Debian's postgresql (`.ci/run` installs it as root); the server is started here, on a Unix socket only."""
from __future__ import annotations

import getpass
import json

import pytest

from nkcourse.grading.report import grade_table
from tests.conftest import copy_course, grade_command, graded_by_command, nbgrader, submit_class, use_gradebook
from tests.postgres import missing

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))

ASSIGNMENT = "a0_five_readings"
# Honest work, a corrupt file, a dead kernel, a symbolic link, a missing notebook.
STUDENTS = ("solution", "untouched", "tampered", "cheater", "corrupt", "killer", "linker", "missing")
EXPORTS = (("grades",), ("canvas",), ("moodle", "--per-question"))


def grade_and_export(course, tmp_path) -> dict:
    run = graded_by_command(course, grade_command(course, "grade", ASSIGNMENT, "--workers", "2", "--quiet"))
    again = grade_command(course, "grade", ASSIGNMENT, "--quiet")  # resumed: nothing changed, nothing regraded
    files = {}
    for export in EXPORTS:
        output = tmp_path / f"{course.parent.name}-{export[0]}.csv"
        assert grade_command(course, "export", "--format", *export, "--output", str(output)).returncode == 0
        files[export[0]] = output.read_text()
    report = tmp_path / f"{course.parent.name}.html"
    assert grade_command(course, "report", ASSIGNMENT, "--output", str(report)).returncode == 0
    files["report"] = report.read_text()
    return {"scores": run[0], "summary": run[1], "state": run[2], "again": again.stdout, "exports": files,
            "grades": grade_table(course)}


def released(course, url: str | None = None):
    """A copy of the course with the assignment generated, in its SQLite gradebook or the one at `url`."""
    copy_course(course)
    if url:
        use_gradebook(course, url)
    generated = nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert (course / "gradebook.db").exists() == (url is None), "nbgrader used another gradebook than configured"
    return course


@pytest.fixture(scope="module")
def both(postgres, tmp_path_factory):
    """The same class graded on SQLite (the default) and on PostgreSQL."""
    base = tmp_path_factory.mktemp("gradebooks")
    url = postgres.gradebook("moscow_beijing", getpass.getuser())  # this test is the grader
    courses = {"sqlite": released(base / "sqlite" / "course"),
               "postgres": released(base / "postgres" / "course", url)}
    results = {}
    for name, course in courses.items():
        submit_class(course, ASSIGNMENT, STUDENTS)
        results[name] = grade_and_export(course, base)
    results["courses"] = courses
    return results


def test_the_postgresql_gradebook_holds_the_class(both, postgres):
    assert set(both["postgres"]["grades"]["student"]) == set(STUDENTS)
    # The grades are in PostgreSQL, not in a file beside the course.
    count = postgres.sql("SELECT count(*) FROM grade", database="moscow_beijing")
    assert int(count) == len(both["postgres"]["grades"]) > 0


def test_scores_are_identical_cell_by_cell(both):
    assert both["postgres"]["scores"].equals(both["sqlite"]["scores"]), (both["postgres"]["scores"],
                                                                       both["sqlite"]["scores"])
    assert both["postgres"]["grades"].equals(both["sqlite"]["grades"])


def test_the_summary_and_the_resumed_run_are_identical(both):
    assert both["postgres"]["summary"] == both["sqlite"]["summary"]
    assert both["postgres"]["again"] == both["sqlite"]["again"]
    assert both["postgres"]["again"].strip().endswith(f"0 graded, 0 failed, {len(STUDENTS)} skipped (unchanged)")


def test_the_resumable_state_records_the_same_problems(both):
    # Fingerprints include nbgrader_config.py, which differs by its db_url line; everything else is the same.
    sqlite, postgres = (json.loads(both[name]["state"]) for name in ("sqlite", "postgres"))
    assert {key: value["problems"] for key, value in postgres.items()} == \
        {key: value["problems"] for key, value in sqlite.items()}


@pytest.mark.parametrize("export", [export[0] for export in EXPORTS] + ["report"])
def test_exports_and_the_report_are_identical(both, export):
    assert both["postgres"]["exports"][export] == both["sqlite"]["exports"][export]


def test_a_changed_submission_is_regraded_in_postgresql(both):
    course = both["courses"]["postgres"]
    notebook = next((course / "submitted" / "untouched" / ASSIGNMENT).glob("*.ipynb"))
    solution = next((course / "submitted" / "solution" / ASSIGNMENT).glob("*.ipynb"))
    notebook.write_bytes(solution.read_bytes())
    run = grade_command(course, "grade", ASSIGNMENT, "--student", "untouched", "--quiet")
    assert run.stdout.strip().endswith("1 graded, 0 failed, 0 skipped (unchanged)"), run.stdout + run.stderr
    scores = grade_table(course).groupby("student")["auto_score"].sum()
    assert scores["untouched"] == scores["solution"] > 0
