"""nbgrader's Execute preprocessor, hardened against submissions that fight the grader.

- A test cell only earns points if it demonstrably ran to its end: a random token printed by a line
  appended to it must appear. Code that empties, skips or rewrites later cells loses those points.
- Before each test cell a hidden guard cell removes the usual hooks for rewriting later cells
  (IPython's input and AST transformers, foreign execution callbacks, trace functions).
- If the kernel dies, every cell that did not run gets an error, so it scores nothing instead of full
  marks (nbgrader awards a test cell's points when it has no error output).
- Output beyond a cap is dropped while the cell runs, so an output flood cannot exhaust the grader.
Guard cells, tokens and appended lines are removed again before the notebook is saved.
"""
from __future__ import annotations

import secrets
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Integer

GUARD = """\
_nk_ip = get_ipython()
from IPython.core import inputtransformer2 as _nk_it
import sys as _nk_sys
_nk_default = [_nk_it.leading_empty_lines, _nk_it.leading_indent, _nk_it.classic_prompt, _nk_it.ipython_prompt]
_nk_removed = int(_nk_ip.__dict__.pop("run_cell", None) is not None) + len(_nk_ip.ast_transformers) \\
    + len(_nk_ip.input_transformers_post) + int(_nk_ip.input_transformers_cleanup != _nk_default) \\
    + int(_nk_sys.gettrace() is not None) + int(_nk_sys.getprofile() is not None)
_nk_ip.ast_transformers.clear()
_nk_ip.input_transformers_post.clear()
_nk_ip.input_transformers_cleanup[:] = _nk_default
for _nk_callbacks in _nk_ip.events.callbacks.values():
    _nk_kept = [f for f in _nk_callbacks if getattr(f, "__module__", "").split(".")[0] in ("IPython", "ipykernel", "matplotlib_inline")]
    _nk_removed += len(_nk_callbacks) - len(_nk_kept)
    _nk_callbacks[:] = _nk_kept
_nk_sys.settrace(None)
_nk_sys.setprofile(None)
if _nk_removed:
    print("nkgrade-guard-removed", _nk_removed)
del _nk_ip, _nk_it, _nk_sys, _nk_default, _nk_removed, _nk_callbacks, _nk_kept"""

# Run last, inside the sandbox only: count processes other than the sandbox's init and the kernel itself.
CENSUS = """\
import os as _nk_os
if _nk_os.environ.get("NKGRADE_SANDBOX"):
    print("nkgrade-census", len([p for p in _nk_os.listdir("/proc") if p.isdigit() and int(p) not in (1, _nk_os.getpid())]))
del _nk_os"""

GUARD_TAG = "nkgrade-guard"


def error_output(ename: str, evalue: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class GuardedExecute(Execute):
    max_output_bytes = Integer(1 << 20, help="Output kept per cell while it runs; the rest is dropped.").tag(config=True)
    notebook_timeout = Integer(300, help="Seconds for the whole notebook; cells not started by then score 0.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        token = secrets.token_hex(12)
        self._deadline = time.monotonic() + self.notebook_timeout
        self.problems: list[str] = []
        self._started: set[int] = set()
        self._output_bytes: dict[int, int] = {}
        originals = {}
        cells = []
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
                guard = new_code_cell(GUARD, metadata={GUARD_TAG: True})
                cells.append(guard)
                originals[id(cell)] = cell.source
                cell.source = f"{cell.source}\nprint('nkgrade-{token}')"
            cells.append(cell)
        cells.append(new_code_cell(CENSUS, metadata={GUARD_TAG: True}))
        nb.cells = cells
        try:
            super().preprocess(nb, resources, km)
        except Exception as error:  # noqa: BLE001 - whatever stopped the kernel, grade what ran
            if isinstance(error, DeadKernelError):
                self.problems.append("the kernel died; cells after that point were not run and score 0")
            elif isinstance(error, CellTimeoutError):
                self.problems.append("a cell hit the time limit and the kernel ignored the interrupt; "
                                     "cells after that point were not run and score 0")
            else:
                self.problems.append(f"the kernel stopped responding properly ({type(error).__name__}); "
                                     "cells after that point were not run and score 0")
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and index not in self._started_done and not cell.metadata.get(GUARD_TAG):
                    cell.outputs.append(error_output("KernelDied", "the kernel died before this cell finished, so it was not graded"))
        self._read_guards([cell for cell in nb.cells if cell.metadata.get(GUARD_TAG)])
        nb.cells = [cell for cell in nb.cells if not cell.metadata.get(GUARD_TAG)]
        marker = f"nkgrade-{token}"
        for cell in nb.cells:
            if id(cell) not in originals:
                continue
            cell.source = originals[id(cell)]
            seen = False
            for output in cell.outputs:
                if output.output_type == "stream" and marker in output.text:
                    seen = True
                    output.text = "".join(line for line in output.text.splitlines(True) if marker not in line)
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and not o.text)]
            has_error = any(output.output_type == "error" for output in cell.outputs)
            if not seen and not has_error:
                grade_id = cell.metadata["nbgrader"]["grade_id"]
                self.problems.append(f"test cell {grade_id} did not run to its end: its execution was altered; scored 0")
                cell.outputs.append(error_output("GradingIntegrityError",
                                                 "this test cell did not run to its end, so it earns no points"))
        return nb, self.resources

    def _read_guards(self, guards) -> None:
        text = "".join(o.get("text", "") for cell in guards for o in cell.outputs if o.output_type == "stream")
        removed = sum(int(line.split()[1]) for line in text.splitlines() if line.startswith("nkgrade-guard-removed"))
        if removed:
            self.problems.append(f"altered how later cells run ({removed} hooks removed before the tests ran)")
        census = [int(line.split()[1]) for line in text.splitlines() if line.startswith("nkgrade-census")]
        if census and census[0] > 0:
            self.problems.append(f"left {census[0]} processes running; they were stopped with the kernel")

    def preprocess_cell(self, cell, resources, index):
        if time.monotonic() > self._deadline:
            # Many cells each just under the cell limit must not hold a worker for hours.
            if cell.cell_type == "code" and not cell.metadata.get(GUARD_TAG):
                if not any("notebook time limit" in problem for problem in self.problems):
                    self.problems.append(f"hit the notebook time limit ({self.notebook_timeout} s); "
                                         "cells after that point were not run and score 0")
                cell.outputs = [error_output("NotebookTimeLimit", "the notebook ran out of time before this cell, "
                                                                  "so it was not graded")]
            return cell, resources
        self._started.add(index)
        return super().preprocess_cell(cell, resources, index)

    @property
    def _started_done(self) -> set[int]:
        # The cell during which the kernel died was started but did not finish.
        return self._started - {max(self._started)} if self._started else set()

    def output(self, outs, msg, display_id, cell_index):
        size = len(str(msg.get("content", "")))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size > self.max_output_bytes:
            if used <= self.max_output_bytes:
                outs.append(new_output("stream", name="stderr", text="[output truncated by the grader]\n"))
                self.problems.append(f"cell {cell_index} produced more than {self.max_output_bytes} bytes of output; the rest was dropped")
            return None
        return super().output(outs, msg, display_id, cell_index)
