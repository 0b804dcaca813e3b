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

# Hooks of every kind that could rewrite, skip or silence a test run in the kernel, or forge what the kernel
# hands over. Each is put before the answers of an untouched notebook: with the tests run by the grader, every
# one must leave it at 0 points.
HOOKS = {
    "skipper": "get_ipython().input_transformers_cleanup.append(lambda lines: [] if any('checks' in l for l in lines) else lines)",
    "patcher": """_ip = get_ipython()
_original = type(_ip).run_cell
def _run_cell(self, raw_cell, *args, **kwargs):
    return _original(self, 'pass' if 'checks' in raw_cell else raw_cell, *args, **kwargs)
type(_ip).run_cell = _run_cell""",
    "run-code": """_ip = get_ipython()
_run_code = _ip.run_code
async def _quiet(code_obj, result=None, *, async_=False):
    try:
        return await _run_code(code_obj, result, async_=async_)
    except BaseException:
        return False
_ip.run_code = _quiet""",
    "ast-parse": """import ast, IPython.core.compilerop as _c
_c.CachingCompiler.ast_parse = lambda self, source, filename='<unknown>', symbol='exec': ast.parse('pass')""",
    "transform-ast": """import ast
from IPython.core.interactiveshell import InteractiveShell
InteractiveShell.transform_ast = lambda self, node: ast.parse('True')""",
    "events": """def _forgive(result):
    result.error_in_exec = None
_forgive.__module__ = 'IPython.core.events'
get_ipython().events.register('post_run_cell', _forgive)""",
    "showtraceback": "get_ipython().showtraceback = lambda *args, **kwargs: None",
    "custom-exc": "get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)",
    "session": """_session = get_ipython().kernel.session
_send = _session.send
def _no_errors(stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == 'error' or (isinstance(content, dict) and content.get('status') == 'error'):
        return None
    return _send(stream, msg_or_type, content, *args, **kwargs)
_session.send = _no_errors""",
    "thread": """import threading, time
def _reinstall():
    while True:
        get_ipython().input_transformers_cleanup[:] = [lambda lines: ['pass\\n']]
        time.sleep(0.01)
threading.Thread(target=_reinstall, daemon=True).start()""",
    "builtins": """import builtins
builtins.isinstance = lambda *args: True
builtins.len = lambda *args: 0
builtins.type = lambda *args: int""",
    "load-table": "import nkcourse\nnkcourse.load_table = lambda *args, **kwargs: None",
    "displayer": "import gc\ngc.callbacks.append(lambda phase, info: display(2.0))\ndisplay(99)",
    "forger": """import json, nkcourse.grading.handover as _handover
from IPython.display import publish_display_data
_handover.answer = lambda request: publish_display_data({_handover.MIME: json.dumps({'ref': 0, 'value': True})})""",
    "flooder": """import nkcourse.grading.handover as _handover
from IPython.display import publish_display_data
_handover.answer = lambda request: publish_display_data({_handover.MIME: '[' * 100000 + ']' * 100000})""",
}

HOARDERS = """import os, time
for _ in range(8):
    if os.fork() == 0:
        _hoard = b'x' * (640 << 20)
        time.sleep(600)
time.sleep(3)"""

SECRET = "nkgrade-probe-secret-4f1c"  # in the grader's environment during the hostile run: no kernel may see it

# What a kernel can find of the grader, printed into the student's own feedback.
PROBE = """import os
for _path in [{course!r}, {course!r} + '/source', {course!r} + '/../..', os.path.expanduser('~'), '/home', '/work']:
    try:
        print(_path, sorted(os.listdir(_path)))
    except OSError as _error:
        print(_path, type(_error).__name__)
print(dict(os.environ))
print(In, get_ipython().history_manager.input_hist_raw)"""


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
    # Children each under the per-process limit, together far over it: the watch on the process tree stops them.
    # (Whether the tree passes the memory limit before the notebook ends depends on the machine's speed; either
    # way its processes are stopped. test_the_watch_holds_a_process_tree_to_its_limits tests the limit itself.)
    "hoarders": Hostile(("across its processes", "processes running"), None, prefixed(lambda c, s: HOARDERS)),
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
    **{name: Hostile(None, 0, prefixed(lambda c, s, code=code: code, answers="release")) for name, code in HOOKS.items()},
    # After every test has run, it prints what it can find: the grader's files, environment and the tests.
    "prober": Hostile(None, None, prefixed(lambda c, s: PROBE.format(course=str(c)), which=-1)),
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
