"""Start grading kernels by forking one process that has already imported what every notebook imports.

Run as a file by sandbox.py, as root inside a bubblewrap sandbox (the same allow-list every kernel sees):
``python forkserver.py OPTIONS MODULE...``, OPTIONS a JSON object: the kernels' user, ``/tmp`` and
``/dev/shm`` sizes and resource limits.

It imports the modules, prints ``{"ready": true}`` and then reads one JSON request per line, each the
connection information of a kernel to start (or ``null``: a probe). For each it forks a kernel that builds
a fresh sandbox of its own before it runs any student code:

- new mount, PID, IPC and network namespaces: a private ``/tmp`` (the working directory) and ``/dev/shm``,
  both empty and size-limited, its own ``/proc``, no network at all; as under bubblewrap, an init is PID 1
  and the kernel PID 2, and every process in the namespace ends when the kernel does;
- the resource limits, no open file but ``/dev/null``, then the unprivileged user.

It answers with the PID of the namespaces' init as this server's namespace sees it. Its own memory (the
imported modules) is copied into each kernel, never shared back, so no kernel leaves anything for the next.
It never runs student code itself; it holds no secret beyond the connection key of the kernel it starts.
"""
from __future__ import annotations

import ctypes
import importlib
import importlib.util
import json
import os
import resource
import signal
import sys

from nkcourse.grading.confine import LIMITS, forget_keys

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x08000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND = 0x1, 0x2, 0x4, 0x8, 0x20, 0x1000
MS_REC, MS_PRIVATE = 0x4000, 0x40000
PR_SET_DUMPABLE = 4
CONNECTION = "/tmp/kernel-connection.json"
WORK = "/tmp/work"

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def mount(source: str | None, target: str, kind: str | None, flags: int, data: str | None = None) -> None:
    def c_string(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None
    _check(libc.mount(c_string(source), c_string(target), c_string(kind), ctypes.c_ulong(flags), c_string(data)),
           f"mount {target}")


def make_folders(path: str) -> None:
    """The folders down to `path`, each enterable by the kernel's user, as bubblewrap makes them."""
    parts = path.strip("/").split("/")
    for depth in range(1, len(parts) + 1):
        folder = "/" + "/".join(parts[:depth])
        if not os.path.isdir(folder):
            os.mkdir(folder)
            os.chmod(folder, 0o755)


def sandbox_self(connection: dict | None, options: dict) -> None:
    """In the namespaces' first process, still root: build the kernel's sandbox."""
    uid = options["uid"]
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing mounted here reaches the server or the next kernel
    # What the kernel reads under /tmp (Python, the packages, the data, in a clone there) is bound on top of
    # the server's /tmp: held open here, bound again on top of the fresh one.
    kept = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in options["keep"]]
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={options['tmp_bytes']},mode=1777")
    for path, descriptor in kept:
        make_folders(path)
        mount(f"/proc/self/fd/{descriptor}", path, None, MS_BIND | MS_REC)
        mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(descriptor)
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={options['shm_bytes']},mode=1777")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)  # this namespace's processes only
    os.mkdir(WORK, 0o777)
    os.chmod(WORK, 0o777)
    os.mkdir(os.environ["MPLCONFIGDIR"], 0o700)
    os.chown(os.environ["MPLCONFIGDIR"], uid, uid)
    descriptor = os.open(CONNECTION, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(descriptor, json.dumps(connection or {}).encode())
    os.close(descriptor)
    os.chown(CONNECTION, uid, uid)


def close_files() -> None:
    """Keep no file of the server's open (its request and reply pipes included): only /dev/null."""
    null = os.open("/dev/null", os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(null, target)
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def run_kernel(options: dict) -> None:
    """In the kernel's process: the limits, nothing open, the unprivileged user, then ipykernel as
    ``python -m ipykernel_launcher`` would run it. Signals are as Python set them: the server sets none."""
    uid = options["uid"]
    for name, value in options["rlimits"].items():
        resource.setrlimit(LIMITS[name], (value, value))
    close_files()
    os.setsid()  # its own session, as bubblewrap's --new-session gives a fresh kernel
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    libc.prctl(PR_SET_DUMPABLE, 1)  # as after exec: its own processes may read its /proc files
    forget_keys()
    os.chdir(WORK)
    os.environ["PWD"] = WORK
    if "numpy" in sys.modules:  # a fresh kernel seeds numpy's global generator afresh; so must a fork
        sys.modules["numpy"].random.seed()
    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, "-f", CONNECTION]
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


def be_init(connection: dict | None, options: dict, report: int) -> None:
    """PID 1 of the new namespaces, as bubblewrap's own init is: build the sandbox, start the kernel as PID 2,
    reap whatever ends in the namespace, and end when the kernel does (which ends every process in it)."""
    try:
        sandbox_self(connection, options)
    except BaseException as error:
        os.write(report, f"failed {type(error).__name__}: {error}\n".encode())
        os._exit(70)
    if connection is None:  # a probe: the sandbox could be built
        os.write(report, b"ready\n")
        os._exit(0)
    kernel = os.fork()
    if kernel == 0:
        try:
            run_kernel(options)
        finally:
            os._exit(0)
    os.write(report, b"ready\n")
    close_files()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            if os.waitpid(-1, 0)[0] == kernel:
                os._exit(0)
        except ChildProcessError:
            os._exit(0)


def start(connection: dict | None, options: dict) -> int:
    """Fork a kernel into new namespaces; return the PID of their init, as this server's namespace sees it,
    once the sandbox is built. With no connection, a probe: build the sandbox, then end.

    Both the helper (which reports the init's PID) and the init (which reports that the sandbox is built,
    or why not) write one line to the same pipe, in either order."""
    read, write = os.pipe()
    helper = os.fork()
    if helper == 0:  # unshare(CLONE_NEWPID) applies to the caller's next child: fork once more
        try:
            os.close(read)
            os.setsid()
            _check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
            init = os.fork()
            if init == 0:
                be_init(connection, options, write)
            os.write(write, f"{init}\n".encode())
        except BaseException as error:
            os.write(write, f"failed {type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(0)  # the init is left to this server's sandbox's own init, which reaps it
    os.close(write)
    with os.fdopen(read) as pipe:
        lines = pipe.read().splitlines()
    os.waitpid(helper, 0)
    failed = [line[len("failed "):] for line in lines if line.startswith("failed ")]
    pids = [int(line) for line in lines if line.isdigit()]
    if failed or "ready" not in lines or not pids:
        raise OSError(failed[0] if failed else "the kernel could not be forked into its namespaces")
    return pids[0]


def main(argv: list[str]) -> None:
    options, modules = json.loads(argv[0]), argv[1:]
    if sys.path and os.path.dirname(os.path.abspath(__file__)) == os.path.abspath(sys.path[0] or "."):
        del sys.path[0]  # as ipykernel_launcher does: the kernel's path is Python's, not this folder
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # what an import prints must not corrupt the replies
    for module in modules:
        importlib.import_module(module)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        try:
            replies.write(json.dumps({"pid": start(json.loads(line), options)}) + "\n")
        except Exception as error:  # noqa: BLE001 - the worker decides; the server keeps serving
            replies.write(json.dumps({"error": f"{type(error).__name__}: {error}"}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
