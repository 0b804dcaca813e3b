"""`python3 tasks.py lab`: students get their own copies of the assignments, served by JupyterLab
with nbgrader's extension behind a random token, and a second start never overwrites their work."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

import tasks
from tests.conftest import ASSIGNMENTS, BIN, copy_course
from tests.test_deploy_hub import INSTRUCTOR_TOOLS, OFFLINE


@pytest.fixture
def student_setup(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "venv_bin", lambda name: BIN / name)
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ['PATH']}")
    course = copy_course(tmp_path / "course")
    student = tmp_path / "student"
    tasks.release_to_student_folder(course, student)
    return course, student


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_every_assignment_is_copied_for_the_student(student_setup):
    _, student = student_setup
    assert sorted(p.name for p in student.iterdir()) == ASSIGNMENTS
    assert all(list((student / a).glob("*.ipynb")) for a in ASSIGNMENTS)


def test_restarting_never_overwrites_student_work(student_setup):
    course, student = student_setup
    notebook = next((student / ASSIGNMENTS[0]).glob("*.ipynb"))
    notebook.write_text("my work", encoding="utf-8")
    tasks.release_to_student_folder(course, student)
    assert notebook.read_text(encoding="utf-8") == "my work"


def test_lab_serves_the_notebooks_with_nbgrader_only_to_the_token(student_setup, tmp_path):
    _, student = student_setup
    port, token = free_port(), "a-test-token"
    command = tasks.lab_command(student, ["--no-browser", f"--ServerApp.port={port}",
                                          f"--ServerApp.runtime_dir={tmp_path / 'runtime'}"], token)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=tasks.lab_environment())
    try:
        deadline = time.monotonic() + 60
        api = f"http://127.0.0.1:{port}/api/contents/{ASSIGNMENTS[0]}"
        listing = json.loads(get(f"{api}?token={token}", deadline))
        assert any(item["name"].endswith(".ipynb") for item in listing["content"])
        page = get(f"http://127.0.0.1:{port}/lab?token={token}", deadline).decode()
        assert "@jupyter/nbgrader" in page, "nbgrader's JupyterLab extension should be enabled"
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        assert set(INSTRUCTOR_TOOLS) <= set(config.get("disabledExtensions", [])), "students see instructor tools"
        assert OFFLINE <= set(config.get("disabledExtensions", [])), "the lab would offer to fetch Jupyter's news"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token={token}", timeout=5)
        assert missing.value.code == 404, "the formgrader has no course in a student's folder"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(api, timeout=5)
        assert refused.value.code == 403, "without the token the server must refuse"
    finally:
        server.terminate()
        server.wait(timeout=30)
