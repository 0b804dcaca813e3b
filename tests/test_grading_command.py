"""The grading command (python -m nkcourse.grading) on assignment 0: honest, broken and hostile submissions."""
from __future__ import annotations

import hashlib
import html.parser
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from nkcourse.grading.report import grade_table, item_analysis
from nkcourse.grading.sandbox import BASE_UID, Limits, Sandbox, TreeWatch, claim_slot, processes_of
from tests import submissions
from tests.conftest import BIN, ROOT, grade_command, nbgrader, submit_class
from tests.hostile import HOSTILE, SECRET

ASSIGNMENT = "a0_five_readings"
NOTEBOOK = "five_readings"
HONEST = ("solution", "untouched", "tampered", "cheater")
WORKERS = 2


def tree_digest(*roots: Path) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def sandbox_processes() -> list[int]:
    return [pid for slot in range(WORKERS) for pid in processes_of(BASE_UID + slot)]


@pytest.fixture(scope="module")
def hostile_class(released_course, tmp_path_factory):
    course = tmp_path_factory.mktemp("hostile") / "course"
    shutil.copytree(released_course, course)
    students = ["solution", "untouched", "tampered", "cheater", "corrupt", *HOSTILE]
    submit_class(course, ASSIGNMENT, students)
    protected = [course / "source", course / "release", course / "nbgrader_config.py", course / "submitted"]
    before = tree_digest(*protected)
    run = grade_command(course, "grade", ASSIGNMENT, "--timeout", "5", "--notebook-timeout", "20",
                        "--workers", str(WORKERS), "--quiet", env={"NKGRADE_PROBE_SECRET": SECRET})
    return {"course": course, "run": run, "before": before, "after": tree_digest(*protected),
            "grades": grade_table(course), "students": sorted(students)}


def scores(grades: pd.DataFrame) -> pd.Series:
    return grades.groupby("student")["auto_score"].sum()  # written answers have no auto_score


def summary_line(run, student: str) -> str:
    lines = [line for line in run.stdout.splitlines() if f" {student}/{ASSIGNMENT}:" in line]
    assert lines, f"no summary line for {student}:\n{run.stdout}\n{run.stderr[-2000:]}"
    return lines[0]


def test_the_batch_finishes_and_grades_every_submission(hostile_class):
    run = hostile_class["run"]
    assert run.returncode in (0, 1) and "Traceback" not in run.stdout + run.stderr, run.stderr[-3000:]
    graded = set(hostile_class["grades"]["student"])
    assert graded == set(hostile_class["students"]), "every submission, even a broken one, has grades"
    assert run.stdout.strip().splitlines()[-1].endswith("0 skipped (unchanged)"), run.stdout


def test_honest_scores_are_nbgraders_own_cell_by_cell(hostile_class, graded_class):
    ours = hostile_class["grades"].set_index(["student", "grade_id"])["auto_score"]
    plain = (grade_table(graded_class.course).query("assignment == @ASSIGNMENT")
             .set_index(["student", "grade_id"])["auto_score"])
    for student in HONEST:
        assert ours.loc[student].equals(plain.loc[student]), f"{student}: {ours.loc[student]} vs {plain.loc[student]}"


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_a_hostile_submission_gets_a_clear_line_and_gains_nothing(hostile_class, student):
    hostile = HOSTILE[student]
    if hostile.phrase is None and hostile.max_points is None:  # honest answers, something odd: graded like the solution
        points = scores(hostile_class["grades"])
        assert points[student] == points["solution"], f"{student} was not graded like the solution"
    elif hostile.phrase is not None:
        phrases = hostile.phrase if isinstance(hostile.phrase, tuple) else (hostile.phrase,)
        line = summary_line(hostile_class["run"], student)
        assert any(phrase in line for phrase in phrases), line
    points = scores(hostile_class["grades"])
    ceiling = points["solution"] if hostile.max_points is None else hostile.max_points
    assert points[student] <= ceiling


def test_a_dead_kernel_still_grades_the_cells_that_ran(hostile_class):
    points = scores(hostile_class["grades"])
    assert 0 < points["killer"] < points["solution"]


def test_a_corrupt_notebook_fails_with_a_reason(hostile_class):
    line = summary_line(hostile_class["run"], "corrupt")
    assert line.startswith("failed") and "not a readable notebook" in line


def test_no_student_code_changed_the_course_or_other_submissions(hostile_class):
    assert hostile_class["before"] == hostile_class["after"]
    assert scores(hostile_class["grades"])["solution"] == submissions.notebook_points(
        next((hostile_class["course"] / "source" / ASSIGNMENT).glob("*.ipynb")))[0]


def test_nothing_a_submission_started_is_still_running(hostile_class):
    assert sandbox_processes() == []


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def hidden_test_lines(course: Path) -> list[str]:
    lines = []
    for path in (course / "source" / ASSIGNMENT).glob("*.ipynb"):
        for cell in submissions.nbformat.read(path, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if "BEGIN HIDDEN TESTS" in line:
                    inside = True
                elif "END HIDDEN TESTS" in line:
                    inside = False
                elif inside and len(line.strip()) > 25:
                    lines.append(" ".join(line.split()))
    assert lines, "assignment 0 has hidden tests to protect"
    return lines


def test_feedback_shows_no_hidden_test(hostile_class):
    course = hostile_class["course"]
    result = nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    secrets = hidden_test_lines(course)
    pages = list((course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= len(HONEST)
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{page}: {leaked[:2]}"
    # The check itself can fail: the autograded notebooks still hold the hidden tests.
    autograded = (course / "autograded" / "untouched" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
    assert any(line.split()[0] in autograded for line in secrets)


def test_a_kernel_finds_nothing_of_the_grader(hostile_class):
    """What the prober printed into its own notebook: no course folder, no home, no environment, no test."""
    course = hostile_class["course"]
    nb = submissions.nbformat.read(course / "autograded" / "prober" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    printed = "".join(output.get("text", "") for cell in nb.cells if not submissions.is_autograded_test(cell)
                      for output in cell.get("outputs", []))
    assert f"{course} FileNotFoundError" in printed and f"{course}/source FileNotFoundError" in printed, printed[:2000]
    for secret in [SECRET, "gradebook.db", "nbgrader_config.py", "five_readings.ipynb", "checks.", *hidden_test_lines(course)]:
        assert secret not in printed, f"a kernel could read {secret!r}"


def test_a_second_run_grades_only_what_changed(hostile_class, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(hostile_class["course"], course)
    again = grade_command(course, "grade", ASSIGNMENT, "--timeout", "5", "--quiet")
    assert again.stdout.strip().splitlines()[-1].startswith("0 graded"), again.stdout
    target = course / "submitted" / "untouched" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    shutil.copy(course / "submitted" / "solution" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", target)
    changed = grade_command(course, "grade", ASSIGNMENT, "--timeout", "5", "--quiet")
    assert changed.stdout.strip().splitlines()[-1].startswith("1 graded"), changed.stdout
    points = scores(grade_table(course))
    assert points["untouched"] == points["solution"]


def test_kernels_started_afresh_grade_exactly_as_forked_ones(hostile_class, tmp_path):
    """--fresh-kernels (the way when not root) against the default (as root, kernels forked from a server)."""
    course = tmp_path / "course"
    shutil.copytree(hostile_class["course"], course)
    students = [*HONEST, "killer", "daemon", "builtins", "reader"]
    fresh = grade_command(course, "grade", ASSIGNMENT, "--timeout", "5", "--notebook-timeout", "20", "--regrade",
                          "--fresh-kernels", "--quiet", *[f"--student={s}" for s in students])
    assert fresh.stdout.strip().splitlines()[-1].startswith(f"{len(students)} graded"), fresh.stdout + fresh.stderr
    columns = ["student", "grade_id", "auto_score"]
    forked = hostile_class["grades"].query("student in @students")[columns].reset_index(drop=True)
    assert grade_table(course).query("student in @students")[columns].reset_index(drop=True).equals(forked)
    for student in students[len(HONEST):]:
        assert summary_line(fresh, student).split(":", 1)[1] == summary_line(hostile_class["run"], student).split(":", 1)[1]


def test_it_refuses_to_grade_without_a_sandbox(hostile_class):
    result = grade_command(hostile_class["course"], "grade", ASSIGNMENT, env={"NKGRADE_BWRAP": "/nonexistent/bwrap"})
    assert result.returncode == 2 and "Refusing to grade" in result.stderr and "--unsandboxed" in result.stderr


def test_a_kernel_has_no_network(tmp_path):
    """A server on the grader's loopback (the student's lab, another kernel's ports) is out of a kernel's reach."""
    probe = "import socket, sys\ntry:\n    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)\n" \
            "    print('reached')\nexcept OSError as error:\n    print('refused', type(error).__name__)"
    connection = tmp_path / "connection.json"
    connection.write_text("{}")
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = str(server.getsockname()[1])
        outside = subprocess.run([sys.executable, "-c", probe, port], capture_output=True, text=True, timeout=60)
        assert outside.stdout.startswith("reached"), "the control: outside the sandbox the server is reachable"
        inside = subprocess.run(Sandbox(tmp_path).command([sys.executable, "-c", probe, port], str(connection)),
                                capture_output=True, text=True, timeout=60)
    assert inside.stdout.startswith("refused"), inside.stdout + inside.stderr


def test_shared_memory_is_capped(tmp_path):
    connection = tmp_path / "connection.json"
    connection.write_text("{}")
    fill = "[open(f'/dev/shm/x{i}', 'wb').write(b'x' * (40 << 20)) for i in range(3)]"
    result = subprocess.run(Sandbox(tmp_path).command([sys.executable, "-c", fill], str(connection)),
                            capture_output=True, text=True, timeout=60)
    assert "No space left on device" in result.stderr, result.stderr[-500:]


CHILDREN = """import os, sys, time
for _ in range(int(sys.argv[1])):
    if os.fork() == 0:
        _hold = b'x' * (int(sys.argv[2]) << 20)
        while sys.argv[3] == 'spin':
            pass
        time.sleep(60)
        os._exit(0)
time.sleep(60)"""


@pytest.mark.parametrize("children, megabytes, spin, limits, reason", [
    (4, 100, "sleep", Limits(memory_bytes=300 << 20), "memory across its processes"),
    (2, 1, "spin", Limits(cpu_seconds=1), "CPU time across its processes"),
    (20, 1, "sleep", Limits(processes=4), "processes"),
], ids=["memory", "cpu", "processes"])
def test_the_watch_holds_a_process_tree_to_its_limits(children, megabytes, spin, limits, reason):
    """Each child stays under every per-process limit; together they pass one, and the whole tree is stopped."""
    process = subprocess.Popen([sys.executable, "-c", CHILDREN, str(children), str(megabytes), spin])
    watch = TreeWatch(process.pid, limits, interval=0.05)
    watch.start()
    try:
        process.wait(timeout=30)
    finally:
        process.kill()
    watch.join(timeout=5)
    assert watch.reason and reason in watch.reason and process.returncode == -signal.SIGKILL
    assert len(watch.stopped_pids) > 1 and not still_running(watch.stopped_pids)


def still_running(pids: list[int], patience: float = 10.0) -> list[int]:
    """Those of `pids` still alive after `patience` seconds (a killed process takes a moment to go)."""
    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        except OSError:
            return False

    deadline = time.monotonic() + patience
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_export_and_item_analysis_report(hostile_class, tmp_path):
    course = hostile_class["course"]
    output = tmp_path / "grades.csv"
    assert grade_command(course, "export", "--output", str(output)).returncode == 0
    table = pd.read_csv(output)
    cells = table["grade_id"].nunique()
    assert len(table) == cells * len(hostile_class["students"])
    report = course / "reports" / f"{ASSIGNMENT}.html"
    assert grade_command(course, "report", ASSIGNMENT).returncode == 0
    page = report.read_text(encoding="utf-8")
    assert page.count("<img") == 3 and all(grade_id in page for grade_id in table["grade_id"].unique())


def test_grades_export_for_an_lms_outside_the_repository(hostile_class, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(hostile_class["course"], course)
    totals = scores(grade_table(course))
    full = submissions.notebook_points(next((course / "source" / ASSIGNMENT).glob("*.ipynb")))[1]
    for lms, key in (("canvas", "SIS Login ID"), ("moodle", "Username")):
        run = grade_command(course, "export", "--format", lms, "--per-question")
        assert run.returncode == 0, run.stderr
        table = pd.read_csv(course / "exports" / f"{lms}.csv", keep_default_na=False)
        students = table[table[key] != ""] if lms == "canvas" else table
        assert sorted(students[key]) == sorted(hostile_class["students"])
        written = students.set_index(key)[ASSIGNMENT].astype(float)
        manual = grade_table(course).groupby("student")["score"].sum()
        assert written.to_dict() == manual.to_dict() and written["solution"] >= totals["solution"]
        assert any(column.startswith(f"{ASSIGNMENT}: ") for column in table.columns)
        if lms == "canvas":
            assert list(table.columns[:5]) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
            assert table.iloc[0]["Student"] == "Points Possible" and float(table.iloc[0][ASSIGNMENT]) == full
    ignored = subprocess.run(["git", "check-ignore", "-q", "course/exports/canvas.csv"], cwd=ROOT)
    assert ignored.returncode == 0, "exports hold grades: git must ignore the folder they go to"


def test_item_analysis_ranks_a_question_that_separates_students_first():
    rows = []
    for student, (good, noise) in {"a": (2, 0), "b": (2, 1), "c": (0, 1), "d": (0, 0)}.items():
        total_rest = 10 if good else 2
        rows += [(student, "q_good", good, 2), (student, "q_noise", noise, 1), (student, "rest", total_rest, 10)]
    table = pd.DataFrame(rows, columns=["student", "grade_id", "score", "max_score"])
    items = item_analysis(table)
    assert items.index[0] in ("q_good", "rest") and items.loc["q_good", "discrimination"] > 0.9
    assert abs(items.loc["q_noise", "discrimination"]) < 0.5
    assert items.loc["q_good", "share_full_marks"] == 0.5 and items.loc["q_good", "mean_score"] == 1.0


def test_a_kernel_that_fails_to_start_is_started_again(released_course, monkeypatch):
    """A kernel that cannot start (a port or socket taken, a slow machine) is no fault of the submission."""
    from jupyter_client.manager import AsyncKernelManager

    from nkcourse.grading import grader

    snapshot = f"sqlite:///{released_course / 'gradebook.db'}"
    grader._init_worker(str(released_course), None, None, snapshot, False, None)
    launch, failures = AsyncKernelManager._async_launch_kernel, []

    async def flaky(self, kernel_cmd, **kw):
        if len(failures) < grader.KERNEL_STARTS - 1:
            failures.append(kernel_cmd)
            raise RuntimeError("Address already in use")
        return await launch(self, kernel_cmd, **kw)

    monkeypatch.setattr(AsyncKernelManager, "_async_launch_kernel", flaky)
    solution = next((released_course / "source" / ASSIGNMENT).glob("*.ipynb"))
    result = grader.execute_notebook("flaky", ASSIGNMENT, NOTEBOOK, str(solution))
    assert len(failures) == grader.KERNEL_STARTS - 1 and result["nb"] is not None and not result.get("retry"), result
    assert not any("could not" in problem for problem in result["problems"]), result["problems"]


def test_two_runs_at_once_leave_each_other_alone(released_course, tmp_path):
    """Each run's kernels run as users of its own, so neither run's reaping stops the other's kernels."""
    source = next((released_course / "source" / ASSIGNMENT).glob("*.ipynb"))
    texts = submissions.build_all(source, released_course / "release" / ASSIGNMENT / source.name)
    courses = []
    for name in ("one", "two"):
        course = tmp_path / name / "course"
        shutil.copytree(released_course, course)
        for student in ("solution", "untouched"):
            target = course / "submitted" / student / ASSIGNMENT / source.name
            target.parent.mkdir(parents=True)
            target.write_text(texts[student], encoding="utf-8")
        courses.append(course)
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    runs = [subprocess.Popen([sys.executable, "-m", "nkcourse.grading", "--course", str(course), "grade", ASSIGNMENT,
                              "--workers", "1", "--quiet"], env=environment, stdout=subprocess.PIPE, text=True)
            for course in courses]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    full = submissions.notebook_points(source)[0]
    for course, output, run in zip(courses, outputs, runs):
        assert run.returncode == 0 and output.strip().endswith("2 graded, 0 failed, 0 skipped (unchanged)"), output
        assert scores(grade_table(course))["solution"] == full


def test_watch_mode_grades_a_submission_added_while_it_runs(released_course, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    source = next((course / "source" / ASSIGNMENT).glob("*.ipynb"))
    texts = submissions.build_all(source, course / "release" / ASSIGNMENT / source.name)

    def hand_in(student: str) -> None:
        target = course / "submitted" / student / ASSIGNMENT / source.name
        target.parent.mkdir(parents=True)
        target.write_text(texts[student], encoding="utf-8")

    def graded(student: str, patience: float = 300) -> bool:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            state = course / ".nkgrade" / "state.json"
            if state.exists() and f"{student}/{ASSIGNMENT}" in state.read_text():
                return True
            time.sleep(0.5)
        return False

    hand_in("solution")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    watcher = subprocess.Popen([sys.executable, "-m", "nkcourse.grading", "--course", str(course), "grade", ASSIGNMENT,
                                "--watch", "1", "--workers", "1", "--quiet"], env=environment, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert graded("solution"), "the submission present at the start was not graded"
        hand_in("untouched")
        assert graded("untouched"), "a submission added while watching was not graded"
    finally:
        watcher.send_signal(signal.SIGTERM)
        output = watcher.communicate(timeout=60)[0]
    assert watcher.returncode == 0 and "Stopped watching" in output, output
    points = scores(grade_table(course))
    assert points["solution"] == submissions.notebook_points(source)[0] and points["untouched"] == 0


def test_the_metadata_check_gives_nbgraders_own_verdicts():
    """The grader checks nbgrader's metadata schema once, not once per cell: every verdict and error stays jsonschema's."""
    import jsonschema
    from nbgrader.nbgraderformat import MetadataValidator, common

    from nkcourse.grading import grader

    assert common.jsonschema.validate is grader._validate, "nbgrader's CheckCellMetadata goes through the grader's check"
    schema = MetadataValidator().schema
    source = next((ROOT / "course" / "source" / ASSIGNMENT).glob("*.ipynb"))
    nb = submissions.nbformat.read(source, as_version=4)
    cells = [cell.metadata["nbgrader"] for cell in nb.cells if "nbgrader" in cell.metadata]
    broken = [{**cells[0], "points": "many"}, {**cells[0], "grade": "yes"}, {**cells[0], "locked": None}, [],
              {key: value for key, value in cells[0].items() if key != "solution"}]

    def verdict(validate, instance):
        try:
            validate(instance, schema)
        except jsonschema.ValidationError as error:
            return str(error)
        return None

    verdicts = [verdict(grader._validate, instance) for instance in cells + broken]
    assert verdicts == [verdict(jsonschema.validate, instance) for instance in cells + broken]
    assert verdicts[:len(cells)] == [None] * len(cells) and all(verdicts[len(cells):]), verdicts


def test_a_submissions_other_files_reach_autograded_but_no_link_or_special_file(released_course, tmp_path):
    """As nbgrader autograde does, the submission's own files (timestamp.txt, which release_feedback needs, and
    data the student saved) are copied to autograded/; a symbolic link (which could point at any file the
    grader may read) or a FIFO (which would block the run) is not, and the summary says so."""
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    source = next((course / "source" / ASSIGNMENT).glob("*.ipynb"))
    folder = course / "submitted" / "files" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / source.name).write_text(submissions.build_all(source, course / "release" / ASSIGNMENT / source.name)
                                      ["solution"], encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-24 12:00:00.000000 UTC")
    (folder / "notes").mkdir()
    (folder / "notes" / "mine.csv").write_text("year,visits\n1961,2\n")
    (folder / "link.txt").symlink_to(course / "nbgrader_config.py")
    os.mkfifo(folder / "pipe")
    run = grade_command(course, "grade", ASSIGNMENT, "--workers", "1", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    graded = course / "autograded" / "files" / ASSIGNMENT
    assert (graded / "timestamp.txt").read_text() == "2026-11-24 12:00:00.000000 UTC"
    assert (graded / "notes" / "mine.csv").read_text() == "year,visits\n1961,2\n"
    assert not (graded / "link.txt").exists() and not (graded / "pipe").exists()
    line = summary_line(run, "files")
    assert "link.txt was not copied" in line and "pipe was not copied" in line, line
    assert scores(grade_table(course))["files"] == submissions.notebook_points(source)[0]


def test_a_submissions_timestamp_is_read_safely(released_course, tmp_path):
    """timestamp.txt is the student's file: a link to a file of the grader's or to /dev/zero, a FIFO (which would
    block the run) or text that is not a time is not followed, not waited on and stops nothing: that submission is
    graded without a submission time and the summary says why; a valid one is recorded as nbgrader records it."""
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    source = next((course / "source" / ASSIGNMENT).glob("*.ipynb"))
    solution = submissions.build_all(source, course / "release" / ASSIGNMENT / source.name)["solution"]
    stamps = {"on-time": "2026-11-24 12:00:00.000000 UTC", "garbage": "half past never",
              "linked": course / "nbgrader_config.py", "zeros": Path("/dev/zero"), "fifo": None}
    for student, stamp in stamps.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / source.name).write_text(solution, encoding="utf-8")
        if stamp is None:
            os.mkfifo(folder / "timestamp.txt")
        elif isinstance(stamp, Path):
            (folder / "timestamp.txt").symlink_to(stamp)
        else:
            (folder / "timestamp.txt").write_text(stamp)
    run = grade_command(course, "grade", ASSIGNMENT, "--workers", "2", "--quiet")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr
    points = scores(grade_table(course))
    assert all(points[student] == submissions.notebook_points(source)[0] for student in stamps), points
    for student in ("garbage", "linked", "zeros", "fifo"):
        assert "timestamp.txt" in summary_line(run, student) and "without a submission time" in \
            summary_line(run, student), summary_line(run, student)
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        times = {s: gradebook.find_submission(ASSIGNMENT, s).timestamp for s in stamps}
    assert str(times["on-time"]).startswith("2026-11-24 12:00:00"), times
    assert all(times[s] is None or times[s] != times["on-time"] for s in stamps if s != "on-time"), times


def test_a_slot_lock_that_is_a_symbolic_link_or_not_ours_is_skipped(tmp_path, monkeypatch):
    """Slot locks live in the shared /tmp: a link planted there must not make the grader create or open the file
    it points at, and another user's lock (PermissionError) is a slot taken, not a crash."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    target = tmp_path / "created-through-the-link"
    (tmp_path / f"nkgrade-slot-{BASE_UID}.lock").symlink_to(target)
    keep = {}
    assert claim_slot(keep) == 1 and not target.exists()
    keep["slot_lock"].close()
