"""Kernels forked from the fork server (as root): each in a sandbox of its own, nothing shared with the next one."""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

import nkcourse
from nkcourse.grading.sandbox import BASE_UID, Limits, Sandbox, SandboxedKernelManager, descendants, processes_of

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="kernels are forked only when grading as root")
SLOT = 9  # a slot no grading test uses, so that its kernel user is this test's alone


@contextlib.contextmanager
def kernels_in(sandbox: Sandbox):
    previous, SandboxedKernelManager.sandbox = SandboxedKernelManager.sandbox, sandbox
    try:
        yield sandbox
    finally:
        sandbox.close()
        SandboxedKernelManager.sandbox = previous


@pytest.fixture
def sandbox(tmp_path):
    with kernels_in(Sandbox(tmp_path, Limits(shm_bytes=64 << 20), slot=SLOT)) as sandbox:
        yield sandbox


@pytest.fixture(params=[True, False], ids=["forked", "fresh"])
def either_sandbox(tmp_path, request):
    """Kernels forked from the server, and kernels started afresh (--fresh-kernels, or not root)."""
    with kernels_in(Sandbox(tmp_path, slot=SLOT, fork_kernels=request.param)) as sandbox:
        yield sandbox


async def _run(code: str, inspect=None, timeout: float = 60) -> str:
    manager = SandboxedKernelManager(kernel_name="python3")
    await manager.start_kernel()
    client = manager.client()
    client.start_channels()
    printed = []
    try:
        await client.wait_for_ready(timeout=60)
        if inspect is not None:
            inspect(manager)
        reply = await client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: printed.append(
            msg["content"].get("text") or msg["content"].get("evalue") or ""))
        assert reply["content"]["status"] == "ok", printed
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
    return "".join(printed)


def run(code: str, inspect=None, timeout: float = 60) -> str:
    """Start a kernel in the current sandbox, run `code` in it, stop it; return what it printed."""
    return asyncio.run(_run(code, inspect, timeout))


def test_a_forked_kernel_starts_in_a_sandbox_of_its_own(sandbox):
    printed = run("import os, socket, resource, pandas\n"
                  "print(os.getuid(), os.getpid(), sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
                  "print(sorted(os.listdir('/tmp')), os.listdir('/dev/shm'), os.getcwd(), os.environ['PWD'])\n"
                  "print(resource.getrlimit(resource.RLIMIT_AS)[0], [name for _, name in socket.if_nameindex()])\n"
                  "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=2)\nexcept OSError as error:\n"
                  "    print('no network', type(error).__name__)\n"
                  "import ctypes\nprint(os.getsid(0) == os.getpid(), ctypes.CDLL(None).prctl(3))")
    lines = printed.splitlines()
    # Its own user, PID 2 under an init of its own (as under bubblewrap): the fork server is out of sight and reach.
    assert lines[0] == f"{BASE_UID + SLOT} 2 ['1', '2']"
    # An empty /tmp (IPython's folder, the connection file, matplotlib's and the working folder, and the way to
    # what it reads there if the course's environment is under /tmp), an empty /dev/shm.
    under_tmp = {path.relative_to("/tmp").parts[0] for path in sandbox.readable_paths() if path.is_relative_to("/tmp")}
    listing = sorted({".ipython", "kernel-connection.json", "matplotlib", "work", *under_tmp})
    assert lines[1] == f"{listing} [] /tmp/work /tmp/work"
    assert lines[2] == f"{sandbox.limits.memory_bytes} ['lo']"
    assert lines[3].startswith("no network")
    # As after exec, like a fresh kernel: a session of its own, and its /proc files its own (PR_GET_DUMPABLE).
    assert lines[4] == "True 1"


LEAVE_TRACES = """import os, subprocess, builtins, ctypes, pandas, numpy
for path in ('/tmp/work/left', '/tmp/left', '/dev/shm/left'):
    open(path, 'w').write('from the last kernel')
pandas.read_csv = None
numpy.LEFT = 'from the last kernel'
builtins.LEFT = 'from the last kernel'
segment = ctypes.CDLL(None).shmget(4242, 4096, 0o1666)  # System V shared memory, IPC_CREAT
subprocess.Popen(['sleep', '300'], start_new_session=True)
print('left', segment >= 0)"""

LOOK_FOR_TRACES = """import os, builtins, pandas, numpy
print([p for p in ('/tmp/work/left', '/tmp/left', '/dev/shm/left') if os.path.exists(p)],
      callable(pandas.read_csv), hasattr(numpy, 'LEFT'), hasattr(builtins, 'LEFT'),
      open('/proc/sysvipc/shm').read().count('4242'), sorted(p for p in os.listdir('/proc') if p.isdigit()))"""


def test_nothing_one_forked_kernel_does_reaches_the_next(sandbox):
    assert run(LEAVE_TRACES).strip() == "left True"
    # Its namespace ended with the kernel: so did the process it left, without the grader reaping it.
    deadline = time.monotonic() + 5
    while processes_of(BASE_UID + SLOT) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_of(BASE_UID + SLOT) == []
    assert run(LOOK_FOR_TRACES).strip() == "[] True False False 0 ['1', '2']"


def test_a_forked_kernel_holds_nothing_of_the_server(sandbox):
    server = sandbox.fork_server()
    pipes = {f"pipe:[{os.fstat(stream.fileno()).st_ino}]" for stream in (server.process.stdin, server.process.stdout)}
    held = []

    def open_files(manager):  # of the namespace's init and of the kernel
        init = manager.provisioner.process.pid
        for pid in [init, *descendants(init)]:
            held.extend(os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))

    run("print('ok')", inspect=open_files)
    assert held and not pipes & set(held), held


def test_shared_memory_is_capped_in_a_forked_kernel(sandbox):
    printed = run("try:\n    [open(f'/dev/shm/x{i}', 'wb').write(b'x' * (40 << 20)) for i in range(3)]\n"
                  "except OSError as error:\n    print(error.strerror)")
    assert printed.strip() == "No space left on device"


def test_a_fork_server_that_died_is_started_again(sandbox):
    first = sandbox.fork_server()
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    assert run("print('answered')").strip() == "answered"
    assert sandbox.fork_server() is not first


# add_key(2) and keyctl(2) by number, for the machines the course is tested on
SYSCALLS = {"x86_64": (248, 250), "aarch64": (217, 219)}
KEYS = """import ctypes, os
add_key, keyctl = {numbers}
call = ctypes.CDLL(None, use_errno=True).syscall
call.restype = ctypes.c_long
def c(*args):
    return [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
if {leave}:  # in the user keyring, which outlives the kernel's processes
    print('left', call(*c(add_key, b'user', b'nkleft', b'from the last kernel', 20, -4)) > 0)
print('found' if call(*c(keyctl, 10, -4, b'user', b'nkleft', 0)) > 0 else 'none')"""


@pytest.mark.skipif(os.uname().machine not in SYSCALLS, reason="the test knows keyctl's number on x86_64 and arm64")
def test_a_key_one_kernel_leaves_in_its_users_keyring_never_reaches_the_next(either_sandbox):
    numbers = SYSCALLS[os.uname().machine]
    assert run(KEYS.format(numbers=numbers, leave=True)).split() == ["left", "True", "found"]
    assert run(KEYS.format(numbers=numbers, leave=False)).strip() == "none"


FILL_SOCKET_FOLDER = """import json, os, pathlib, time
folder = pathlib.Path(json.load(open('/tmp/kernel-connection.json'))['ip']).parent
for i in range(3):
    (folder / f'filler{i}').write_bytes(b'x' * (1 << 20))  # on the grader's disk: not under /tmp's size limit
time.sleep(10)"""


def test_a_kernel_that_fills_its_socket_folder_is_stopped(either_sandbox):
    managers = []
    with pytest.raises(Exception):  # noqa: B017 - the kernel dies mid-cell: whatever the client raises
        run(FILL_SOCKET_FOLDER, inspect=managers.append, timeout=8)
    assert managers[0].watch.reason == "wrote more than 1 MB into its socket folder"


def test_what_a_kernel_reads_under_tmp_stays_visible_under_its_fresh_tmp(tmp_path, monkeypatch, either_sandbox):
    """A clone in /tmp (as CI and many newcomers make) has Python, the packages and the data under /tmp, which
    each kernel covers with a /tmp of its own: here, the data package."""
    data = tmp_path / "data-under-tmp"
    shutil.copytree(Path(nkcourse.data_dir()), data)
    monkeypatch.setenv("NKCOURSE_DATA", str(data))
    assert str(data).startswith("/tmp/")
    printed = run("import os, nkcourse\nprint(nkcourse.data_dir(), len(nkcourse.load_table('claims')) > 0)\n"
                  "print(os.access(nkcourse.data_dir(), os.W_OK))")
    assert printed.split() == [str(data), "True", "False"]
