"""A class on the hub, end to end, in a real browser (Debian's Chromium, driven by Playwright): the instructor
releases a0; two students log in, fetch it, answer (one correctly, one partly), validate and submit; the
instructor collects, grades with the grading command, grades the written answer in the formgrader and releases
feedback; the students fetch their feedback and see their score, with maths from the local MathJax; the Canvas
export holds both. The instructor's command-line steps run as the instructor, in the environment of their lab's
terminal. It runs twice, on a fresh hub each time: with the course's default SQLite gradebook, and with a
PostgreSQL one (the option for several graders). Screenshots of each step go to test-artefacts/hub-class-sqlite/
and test-artefacts/hub-class-postgresql/ (git-ignored).

Needs what tests/test_deploy_hub.py and tests/test_browser_student_lab.py need (root, configurable-http-proxy,
/usr/bin/chromium), and Debian's postgresql for the second run; `.ci/run` installs them."""
from __future__ import annotations

import csv
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from tests import postgres, submissions
from tests.conftest import SOURCE, use_gradebook
from tests.test_browser_student_lab import (POLL_MS, WAIT_MS, Steps, browser, browser_missing,  # noqa: F401
                                            validate)
from tests.test_deploy_hub import ASSIGNMENT, Hub, missing_requirements, running_hub, until

pytestmark = [pytest.mark.skipif(missing_requirements() is not None, reason=str(missing_requirements())),
              pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))]

NOTEBOOK = next((SOURCE / ASSIGNMENT).glob("*.ipynb")).name
SOURCE_NB = nbformat.read(SOURCE / ASSIGNMENT / NOTEBOOK, as_version=4)
WRITTEN = next(submissions.meta(c)["grade_id"] for c in SOURCE_NB.cells
               if c.cell_type == "markdown" and submissions.meta(c).get("solution"))
WRITTEN_POINTS = next(submissions.meta(c)["points"] for c in SOURCE_NB.cells
                      if submissions.meta(c).get("grade_id") == WRITTEN)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    postgres.missing() is not None, reason=str(postgres.missing())))])
def class_hub(request):
    """A fresh hub, its instructor's course on SQLite (the default) or on PostgreSQL, set up as the README says;
    with the gradebook's URL for this test (run as root) to read it."""
    with running_hub() as hub:
        course = hub.base / "home" / hub.instructor / "course"
        if request.param == "sqlite":
            yield hub, request.param, f"sqlite:///{course / 'gradebook.db'}"
            return
        server = request.getfixturevalue("postgres")
        # The instructor grades; this test (root) reads the grades as a second grader.
        url = server.gradebook(hub.instructor.replace("-", "_"), hub.instructor, "root")
        use_gradebook(course, url)
        yield hub, request.param, url


def answered(release: Path, fully: bool) -> nbformat.NotebookNode:
    """The release with the source's answers typed in: every answer, or only the first half of them."""
    notebook = submissions.solution(SOURCE_NB, nbformat.read(release, as_version=4))
    if not fully:
        stubs = nbformat.read(release, as_version=4).cells
        answers = [i for i, c in enumerate(notebook.cells) if submissions.meta(c).get("solution")]
        for i in answers[len(answers) // 2:]:
            notebook.cells[i].source = stubs[i].source
    return notebook


def instructor(hub: Hub, command: str) -> str:  # noqa: F811 (the fixture, passed in)
    run = hub.as_user(hub.instructor, f"cd course && {command}")
    assert run.returncode == 0, f"{command}:\n{run.stdout}\n{run.stderr}"
    return run.stdout


def log_in(browser, hub: Hub, user: str, steps_name: str):  # noqa: F811
    """The hub's login page with the user's Unix password; their server starts and their lab opens."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    steps = Steps(steps_name, page)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.passwords[user])
    steps.shot("login")
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{re.escape(user)}/lab"))
    page.locator("#jp-main-dock-panel").wait_for()
    return page, steps


def assignment_list(page):
    page.locator(".lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator(".lm-Menu-item", has_text="Assignment List").click()
    panel = page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden)", has_text="Released assignments")
    panel.wait_for()
    return panel


def soon(ready, seconds: float) -> bool:
    """Whether `ready()` becomes true within `seconds` (polled twice a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.5)
    return False


def files_of(home: Path, pattern: str) -> list[Path]:
    return sorted(home.glob(pattern))


def test_a_class_on_the_hub_end_to_end(class_hub, browser, capsys):  # noqa: F811
    hub, kind, database = class_hub
    correct, partial = hub.students
    shots: list[Steps] = []
    try:
        instructor(hub, f"nbgrader generate_assignment {ASSIGNMENT} --force && "
                        f"nbgrader release_assignment {ASSIGNMENT}")
        inbound = hub.base / "exchange" / "moscow-beijing" / "inbound"

        # Each student: fetch, answer, validate, submit.
        for student, role in ((correct, "student-correct"), (partial, "student-partial")):
            page, steps = log_in(browser, hub, student, f"hub-class-{kind}/{role}")
            shots.append(steps)
            panel = assignment_list(page)
            steps.shot("assignment-list")
            panel.get_by_role("button", name="Fetch", exact=True).click()
            home = hub.base / "home" / student
            fetched = home / ASSIGNMENT / NOTEBOOK
            until(f"{student} fetched {ASSIGNMENT}", fetched.exists)
            steps.shot("fetched")
            # The answers, as the student typed them (one file write, owned by the student).
            nbformat.write(answered(fetched, fully=student == correct), fetched)
            os.chown(fetched, fetched.parent.stat().st_uid, fetched.parent.stat().st_gid)

            page.goto(f"{hub.url}/user/{student}/lab/tree/{ASSIGNMENT}/{NOTEBOOK}")
            page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
            # Validate runs the notebook afresh, in a kernel of its own; running it in the lab first is
            # tests/test_browser_student_lab.py's part (on the hub, a restarted lab kernel could hang for minutes).
            result = validate(page)
            steps.shot("validated")
            if student == correct:
                assert "Success! Your notebook passes all the tests." in result, result
            else:
                assert "Success!" not in result, "a partly answered notebook passed validation"
            page.keyboard.press("Escape")

            panel = assignment_list(page)
            panel.get_by_role("button", name="Submit", exact=True).click()
            until(f"{student}'s submission in the exchange",
                  lambda: any(p.name.startswith(f"{student}+{ASSIGNMENT}+") for p in inbound.iterdir()))
            panel.locator("#submitted_assignments_list", has_text=ASSIGNMENT).wait_for()
            steps.shot("submitted")
            assert steps.outside == [], f"{student}'s lab fetched from outside: {steps.outside[:5]}"
            page.close()

        # The instructor collects and grades with the course's grading command.
        instructor(hub, f"nbgrader collect {ASSIGNMENT}")
        instructor(hub, f"python -m nkcourse.grading --course . grade {ASSIGNMENT} --quiet")
        sqlite_file = hub.base / "home" / hub.instructor / "course" / "gradebook.db"  # made empty by the hub
        assert (sqlite_file.stat().st_size > 0) == (kind == "sqlite"), f"the grades are not in the {kind} gradebook"

        # The written answers, graded in the formgrader.
        from nbgrader.api import Gradebook
        from playwright.sync_api import expect
        page, steps = log_in(browser, hub, hub.instructor, f"hub-class-{kind}/instructor")
        shots.append(steps)
        page.goto(f"{hub.url}/user/{hub.instructor}/formgrader/gradebook/{ASSIGNMENT}/{Path(NOTEBOOK).stem}")
        # One row per submission (the names are hidden until asked for).
        expect(page.locator("a.name-shown")).to_have_count(2, timeout=WAIT_MS)
        steps.shot("formgrader-submissions")
        given = {correct: WRITTEN_POINTS, partial: WRITTEN_POINTS / 2}
        for student, points in given.items():
            with Gradebook(database) as gradebook:
                submission = gradebook.find_submission_notebook(Path(NOTEBOOK).stem, ASSIGNMENT, student).id
            page.goto(f"{hub.url}/user/{hub.instructor}/formgrader/submissions/{submission}/")
            page.wait_for_load_state("networkidle")  # the page binds its save handlers once its data has loaded

            def saved(student=student, points=points):
                with Gradebook(database) as gradebook:
                    grade = gradebook.find_grade(WRITTEN, Path(NOTEBOOK).stem, ASSIGNMENT, student)
                    return grade.manual_score == points

            # The formgrader saves a score when the field changes; a change typed before its scripts were ready
            # is lost on a busy machine, so type it again until the gradebook has it.
            for _ in range(6):
                page.fill(f"#{WRITTEN}", "")
                page.fill(f"#{WRITTEN}", f"{points:g}")
                page.keyboard.press("Tab")
                if soon(saved, seconds=30):
                    break
            until(f"the formgrader saved {student}'s written answer", saved, limit=5)
            steps.shot(f"graded-{student}")
        assert steps.outside == [], f"the formgrader fetched from outside: {steps.outside[:5]}"
        page.close()

        instructor(hub, f"nbgrader generate_feedback {ASSIGNMENT} && nbgrader release_feedback {ASSIGNMENT}")

        # Each student fetches their feedback and sees their score.
        scores = {}
        for student, role in ((correct, "student-correct"), (partial, "student-partial")):
            page, steps = log_in(browser, hub, student, f"hub-class-{kind}/{role}-feedback")
            shots.append(steps)
            panel = assignment_list(page)
            panel.get_by_role("button", name="Fetch Feedback").click()
            home = hub.base / "home" / student
            until(f"{student}'s feedback", lambda: files_of(home, f"{ASSIGNMENT}/feedback/*/*.html"))
            steps.shot("feedback-fetched")
            feedback = files_of(home, f"{ASSIGNMENT}/feedback/*/*.html")[0]
            page.goto(f"{hub.url}/user/{student}/files/{feedback.relative_to(home).as_posix()}")
            heading = page.locator("h4", has_text="Score:").first.inner_text()
            scores[student] = float(re.search(r"Score: ([\d.]+) /", heading).group(1))
            page.wait_for_function("() => window.MathJax && window.MathJax.isReady", polling=POLL_MS)
            steps.shot("feedback")
            assert steps.outside == [], f"the feedback fetched from outside: {steps.outside[:5]}"
            page.close()
        assert scores[correct] > scores[partial] > 0, scores

        # The LMS export holds both students, with the scores their feedback shows.
        instructor(hub, "python -m nkcourse.grading --course . export --format canvas")
        with (hub.base / "home" / hub.instructor / "course" / "exports" / "canvas.csv").open(newline="") as file:
            rows = {row["SIS Login ID"]: row for row in csv.DictReader(file)}
        for student, score in scores.items():
            column = next(k for k in rows[student] if ASSIGNMENT in k)
            assert float(rows[student][column]) == pytest.approx(score), rows[student]
    except Exception:
        if shots and not shots[-1].page.is_closed():
            shots[-1].shot("failed")
        raise
    finally:
        with capsys.disabled():
            for steps in shots:
                print(f"\nscreenshots: {steps.folder}")
