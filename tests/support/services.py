"""Real services for tests, from Debian's packages, on free local ports: started and stopped here.

A service that cannot run here (not installed, not root) skips its tests with
the reason; under ``CI=true`` the same reason fails them instead, so a CI run
can never pass by skipping what it was meant to test.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import free_port, in_ci


def unavailable(reason: str):
    """Skip (locally) or fail (under CI=true): a missing service must never pass silently in CI."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {seconds} s")


@contextmanager
def redis_server(folder: Path, port: int | None = None, persistent: bool = False) -> Iterator[str]:
    """A throwaway redis-server on 127.0.0.1; yields its URL. Skips (with the reason) when not installed.

    ``persistent``: append-only file in ``folder`` (fsync always), so a restart on the same port and folder
    keeps the queue, as a production broker would be configured.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed (scripts/test installs it with apt as root)")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    durability = ["--appendonly", "yes", "--appendfsync", "always"] if persistent else ["--appendonly", "no"]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *durability, "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def small_filesystem(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` (root only); skips with the reason when mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        unavailable(f"cannot mount a small file system here: {done.stderr.decode().strip() or 'not root'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Use up every free byte of the file system holding ``folder``."""
    for name, chunk in (("filler", 65536), ("filler-small", 1)):  # big writes, then the last few bytes
        with open(folder / name, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                pass


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path | None = None, seconds: float = 120) -> None:
    """Ready means answering: ``/api/v1/health`` gives an HTTP answer (200, or 503 with no engine), not an open port."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/api/v1/health", timeout=10).close()
            return
        except urllib.error.HTTPError:
            return  # an answer, even 503: the app is serving
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            detail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"the server did not answer /api/v1/health (exit {process.poll()}):\n{detail}")
        time.sleep(0.2)


@contextmanager
def gunicorn_server(
    instance: Path, env: dict[str, str], workers: int = 2, threads: int = 4, timeout: int = 120
) -> Iterator[tuple]:
    """The app under gunicorn, configured as ``scripts/run`` does; yields (base URL, process) once it answers.

    The one launcher of the tests: the process has a session of its own, so stopping it stops its job processes.
    """
    import os
    import signal

    from tests.support import ROOT

    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    log_path = instance / "gunicorn.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--timeout", str(timeout),
            "--config", "python:service.web.gunicorn_conf",
            "service.web:create_app()",
        ],
        # PYTHONPATH: the server runs this checkout's code, not whatever copy the venv has installed.
        env={**os.environ, "PYTHONPATH": str(ROOT), "SERVICE_INSTANCE_PATH": str(instance), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=instance,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log_path)
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def worker_pids(master: int) -> list[int]:
    """The child processes of ``master`` (a gunicorn master's workers, a batch's pool), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return found[-1].parent if found else None


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary folder, run as a non-root user; start and stop at will."""

    def __init__(self, folder: Path):
        import getpass
        import os

        self.bin = _postgres_bin()
        if self.bin is None:
            unavailable("PostgreSQL is not installed (scripts/test installs the Debian postgresql package as root)")
        if os.geteuid() == 0:  # the postgres user cannot enter pytest's private (0700, root) folders
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="test-postgres-", dir="/tmp"))  # not $TMPDIR: private too
        self.folder = folder
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.process: subprocess.Popen | None = None
        self.user = "postgres" if os.geteuid() == 0 else getpass.getuser()
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            unavailable("runuser is missing: PostgreSQL refuses to run as root")
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", self.user, str(folder)], check=True)
        done = subprocess.run(
            [*self._as_user(), str(self.bin / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "-A", "trust"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            unavailable(f"initdb failed: {done.stderr.strip()[-300:]}")

    def _as_user(self) -> list[str]:
        import os

        return ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*self._as_user(), str(self.bin / "postgres"), "-D", str(self.folder / "data"), "-p", str(self.port),
             "-h", "127.0.0.1", "-k", str(self.folder), "-c", "fsync=off"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "server.log", "ab"),  # noqa: SIM115 (kept open by the server)
            cwd=self.folder,
        )  # fmt: skip
        _wait_for_port(self.port, self.process, "postgres", seconds=60)
        import psycopg

        for _ in range(100):  # the port opens before the server accepts logins
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.1)

    def stop(self) -> None:
        """Fast shutdown (clients disconnected at once), as when the database server goes away."""
        if self.process and self.process.poll() is None:
            subprocess.run(
                [
                    *self._as_user(),
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "stop",
                    "-m",
                    "fast",
                    "-w",
                ],
                capture_output=True,
                timeout=60,
            )
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def postgres_server(folder: Path) -> Iterator[Postgres]:
    """A running throwaway PostgreSQL (``.url``), stopped afterwards; skips with the reason when unavailable."""
    server = Postgres(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@contextmanager
def celery_worker(instance: Path, env: dict[str, str], concurrency: int = 1) -> Iterator[subprocess.Popen]:
    """``python -m service worker`` in its own process group (so a test can SIGKILL all of it)."""
    import os
    import signal

    from tests.support import ROOT

    instance.mkdir(parents=True, exist_ok=True)
    log = (instance / "worker.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "service", "worker", "--concurrency", str(concurrency)],
        env={**os.environ, "SERVICE_INSTANCE_PATH": str(instance), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
