"""Set up and run the course with nothing but Python 3.11+.

    python3 tasks.py lab     # install (first time), then serve the student notebooks in JupyterLab
    python3 tasks.py test    # install (first time), then run the whole test suite
    python3 tasks.py bench   # install (first time), then time every notebook and the suite
    python3 tasks.py bench-grading   # plain nbgrader autograde against the grading command, one class
    python3 tasks.py bench-cluster   # the grading command on Dask LocalClusters of 1, 2, 4 workers; a cost model
    python3 tasks.py grade [ASSIGNMENT ...]   # instructors: autograde in parallel, in a sandbox (see README)
    python3 tasks.py export | report ASSIGNMENT   # instructors: grades as CSV; item analysis as HTML
    python3 tasks.py hub     # instructors, as root: JupyterHub for a class on this server (deploy/, see README)
    python3 tasks.py lock    # maintainers: refresh requirements.lock from requirements.txt, install it, run the suite

Everything is installed into ./.venv from requirements.lock: every package the course needs, at one version each,
with hashes, compiled from the top-level pins in requirements.txt. The install is redone only when the lock or
pyproject.toml change.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
COURSE = ROOT / "course"
STUDENT = ROOT / "student"
LOCK = ROOT / "requirements.lock"  # every package, pinned with hashes: made from requirements.txt by `tasks.py lock`
INSTALL_INPUTS = [LOCK, ROOT / "pyproject.toml"]
UV = "uv==0.13.9"  # the tool that compiles the lock


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def ensure_environment() -> None:
    """Create .venv and install the pinned set, unless it is already installed and current."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed (nbgrader 0.9 requires it); this is {sys.version.split()[0]}.")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in INSTALL_INPUTS)).hexdigest()
    stamp = VENV / ".installed-from"
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not venv_bin("python").exists():
        print("Creating the course environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing the locked packages (first run only; a few minutes) ...", flush=True)
    pip = [str(venv_bin("python")), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # Every package at its locked version, each file checked against its hash; then the course package itself,
    # built with the locked hatchling (an editable install has no file to hash).
    subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


def lock(extra: list[str]) -> int:
    """Refresh requirements.lock from requirements.txt with uv, install it, and run the whole suite."""
    tools = ROOT / ".venv-tools"
    if not (tools / "bin" / "uv").exists():
        venv.create(tools, with_pip=True)
        subprocess.run([str(tools / "bin" / "python"), "-m", "pip", "install", "--quiet", UV], check=True)
    subprocess.run([str(tools / "bin" / "uv"), "pip", "compile", str(ROOT / "requirements.txt"), "--universal",
                    "--fork-strategy", "fewest", "--python-version", "3.11", "--generate-hashes", "--quiet",
                    "--custom-compile-command", "python3 tasks.py lock", "-o", str(LOCK)], check=True, cwd=ROOT)
    ensure_environment()
    return run([str(venv_bin("python")), "-m", "pytest", *extra], cwd=ROOT)


def run(args: list[str], **kwargs) -> int:
    return subprocess.run(args, **kwargs).returncode


def release_to_student_folder(course: Path = COURSE, student: Path = STUDENT) -> None:
    """Generate the student version of every assignment and copy new ones into the student folder.

    A student's existing work is never overwritten: an assignment already in the folder is left alone.
    """
    code = run([str(venv_bin("nbgrader")), "generate_assignment", "*", "--force", "--log-level=WARN"], cwd=course)
    if code != 0:
        sys.exit("nbgrader could not generate the student notebooks; see the messages above.")
    for assignment in sorted((course / "release").iterdir()):
        target = student / assignment.name
        if assignment.is_dir() and not target.exists():
            shutil.copytree(assignment, target)
            print(f"New assignment copied to {target}")


def lab_command(student: Path, extra: list[str], token: str) -> list[str]:
    """JupyterLab serving the student folder to this computer only, behind a random token.

    Without one, any program on the computer (another user's, or student code being graded) could run code
    as the student through the server; JupyterLab opens the browser with the token already in the address."""
    return [
        str(venv_bin("jupyter")), "lab",
        f"--ServerApp.root_dir={student}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        "--ServerApp.password=",
        # Jupyter refuses root unless told; containers and CI machines often run as root.
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        *extra,
    ]


def lab_environment() -> dict[str, str]:
    """The students' Jupyter settings of the hub first (deploy/jupyter/student: no Formgrader, Course List or
    Create Assignment, which have no course to work on in a student's folder; deploy/jupyter/offline)."""
    folders = [str(ROOT / "deploy" / "jupyter" / name) for name in ("student", "offline")]
    folders.append(os.environ.get("JUPYTER_CONFIG_PATH", ""))
    return {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(filter(None, folders))}


def lab(extra: list[str]) -> int:
    release_to_student_folder()
    token = secrets.token_urlsafe(24)
    print(f"Serving {STUDENT} in JupyterLab on this computer only. Your browser opens it; if it does not, open\n"
          f"    http://127.0.0.1:8888/lab?token={token}\n(the port may differ if 8888 is taken: see the lines below).")
    return run(lab_command(STUDENT, extra, token), env=lab_environment())


def main(argv: list[str]) -> int:
    commands = {
        "lab": lab,
        "lock": lock,
        "test": lambda extra: run([str(venv_bin("python")), "-m", "pytest", *extra], cwd=ROOT),
        **{name: (lambda extra, name=name: run([str(venv_bin("python")), "-m", "nkcourse.grading",
                                                "--course", str(COURSE), name, *extra]))
           for name in ("grade", "export", "report")},
        "hub": lambda extra: run([str(venv_bin("jupyterhub")), "-f", str(ROOT / "deploy" / "jupyterhub_config.py"),
                                  *extra], cwd=ROOT),
        "bench-grading": lambda extra: run([str(venv_bin("python")), str(ROOT / "benchmarks" / "bench_grading.py"), *extra],
                                           cwd=ROOT),
        "bench-cluster": lambda extra: run([str(venv_bin("python")), str(ROOT / "benchmarks" / "bench_cluster.py"), *extra],
                                           cwd=ROOT),
        "bench": lambda extra: run([str(venv_bin("python")), str(ROOT / "benchmarks" / "bench_course.py"), *extra],
                                   cwd=ROOT),
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    ensure_environment()
    # nbgrader runs helper programs (alembic) by name: the environment's bin folder must come first.
    os.environ["PATH"] = str(venv_bin("python").parent) + os.pathsep + os.environ.get("PATH", "")
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
