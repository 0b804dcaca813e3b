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

from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Integer

GUARD = """\
_nk_ip = get_ipython()
_nk_ip.__dict__.pop("run_cell", None)
_nk_ip.ast_transformers.clear()
_nk_ip.input_transformers_post.clear()
from IPython.core import inputtransformer2 as _nk_it
_nk_ip.input_transformers_cleanup[:] = [_nk_it.leading_empty_lines, _nk_it.leading_indent, _nk_it.classic_prompt, _nk_it.ipython_prompt]
for _nk_callbacks in _nk_ip.events.callbacks.values():
    _nk_callbacks[:] = [f for f in _nk_callbacks if getattr(f, "__module__", "").split(".")[0] in ("IPython", "ipykernel", "matplotlib_inline")]
import sys as _nk_sys
_nk_sys.settrace(None)
_nk_sys.setprofile(None)
del _nk_ip, _nk_it, _nk_callbacks, _nk_sys"""

GUARD_TAG = "nkgrade-guard"


def error_output(ename: str, evalue: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class GuardedExecute(Execute):
    max_output_bytes = Integer(1 << 20, help="Output kept per cell while it runs; the rest is dropped.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        token = secrets.token_hex(12)
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
        nb.cells = cells
        try:
            super().preprocess(nb, resources, km)
        except DeadKernelError:
            self.problems.append("the kernel died; cells after that point were not run and score 0")
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and index not in self._started_done and not cell.metadata.get(GUARD_TAG):
                    cell.outputs.append(error_output("KernelDied", "the kernel died before this cell finished, so it was not graded"))
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

    def preprocess_cell(self, cell, resources, index):
        self._started.add(index)
        result = super().preprocess_cell(cell, resources, index)
        return result

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
