"""A throwaway PostgreSQL server (Debian's `postgresql`) for the tests of a PostgreSQL gradebook.

It listens only on a Unix socket in a folder of its own under /tmp (no TCP port), with peer authentication:
each Unix user connects as the PostgreSQL role of the same name, as the README's set-up for several graders
does. As root, the server runs as Debian's `postgres` user, because PostgreSQL refuses to run as root."""
from __future__ import annotations

import getpass
import os
import pwd
import shutil
import subprocess
import re
import tempfile
from pathlib import Path

# Debian keeps the server's programs off PATH, in one folder per major version.
BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)), None)
SCRIPT = Path(__file__).resolve().parents[1] / "deploy" / "postgresql-gradebook.sh"
SERVER_USER = "postgres" if os.geteuid() == 0 else getpass.getuser()


def missing() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None."""
    if BIN is None and not shutil.which("initdb"):
        return "needs PostgreSQL's server (Debian: apt-get install postgresql, which .ci/run does as root)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return "needs the postgres Unix user that Debian's postgresql package creates (the server cannot run as root)"
    return None


def tool(name: str) -> str:
    return str(BIN.parent / name) if BIN else shutil.which(name)


class Postgres:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="nkcourse-pg-"))
        self.folder.chmod(0o755)  # other Unix users (the hub's instructor) reach the socket through it
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def _as_server(self, *args: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []
        run = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, f"{' '.join(args)}:\n{run.stdout}\n{run.stderr}"
        return run

    def start(self) -> Postgres:
        self._as_server(tool("initdb"), "-D", str(self.data), "-U", SERVER_USER, "--auth-local=peer",
                        "--auth-host=reject", "--encoding=UTF8", "--no-instructions")
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -c fsync=off"
        self._as_server(tool("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                        "-w", "start")
        return self

    def stop(self) -> None:
        self._as_server(tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run SQL as the server's superuser."""
        return self._as_server(tool("psql"), "-h", str(self.folder), "-U", SERVER_USER, "-d", database, "-v",
                               "ON_ERROR_STOP=1", "-tAc", statement).stdout

    def gradebook(self, database: str, *graders: str) -> str:
        """A gradebook database for these graders (Unix users), made with deploy/postgresql-gradebook.sh as the
        README tells instructors to; returns the URL it prints for nbgrader_config.py."""
        run = subprocess.run(["bash", str(SCRIPT), database, *graders], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PGHOST": str(self.folder),
                                  "PATH": f"{Path(tool('psql')).parent}{os.pathsep}{os.environ['PATH']}"})
        assert run.returncode == 0, run.stdout + run.stderr
        return re.fullmatch(r'c\.CourseDirectory\.db_url = "(.+)"', run.stdout.strip()).group(1)
