"""Hostile and broken submissions of one notebook, for the grading command's suite.

Each entry: what the submission does, the phrase its line in the grading summary must contain, and the
most autograded points it may earn (None: the honest solution's points, i.e. the attack gains nothing).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tests import submissions
from tests.submissions import is_autograded_test, meta


@dataclass
class Hostile:
    phrase: str | tuple[str, ...] | None   # None: nothing to report (it must simply be graded)
    max_points: float | None   # None: at most the honest solution's points; 0: nothing
    build: object              # (source, release, course) -> notebook text, a Path to link to, or None for "no notebook"
    filename: str | None = None


def _prefix_answer(nb, code: str, which: int = 0):
    cells = [c for c in nb.cells if meta(c).get("solution") and c.cell_type == "code"]
    cells[which].source = code + "\n" + cells[which].source
    return nb


def prefixed(code_for, which: int = 0, answers: str = "solution"):
    def build(source, release, course: Path):
        base = submissions.solution(source, release) if answers == "solution" else copy.deepcopy(release)
        return nbformat.writes(_prefix_answer(base, code_for(course, source), which))
    return build


def _source_nb(course: Path, source) -> Path:
    return next((course / "source").glob("*/*.ipynb"))


FORK_BOMB = """import os, time
while True:
    if os.fork() == 0:
        time.sleep(600)
        os._exit(0)"""

# Both attacks recognise a test cell by the check library it calls.
SKIPPER = "get_ipython().input_transformers_cleanup.append(lambda lines: [] if any('checks' in l for l in lines) else lines)"

CLASS_PATCH = """_ip = get_ipython()
_original = type(_ip).run_cell
def _run_cell(self, raw_cell, *args, **kwargs):
    return _original(self, 'pass' if 'checks' in raw_cell else raw_cell, *args, **kwargs)
type(_ip).run_cell = _run_cell"""


def _slowed(source, release):
    nb = submissions.solution(source, release)
    for cell in nb.cells:
        if cell.cell_type == "code" and meta(cell).get("solution"):
            cell.source = "import time; time.sleep(4)\n" + cell.source
    return nb


def _deleted_tests(source, release, course):
    nb = submissions.solution(source, release)
    nb.cells = [c for c in nb.cells if not is_autograded_test(c)]
    return nbformat.writes(nb)


def _reordered(source, release, course):
    nb = submissions.solution(source, release)
    first_test = next(i for i, c in enumerate(nb.cells) if is_autograded_test(c))
    nb.cells.insert(0, nb.cells.pop(first_test))
    return nbformat.writes(nb)


HOSTILE = {
    "loop": Hostile("time limit", None, prefixed(lambda c, s: "while True:\n    pass")),
    # Every cell just under the cell limit: the notebook's own limit stops it.
    "slowpoke": Hostile("notebook time limit", None, lambda s, r, c: nbformat.writes(_slowed(s, r))),
    "memory": Hostile("out of memory", None, prefixed(lambda c, s: "_hog = bytearray(16 * 1024 ** 3)")),
    # Forked copies of the kernel may garble its messages; either way the summary must say what happened.
    "forkbomb": Hostile(("process limit", "kernel"), None, prefixed(lambda c, s: FORK_BOMB)),
    "flood": Hostile("bytes of output", None, prefixed(lambda c, s: "while True:\n    print('x' * 10000)")),
    "writer": Hostile("file access", None, prefixed(
        lambda c, s: f"open({str(_source_nb(c, s))!r}, 'a').write('pwned')")),
    "gradebook": Hostile("file access", None, prefixed(
        lambda c, s: f"open({str(c / 'gradebook.db')!r}, 'r+b').write(b'pwned')")),
    "neighbour": Hostile("file access", None, prefixed(
        lambda c, s: f"open({str(c / 'submitted' / 'solution')!r} + '/x.txt', 'w').write('pwned')")),
    "reader": Hostile("file access", None, prefixed(lambda c, s: f"print(open({str(_source_nb(c, s))!r}).read())")),
    "eraser": Hostile("file access", None, prefixed(lambda c, s: f"import shutil; shutil.rmtree({str(c / 'source')!r})")),
    "daemon": Hostile("processes running", None, prefixed(
        lambda c, s: "import subprocess; subprocess.Popen(['sleep', '600'], start_new_session=True)")),
    "skipper": Hostile("altered how later cells run", 0, prefixed(lambda c, s: SKIPPER, answers="release")),
    "patcher": Hostile("did not run to its end", 0, prefixed(lambda c, s: CLASS_PATCH, answers="release")),
    "killer": Hostile("kernel died", None, prefixed(lambda c, s: "import os; os.kill(os.getpid(), 9)", which=2)),
    "deleter": Hostile("restored", None, _deleted_tests),
    "reorderer": Hostile("moved", None, _reordered),
    "missing": Hostile("missing", 0, lambda s, r, c: None),
    # The notebook is a link to the instructor's source: reading it would grade (and return) the hidden tests.
    "linker": Hostile("symbolic link", 0, lambda s, r, c: _source_nb(c, s)),
    # A lone surrogate cannot be written as UTF-8: the grader must still save this notebook and go on.
    "surrogate": Hostile(None, None, prefixed(lambda c, s: "print('\\ud800 lone surrogate')")),
    "renamer": Hostile("not part of the assignment", 0, lambda s, r, c: nbformat.writes(submissions.solution(s, r)),
                       filename="final_version.ipynb"),
}
