"""Real services for tests, from Debian's packages, on free local ports: started and stopped here."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import free_port


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
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway redis-server on 127.0.0.1; yields its URL. Skips (with the reason) when not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/test installs it with apt as root)")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
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
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip() or 'not root'}")
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


@contextmanager
def gunicorn_server(instance: Path, env: dict[str, str], workers: int = 2, threads: int = 4) -> Iterator[tuple]:
    """The app under gunicorn, configured as ``scripts/run`` does; yields (base URL, process)."""
    import os

    from tests.support import ROOT

    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    log = (instance / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--timeout", "120",
            "--config", "python:service.web.gunicorn_conf",
            "service.web:create_app()",
        ],
        env={**os.environ, "SERVICE_INSTANCE_PATH": str(instance), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=instance,
    )  # fmt: skip
    try:
        _wait_for_port(port, process, "gunicorn", 60)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
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
