"""Child processes: workers that must not outlive their parent, and the programs the engines run."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to kill this process when its parent dies (even by SIGKILL); elsewhere, poll.

    The parent's pid comes from the caller or multiprocessing, not ``getppid()``:
    if the parent died while this process was still starting, ``getppid()`` is
    already init's.
    """
    if parent is None:
        spawner = multiprocessing.parent_process()
        parent = spawner.pid if spawner is not None else os.getppid()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(1)
            return
    except OSError:
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


# -- Programs the engines run ------------------------------------------------------------------------------
#
# The web workers are gevent's, and gevent's ``subprocess`` starts a program by forking the whole worker in
# Python (``os.fork``, then the child closes its descriptors and execs): about 25 ms per program in a worker
# that holds the language models, where ``posix_spawn`` (vfork) takes about 1 ms. A live Apertium pipeline
# starts its stateful stages (cg-proc) for every request, so that fork made a one-sentence request ten
# times slower under gunicorn than in-process. ``spawn`` and ``run`` start programs with ``posix_spawn``
# whether gevent has patched the process or not. Waiting stays cooperative under gevent: pipes are read
# through ``selectors`` and waits sleep, both of which gevent patches. Descriptors are closed through file
# objects (a C-level close): gevent's patched ``os.close`` defers closing a pipe to its event loop, which a
# blocked caller would never reach.

PIPE = subprocess.PIPE
DEVNULL = subprocess.DEVNULL
_POLL_EVERY = 0.002  # seconds between looks at a program asked to exit


def _unpatched(name: str) -> Callable:
    """``os.<name>`` as the C library gives it, even where gevent has patched ``os``.

    gevent's ``posix_spawnp`` registers each child with its event loop, and its ``waitpid`` then answers
    from that loop's record. A program that exits before the record exists (``apertium-wblank-mode``
    answers in a millisecond) is reaped by the loop unrecorded, and the patched ``waitpid`` says
    "still running" for ever: a worker's first look at a pair's mode waited its whole 30 s timeout,
    and that pair ran one-shot (170 ms a sentence instead of 20) for the life of the worker, in about
    half of the server starts. Ours are started and waited for without the loop; a child its loop reaped
    anyway is ``ChildProcessError``, which ``Program.poll`` reads as exited.
    """
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("os"):
        return monkey.get_original("os", name)
    return getattr(os, name)


class Program:
    """A program started by ``spawn``: the few parts of ``subprocess.Popen`` the engines use."""

    def __init__(self, args: list[str], pid: int, stdin: BinaryIO | None, stdout: BinaryIO | None,
                 stderr: BinaryIO | None):  # fmt: skip
        self.args = args
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit code, or None while it runs."""
        if self.returncode is None:
            try:
                pid, status = _unpatched("waitpid")(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by someone else (gevent's loop reaps every child it sees)
                self.returncode = 0
            else:
                if pid == self.pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit code once it has exited; ``subprocess.TimeoutExpired`` after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(self.args, timeout or 0.0)
            time.sleep(_POLL_EVERY)
        return self.returncode  # type: ignore[return-value]

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def spawn(
    argv: Sequence[str],
    stdin: int | BinaryIO = PIPE,
    stdout: int = PIPE,
    stderr: int = DEVNULL,
    env: Mapping[str, str] | None = None,
) -> Program:
    """Start ``argv`` (looked up on PATH): ``PIPE`` gives us an unbuffered binary end, ``DEVNULL`` discards.

    ``stdin`` may also be another program's ``stdout``: the two are joined, as in a shell pipeline. Raises
    ``OSError`` when the program cannot start.
    """
    ours: dict[int, BinaryIO] = {}
    theirs: list[BinaryIO] = []
    actions = []
    try:
        for fd, how in ((0, stdin), (1, stdout), (2, stderr)):
            if how == PIPE:
                read, write = os.pipe()
                mine, child = (write, read) if fd == 0 else (read, write)
                ours[fd] = open(mine, "wb" if fd == 0 else "rb", buffering=0)  # noqa: SIM115 (kept open)
                theirs.append(open(child, "rb" if fd == 0 else "wb", buffering=0))  # noqa: SIM115
                actions.append((os.POSIX_SPAWN_DUP2, child, fd))
            elif how == DEVNULL:
                actions.append((os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0))
            elif hasattr(how, "fileno"):
                actions.append((os.POSIX_SPAWN_DUP2, how.fileno(), fd))
        environment = dict(os.environ if env is None else env)
        pid = _unpatched("posix_spawnp")(argv[0], list(argv), environment, file_actions=actions)
    except BaseException:
        for stream in [*ours.values(), *theirs]:
            stream.close()
        raise
    for stream in theirs:  # the child has them now; ours would keep the pipe open
        stream.close()
    return Program(list(argv), pid, ours.get(0), ours.get(1), ours.get(2))


@dataclass
class Completed:
    """What ``run`` gives back, as ``subprocess.CompletedProcess`` does."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run(argv: Sequence[str], text: str, timeout: float, env: Mapping[str, str] | None = None) -> Completed:
    """Run ``argv`` on ``text`` (UTF-8) and wait for it; ``subprocess.TimeoutExpired`` kills it first."""
    program = spawn(argv, PIPE, PIPE, PIPE, env)
    assert program.stdin and program.stdout and program.stderr
    data = memoryview(text.encode("utf-8"))
    out, err = bytearray(), bytearray()
    outputs = {program.stdout.fileno(): out, program.stderr.fileno(): err}
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    try:
        os.set_blocking(program.stdin.fileno(), False)
        if data:
            selector.register(program.stdin, selectors.EVENT_WRITE)
        else:
            program.stdin.close()
        for stream in (program.stdout, program.stderr):
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(list(argv), timeout)
            for key, _ in selector.select(left):
                if key.fileobj is program.stdin:
                    try:
                        written = os.write(key.fd, data[:65536])
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:
                        written = len(data)  # it stopped reading: what it wrote so far is its answer
                    data = data[written:]
                    if not data:
                        selector.unregister(program.stdin)
                        program.stdin.close()
                    continue
                chunk = os.read(key.fd, 65536)
                if chunk:
                    outputs[key.fd] += chunk
                else:
                    selector.unregister(key.fileobj)
        code = program.wait(max(0.0, deadline - time.monotonic()))
    except BaseException:
        program.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            program.wait(1.0)
        raise
    finally:
        selector.close()
        for stream in (program.stdin, program.stdout, program.stderr):
            if stream is not None and not stream.closed:
                stream.close()
    return Completed(list(argv), code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
