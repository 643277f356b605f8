"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests: initdb into a temporary
folder, start it on a free port, stop and delete it afterwards.

PostgreSQL refuses to run as root, so as root the cluster belongs to (and runs as) the
`postgres` system user that Debian's package creates. Durability is switched off (fsync,
synchronous_commit): the data lives for one test session. Sorting is byte order
(LC_COLLATE=C, like DuckDB) while LOWER() still folds every script (LC_CTYPE=C.UTF-8).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or no user allowed to run them."""


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: $PG_BINDIR, Debian's newest version, or PATH."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if debian:
        return Path(debian[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(user: str | None, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run `cmd` (as `user` when given, i.e. when we are root), failing with its output."""
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise ClusterUnavailable(
            f"{' '.join(cmd)} exited with {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done


@contextlib.contextmanager
def throwaway_cluster(max_connections: int = 300, settings: str = "") -> Iterator[str]:
    """Start a cluster and yield its superuser URL (database `postgres`, trust auth on
    127.0.0.1 only); the cluster is stopped and deleted when the context ends.
    `settings` adds server options ("-c name=value ...", e.g. the benchmarks' memory)."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        raise ClusterUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")
    user = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ClusterUnavailable("running as root and there is no postgres user") from exc
        if shutil.which("runuser") is None:
            raise ClusterUnavailable("running as root and runuser is missing")
        user = "postgres"
    # as root: under /tmp, which the postgres user can reach (unlike e.g. /root/tmp)
    base = os.environ.get("PG_CLUSTER_DIR") or ("/tmp" if user is not None else None)
    root = Path(tempfile.mkdtemp(prefix="dashboard-pg-", dir=base))
    if user is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log = root / "data", root / "server.log"
    port = _free_port()
    started = False
    try:
        _run_as(
            user,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--lc-collate=C",
                "--lc-ctype=C.UTF-8",
                "--no-sync",
            ],
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 "
            f"-c max_connections={max_connections} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
            + (f" {settings}" if settings else "")
        )
        try:
            _run_as(
                user,
                [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60"]
                + ["-o", options, "start"],
            )
        except ClusterUnavailable as exc:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise ClusterUnavailable(f"{exc}\n{text[-2000:]}") from exc
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            with contextlib.suppress(ClusterUnavailable):
                _run_as(user, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":  # try it: python tests/pg_cluster.py (stop with Ctrl-C or kill)
    import signal
    import time

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # clean up on kill too
    with throwaway_cluster() as url:
        print(url, flush=True)
        time.sleep(float(os.environ.get("PG_CLUSTER_SECONDS", "5")))
