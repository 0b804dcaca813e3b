"""Offline means offline: feedback pages (from the grading command and `nbgrader generate_feedback`) and the
formgrader load MathJax from the Jupyter server that serves them (jupyter-server-mathjax), never from a CDN."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import ASSIGNMENTS, BIN, copy_course, grade_command, nbgrader
from tests.test_student_lab import free_port, get

ASSIGNMENT = ASSIGNMENTS[0]
LOCAL_MATHJAX = "static/jupyter_server_mathjax/MathJax.js"
# What the page asks for: nbconvert's MathJax configuration, which jupyter-server-mathjax ships.
MATHJAX_CONFIG = "static/jupyter_server_mathjax/config/TeX-AMS-MML_HTMLorMML-full.js"
# Anything a page would fetch: <script src>, <link href>, <img src>, <iframe src>, and MathJax named anywhere.
FETCHED = re.compile(r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)", re.I)


def external_references(html: str) -> list[str]:
    fetched = [url for url in FETCHED.findall(html) if re.match(r"(?:[a-z]+:)?//", url, re.I)
               and not url.startswith("data:")]
    mathjax = [url for url in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html) if "mathjax" in url.lower()]
    return fetched + mathjax


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """One student's untouched release, graded by the course's grading command, then given feedback."""
    course = copy_course(tmp_path_factory.mktemp("offline") / "course")
    assert nbgrader(course, "generate_assignment", ASSIGNMENT, "--force").returncode == 0
    shutil.copytree(course / "release" / ASSIGNMENT, course / "submitted" / "alice" / ASSIGNMENT)
    # As `nbgrader collect` leaves it: when the student submitted, and the secret that names their feedback.
    (course / "submitted" / "alice" / ASSIGNMENT / "timestamp.txt").write_text("2026-11-24 12:00:00.000000 UTC")
    (course / "submitted" / "alice" / ASSIGNMENT / "submission_secret.txt").write_text("4f6c1e0b9a7d")
    graded = grade_command(course, "grade", ASSIGNMENT, "--quiet")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    feedback = nbgrader(course, "generate_feedback", ASSIGNMENT)
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    return course


def test_feedback_references_no_cdn_and_the_local_mathjax(graded):
    pages = sorted((graded / "feedback" / "alice" / ASSIGNMENT).glob("*.html"))
    assert pages, "generate_feedback wrote no page"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert external_references(html) == [], f"{page.name} fetches from the internet"
        assert LOCAL_MATHJAX in html, f"{page.name} does not load the local MathJax"


@pytest.fixture(scope="module")
def instructor_server(graded, tmp_path_factory):
    """The instructor's Jupyter server in the course folder, as `jupyter lab` there would start it."""
    port, token = free_port(), "offline-test-token"
    server = subprocess.Popen(
        [str(BIN / "jupyter"), "server", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.runtime_dir={tmp_path_factory.mktemp('runtime')}"],
        cwd=graded, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/", token
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(server, path: str, deadline: float = 90) -> str:
    base, token = server
    separator = "&" if "?" in path else "?"
    return get(f"{base}{path}{separator}token={token}", time.monotonic() + deadline).decode()


def test_the_server_serves_the_feedback_and_the_mathjax_it_loads(graded, instructor_server):
    page = next((graded / "feedback" / "alice" / ASSIGNMENT).glob("*.html"))
    html = fetch(instructor_server, "files/" + urllib.parse.quote(page.relative_to(graded).as_posix()))
    assert LOCAL_MATHJAX in html
    # The page loads <base>static/...: the server that serves <base>files/... serves MathJax and its config.
    assert "MathJax.Hub" in fetch(instructor_server, LOCAL_MATHJAX)
    assert "MathJax" in fetch(instructor_server, MATHJAX_CONFIG)


def test_the_formgrader_references_no_cdn(graded, instructor_server):
    from nbgrader.api import Gradebook

    notebook = next((graded / "source" / ASSIGNMENT).glob("*.ipynb")).stem
    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(notebook, ASSIGNMENT, "alice").id
    html = fetch(instructor_server, f"formgrader/submissions/{submission}/")
    assert "alice" in html or notebook in html, "not the formgrader's grading page"
    assert external_references(html) == [], "the formgrader fetches from the internet"
    assert LOCAL_MATHJAX in html


def test_feedback_made_after_the_grading_command_can_be_released(graded, tmp_path):
    (graded / "exchange").mkdir(exist_ok=True)
    released = nbgrader(graded, "release_feedback", ASSIGNMENT, f"--Exchange.root={graded / 'exchange'}")
    assert released.returncode == 0, released.stdout + released.stderr
