"""Start a kernel under limits: ``python confine.py [options] -- command ...`` (run as a file by sandbox.py).

Two stages, both ending in ``exec`` so that no extra process stays between the grader and the kernel:
the outer stage (outside the sandbox) sets resource limits, which bubblewrap and the kernel inherit;
the inner stage (inside the sandbox, still root when the grader is root) hands the connection file to
an unprivileged user and drops to that user.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys

LIMITS = {"cpu": resource.RLIMIT_CPU, "memory": resource.RLIMIT_AS,
          "nproc": resource.RLIMIT_NPROC, "fsize": resource.RLIMIT_FSIZE}
# keyctl(2): the user's keyrings outlive every process of the user, so a key one kernel adds would wait there
# for the slot's next kernel, another student's. Cleared as that user, before any student code runs.
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}
KEYCTL_GET_PERSISTENT, KEYCTL_CLEAR = 22, 7
USER_KEYRINGS = (-4, -5)  # KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING


def forget_keys() -> None:
    """Empty the current user's keyrings (user, user session and persistent); quietly, where there are none."""
    import ctypes

    number = SYS_KEYCTL.get(os.uname().machine)
    if number is None:
        return
    call = ctypes.CDLL(None, use_errno=True).syscall
    call.restype = ctypes.c_long

    def keyctl(*args: int) -> int:
        return call(ctypes.c_long(number), *(ctypes.c_long(arg) for arg in args))

    for keyring in USER_KEYRINGS:
        keyctl(KEYCTL_CLEAR, keyring)
    persistent = keyctl(KEYCTL_GET_PERSISTENT, -1, USER_KEYRINGS[0])  # linked into the user keyring, cleared next
    if persistent >= 0:
        keyctl(KEYCTL_CLEAR, persistent)
        keyctl(KEYCTL_CLEAR, USER_KEYRINGS[0])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="confine")
    for name in LIMITS:
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--uid", type=int, help="drop to this user and group id (only when root)")
    parser.add_argument("--connection-file", help="copy this file to /tmp, readable by --uid, and use the copy")
    parser.add_argument("--copy-dir", nargs=2, metavar=("SOURCE", "TARGET"),
                        help="copy a directory (matplotlib's font cache) into the kernel's private /tmp")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    for name, which in LIMITS.items():
        value = getattr(args, name)
        if value is not None:
            resource.setrlimit(which, (value, value))

    if args.connection_file:
        copy = "/tmp/kernel-connection.json"
        shutil.copyfile(args.connection_file, copy)
        if args.uid is not None:
            os.chown(copy, args.uid, args.uid)
        command = [copy if part == args.connection_file else part for part in command]

    if args.copy_dir:
        source, target = args.copy_dir
        shutil.copytree(source, target, dirs_exist_ok=True)
        if args.uid is not None:
            for root, _, files in os.walk(target):
                os.chown(root, args.uid, args.uid)
                for name in files:
                    os.chown(os.path.join(root, name), args.uid, args.uid)

    if args.uid is not None and os.geteuid() == 0:
        os.setgroups([])
        os.setgid(args.uid)
        os.setuid(args.uid)
        forget_keys()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
