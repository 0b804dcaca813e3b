"""Plain `nbgrader autograde` against the course's grading command, on one synthetic class, in one run.

Builds 40 submissions of an assignment (full, partial, blank, and broken or hostile ones that do not
loop), grades a copy of the class with each tool, and prints both wall times, their ratio, seconds per
notebook against the floor (kernel start plus the notebook's own execution, measured here), whether the
honest submissions got identical scores cell by cell, and how many submissions lost their grades.
Targets (issue 7): at least 2.5x faster on 2 cores, identical scores, nothing lost, per-notebook cost
within 1.3x of the floor. It prints figures; it does not fail on them.

    python3 tasks.py bench-grading [--assignment a0_five_readings] [--students 40]
"""
from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from nkcourse.grading.grader import default_workers  # noqa: E402
from nkcourse.grading.report import grade_table  # noqa: E402
from tests import hostile, submissions  # noqa: E402
from tests.conftest import copy_course  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def partial(source, release):
    """The full solution for the first half of the answers, the blank release for the rest."""
    nb = submissions.solution(source, release)
    answers = [i for i, c in enumerate(nb.cells) if submissions.meta(c).get("solution")]
    blank = copy.deepcopy(release)
    for index in answers[len(answers) // 2:]:
        nb.cells[index] = blank.cells[index]
    return nb


def build_class(course: Path, assignment: str, students: int) -> tuple[list[str], int]:
    """Write the submissions; return the honest students and the number of notebooks."""
    kinds = {
        "full": lambda s, r: nbformat.writes(submissions.solution(s, r)),
        "partial": lambda s, r: nbformat.writes(partial(s, r)),
        "blank": lambda s, r: nbformat.writes(r),
        "tampered": lambda s, r: nbformat.writes(submissions.tampered(s, r)),
        "cheater": lambda s, r: nbformat.writes(submissions.cheater(s, r)),
        "corrupt": lambda s, r: '{"cells": "half a notebook ...',
        "killer": lambda s, r: hostile.HOSTILE["killer"].build(s, r, course),
        "patcher": lambda s, r: hostile.HOSTILE["patcher"].build(s, r, course),
    }
    mix = ["full"] * 12 + ["partial"] * 12 + ["blank"] * 8 + ["tampered", "cheater", "corrupt", "killer", "patcher"]
    honest, notebooks = [], 0
    for number in range(students):
        kind = mix[number % len(mix)]
        student = f"s{number:03d}_{kind}"
        honest += [student] if kind in ("full", "partial", "blank") else []
        for source_path in sorted((course / "source" / assignment).glob("*.ipynb")):
            source = nbformat.read(source_path, as_version=4)
            release = nbformat.read(course / "release" / assignment / source_path.name, as_version=4)
            target = course / "submitted" / student / assignment / source_path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(kinds[kind](source, release), encoding="utf-8")
            notebooks += 1
    return honest, notebooks


def floor_seconds(course: Path, assignment: str, repeats: int = 3) -> float:
    """Median of kernel start plus execution of the solution notebooks (no shutdown), one kernel at a time."""
    times = []
    for _ in range(repeats):
        total = 0.0
        for path in sorted((course / "source" / assignment).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate",
                                    resources={"metadata": {"path": str(path.parent)}})
            start = time.perf_counter()
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                total += time.perf_counter() - start
        times.append(total)
    return statistics.median(times)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 1: some submissions failed, as some of this class must
        raise SystemExit(f"{command[:4]} exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="a0_five_readings")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=0, help="default: the grading command's own default")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="nkgrade-bench-") as tmp:
        base = copy_course(Path(tmp) / "base")
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", args.assignment, "--force"],
                       cwd=base, env=ENV, capture_output=True, check=True)
        honest, notebooks = build_class(base, args.assignment, args.students)
        plain_course, ours_course = Path(tmp) / "plain", Path(tmp) / "ours"
        shutil.copytree(base, plain_course)
        shutil.copytree(base, ours_course)

        floor = floor_seconds(base, args.assignment) / len(list((base / "source" / args.assignment).glob("*.ipynb")))
        plain = timed([str(BIN / "nbgrader"), "autograde", args.assignment], plain_course)
        ours = timed([sys.executable, "-m", "nkcourse.grading", "--course", str(ours_course), "grade",
                      args.assignment, "--quiet", *(["--workers", str(args.workers)] if args.workers else [])], ours_course)

        plain_grades = grade_table(plain_course).set_index(["student", "grade_id"])["auto_score"]
        our_grades = grade_table(ours_course).set_index(["student", "grade_id"])["auto_score"]
        differing = [s for s in honest if not plain_grades.loc[s].equals(our_grades.loc[s])]
        students = {p.name for p in (base / "submitted").iterdir()}
        lost = sorted(students - set(our_grades.index.get_level_values("student")))

    cores = os.cpu_count() or 1
    workers = args.workers or default_workers()
    print(f"class: {args.students} students, {notebooks} notebooks of {args.assignment}; {workers} workers on {cores} cores")
    print(f"plain nbgrader autograde : {plain:7.1f} s  ({plain / notebooks:.2f} s per notebook)")
    print(f"course grading command   : {ours:7.1f} s  ({ours / notebooks:.2f} s per notebook)")
    print(f"speed-up                 : {plain / ours:7.2f}x  (target >= 2.5x)")
    # What a notebook costs the machine: wall time times cores, per notebook, against one kernel start plus
    # one execution on an otherwise idle machine.
    cost = ours * cores / notebooks
    print(f"floor (kernel start + execution, measured): {floor:.2f} s per notebook; "
          f"core-seconds per notebook {cost:.2f} = {cost / floor:.2f}x the floor (target <= 1.3)")
    print(f"honest submissions with different scores: {len(differing)} of {len(honest)} {differing or ''}")
    print(f"submissions lost: {len(lost)} {lost or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
