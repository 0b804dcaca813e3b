"""JupyterHub for one class on one server: local Unix accounts, the course's environment for everyone, the
nbgrader exchange, and the course registered for the instructor. Start it as root with `python3 tasks.py hub`
(README: "Teaching a class on one server").

Adapt the settings in the first block, or set them in the environment; anything else on the command line,
e.g. `python3 tasks.py hub --JupyterHub.bind_url=http://:80`.
"""
import grp
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub)

DEPLOY = Path(__file__).resolve().parent
COURSE_SOURCE = DEPLOY.parent / "course"
VENV_BIN = Path(sys.executable).parent  # the course's environment, which runs the hub (tasks.py hub)


def names(variable: str, default: str) -> list[str]:
    return os.environ.get(variable, default).replace(",", " ").split()


# --- What an instructor adapts --------------------------------------------------------------------------
COURSE_ID = "moscow-beijing"  # as in course/nbgrader_config.py
INSTRUCTOR = os.environ.get("NKHUB_INSTRUCTOR", "instructor")  # the Unix user who grades; owns the course
GRADERS = names("NKHUB_GRADERS", "")  # Unix users who grade beside the instructor (teaching assistants)
STUDENTS = names("NKHUB_STUDENTS", "")  # Unix users who may log in as students, e.g. "alice bob"
COURSES = Path(os.environ.get("NKHUB_COURSES", "/srv/nbgrader/courses"))  # the course folder is in here
EXCHANGE = Path(os.environ.get("NKHUB_EXCHANGE", "/srv/nbgrader/exchange"))
STATE = Path(os.environ.get("NKHUB_STATE", "/srv/jupyterhub"))  # the hub's database and cookie secret
c.JupyterHub.bind_url = "http://:8000"  # put HTTPS in front of it (a reverse proxy) for a real class
# Local accounts with their Unix passwords (PAM). Users are not created by the hub: `adduser` them.
c.JupyterHub.authenticator_class = "pam"
# ---------------------------------------------------------------------------------------------------------

if os.geteuid() != 0:
    sys.exit("The hub starts each user's server as that Unix user, so it must run as root.")

c.Authenticator.allowed_users = {INSTRUCTOR, *GRADERS, *STUDENTS}
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# Every user's server and kernel run in the course's environment (nbgrader, nkcourse, the data package), in
# their home folder, as their own Unix user (LocalProcessSpawner, the default).
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"


def config_path(spawner) -> str:
    """The Jupyter config folders of the user's role: nbgrader's settings and a lab that stays offline for all;
    for students, the instructor's tools (Formgrader, Course List, Create Assignment) switched off in the lab
    and the server."""
    role = "instructor" if spawner.user.name in {INSTRUCTOR, *GRADERS} else "student"
    return os.pathsep.join(str(DEPLOY / "jupyter" / folder) for folder in (role, "everyone", "offline"))


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": config_path,
    "NKHUB_EXCHANGE": str(EXCHANGE),
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
}

# Roles and scopes: each user has JupyterHub's default "user" role (scope "self": their own server, nothing
# else), and nothing more is needed. The formgrader runs inside the instructor's own server, not as a hub
# service, and nbgrader authenticates nobody through the hub (one course, nbgrader's NoAuthPlugin), so none
# of the hub API scopes of nbgrader issues #1831 and #1900 (list:services, read:groups, ...) are granted.
c.JupyterHub.load_roles = [{"name": "user", "scopes": ["self"]}]


def prepare_graders() -> grp.struct_group:
    """The Unix group of the course's graders, the instructor and NKHUB_GRADERS exactly (made if missing): the
    course folder and the exchange's course folders belong to it. Students are never in it."""
    group = f"{COURSE_ID}-graders"
    try:
        grp.getgrnam(group)
    except KeyError:
        subprocess.run(["groupadd", "--system", group], check=True)
    subprocess.run(["gpasswd", "--members", ",".join([INSTRUCTOR, *GRADERS]), group], check=True, capture_output=True)
    return grp.getgrnam(group)


def prepare_exchange(instructor: pwd.struct_passwd, graders: grp.struct_group) -> None:
    """nbgrader's exchange: a root anyone may write to (sticky, like /tmp); the course's folders, owned by the
    instructor and the graders' group (nbgrader's groupshared layout): outbound (released assignments) readable
    by all; inbound writable by all, listable by graders only, and sticky (students hand in; none can see,
    rename or delete another's submission); feedback reachable by others only by the exact name nbgrader gives
    each student's."""
    EXCHANGE.mkdir(parents=True, exist_ok=True)
    os.chown(EXCHANGE, 0, 0)
    EXCHANGE.chmod(0o1777)
    root = os.open(EXCHANGE, os.O_RDONLY | os.O_DIRECTORY)
    course = own_folder(root, COURSE_ID, instructor.pw_uid, graders.gr_gid, 0o2775)
    for folder, mode in (("outbound", 0o2775), ("inbound", 0o3773), ("feedback", 0o2771)):
        os.close(own_folder(course, folder, instructor.pw_uid, graders.gr_gid, mode))
    os.close(course)
    os.close(root)


def own_folder(parent: int, name: str, uid: int, gid: int, mode: int) -> int:
    """Make (if missing) and set the owner and mode of the folder `name` in the open folder `parent`, never
    through a symbolic link: the graders may rename what is in the exchange's course folder, and this runs as
    root. Returns the folder, open."""
    try:
        os.mkdir(name, dir_fd=parent)
    except FileExistsError:
        pass
    try:
        folder = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
    except OSError:
        sys.exit(f"{name} in the exchange is not a folder (a symbolic link?): remove it and start the hub again.")
    os.fchown(folder, uid, gid)
    os.fchmod(folder, mode)
    return folder


def prepare_course(instructor: pwd.struct_passwd, graders: grp.struct_group) -> Path:
    """The course folder in COURSES, for the graders' group only: it holds the solutions, the hidden tests and
    the gradebook. Made on first start (sources and settings, no grades), or moved there from
    ~instructor/course, where an earlier version of this file kept it. Its folders are setgid and carry a
    default ACL, so whatever a grader writes there (through nbgrader, the grading command, a terminal or ssh)
    stays the group's to read and write, whatever their umask."""
    course = COURSES / COURSE_ID
    COURSES.mkdir(parents=True, exist_ok=True)
    COURSES.chmod(0o755)
    if not course.exists():
        earlier = Path(instructor.pw_dir) / "course"
        if earlier.is_dir() and not earlier.is_symlink():
            shutil.move(earlier, course)
        else:
            shutil.copytree(COURSE_SOURCE, course, ignore=shutil.ignore_patterns(
                "release", "submitted", "autograded", "feedback", "exports", "reports", "gradebook.db", ".nkgrade",
                ".ipynb_checkpoints"))
        # coreutils and acl walk the tree without following the links inside it.
        for command in (["chown", "-R", f"{instructor.pw_name}:{graders.gr_name}", str(course)],
                        ["chmod", "-R", "g+rwX,o-rwx", str(course)],
                        ["find", str(course), "-type", "d", "-exec", "chmod", "g+s", "{}", "+"],
                        ["setfacl", "-R", "-d", "-m", "u::rwX,g::rwX,o::---", str(course)]):
            subprocess.run(command, check=True)
    # SQLite makes a new database file, and its journals after it, readable by the group only: made here
    # (an empty file is an empty database), it is the group's to write, and so are its journals.
    try:  # never through a link a grader left in its place: this runs as root
        gradebook = os.open(course / "gradebook.db", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o660)
    except FileExistsError:
        return course
    os.fchown(gradebook, instructor.pw_uid, graders.gr_gid)
    os.fchmod(gradebook, 0o660)
    os.close(gradebook)
    return course


def link_course(course: Path, users: list[str]) -> None:
    """~/course for each grader: where nbgrader (deploy/jupyter/instructor) and the README's commands find it.
    Nothing is made where anything already is (the home is its owner's to write)."""
    for name in users:
        user = pwd.getpwnam(name)
        link = Path(user.pw_dir) / "course"
        if not os.path.lexists(link):
            link.symlink_to(course)
            os.lchown(link, user.pw_uid, user.pw_gid)


# What users' servers read from the repository: the environment, the course package with its data, and the
# per-role Jupyter settings. The rest is closed to them: course/ holds the solutions and hidden tests, .git their
# history, tests/ the fairness cases' answers.
USERS_READ = {".venv", "src", "data", "deploy"}


def close_repository(root: Path) -> None:
    """Everything but USERS_READ readable by its owner only; the repository itself passable, not listable."""
    for entry in root.iterdir():
        if entry.name not in USERS_READ and not entry.is_symlink():
            entry.chmod(entry.stat().st_mode & ~0o077)
    root.chmod(root.stat().st_mode & ~0o077 | 0o011)


def closed_on_the_way(path: Path) -> Path | None:
    """The first folder above `path` that other users may not pass through, if any."""
    return next((folder for folder in reversed(path.parents) if not folder.stat().st_mode & 0o001), None)


_blocked = closed_on_the_way(COURSE_SOURCE.parent)
if _blocked is not None:
    sys.exit(f"Users cannot reach the course's environment: {_blocked} is closed to them. Put the repository in a "
             f"folder everyone may pass through (e.g. /opt), or allow it with: chmod o+x {_blocked}")
close_repository(COURSE_SOURCE.parent)

for _name in (INSTRUCTOR, *GRADERS):
    try:
        pwd.getpwnam(_name)
    except KeyError:
        sys.exit(f"No Unix user {_name!r}: create the account (adduser {_name}), or correct NKHUB_INSTRUCTOR or "
                 "NKHUB_GRADERS.")
if shutil.which("setfacl") is None:
    sys.exit("setfacl is missing: it keeps the graders' course folder shared (Debian: apt-get install acl).")
_instructor, _graders = pwd.getpwnam(INSTRUCTOR), prepare_graders()
prepare_exchange(_instructor, _graders)
link_course(prepare_course(_instructor, _graders), [INSTRUCTOR, *GRADERS])
