"""Feedback that leaks nothing: used by ``nbgrader generate_feedback`` through course/nbgrader_config.py."""
from __future__ import annotations

from pathlib import Path

import nbgrader
from nbgrader.preprocessors import ClearHiddenTests

from .credit import is_test

# Template folders for HTMLExporter (course/nbgrader_config.py): the course's own first, whose
# base/mathjax.html.j2 loads MathJax from the Jupyter server (jupyter-server-mathjax) instead of a CDN, then
# nbgrader's (feedback/, formgrade/), which nbgrader adds by itself only when none are configured.
TEMPLATE_BASEDIRS = [
    str(Path(__file__).parent / "templates"),
    str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
]


class HideTests(ClearHiddenTests):
    """Remove hidden tests from test cells, and reduce their error tracebacks to the final message.

    A traceback quotes the failing line of the test, so even a visible test cell's hidden part could be
    read from it; the assertion message, written for students, is kept.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if is_test(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}" if output.evalue else output.ename]
        return cell, resources
