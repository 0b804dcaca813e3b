"""Time every source notebook's execution and the whole test suite; print the figures.

Targets (COURSE.md): each notebook under 10 s, the suite under 5 minutes, on 2 cores, installation
excluded. This prints measurements; it does not fail on them (timed tests flake).

    python3 tasks.py bench            # notebooks and suite
    python3 tasks.py bench --no-suite # notebooks only
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_TARGET_S = 10
SUITE_TARGET_S = 300


def time_notebook(path: Path) -> tuple[float, float]:
    """(seconds including kernel start, seconds running the cells)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        cells_start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        cells = time.perf_counter() - cells_start
    return time.perf_counter() - start, cells


def main(argv: list[str]) -> int:
    notebooks = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
    print(f"{'notebook':<56} {'total s':>8} {'cells s':>8}  target <{NOTEBOOK_TARGET_S} s")
    grand = 0.0
    for path in notebooks:
        total, cells = time_notebook(path)
        grand += total
        flag = "ok" if total < NOTEBOOK_TARGET_S else "OVER"
        print(f"{str(path.relative_to(ROOT / 'course' / 'source')):<56} {total:8.2f} {cells:8.2f}  {flag}")
    print(f"{'all notebooks, one after another':<56} {grand:8.2f}")
    if "--no-suite" not in argv:
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT,
                              stdout=subprocess.DEVNULL).returncode
        suite = time.perf_counter() - start
        flag = "ok" if suite < SUITE_TARGET_S else "OVER"
        print(f"{'test suite (python -m pytest)':<56} {suite:8.2f}           {flag} (exit code {code})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
