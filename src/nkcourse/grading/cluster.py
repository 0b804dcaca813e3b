"""Run the notebooks of a grading run on a Dask cluster (``grade --scheduler ADDRESS``).

The instructor's machine keeps the course folder, the gradebook and the run's state, and stays the only writer.
Workers get everything as data - the submitted notebook's bytes, and once per worker a context holding the
assignment sources, ``nbgrader_config.py`` and the gradebook's assignments (no student or grade) - and return
the executed notebook and its problems as plain data, exactly as a local worker does. Each worker runs its
kernels in the same sandbox and runs the test cells in its own process, on the grader's side of the trust
boundary.

A worker that dies or vanishes costs a retry: the scheduler runs its notebook again on another worker (up to
``distributed.scheduler.allowed-failures`` times, then the notebook is left for the next run, like any
notebook the grader could not execute).
"""
from __future__ import annotations

import collections
import hashlib
import shutil
import tempfile
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import grader
from .sandbox import Sandbox, SandboxUnavailable, check

# Notebooks submitted to the cluster and not yet back: enough to keep a large cluster busy (and an adaptive one
# growing), while this process holds at most this many submissions in memory.
WINDOW = 1000
RETRIES = 2  # for a task that raised on its worker (a notebook's own failures are reported, not raised)
# Packages whose versions decide grades: a worker must have the instructor's.
PINNED = ("nkcourse", "nbgrader", "nbclient", "ipykernel", "pandas", "numpy", "matplotlib")


# ---------------------------------------------------------------- worker side

_prepared: dict = {}
# One notebook at a time per worker process: its kernels share one sandbox user, and test cells redirect stdout.
_one_at_a_time = threading.Lock()


def grade_on_worker(context: dict, student: str, assignment: str, notebook: str, data: bytes) -> dict:
    """grader.execute_notebook on a Dask worker, set up from `context` (course_context) on its first notebook."""
    with _one_at_a_time:
        if _prepared.get("digest") != context["digest"]:
            _prepare(context)
        return grader.execute_notebook(student, assignment, notebook, data)


def _prepare(context: dict) -> None:
    """Write the context into a private course folder of this worker, and set the worker up from it."""
    if "folder" in _prepared:  # the previous run's
        shutil.rmtree(_prepared.pop("folder"), ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="nkgrade-course-"))
    for name, content in context["files"].items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    grader._init_worker(str(folder), context["timeout"], context["notebook_timeout"],
                        f"sqlite:///{folder / 'gradebook.db'}", context["sandboxed"], context["limits"],
                        context["fork_kernels"])
    _prepared.update(digest=context["digest"], folder=str(folder))


def worker_report(sandboxed: bool, fork_kernels: bool = True) -> dict:
    """What the instructor's machine checks of a worker before sending it a notebook."""
    versions = {}
    for name in PINNED:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "missing"
    report = {"versions": versions}
    if sandboxed:
        try:
            check(Sandbox(Path(tempfile.gettempdir()), fork_kernels=fork_kernels))
        except SandboxUnavailable as error:
            report["sandbox"] = str(error)
    return report


# ---------------------------------------------------------------- instructor's side

def connect(address: str):
    """A client of the scheduler at `address`, or of the one a scheduler file (dask scheduler --scheduler-file) names."""
    from distributed import Client
    where = {"scheduler_file": address} if address.endswith(".json") and Path(address).is_file() else {"address": address}
    try:
        return Client(**where, timeout="30s")
    except (OSError, TimeoutError, ValueError) as error:  # ValueError: not an address
        raise SystemExit(f"Cannot reach the Dask scheduler at {address}: {error}") from None


def check_workers(client, sandboxed: bool, fork_kernels: bool = True) -> None:
    """Refuse a cluster whose workers would grade differently, or could not sandbox the kernels."""
    reports = client.run(worker_report, sandboxed, fork_kernels)
    if not reports:
        raise SystemExit(f"The Dask cluster at {client.scheduler.address} has no workers.")
    mine = worker_report(False)["versions"]
    for address, report in sorted(reports.items()):
        if "sandbox" in report:
            raise SandboxUnavailable(f"on the Dask worker {address}: {report['sandbox']}")
        differ = [f"{name} {report['versions'][name]} (here {mine[name]})" for name in PINNED
                  if report["versions"][name] != mine[name]]
        if differ:
            raise SystemExit(f"The Dask worker {address} has other versions than this machine: {', '.join(differ)}. "
                             "Install the course's requirements.lock and the course package on every worker.")
    threads = {address: info["nthreads"] for address, info in client.scheduler_info()["workers"].items()}
    crowded = sorted(address for address, count in threads.items() if count != 1)
    if crowded:
        raise SystemExit(f"Dask workers {', '.join(crowded)} run several threads: a grading worker runs one notebook "
                         "at a time, so start them with one thread each (dask worker --nthreads 1 --nworkers N).")


def course_context(g: grader.Grader, snapshot: Path) -> dict:
    """Everything a worker needs of the course, as data: the sources, the config and the gradebook snapshot."""
    root = Path(g.coursedir.root)
    source = root / g.coursedir.source_directory
    files = {f"source/{path.relative_to(source)}": path.read_bytes() for path in sorted(source.glob("*/*.ipynb"))}
    files["nbgrader_config.py"] = (root / "nbgrader_config.py").read_bytes()
    files["gradebook.db"] = snapshot.read_bytes()  # assignments only (grader._snapshot)
    digest = hashlib.sha256()
    for name, content in files.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    settings = {"timeout": g.timeout, "notebook_timeout": g.notebook_timeout, "sandboxed": g.sandboxed,
                "limits": g.limits, "fork_kernels": g.fork_kernels}
    digest.update(repr(settings).encode())
    return {"digest": digest.hexdigest(), "files": files, **settings}


def _identity(value):
    return value


class DaskPool:
    """The Grader's pool (see grader.LocalPool) on a Dask cluster."""

    def __init__(self, g: grader.Grader, snapshot: Path):
        self.grader, self.snapshot = g, snapshot
        self.waiting: collections.deque = collections.deque()
        self.running: dict = {}
        self.done: collections.deque = collections.deque()  # results known here: notebooks that could not be read
        self.total = 0

    def __enter__(self) -> DaskPool:
        from distributed import as_completed
        self.client = connect(self.grader.scheduler)
        try:
            check_workers(self.client, self.grader.sandboxed, self.grader.fork_kernels)
            context = course_context(self.grader, self.snapshot)
            # A task, not scattered data: should every worker holding it vanish, the scheduler computes it again.
            self.context = self.client.submit(_identity, context, key=f"nkgrade-context-{context['digest']}")
        except BaseException:
            self.client.close()
            raise
        self.completed = as_completed()
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()  # the scheduler forgets this run's tasks

    def __len__(self) -> int:
        return self.total

    def submit(self, job: tuple[str, str, str, str]) -> None:
        """job: (student, assignment, notebook, path of the submitted notebook), read here when it is sent."""
        self.waiting.append(job)
        self.total += 1
        self._send()

    def _send(self) -> None:
        while self.waiting and len(self.running) < WINDOW:
            job = self.waiting.popleft()
            try:
                data = grader.read_submitted(job[3])
            except Exception as error:
                self.done.append((job, grader.unreadable(*job[:3], error)))
                continue
            future = self.client.submit(grade_on_worker, self.context, *job[:3], data, retries=RETRIES, pure=False)
            self.running[future] = job
            self.completed.add(future)

    def results(self):
        """(job, its result, or the exception that stopped it), as they finish."""
        while self.done or self.running:
            if self.done:
                yield self.done.popleft()
                continue
            future = next(self.completed)
            job = self.running.pop(future)
            try:
                result = future.result()
            except Exception as error:  # KilledWorker: it took its worker down too often; or the cluster went away
                result = error
            self._send()
            yield job, result
