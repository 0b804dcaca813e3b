"""The conda/Binder path and the pip path install the same pinned set, and the running one matches it."""
from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pinned() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {r.name: str(r.specifier) for r in reqs}


def test_every_requirement_is_pinned_exactly():
    specs = pinned()
    assert {"nbgrader", "jupyterlab", "notebook", "nbval", "pandas", "matplotlib", "pytest"} <= set(specs)
    assert all(spec.startswith("==") and "," not in spec for spec in specs.values()), specs


def test_nbgrader_09_with_jupyterlab_4_and_notebook_7():
    specs = pinned()
    assert specs["nbgrader"].startswith("==0.9.")
    assert specs["jupyterlab"].startswith("==4.")
    assert specs["notebook"].startswith("==7.")


def test_conda_environment_installs_exactly_the_pip_set():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [dep for dep in env["dependencies"] if isinstance(dep, str)]
    pip_sections = [dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict)]
    # Anything conda installed itself could differ from the pins; only Python and pip come from conda.
    assert sorted(d.split("=")[0] for d in conda) == ["pip", "python"], conda
    assert pip_sections == [["-r requirements.lock"]]
    assert "pip install --no-deps --no-build-isolation -e ." in (ROOT / "postBuild").read_text()


def locked() -> dict[str, str]:
    """Package -> version of every entry of requirements.lock that applies to this Python and platform."""
    text = (ROOT / "requirements.lock").read_text().replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            requirement = Requirement(line.split(" --hash")[0])
            assert "--hash=sha256:" in line, f"{requirement.name} is locked without a hash"
            if requirement.marker is None or requirement.marker.evaluate():
                entries[canonicalize_name(requirement.name)] = str(requirement.specifier).removeprefix("==")
    return entries


def test_the_lock_holds_every_top_level_pin_at_its_version():
    lock = locked()
    assert len(lock) > 100, "the lock should hold every package, not only the top-level ones"
    differ = {name: (spec, lock.get(canonicalize_name(name))) for name, spec in pinned().items()
              if f"=={lock.get(canonicalize_name(name))}" != spec}
    assert not differ, f"requirements.lock is stale (run python3 tasks.py lock): {differ}"


def test_running_environment_matches_the_lock():
    wrong = {name: (wanted, version(name)) for name, wanted in locked().items()
             if version(name) != wanted}
    assert not wrong, f"installed versions differ from requirements.lock: {wrong}"


def test_conda_python_is_one_the_course_supports():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    major, minor = (int(part) for part in python.split("=")[1].split(".")[:2])
    assert (major, minor) >= (3, 11), "nbgrader 0.9 needs Python 3.11 or newer"


def test_running_environment_matches_the_pins():
    assert sys.version_info >= (3, 11)
    wrong = {name: (spec, version(name)) for name, spec in pinned().items() if spec != f"=={version(name)}"}
    assert not wrong, f"installed versions differ from requirements.txt: {wrong}"
