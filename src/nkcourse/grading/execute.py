"""nbgrader's Execute preprocessor with the trust boundary: test cells run in the grader, never in the kernel.

- Every other code cell runs in the student's kernel as usual. A test cell is not sent to it: it runs here
  (``boundary.TrustedTests``), asking the kernel only for the values of the student's names and the results of
  the student's functions, and its verdict becomes its output. So nothing the student's code does in its kernel
  - hooks, patched builtins or helpers, forged output - can pass a check it does not pass on the answer's
  merits, and no test, expected value or check ever enters the kernel.
- If the kernel dies, every cell that did not run gets an error, so it scores nothing instead of full
  marks (nbgrader awards a test cell's points when it has no error output).
- Every message a cell sends counts against an output cap while it runs; beyond it messages are dropped, so
  no kind of output (display updates included) can exhaust the grader.
- A deadline for the whole notebook, after which cells are not run and score nothing.
"""
from __future__ import annotations

import json
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode, from_dict
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from .boundary import HandoverError, TrustedTests
from .credit import is_test
from .handover import MIME

# Run last, inside the sandbox only: count processes other than the sandbox's init and the kernel itself.
CENSUS = """\
import os as _nk_os
if _nk_os.environ.get("NKGRADE_SANDBOX"):
    print("nkgrade-census", len([p for p in _nk_os.listdir("/proc") if p.isdigit() and int(p) not in (1, _nk_os.getpid())]))
del _nk_os"""

CENSUS_TAG = "nkgrade-census"
ASK = "__import__('nkcourse.grading.handover', fromlist=['answer']).answer({request!r})"


def error_output(ename: str, evalue: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class KernelStartFailed(Exception):
    """No cell ran: the kernel did not start or died starting. Nothing of the submission has been judged."""


class NotebookTimeLimit(Exception):
    """The notebook's deadline passed while a test cell was asking its kernel."""


class GuardedExecute(Execute):
    max_output_bytes = Integer(1 << 20, help="Output kept per cell while it runs; the rest is dropped.").tag(config=True)
    max_reply_bytes = Integer(32 << 20, help="Largest answer a kernel may hand over for one request.").tag(config=True)
    notebook_timeout = Integer(300, help="Seconds for the whole notebook; cells not started by then score 0.").tag(config=True)

    def __init__(self, source_nb, **kwargs):
        """source_nb: the instructor's version of the notebook; its imports and names draw the boundary."""
        super().__init__(**kwargs)
        self.source_nb = source_nb
        self.store_widget_state = False  # widget state would grow the notebook past every output cap

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.notebook_timeout
        self.problems: list[str] = []
        self._started: set[int] = set()
        self._output_bytes: dict[int, int] = {}
        self._asking: dict | None = None  # while a test cell waits for the kernel's answer
        self._kernel_manager = None
        self._tests = TrustedTests(self.source_nb, self._ask, passes=(DeadKernelError, CellTimeoutError))
        nb.cells.append(new_code_cell(CENSUS, metadata={CENSUS_TAG: True}))
        try:
            super().preprocess(nb, resources, km)
        except Exception as error:  # noqa: BLE001 - whatever stopped the kernel, grade what ran
            if not self._started:
                raise KernelStartFailed(f"{type(error).__name__}: {str(error)[:100]}") from error
            watch = getattr(self._kernel_manager, "watch", None)
            if watch is not None and watch.reason:
                self.problems.append(f"the kernel was stopped: it {watch.reason}; cells after that point were not "
                                     "run and score 0")
            elif isinstance(error, DeadKernelError):
                self.problems.append("the kernel died; cells after that point were not run and score 0")
            elif isinstance(error, CellTimeoutError):
                self.problems.append("a cell hit the time limit and the kernel ignored the interrupt; "
                                     "cells after that point were not run and score 0")
            else:
                self.problems.append(f"the kernel stopped responding properly ({type(error).__name__}); "
                                     "cells after that point were not run and score 0")
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and index not in self._started_done and not cell.metadata.get(CENSUS_TAG):
                    cell.outputs.append(error_output("KernelDied", "the kernel died before this cell finished, so it was not graded"))
        census = [cell for cell in nb.cells if cell.metadata.get(CENSUS_TAG)]
        self._read_census(census)
        nb.cells = [cell for cell in nb.cells if not cell.metadata.get(CENSUS_TAG)]
        return nb, self.resources

    def _read_census(self, cells) -> None:
        text = "".join(o.get("text", "") for cell in cells for o in cell.outputs if o.output_type == "stream")
        census = [line.split()[1] for line in text.splitlines() if line.startswith("nkgrade-census")]
        if census and census[0].isdigit() and int(census[0]) > 0:
            self.problems.append(f"left {census[0]} processes running; they were stopped with the kernel")

    def preprocess_cell(self, cell, resources, index):
        if time.monotonic() > self._deadline:
            # Many cells each just under the cell limit must not hold a worker for hours.
            if cell.cell_type == "code" and not cell.metadata.get(CENSUS_TAG):
                self._note_deadline()
                cell.outputs = [error_output("NotebookTimeLimit", "the notebook ran out of time before this cell, "
                                                                  "so it was not graded")]
            return cell, resources
        self._started.add(index)
        self._kernel_manager = self.km  # nbclient forgets it when the kernel dies; its watch says why it died
        if is_test(cell):
            self._index = index
            cell.outputs = [from_dict(output) for output in self._tests.run(cell.source)]
            self.nb.cells[index] = cell
            return cell, resources
        return super().preprocess_cell(cell, resources, index)

    def _note_deadline(self) -> None:
        if not any("notebook time limit" in problem for problem in self.problems):
            self.problems.append(f"hit the notebook time limit ({self.notebook_timeout} s); "
                                 "cells after that point were not run and score 0")

    def _ask(self, request: dict) -> dict:
        """Run one request of a test cell in the kernel (see handover.answer) and return the reply."""
        if time.monotonic() > self._deadline:
            self._note_deadline()
            raise NotebookTimeLimit("the notebook ran out of time while this cell was being graded")
        probe = new_code_cell(ASK.format(request=json.dumps(request)))
        test_cell = self.nb.cells[self._index]
        self._asking = {"reply": None, "error": None}
        try:
            self.execute_cell(probe, self._index, store_history=False)
        finally:
            asked, self._asking = self._asking, None
            self.nb.cells[self._index] = test_cell
        if asked["reply"] is not None:
            try:
                return json.loads(asked["reply"])
            except (ValueError, RecursionError):
                raise HandoverError("the notebook's kernel answered with something that is not data") from None
        if any(output.get("ename") == "CellTimeoutError" for output in probe.outputs):
            raise TimeoutError(f"the answer did not finish within the time limit ({self.timeout} s per call)")
        raise HandoverError(f"the notebook's kernel did not answer ({asked['error'] or 'no reply'}); "
                            "was the notebook's machinery altered?")

    @property
    def _started_done(self) -> set[int]:
        # The cell during which the kernel died was started but did not finish.
        return self._started - {max(self._started)} if self._started else set()

    def process_message(self, msg, cell, cell_index):
        kind = msg["msg_type"]
        if kind in ("status", "execute_input"):
            return super().process_message(msg, cell, cell_index)
        content = msg.get("content", {})
        if self._asking is not None:
            data = content.get("data") or {}
            if kind == "display_data" and isinstance(data, dict) and MIME in data:
                reply = data[MIME]
                if isinstance(reply, str) and len(reply) <= self.max_reply_bytes:
                    self._asking["reply"] = reply
                else:
                    self._asking["error"] = f"an answer larger than {self.max_reply_bytes >> 20} MB"
            elif kind == "error":
                self._asking["error"] = str(content.get("ename"))[:100]
            return None  # what the student's code printed while answering is not kept
        size = len(str(content))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size > self.max_output_bytes:
            if used <= self.max_output_bytes:
                cell.outputs.append(new_output("stream", name="stderr", text="[output truncated by the grader]\n"))
                self.problems.append(f"cell {cell_index} produced more than {self.max_output_bytes} bytes of output; the rest was dropped")
            return None
        return super().process_message(msg, cell, cell_index)
