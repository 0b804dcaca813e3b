"""deploy/: the class's JupyterHub on one server, started as `python3 tasks.py hub` starts it, with an instructor,
a second grader and two students who are real Unix users logging in with their passwords (PAM). Each user's
server starts in the course's environment; students get the assignment list and Validate, not the instructor's
tools; both graders' formgraders find the course; an assignment released through the exchange reaches the
students; the two graders take turns on one class.

Needs root (to create the users and to run the hub) and configurable-http-proxy (npm); `.ci/run` installs it."""
from __future__ import annotations

import contextlib
import grp
import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.conftest import ASSIGNMENTS, BIN, ROOT

CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
COURSE_ID = "moscow-beijing"
ASSIGNMENT = ASSIGNMENTS[0]
INSTRUCTOR_TOOLS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                    "@jupyter/nbgrader:create-assignment"]
# Jupyter's news and update checks, which would reach the internet (and ask students about it on first start)
OFFLINE = {"@jupyterlab/apputils-extension:announcements"}
START_LIMIT = 180  # seconds for the hub or a server to come up before the test gives up (not an assertion)


def missing_requirements() -> str | None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux: the test creates Unix users and the hub runs as root"
    if not all(shutil.which(tool) for tool in ("useradd", "chpasswd", "userdel", "runuser", "groupdel")):
        return "needs useradd, chpasswd, userdel, groupdel and runuser to create, use and remove the test's Unix users"
    if not shutil.which("setfacl"):
        return "needs setfacl (Debian's acl), with which the hub shares the course among its graders"
    if not shutil.which("configurable-http-proxy"):
        return ("needs configurable-http-proxy (npm install -g configurable-http-proxy, which .ci/run does as root "
                "when npm is available)")
    return None


pytestmark = pytest.mark.skipif(missing_requirements() is not None, reason=str(missing_requirements()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(what: str, ready, limit: float = START_LIMIT, log: Path | None = None):
    """Poll `ready()` until it returns something true; fail, with the hub's log, if it never does."""
    deadline = time.monotonic() + limit
    while True:
        try:
            value = ready()
            if value:
                return value
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {limit} s" + (f"\n--- hub log ---\n{log.read_text()[-6000:]}" if log else ""))
        time.sleep(0.5)


@dataclass
class Hub:
    url: str
    base: Path
    log: Path
    instructor: str
    grader: str  # a second grader (a teaching assistant)
    students: list[str]
    passwords: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # the hub's environment: its NKHUB_* settings
    process: subprocess.Popen | None = None

    @property
    def users(self) -> list[str]:
        return [self.instructor, self.grader, *self.students]

    def as_user(self, user: str, command: str) -> subprocess.CompletedProcess:
        """A shell command as `user`, in their home, with the environment their lab's terminal has."""
        home = self.base / "home" / user
        env = {"HOME": str(home), "NKHUB_EXCHANGE": str(self.base / "exchange"),
               "JUPYTER_CONFIG_PATH": os.pathsep.join(str(ROOT / "deploy" / "jupyter" / folder) for folder in (
                   "instructor" if user in (self.instructor, self.grader) else "student", "everyone", "offline")),
               "PATH": f"{BIN}{os.pathsep}/usr/bin:/bin", "LANG": "C.UTF-8"}
        return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                               "bash", "-c", f"cd ~ && {command}"], capture_output=True, text=True, timeout=600)


def create_user(name: str, home: Path, password: str) -> None:
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", name], check=True)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)


def remove_user(name: str) -> None:
    """Stop whatever the user still runs (their server, kernels), by process id, then delete the account."""
    listed = subprocess.run(["ps", "-u", name, "-o", "pid="], capture_output=True, text=True)
    for pid in listed.stdout.split():
        try:
            os.kill(int(pid), 9)
        except ProcessLookupError:
            pass
    subprocess.run(["userdel", "--force", "--remove", name], capture_output=True)


def open_the_way(path: Path) -> dict[Path, int]:
    """Let other users pass through the folders above `path` (a clone in a `mktemp -d` folder is its owner's
    alone), and remember the modes the hub changes in the repository; returns the modes to restore."""
    modes = {entry: entry.stat().st_mode for entry in [path, *path.iterdir()] if not entry.is_symlink()}
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & 0o001:
            modes[folder] = folder.stat().st_mode
            folder.chmod(folder.stat().st_mode | 0o001)
    return modes


@pytest.fixture(scope="module")
def hub():
    with running_hub() as started:
        yield started


@contextlib.contextmanager
def running_hub():
    """The hub on random local ports, with three Unix users made for the test; all of it removed afterwards,
    and the repository's permissions as they were."""
    modes = open_the_way(ROOT)
    base = Path(tempfile.mkdtemp(prefix="nkhub-"))
    base.chmod(0o755)  # the users' homes are inside; pytest's own tmp folder is root's alone
    (base / "home").mkdir(mode=0o755)
    prefix = f"nk{secrets.token_hex(3)}"
    hub = Hub(url=f"http://127.0.0.1:{free_port()}", base=base, log=base / "hub.log",
              instructor=f"{prefix}-teach", grader=f"{prefix}-ta", students=[f"{prefix}-s1", f"{prefix}-s2"])
    try:
        for user in hub.users:
            hub.passwords[user] = secrets.token_urlsafe(12)
            create_user(user, base / "home" / user, hub.passwords[user])
        hub.env = env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
               "NKHUB_INSTRUCTOR": hub.instructor, "NKHUB_GRADERS": hub.grader,
               "NKHUB_STUDENTS": " ".join(hub.students), "NKHUB_COURSES": str(base / "courses"),
               "NKHUB_EXCHANGE": str(base / "exchange"), "NKHUB_STATE": str(base / "state")}
        with hub.log.open("w") as log:
            hub.process = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(CONFIG), f"--JupyterHub.bind_url={hub.url}",
                 f"--JupyterHub.hub_bind_url=http://127.0.0.1:{free_port()}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"],
                cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT)

        def answers() -> bool:
            assert hub.process.poll() is None, f"the hub stopped:\n{hub.log.read_text()[-6000:]}"
            return requests.get(f"{hub.url}/hub/api", timeout=5).ok

        until("the hub answers", answers, log=hub.log)
        yield hub
    finally:
        if hub.process is not None:
            hub.process.terminate()  # the hub stops every user's server and the proxy it started
            try:
                hub.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                hub.process.kill()
                hub.process.wait()
        for user in hub.users:
            remove_user(user)
        subprocess.run(["groupdel", f"{COURSE_ID}-graders"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        for path, mode in modes.items():
            path.chmod(mode)


class Lab:
    """A user's browser session on the hub: logged in with their Unix password, their server started."""

    def __init__(self, hub: Hub, user: str):
        self.hub, self.user, self.session = hub, user, requests.Session()
        self.session.get(f"{hub.url}/hub/login", timeout=30).raise_for_status()
        response = self.session.post(f"{hub.url}/hub/login", timeout=120, allow_redirects=False, data={
            "username": user, "password": hub.passwords[user], "_xsrf": self.xsrf("/hub/")})
        assert response.status_code == 302, f"login as {user} refused ({response.status_code})"
        api = f"{hub.url}/hub/api/users/{user}"
        headers = {"X-XSRFToken": self.xsrf("/hub/")}
        started = self.session.post(f"{api}/server", headers=headers, timeout=120)
        assert started.status_code in (201, 202), f"{user}'s server did not start: {started.status_code}"
        until(f"{user}'s server ready", lambda: self.session.get(api, headers=headers, timeout=30).json()
              ["servers"].get("", {}).get("ready"), log=hub.log)
        self.lab_page = self.session.get(f"{hub.url}/user/{user}/lab", timeout=60)  # signs in to the server
        self.lab_page.raise_for_status()

    def xsrf(self, path: str) -> str | None:
        return self.session.cookies.get("_xsrf", path=path)

    def get(self, path: str, **kwargs) -> requests.Response:
        """A request from the lab's own scripts: the hub's servers want the XSRF token with each one."""
        return self.session.get(f"{self.hub.url}/user/{self.user}/{path}", timeout=60,
                                headers={"X-XSRFToken": self.xsrf(f"/user/{self.user}/")}, **kwargs)


@pytest.fixture(scope="module")
def labs(hub) -> dict[str, Lab]:
    return {user: Lab(hub, user) for user in hub.users}


def page_config(lab: Lab) -> dict:
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', lab.lab_page.text,
                      re.S)
    assert found, f"{lab.user}'s lab page has no page config"
    return json.loads(found.group(1))


def test_every_users_server_starts_in_the_course_environment(hub, labs):
    for user, lab in labs.items():
        assert OFFLINE <= set(page_config(lab).get("disabledExtensions", [])), f"{user}'s lab would fetch news"
        status = lab.get("api/status")
        assert status.ok, f"{user}'s server does not answer: {status.status_code}"
        assert "python3" in lab.get("api/kernelspecs").json()["kernelspecs"], f"{user} has no Python kernel"
    # The kernel each user gets is the course environment's: nkcourse and the data package import as them.
    for user in hub.users:
        run = hub.as_user(user, "python -c 'import nkcourse; print(len(nkcourse.load_table(\"claims\")))'")
        assert run.returncode == 0 and int(run.stdout) > 0, run.stderr


def test_students_get_assignments_and_validate_but_not_the_instructors_tools(hub, labs):
    for student in hub.students:
        config = page_config(labs[student])
        assert set(INSTRUCTOR_TOOLS) <= set(config.get("disabledExtensions", [])), config.get("disabledExtensions")
        assert any(e["name"] == "@jupyter/nbgrader" for e in config["federated_extensions"]), \
            "the students' lab lacks nbgrader's extension (Assignments, Validate)"
        for tool in ("formgrader", "formgraders"):  # the formgrader, and the Course List's server side
            response = labs[student].get(tool)
            assert response.status_code == 404, f"a student reaches /{tool}: {response.status_code}"
        courses = labs[student].get("courses").json()
        assert courses["success"], f"the student's assignment list would show 'Error fetching courses!': {courses}"


@pytest.mark.parametrize("who", ["instructor", "grader"])
def test_each_grader_has_the_formgrader_with_the_course(hub, labs, who):
    lab = labs[getattr(hub, who)]
    assert not set(INSTRUCTOR_TOOLS) & set(page_config(lab).get("disabledExtensions", []))
    assert lab.get("formgrader").ok
    courses = lab.get("formgraders").json()
    assert courses["success"], courses
    assert [c["course_id"] for c in courses["value"]] == [COURSE_ID], courses
    assert lab.get("formgrader/api/assignments").ok


def test_the_exchange_lets_students_hand_in_without_seeing_each_other(hub):
    exchange = hub.base / "exchange"
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777
    inbound = exchange / COURSE_ID / "inbound"
    assert stat.S_IMODE(inbound.stat().st_mode) == 0o3773, "inbound: writable by all, listable by graders, sticky"
    assert (inbound.owner(), inbound.group()) == (hub.instructor, f"{COURSE_ID}-graders")
    for user in (hub.instructor, hub.grader):
        course = hub.base / "home" / user / "course"
        assert course.resolve() == hub.base / "courses" / COURSE_ID
        assert stat.S_IMODE(course.stat().st_mode) == 0o2770, "the course folder (solutions, grades): graders only"
    assert set(grp.getgrnam(f"{COURSE_ID}-graders").gr_mem) == {hub.instructor, hub.grader}


def test_students_cannot_read_solutions_hidden_tests_or_history_in_the_repository(hub, labs):
    """Students have a terminal: the repository's course/ (solutions, hidden tests), .git (their history) and
    tests/ (answers of the fairness cases) must be closed to them, while the environment still works for them."""
    source = next((ROOT / "course" / "source" / ASSIGNMENT).glob("*.ipynb"))
    for path in (source, ROOT / "course" / "nbgrader_config.py", ROOT / ".git" / "HEAD",
                 ROOT / "tests" / "fairness" / f"{ASSIGNMENT}.py"):
        if path.exists():
            read = hub.as_user(hub.students[0], f"cat {path}")
            assert read.returncode != 0 and not read.stdout, f"a student can read {path}"
    listed = hub.as_user(hub.students[0], f"ls {ROOT}")
    assert listed.returncode != 0, f"a student can list the repository: {listed.stdout}"


def test_a_released_assignment_reaches_the_students(hub, labs):
    released = hub.as_user(hub.instructor, f"cd course && nbgrader generate_assignment {ASSIGNMENT} --force "
                                           f"&& nbgrader release_assignment {ASSIGNMENT}")
    assert released.returncode == 0, released.stdout + released.stderr
    for student in hub.students:
        listed = labs[student].get("assignments", params={"course_id": COURSE_ID}).json()
        assert listed["success"], listed
        assert [(a["assignment_id"], a["status"]) for a in listed["value"]] == [(ASSIGNMENT, "released")], listed


def test_two_graders_take_turns_on_one_class(hub, labs):
    """The instructor releases; the students hand in; the second grader collects and grades with the grading
    command; the instructor collects and grades again and releases feedback, then the second grader does; the
    students fetch it. Each step rewrites what the other grader wrote: none may be refused for want of rights,
    and the course stays the graders' alone."""
    def grader(user: str, command: str) -> None:
        run = hub.as_user(user, f"cd course && {command}")
        assert run.returncode == 0, f"{user}: {command}\n{run.stdout}\n{run.stderr}"

    grade = f"python -m nkcourse.grading --course . grade {ASSIGNMENT} --quiet"
    feedback = f"nbgrader generate_feedback {ASSIGNMENT} --force && nbgrader release_feedback {ASSIGNMENT}"
    grader(hub.instructor, f"nbgrader generate_assignment {ASSIGNMENT} --force && "
                           f"nbgrader release_assignment {ASSIGNMENT} --force")
    for student in hub.students:
        run = hub.as_user(student, f"nbgrader fetch_assignment {ASSIGNMENT} && nbgrader submit {ASSIGNMENT}")
        assert run.returncode == 0, run.stdout + run.stderr
    grader(hub.grader, f"nbgrader collect {ASSIGNMENT} && {grade}")
    grader(hub.instructor, f"nbgrader collect {ASSIGNMENT} --update && {grade} --regrade && {feedback}")
    grader(hub.grader, f"{grade} --regrade && {feedback}")
    for student in hub.students:
        run = hub.as_user(student, f"nbgrader fetch_feedback {ASSIGNMENT}")
        assert run.returncode == 0 and list((hub.base / "home" / student / ASSIGNMENT / "feedback").rglob("*.html")), \
            run.stdout + run.stderr
    course = hub.base / "courses" / COURSE_ID
    for path in [course, *course.rglob("*")]:  # (nbgrader makes some files readable by all: the folder is closed)
        if not path.is_symlink():
            mode = path.stat().st_mode
            assert path.group() == f"{COURSE_ID}-graders" and mode & 0o060 == 0o060, \
                f"{path} ({oct(mode)}, group {path.group()}) is not the graders' to read and write"
    assert stat.S_IMODE(course.stat().st_mode) == 0o2770
    for student in hub.students:
        assert hub.as_user(student, f"ls {course}").returncode != 0, "a student can list the course folder"
        assert hub.as_user(student, f"cat {course}/gradebook.db").returncode != 0, "a student can read the grades"


def prepare_again(hub: Hub) -> subprocess.CompletedProcess:
    """What the hub's configuration does as root at each start, done again: run the file as JupyterHub runs it."""
    code = ("import sys; from traitlets.config import Config; path = sys.argv[1]; "
            "exec(compile(open(path).read(), path, 'exec'), {'get_config': Config, '__file__': path})")
    return subprocess.run([sys.executable, "-c", code, str(CONFIG)], env=hub.env, capture_output=True, text=True,
                          timeout=120)


def test_links_a_grader_plants_never_turn_the_hubs_root_rights_on_another_file(hub):
    """The graders may rename what is in the exchange's course folder and in the course folder; the hub, as root,
    must not follow a link left there to chown, chmod or create a file of the grader's choosing."""
    target = hub.base / "roots-own"
    target.write_text("root's")
    target.chmod(0o600)
    feedback = hub.base / "exchange" / COURSE_ID / "feedback"
    gradebook = hub.base / "courses" / COURSE_ID / "gradebook.db"
    created = hub.base / "created-by-root"
    plant = (f"mv {feedback} {feedback}.kept && ln -s {target} {feedback} && "
             f"mv {gradebook} {gradebook}.kept && ln -s {created} {gradebook}")
    assert hub.as_user(hub.grader, plant).returncode == 0
    try:
        again = prepare_again(hub)
        assert again.returncode != 0 and "feedback in the exchange is not a folder" in again.stderr, again.stderr
        assert (target.owner(), stat.S_IMODE(target.stat().st_mode)) == ("root", 0o600)
        feedback.unlink()  # now the exchange passes, and the course's gradebook link is reached
        assert prepare_again(hub).returncode == 0
        assert not created.exists(), "the hub created a file through a grader's link"
    finally:
        for link in (feedback, gradebook):
            if link.is_symlink():
                link.unlink()
            Path(f"{link}.kept").rename(link)
