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
