"""The grading command on a Dask cluster (grade --scheduler): the local pool's grades, cell by cell, and a worker
killed mid-run costs a retry, never a grade."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from nkcourse.grading.sandbox import BASE_UID, descendants, processes_of
from tests.conftest import BIN, grade_command, graded_by_command, submit_class

ASSIGNMENT = "a0_five_readings"
# Honest work, a corrupt file, a dead kernel, a symbolic link (read by the instructor's side for a cluster),
# a missing notebook.
STUDENTS = ("solution", "untouched", "tampered", "cheater", "corrupt", "killer", "linker", "missing")


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            Client(local) as client:
        yield local.scheduler_address, client


@pytest.fixture(scope="module")
def small_class(released_course, tmp_path_factory):
    course = tmp_path_factory.mktemp("dask") / "course"
    shutil.copytree(released_course, course)
    submit_class(course, ASSIGNMENT, STUDENTS)
    return course


def copy_of(course, target):
    shutil.copytree(course, target)
    return target


@pytest.fixture(scope="module")
def local_run(small_class, tmp_path_factory):
    course = copy_of(small_class, tmp_path_factory.mktemp("local") / "course")
    return graded_by_command(course, grade_command(course, "grade", ASSIGNMENT, "--workers", "2", "--quiet"))


def test_a_cluster_grades_exactly_as_the_local_pool(small_class, local_run, cluster, tmp_path):
    course = copy_of(small_class, tmp_path / "course")
    table, summary, state = graded_by_command(course, grade_command(course, "grade", ASSIGNMENT, "--scheduler", cluster[0],
                                                         "--quiet"))
    assert set(table.index.get_level_values("student")) == set(STUDENTS)
    assert table.equals(local_run[0]), (table, local_run[0])
    assert summary == local_run[1]  # the same problems, reported the same way
    assert state == local_run[2]  # the same fingerprints and problems, so either can resume the other's run
    again = grade_command(course, "grade", ASSIGNMENT, "--scheduler", cluster[0], "--quiet")
    assert again.stdout.strip().splitlines()[-1].startswith("0 graded"), again.stdout  # resumable, as locally


def command_line(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:  # it has just ended
        return []


def sandboxed_kernel(pid: int) -> bool:
    """Whether a process started by `pid` is bubblewrap running without network and with a cleared environment."""
    return any(b"--unshare-net" in command and b"--clearenv" in command
               for command in map(command_line, descendants(pid)))


def test_a_worker_killed_mid_run_costs_a_retry_not_a_grade(small_class, local_run, cluster, tmp_path):
    address, client = cluster
    course = copy_of(small_class, tmp_path / "course")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.Popen([sys.executable, "-m", "nkcourse.grading", "--course", str(course), "grade", ASSIGNMENT,
                            "--scheduler", address, "--quiet"], env=environment, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        pids = client.run(os.getpid)
        deadline = time.monotonic() + 120
        # Wait until a worker is running a kernel, in the same sandbox as a local worker's, i.e. is in the middle
        # of a notebook. (Any child process would not do: a short-lived one may be gone before it is looked at.)
        while not (busy := [a for a, pid in pids.items() if sandboxed_kernel(pid)]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert busy, "no worker started a kernel in the sandbox"
        slot = client.run(lambda: __import__("nkcourse.grading.grader", fromlist=["_worker"])._worker.get("slot"),
                          workers=busy[:1])[busy[0]]
        os.kill(pids[busy[0]], signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=600)
    finally:
        run.kill()
    table, summary, state = graded_by_command(course, subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr))
    assert table.equals(local_run[0]), (table, local_run[0])
    assert summary == local_run[1] and state == local_run[2]
    if os.geteuid() == 0:  # kernels run as a slot's own user: the killed worker's kernel went with it
        deadline = time.monotonic() + 10
        while processes_of(BASE_UID + slot) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_of(BASE_UID + slot) == []


def test_it_refuses_workers_that_would_run_two_notebooks_at_once(small_class, tmp_path):
    course = copy_of(small_class, tmp_path / "course")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                      dashboard_address=":0") as crowded:
        run = grade_command(course, "grade", ASSIGNMENT, "--scheduler", crowded.scheduler_address, "--quiet")
    assert run.returncode != 0 and "--nthreads 1" in run.stderr, run.stderr[-2000:]
    assert not (course / ".nkgrade" / "state.json").exists()


def test_it_refuses_workers_that_cannot_sandbox_the_kernels(small_class, tmp_path, monkeypatch):
    course = copy_of(small_class, tmp_path / "course")
    monkeypatch.setenv("NKGRADE_BWRAP", "/nonexistent/bwrap")  # the in-process worker's bubblewrap
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=":0") as broken:
        run = grade_command(course, "grade", ASSIGNMENT, "--scheduler", broken.scheduler_address, "--quiet")
    assert run.returncode == 2 and "Refusing to grade: on the Dask worker" in run.stderr, run.stderr[-2000:]
    assert not (course / "autograded").exists()
