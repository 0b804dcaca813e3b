"""Autograde a class in parallel: kernels run in worker processes (this machine's, or a Dask cluster's:
cluster.py), one process writes the gradebook.

For each submission the parent (the only gradebook writer) registers the student and the submission,
as ``nbgrader autograde`` does; workers sanitize and execute the notebooks with nbgrader's own
preprocessors, reading a snapshot of the gradebook, the test cells on the grader's side of the trust boundary
(execute.py); the parent then saves the grades with nbgrader's ``SaveAutoGrades`` and writes the autograded
notebook. Scores are therefore computed by nbgrader itself, from verdicts the student's kernel never touched.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import shutil
import stat
import tempfile
import types
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader import utils
from nbgrader.nbgraderformat import common as nbgrader_format
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                    IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec, SaveAutoGrades)
from traitlets.config.loader import PyFileConfigLoader

from .credit import PassFailOnly
from .sandbox import Limits, Sandbox, SandboxedKernelManager, claim_slot, reap

STATE_FILE = ".nkgrade/state.json"
SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
AFTER_EXECUTE = [IgnorePattern, ClearMetadataPreprocessor, LimitOutput, PassFailOnly]


class SaveAutoGradesAtOnce(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, committing a notebook's grades and comments once instead of after every cell
    (about 18 commits, each a disk sync, for a0): the same rows, written in one transaction. The one gradebook
    writer's time per notebook is what bounds a cluster's speed (benchmarks/bench_cluster.py)."""

    def preprocess(self, nb, resources):
        details = resources["nbgrader"]
        self.notebook_id, self.assignment_id = details["notebook"], details["assignment"]
        self.student_id, self.db_url = details["student"], details["db_url"]
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            session = self.gradebook.db
            session.commit = session.flush  # what the cell steps call; the rows reach the database below
            try:
                nb, resources = super(SaveAutoGrades, self).preprocess(nb, resources)  # the per-cell loop
            finally:
                del session.commit
            session.commit()
        return nb, resources


SAVE = [SaveAutoGradesAtOnce, AssignLatePenalties, CheckCellMetadata]
KERNEL_STARTS = 3  # attempts to start a kernel for one notebook before leaving it for the next run
# A submitted notebook larger than this is not read: no honest notebook of the course comes near it.
MAX_NOTEBOOK_BYTES = 32 << 20
MAX_OTHER_FILES = 100  # a submission's files besides its notebooks copied to autograded/ (the same size limit each)


@functools.lru_cache(maxsize=8)
def _validator(schema_text: str):
    schema = json.loads(schema_text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate(instance, schema) -> None:
    """jsonschema.validate, with nbgrader's metadata schema checked once rather than again for every cell: the same
    verdicts and errors (CheckCellMetadata), in 2.5 ms a notebook instead of 40 (twice a notebook: worker, parent)."""
    error = jsonschema.exceptions.best_match(_validator(json.dumps(schema)).iter_errors(instance))
    if error is not None:
        raise error


nbgrader_format.jsonschema = types.SimpleNamespace(validate=_validate)  # the one function nbgrader calls there


def load_course(course_dir: Path, timeout: int | None = None, notebook_timeout: int | None = None):
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir.resolve())
    if timeout is not None:
        config.Execute.timeout = timeout
    if notebook_timeout is not None:
        config.GuardedExecute.notebook_timeout = notebook_timeout
    return config, CourseDirectory(config=config)


@dataclass
class Outcome:
    student: str
    assignment: str
    status: str = "graded"          # graded | failed | skipped
    problems: list[str] = field(default_factory=list)
    not_run: int = 0                 # notebooks that could not be executed at all (scored 0)
    pending: int = 0
    retry: bool = False              # the grader, not the submission, failed: grade it again next run
    mark: str = ""

    def line(self) -> str:
        detail = "; ".join(self.problems) if self.problems else "ok"
        # Names come from folder names a student may have chosen: print them so they cannot forge lines.
        return f"{self.status:8} {printable(self.student)}/{printable(self.assignment)}: {printable(detail)}"


def printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def read_submitted(path: str) -> bytes:
    """A submitted notebook's bytes, read without following a symbolic link and only up to a size limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO gives nothing rather than blocking
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
    return data


def copy_submitted(path: Path, target: Path) -> str | None:
    """Copy one of a submission's other files (timestamp.txt, data a student saved) as nbgrader autograde does,
    but only a regular file, never through a symbolic link and only up to the size limit; say why not, if not."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise OSError("not a regular file")
        data = read_submitted(str(path))
    except (OSError, ValueError) as error:
        return f"{path.name} was not copied to autograded/ ({str(error)[:60] or type(error).__name__})"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return None


def submission_time(folder: Path):
    """The submission's time from its timestamp.txt, as nbgrader reads it (None if there is none), and a problem
    if the file is there but is a link, not a regular file, or not a time: the student wrote it."""
    path = folder / "timestamp.txt"
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise OSError("is a link or not a regular file")
        text = read_submitted(str(path)).decode("utf-8", "replace").strip()
        return (utils.parse_utc(text) if text else None), None
    except FileNotFoundError:
        return None, None
    except Exception as error:  # noqa: BLE001 - whatever the file holds, the submission is still graded
        reason = str(error) if isinstance(error, OSError) and not error.errno else "is not a readable time"
        return None, f"timestamp.txt {reason[:60]}; graded without a submission time (no late penalty): check it"


def unreadable(student: str, assignment: str, notebook: str, error: Exception) -> dict:
    """The result for a submitted notebook that could not be read or parsed: nothing ran, it scores 0."""
    if isinstance(error, OSError):  # ELOOP: a symbolic link, which could point at any file the grader may read
        problem = f"{notebook}.ipynb is a symbolic link or cannot be opened ({type(error).__name__}); scored 0"
    else:
        problem = f"{notebook}.ipynb is not a readable notebook ({type(error).__name__}: {str(error)[:80]}); scored 0"
    return {"student": student, "assignment": assignment, "notebook": notebook, "problems": [problem], "nb": None}


# ---------------------------------------------------------------- worker side

_worker: dict = {}


def _init_worker(course_dir: str, timeout, notebook_timeout, snapshot_url: str, sandboxed: bool, limits: Limits,
                 fork_kernels: bool = True) -> None:
    # Problems reach the instructor through the summary; library warnings about student notebooks
    # (and nbclient's complaint after a kernel is killed) would only bury it.
    warnings.filterwarnings("ignore")
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    config, coursedir = load_course(Path(course_dir), timeout, notebook_timeout)
    _worker.update(config=config, coursedir=coursedir, snapshot_url=snapshot_url)
    if sandboxed and "slot" not in _worker:  # once per process: a cluster's worker is set up again for each run
        _worker["slot"] = claim_slot(_worker)
    if SandboxedKernelManager.sandbox is not None:  # a cluster's worker, set up again for another run
        SandboxedKernelManager.sandbox.close()
    SandboxedKernelManager.sandbox = Sandbox(Path(course_dir), limits=limits, slot=_worker["slot"],
                                             fork_kernels=fork_kernels) if sandboxed else None
    if sandboxed:  # a pool's worker ends without atexit; multiprocessing still runs its finalizers
        multiprocessing.util.Finalize(None, SandboxedKernelManager.sandbox.close, exitpriority=10)


def execute_notebook(student: str, assignment: str, notebook: str, submitted: str | bytes) -> dict:
    """Sanitize and execute one submitted notebook; return it as JSON with the problems met.

    `submitted`: the notebook's path (a local worker reads it) or its bytes (read by the parent for a cluster)."""
    from .execute import KernelStartFailed
    try:
        data = read_submitted(submitted) if isinstance(submitted, str) else submitted
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as error:
        return unreadable(student, assignment, notebook, error)
    result = {"student": student, "assignment": assignment, "notebook": notebook, "problems": [], "nb": None}
    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            result["nb"] = _execute(copy.deepcopy(nb), student, assignment, notebook, result["problems"])
            break
        except KernelStartFailed as error:  # the machine, not the submission: try a fresh kernel
            if attempt == KERNEL_STARTS:
                result["problems"].append(f"{notebook}: no kernel could be started ({error}); not graded, "
                                          "run the command again")
                result["retry"] = True
        except Exception as error:
            message = str(error).strip().splitlines()[-1][:200] if str(error).strip() else ""
            result["problems"].append(f"{notebook}: could not be graded ({type(error).__name__}: {message}); scored 0")
            result["retry"] = True
            break
    return result


def _execute(nb, student: str, assignment: str, notebook: str, problems: list[str]) -> str:
    """Sanitize and execute one notebook in a fresh kernel; return the executed notebook as JSON text."""
    from .execute import GuardedExecute
    config = _worker["config"]
    if SandboxedKernelManager.sandbox is not None:
        reap(SandboxedKernelManager.sandbox.uid())
    workdir = tempfile.mkdtemp(prefix="nkgrade-")
    resources = {"unique_key": notebook, "output_files_dir": f"{notebook}_files", "metadata": {"path": workdir},
                 "nbgrader": {"student": student, "assignment": assignment, "notebook": notebook,
                              "db_url": _worker["snapshot_url"]}}
    try:
        submitted_order = grade_ids(nb)
        for preprocessor in SANITIZE:
            nb, resources = preprocessor(config=config)(nb, resources)
        coursedir = _worker["coursedir"]
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        source_nb = nbformat.read(source, as_version=4)
        found = structure_problems(submitted_order, grade_ids(nb), grade_ids(source_nb))
        kwargs = {"shutdown_kernel": "immediate"}
        if SandboxedKernelManager.sandbox is not None:
            kwargs["kernel_manager_class"] = SandboxedKernelManager
        executor = GuardedExecute(source_nb, config=config, **kwargs)
        nb, resources = executor(nb, resources)
        found += executor.problems + limit_problems(nb)
        for preprocessor in AFTER_EXECUTE:
            nb, resources = preprocessor(config=config)(nb, resources)
        problems += [f"{notebook}: {problem}" for problem in found]
        # A lone surrogate in an output cannot be written as UTF-8: replace it rather than lose the notebook.
        # (Plain JSON: the notebook is validated once, when the parent writes it, not at every hand-over.)
        return json.dumps(nb, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def grade_ids(nb) -> list[str]:
    """Answer and test cells, in notebook order."""
    return [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells
            if (cell.metadata.get("nbgrader", {}).get("grade") or cell.metadata.get("nbgrader", {}).get("solution"))
            and cell.metadata["nbgrader"].get("grade_id")]


def structure_problems(submitted: list[str], sanitized: list[str], expected: list[str]) -> list[str]:
    """Test cells the student deleted (nbgrader restores them) or moved."""
    problems = []
    restored = [grade_id for grade_id in sanitized if grade_id not in submitted]  # answers cannot be restored
    if restored:
        problems.append(f"deleted graded cells were restored: {', '.join(restored)}")
    if [g for g in submitted if g in expected] != [g for g in expected if g in submitted]:
        problems.append("graded cells were moved out of their order; tests that ran before their answer fail")
    return problems


LIMIT_ERRORS = {"CellTimeoutError": "hit the time limit", "TimeoutError": "hit the time limit",
                "MemoryError": "ran out of memory", "BlockingIOError": "hit the process limit",
                "KernelDied": "stopped when the kernel died", "PermissionError": "was refused file access",
                "OSError": "was refused file access", "FileNotFoundError": "was refused file access"}


def limit_problems(nb) -> list[str]:
    """One line per cell stopped by a limit, so the summary says why an answer scored nothing."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error" and output.ename in LIMIT_ERRORS and output.ename != "KernelDied":
                label = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
                problems.append(f"{label} {LIMIT_ERRORS[output.ename]}")
                break
    return problems


# ---------------------------------------------------------------- parent side (the only writer)

def default_workers() -> int:
    """One kernel more than cores: a kernel often waits on messages, and the spare one fills those gaps
    (measured with benchmarks/bench_grading.py: 2.5x plain nbgrader with 3 workers on 2 cores, 2.15x with 2)."""
    return (os.cpu_count() or 1) + 1


def fingerprint(coursedir: CourseDirectory, student: str, assignment: str) -> str:
    digest = hashlib.sha256()
    roots = [Path(coursedir.format_path(coursedir.submitted_directory, student, assignment)),
             Path(coursedir.format_path(coursedir.source_directory, ".", assignment))]
    for root in roots:
        for path in sorted(root.rglob("*")):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link\0" + os.readlink(path).encode())
            elif path.is_file():
                with path.open("rb") as handle:  # in chunks: a huge file must not fill the grader's memory
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
    digest.update((Path(coursedir.root) / "nbgrader_config.py").read_bytes())
    return digest.hexdigest()


class Grader:
    def __init__(self, course_dir: Path, workers: int = 0, sandboxed: bool = True, timeout: int | None = None,
                 notebook_timeout: int | None = None,
                 limits: Limits | None = None, progress: bool = True, scheduler: str | None = None,
                 fork_kernels: bool = True):
        """scheduler: a Dask scheduler's address (or scheduler file) to run the notebooks on; None: this machine.
        fork_kernels: fork kernels from a server with the notebooks' imports done, where the sandbox allows it."""
        self.course_dir = Path(course_dir).resolve()
        self.config, self.coursedir = load_course(self.course_dir, timeout)
        self.timeout, self.notebook_timeout = timeout, notebook_timeout
        self.workers = workers or default_workers()
        self.sandboxed, self.fork_kernels = sandboxed, fork_kernels
        self.limits = limits or Limits()
        self.progress = progress
        self.scheduler = scheduler
        self.state_path = self.course_dir / STATE_FILE

    # -- discovery
    def assignments(self) -> list[str]:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            return sorted(a.name for a in gb.assignments)

    def submissions(self, assignment: str) -> list[str]:
        root = Path(self.coursedir.root) / self.coursedir.submitted_directory
        return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir()) if root.is_dir() else []

    def changed(self, assignment: str, settle: float = 2.0) -> list[str]:
        """Students whose submission of `assignment` is new or changed since it was last graded, and whose files
        have not changed for `settle` seconds (a submission still being copied in waits for the next look)."""
        import time
        state, cd, now = self._load_state(), self.coursedir, time.time()
        ready = []
        for student in self.submissions(assignment):
            folder = Path(cd.format_path(cd.submitted_directory, student, assignment))
            newest = max((p.lstat().st_mtime for p in folder.rglob("*")), default=folder.lstat().st_mtime)
            if now - newest >= settle and \
                    state.get(f"{student}/{assignment}", {}).get("fingerprint") != fingerprint(cd, student, assignment):
                ready.append(student)
        return ready

    # -- state for resumable runs
    def _load_state(self) -> dict:
        try:
            return json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return {}

    def _save_state(self, state: dict) -> None:
        self.state_path.parent.mkdir(exist_ok=True)
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=1, sort_keys=True))
        temporary.replace(self.state_path)

    # -- writer steps
    def _register(self, gb: Gradebook, student: str, assignment: str) -> tuple[list[str], list[str], int]:
        """Create the student and submission and copy the source's other files, as nbgrader does.
        Returns the notebooks to execute, the problems found and how many notebooks are missing."""
        cd = self.coursedir
        gb.update_or_create_student(student)
        submitted = Path(cd.format_path(cd.submitted_directory, student, assignment))
        timestamp, problem = submission_time(submitted)
        problems = [problem] if problem else []
        if timestamp:
            gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
        destination = Path(cd.format_path(cd.autograded_directory, student, assignment))
        if destination.exists():
            shutil.rmtree(destination)
        destination.mkdir(parents=True)
        # The submission's own files first (release_feedback needs its timestamp.txt), then the source's over
        # them, as nbgrader autograde does.
        for index, filename in enumerate(utils.find_all_files(str(submitted), cd.ignore + ["*.ipynb"])):
            if index == MAX_OTHER_FILES:
                problems.append(f"more than {MAX_OTHER_FILES} other files; the rest were not copied to autograded/")
                break
            why_not = copy_submitted(Path(filename), destination / Path(filename).relative_to(submitted))
            if why_not:
                problems.append(why_not)
        source = Path(cd.format_path(cd.source_directory, ".", assignment))
        for filename in utils.find_all_files(str(source), cd.ignore + ["*.ipynb"]):
            target = destination / Path(filename).relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(filename, target)

        expected = [notebook.name for notebook in gb.find_assignment(assignment).notebooks]
        present = {p.stem for p in submitted.glob("*.ipynb")}
        to_run, missing = [], 0
        for name in expected:
            if name in present:
                to_run.append(name)
            else:
                missing += 1
                problems.append(f"{name}.ipynb is missing; scored 0")
                self._zero(gb, student, assignment, name)
        for extra in sorted(present - set(expected)):
            problems.append(f"{extra}.ipynb is not part of the assignment (renamed?); ignored")
        return to_run, problems, missing

    @staticmethod
    def _zero(gb: Gradebook, student: str, assignment: str, notebook: str) -> None:
        for grade in gb.find_submission_notebook(notebook, assignment, student).grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False
        gb.db.commit()

    def _save(self, gb_url: str, result: dict) -> None:
        cd = self.coursedir
        if result["nb"] is None:
            with Gradebook(gb_url, cd.course_id) as gb:
                self._zero(gb, result["student"], result["assignment"], result["notebook"])
            return
        nb = nbformat.from_dict(json.loads(result["nb"]))
        resources = {"nbgrader": {"student": result["student"], "assignment": result["assignment"],
                                  "notebook": result["notebook"], "db_url": gb_url}}
        for preprocessor in SAVE:
            nb, resources = preprocessor(config=self.config)(nb, resources)
        destination = Path(cd.format_path(cd.autograded_directory, result["student"], result["assignment"]))
        nbformat.write(nb, str(destination / f"{result['notebook']}.ipynb"))

    def _save_isolated(self, gb_url: str, result: dict, outcome: Outcome) -> None:
        """Save one notebook's results; if nbgrader refuses them, that submission fails and the run goes on."""
        try:
            self._save(gb_url, result)
        except Exception as error:
            outcome.problems.append(f"{result['notebook']}: its results could not be saved ({type(error).__name__}: "
                                    f"{str(error)[:80]}); scored 0")
            outcome.not_run += 1
            with Gradebook(gb_url, self.coursedir.course_id) as gb:
                self._zero(gb, result["student"], result["assignment"], result["notebook"])

    # -- the run
    def pool(self, snapshot: Path):
        """Where notebooks execute: this machine's worker processes, or the Dask cluster at `scheduler`."""
        if self.scheduler:
            from .cluster import DaskPool
            return DaskPool(self, snapshot)
        return LocalPool(self, snapshot)

    def grade(self, assignments: list[str], regrade: bool = False, students: list[str] | None = None) -> list[Outcome]:
        from tqdm import tqdm
        state = self._load_state()
        outcomes: dict[tuple[str, str], Outcome] = {}
        gb_url = self.coursedir.db_url
        with tempfile.TemporaryDirectory(prefix="nkgrade-snapshot-") as tmp:
            # Workers read only the assignment's source cells from a snapshot taken before any registration.
            snapshot = Path(tmp) / "gradebook.db"
            _snapshot(self.coursedir.db_url, snapshot)
            # The pool starts before the gradebook is opened, so that no open connection is copied into a forked
            # worker; kernels then run while this process registers the rest of the class.
            with self.pool(snapshot) as pool:
                with Gradebook(gb_url, self.coursedir.course_id) as gb:
                    for assignment in assignments:
                        try:
                            gb.find_assignment(assignment)
                        except MissingEntry:
                            raise SystemExit(f"No assignment {assignment!r} in the gradebook: run "
                                             f"'nbgrader generate_assignment {assignment}' first.")
                        for student in self.submissions(assignment):
                            if students and student not in students:
                                continue
                            key = f"{student}/{assignment}"
                            outcome = outcomes[(student, assignment)] = Outcome(student, assignment)
                            mark = fingerprint(self.coursedir, student, assignment)
                            if not regrade and state.get(key, {}).get("fingerprint") == mark:
                                outcome.status, outcome.problems = "skipped", ["unchanged since it was last graded"]
                                continue
                            state.pop(key, None)
                            to_run, outcome.problems, outcome.not_run = self._register(gb, student, assignment)
                            submitted = Path(self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                                                        assignment))
                            outcome.mark = mark
                            for name in to_run:
                                try:
                                    pool.submit((student, assignment, name, str(submitted / f"{name}.ipynb")))
                                    outcome.pending += 1
                                except BrokenProcessPool:  # a worker died: grade this one on the next run
                                    outcome.problems.append(f"{name}: not graded, the grading workers stopped; "
                                                            "run the command again")
                                    outcome.not_run += 1
                                    outcome.retry = True
                            if not outcome.pending:
                                self._finish(state, outcome)
                bar = tqdm(total=len(pool), unit="notebook", disable=not self.progress or not len(pool),
                           dynamic_ncols=True)
                for (student, assignment, notebook, _), result in pool.results():
                    outcome = outcomes[(student, assignment)]
                    if isinstance(result, BaseException):  # the worker itself failed, or vanished too often
                        result = {"student": student, "assignment": assignment, "notebook": notebook, "nb": None,
                                  "problems": [f"{notebook}: the grading worker failed ({type(result).__name__}); "
                                               "scored 0"], "retry": True}
                    outcome.problems += result["problems"]
                    outcome.not_run += result["nb"] is None
                    outcome.retry |= result.get("retry", False)
                    self._save_isolated(gb_url, result, outcome)
                    outcome.pending -= 1
                    if outcome.pending == 0:
                        self._finish(state, outcome)
                    bar.update(1)
                bar.close()
        return list(outcomes.values())

    def _finish(self, state: dict, outcome: Outcome) -> None:
        outcome.status = "failed" if outcome.not_run else "graded"
        if outcome.retry:
            return
        state[f"{outcome.student}/{outcome.assignment}"] = {"fingerprint": outcome.mark, "problems": outcome.problems}
        self._save_state(state)


class LocalPool:
    """The default: worker processes on this machine, each reading submissions and sources from the course folder.

    fork: workers start at once with nbgrader already imported."""

    def __init__(self, grader: Grader, snapshot: Path):
        self.grader, self.snapshot = grader, snapshot
        self.futures: dict = {}

    def __enter__(self) -> LocalPool:
        g = self.grader
        self.executor = ProcessPoolExecutor(g.workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_init_worker,
                                            initargs=(str(g.course_dir), g.timeout, g.notebook_timeout,
                                                      f"sqlite:///{self.snapshot}", g.sandboxed, g.limits, g.fork_kernels))
        for started in [self.executor.submit(os.getpid) for _ in range(g.workers)]:
            started.result()
        return self

    def __exit__(self, *exc) -> None:
        self.executor.shutdown()

    def __len__(self) -> int:
        return len(self.futures)

    def submit(self, job: tuple[str, str, str, str]) -> None:
        """job: (student, assignment, notebook, path of the submitted notebook)."""
        self.futures[self.executor.submit(execute_notebook, *job)] = job

    def results(self):
        """(job, its result, or the exception that stopped its worker), as they finish."""
        for future in as_completed(self.futures):
            try:
                result = future.result()
            except Exception as error:  # the worker process itself died
                result = error
            yield self.futures[future], result


# What workers need of the gradebook: the assignments' cells; never the class's students, submissions or grades.
ASSIGNMENT_TABLES = ("course", "assignment", "notebook", "base_cell", "source_cell", "grade_cells", "solution_cells",
                     "task_cells")


def _snapshot(db_url: str, destination: Path) -> None:
    """A consistent copy of the gradebook's assignments (SQLite or PostgreSQL) in a new SQLite file, for the workers
    to read: they never touch the live gradebook, and the copy holds no student or grade."""
    import sqlalchemy
    from nbgrader.api import Base
    # One snapshot of every table: PostgreSQL's REPEATABLE READ; in SQLite, rows change only in generate_assignment.
    options = {"isolation_level": "REPEATABLE READ"} if db_url.startswith("postgresql") else {}
    source = sqlalchemy.create_engine(db_url, **options)
    target = sqlalchemy.create_engine(f"sqlite:///{destination}")
    Base.metadata.create_all(target)
    try:
        with source.connect() as read, target.begin() as write:
            for table in Base.metadata.sorted_tables:
                if table.name in ASSIGNMENT_TABLES:
                    rows = [dict(row._mapping) for row in read.execute(table.select())]
                    if rows:
                        write.execute(table.insert(), rows)
    finally:
        source.dispose()
        target.dispose()
