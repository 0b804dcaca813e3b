"""Shared fixtures: a temporary copy of the course, its generated release, and a graded class."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from tests import submissions

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
SOURCE = COURSE / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
SOURCE_NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))
BIN = Path(sys.executable).parent


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in `course` the way an instructor would, capturing what it prints."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True)


def grade_command(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the course's grading command (python -m nkcourse.grading) on `course`, capturing what it prints."""
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
    return subprocess.run([sys.executable, "-m", "nkcourse.grading", "--course", str(course), *args],
                          capture_output=True, text=True, env=environment, timeout=1800)


def copy_course(target: Path) -> Path:
    """Copy the course's sources and config, none of the generated folders or the gradebook."""
    shutil.copytree(COURSE, target, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "*.csv", ".ipynb_checkpoints"))
    return target


def submit_class(course: Path, assignment: str, students) -> None:
    """Write each named student's submission of `assignment` into `course`: the synthetic students of
    tests/submissions.py, or the hostile ones of tests/hostile.py (with their file name, or a symbolic link)."""
    from tests.hostile import HOSTILE
    source = next((course / "source" / assignment).glob("*.ipynb"))
    release = course / "release" / assignment / source.name
    texts = submissions.build_all(source, release)
    source_nb, release_nb = (submissions.nbformat.read(p, as_version=4) for p in (source, release))
    for student in students:
        hostile = HOSTILE.get(student)
        text = hostile.build(source_nb, release_nb, course) if hostile else texts[student]
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        name = hostile.filename if hostile and hostile.filename else source.name
        if isinstance(text, Path):
            (folder / name).symlink_to(text)
        elif text is not None:
            (folder / name).write_text(text, encoding="utf-8")


def graded_by_command(course: Path, run: subprocess.CompletedProcess) -> tuple:
    """(every score by student and cell, the summary, the resumable state) of a finished grading command's run."""
    from nkcourse.grading.report import grade_table
    assert run.returncode in (0, 1) and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr[-3000:]
    table = grade_table(course).set_index(["student", "grade_id"])["auto_score"].sort_index()
    return table, run.stdout, (course / ".nkgrade" / "state.json").read_text()


def use_gradebook(course: Path, url: str) -> None:
    """Point the course at a gradebook, as the README tells an instructor to (one line of nbgrader_config.py)."""
    with (course / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the tests of a PostgreSQL gradebook (tests/postgres.py); they skip without one."""
    from tests.postgres import Postgres
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def released_course(tmp_path_factory) -> Path:
    course = copy_course(tmp_path_factory.mktemp("released") / "course")
    result = nbgrader(course, "generate_assignment", "*", "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    return course


@dataclass
class GradedClass:
    course: Path
    autograde: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    grades: pd.DataFrame | None = None


@pytest.fixture(scope="session")
def graded_class(released_course, tmp_path_factory) -> GradedClass:
    """Every assignment submitted by the synthetic students in tests/submissions.py, autograded and exported."""
    course = tmp_path_factory.mktemp("graded") / "course"
    shutil.copytree(released_course, course)
    for assignment in ASSIGNMENTS:
        for source_nb in sorted((course / "source" / assignment).glob("*.ipynb")):
            release_nb = course / "release" / assignment / source_nb.name
            for student, text in submissions.build_all(source_nb, release_nb).items():
                target = course / "submitted" / student / assignment / source_nb.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    graded = GradedClass(course)
    for assignment in ASSIGNMENTS:
        graded.autograde[assignment] = nbgrader(course, "autograde", assignment, "--force")
    export = nbgrader(course, "export", "--to", "grades.csv")
    assert export.returncode == 0, export.stdout + export.stderr
    graded.grades = pd.read_csv(course / "grades.csv")
    return graded
