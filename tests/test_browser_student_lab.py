"""A student's lab in a real browser (Debian's Chromium, driven by Playwright): `tasks.py lab` serves the student
folder, the lab loads, the student's answered notebook runs, and nbgrader's Validate reports success. Nothing
is fetched from outside this computer. Screenshots of each step go to test-artefacts/ (git-ignored).

Needs /usr/bin/chromium (apt package chromium; `.ci/run` installs it as root); no browser is ever downloaded."""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import tasks
from tests import submissions
from tests.conftest import ASSIGNMENTS, ROOT, SOURCE
from tests.test_student_lab import free_port, get, student_setup  # noqa: F401 (a fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = ROOT / "test-artefacts"
WAIT_MS = 180_000  # how long a step may take to appear on a busy machine (a limit, not an assertion)
# Waiting for a page's state, checked every half second: Playwright's default, once per animation frame, stalled
# for minutes here in a headless page with nothing to paint.
POLL_MS = 500
# Headless Chromium on a machine with no internet: no background traffic (updates, sync, field trials).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it as root)"
    if subprocess.run([str(CHROMIUM), "--version"], capture_output=True, timeout=60).returncode != 0:
        return f"{CHROMIUM} does not run here (a snap stand-in without snapd?); Debian's chromium package is needed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs Playwright for Python (requirements.txt)"
    return None


pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Steps:
    """Screenshots of one test's steps, numbered in order, and every request that left this computer."""

    def __init__(self, name: str, page):
        self.folder = ARTEFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.page, self.count, self.outside = page, 0, []
        page.set_default_timeout(WAIT_MS)
        page.on("request", self.record)

    def record(self, request) -> None:
        host = urllib.parse.urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in ("127.0.0.1", "localhost"):
            self.outside.append(request.url)

    def shot(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=False)


def run_all_cells(page) -> None:
    """The notebook toolbar's "Restart the kernel and run all cells", as a student would, then wait until every
    code cell has run."""
    prompts = """[...document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')
                  .querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"""
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-command='notebook:restart-run-all']").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart Kernel?"
    try:  # on a busy machine the run can be lost in the restart: then ask for it again, from the Run menu
        page.wait_for_function(f"() => {prompts}.some(p => /\\[[\\d*]+\\]/.test(p.textContent))", polling=POLL_MS,
                               timeout=60_000)
    except PlaywrightTimeout:
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    page.wait_for_function(f"() => {{ const all = {prompts}; "
                           "return all.length > 0 && all.every(p => /\\[\\d+\\]/.test(p.textContent)); }",
                           polling=POLL_MS)


def validate(page) -> str:
    """nbgrader's Validate button in the notebook toolbar; returns the text of the dialog it opens."""
    page.locator(".validate-button").first.click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for()
    page.wait_for_function("() => !document.querySelector('.jp-Dialog-content')?.textContent.includes('Validating')",
                           polling=POLL_MS)
    return dialog.inner_text()


@pytest.fixture
def answered_lab(student_setup, tmp_path):  # noqa: F811 (the imported fixture)
    """The student's folder with a0 answered (the source solutions typed into the release), served by
    `tasks.py lab`."""
    course, student = student_setup
    notebook = next((student / ASSIGNMENTS[0]).glob("*.ipynb"))
    source = nbformat.read(SOURCE / ASSIGNMENTS[0] / notebook.name, as_version=4)
    nbformat.write(submissions.solution(source, nbformat.read(notebook, as_version=4)), notebook)
    port, token = free_port(), "browser-test-token"
    command = tasks.lab_command(student, ["--no-browser", f"--ServerApp.port={port}",
                                          f"--ServerApp.runtime_dir={tmp_path / 'runtime'}"], token)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=tasks.lab_environment())
    try:
        url = f"http://127.0.0.1:{port}"
        get(f"{url}/api/status?token={token}", time.monotonic() + 60)
        yield url, token, notebook.relative_to(student)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_student_runs_and_validates_a_notebook_in_the_browser(answered_lab, browser, capsys):
    url, token, notebook = answered_lab
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    steps = Steps("student-lab", page)
    try:
        page.goto(f"{url}/lab/tree/{urllib.parse.quote(notebook.as_posix())}?token={token}")
        page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
        steps.shot("lab-with-the-notebook")

        run_all_cells(page)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                              ":has-text('Traceback'), .jp-OutputArea-output:has-text('Error:')")
        assert errors.count() == 0, f"a cell failed: {errors.first.inner_text()[:500]}"
        assert page.locator(".jp-OutputArea-output img, .jp-RenderedImage").count() > 0, "no figure was drawn"
        steps.shot("all-cells-ran")

        result = validate(page)
        steps.shot("validated")
        assert "Success! Your notebook passes all the tests." in result, result
        assert steps.outside == [], f"the lab fetched from outside this computer: {steps.outside[:5]}"
    finally:
        page.close()
        with capsys.disabled():
            print(f"\nscreenshots: {steps.folder}")
