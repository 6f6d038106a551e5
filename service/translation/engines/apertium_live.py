"""Live Apertium pipelines: each pair's programs started once per process and kept running.

The ``apertium`` command starts a pair's whole pipeline for every call (about
a dozen programs: analyser, tagger, transfer stages, generators), and each
program loads its dictionary or rules before it reads a word. For a short
request that start costs far more than the translation. Apertium's programs
also have a null-flush mode (``-z``): after each NUL they finish what they
read, write it followed by a NUL, flush, and wait for more. So a pipeline
started once answers each request as soon as its text has gone through.

Rules kept here, because a translation service must never be wrong quietly:

- one request at a time per pipeline; a request is the text, a NUL, then a
  marker block of its own and a NUL. The answer must end with that marker,
  with exactly one NUL before it, or the pipeline is out of step: it is
  killed and never used again, so no answer can carry another request's text;
- a stage that dies, or an answer slower than the timeout, kills the pipeline;
  the next request starts a fresh one;
- the pipelines of one process are bounded in number and in memory (measured,
  proportional set size); the least recently used idle one is closed to make
  room, and when none is idle the caller falls back to a one-shot call;
- a pipeline belongs to the process that started it: a forked child starts
  its own (it only drops what it inherited).

The commands come from ``apertium-wblank-mode -z`` on the pair's mode file,
which is what ``apertium -z`` runs; ``$1`` becomes ``-n`` (the generator's
option for ``apertium -u``), ``$2`` (the tagger's ``-a`` option) disappears.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import selectors
import shlex
import shutil
import subprocess
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.processes import DEVNULL, PIPE, Program, run, spawn
from service.settings import default
from service.translation.engines.base import EngineError

_READ = 1 << 16
_WRITE = 1 << 16


class PipelineTimeout(EngineError):
    """A live pipeline did not answer in time (it has been killed)."""


class PipelineBroken(EngineError):
    """A stage of a live pipeline died or answered out of step (it has been killed)."""


MODE_RETRY_SECONDS = 60.0  # a mode that could not be read is asked again after this long, not never
_modes_read: dict[tuple[str, float], list[list[str]] | None] = {}
_modes_failed: dict[tuple[str, float], float] = {}


def mode_stages(mode: Path) -> list[list[str]] | None:
    """The null-flush commands of a mode, one argument list per stage; None if they cannot be run live.

    What a mode says is remembered while its file is unchanged. A failure to read it (a program that
    could not start or answer, on a loaded machine) is remembered for ``MODE_RETRY_SECONDS`` only:
    remembered for good, it left the pair one-shot, ten times slower, for the life of the process.
    """
    try:
        key = (str(mode), mode.stat().st_mtime)
    except OSError:
        return None
    if key in _modes_read:
        return _modes_read[key]
    failed = _modes_failed.get(key)
    if failed is not None and time.monotonic() - failed < MODE_RETRY_SECONDS:
        return None
    read, stages = _read_mode(key[0])
    if read:
        _modes_read[key] = stages
        _modes_failed.pop(key, None)
    else:
        _modes_failed[key] = time.monotonic()
    return stages


def _read_mode(mode: str) -> tuple[bool, list[list[str]] | None]:
    """(whether the mode could be read, its live stages): a mode read but not runnable live is an answer."""
    program = shutil.which("apertium-wblank-mode")
    if program is None:
        return True, None  # this Apertium has no null-flush modes: nothing will change that
    try:
        done = run([program, "-z", mode], "", timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False, None
    if done.returncode != 0 or not done.stdout.strip():
        return False, None
    return True, parse_stages(done.stdout)


def parse_stages(command: str) -> list[list[str]] | None:
    """A mode's shell pipeline as argument lists (``$1`` → ``-n``, ``$2`` → nothing); None if it is not that simple."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    stages: list[list[str]] = [[]]
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes
        return None
    for token in tokens:
        if token == "|":
            stages.append([])
        elif token == "$1":
            stages[-1].append("-n")
        elif token == "$2":
            continue
        elif set(token) & set("$`;&<>()") or token.startswith("||"):
            return None  # a shell feature: leave this mode to the apertium command
        else:
            stages[-1].append(token)
    if any(not stage for stage in stages):
        return None
    return stages


def analyser_stages(analyser: Path) -> list[list[str]] | None:
    """The dictionary look-up (``lt-proc -w``) of an analyser, in null-flush mode."""
    program = shutil.which("lt-proc")
    return [[program, "-z", "-w", str(analyser)]] if program else None


def bilingual_stages(bilingual: Path) -> list[list[str]] | None:
    """A pair's bilingual dictionary look-up (``lt-proc -b``: readings in, their translations out), null-flush."""
    program = shutil.which("lt-proc")
    return [[program, "-z", "-b", str(bilingual)]] if program else None


# A compiled dictionary or rule file takes about this many times its size in memory once loaded
# (measured on Debian's pairs: 43-45x), and every program some memory of its own.
MEMORY_PER_DATA_BYTE = 48
MEMORY_PER_STAGE = 3 * 1024 * 1024


def estimate_memory(stages: Sequence[Sequence[str]]) -> int:
    """Expected memory of a pipeline before it runs: from the sizes of the files its stages load."""
    total = MEMORY_PER_STAGE * len(stages)
    for argv in stages:
        for arg in argv[1:]:
            if arg.startswith("/"):
                with contextlib.suppress(OSError):
                    total += os.stat(arg).st_size * MEMORY_PER_DATA_BYTE
    return total


# Programs that forget everything at each NUL (checked on the whole corpus by tests/test_apertium_live.py):
# they stay running between requests.
STATELESS = frozenset({
    "lt-proc", "apertium-wblank-attach", "apertium-wblank-detach", "apertium-pretransfer", "lrx-proc", "lsx-proc",
    "apertium-transfer", "apertium-interchunk", "apertium-postchunk", "apertium-posttransfer", "apertium-anaphora",
})  # fmt: skip
# The HMM tagger keeps one piece of state across NULs: meeting an ambiguity class its model lacks, it
# overwrites its class for unknown words (apertium's find_similar_ambiguity_class). With -d it says so
# on stderr; it stays running until it says so, then it is restarted before the next request.
WATCHED = frozenset({"apertium-tagger"})
_STATE_CHANGED = b"ambiguity class"
# Every other program (cg-proc: its rule state carries over from one NUL to the next) starts afresh for
# each request, in its place in the pipeline.
SPARES_AHEAD = 2  # per segment that starts afresh: see LivePipeline._spares
RETIRE_GRACE = 2.0  # seconds a program whose input has ended may take to exit before it is killed


def segments(stages: Sequence[Sequence[str]]) -> list[tuple[str, list[list[str]]]]:
    """The stages grouped as they run: ("live", chain), ("watched", [tagger]) or ("fresh", chain)."""
    out: list[tuple[str, list[list[str]]]] = []
    for argv in stages:
        program = Path(argv[0]).name
        if program in WATCHED:
            out.append(("watched", [[argv[0], "-d", *argv[1:]]]))
            continue
        kind = "live" if program in STATELESS else "fresh"
        if out and out[-1][0] == kind:
            out[-1][1].append(list(argv))
        else:
            out.append((kind, [list(argv)]))
    return out


class _Chain:
    """Programs connected stdin to stdout; the first one's stdin and the last one's stdout are ours."""

    def __init__(
        self, stages: Sequence[Sequence[str]], env: dict[str, str] | None, watch: bool = False, fresh: bool = False
    ):
        self.fresh = fresh  # started for one request: it reads the end of its input after the request
        self.procs: list[Program] = []
        self.stderr: int | None = None
        previous = None
        try:
            for argv in stages:
                proc = spawn(
                    argv,
                    stdin=previous if previous is not None else PIPE,
                    stdout=PIPE,
                    stderr=PIPE if watch else DEVNULL,
                    env=env,
                )
                if previous is not None:
                    previous.close()  # the next program holds it now; ours would keep the pipe open
                previous = proc.stdout
                self.procs.append(proc)
        except OSError as err:
            self.kill()
            raise PipelineBroken(f"cannot start {stages[0][0] if stages else '?'}: {err}") from None
        if watch:
            self.stderr = self.procs[0].stderr.fileno()
            os.set_blocking(self.stderr, False)
        self.stdin = self.procs[0].stdin
        self.stdout = self.procs[-1].stdout
        os.set_blocking(self.stdin.fileno(), False)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def exits(self) -> list[tuple[str, int | None]]:
        return [(argv_name(p), p.poll()) for p in self.procs]

    def end_input(self) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()

    def kill(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(OSError):
                proc.kill()
        self.reap()

    def close(self, grace: float = 2.0) -> None:
        """End gently: the first program reads the end of its input, and every one exits after it."""
        self.end_input()
        deadline = time.monotonic() + grace
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.0, deadline - time.monotonic()))
        self.kill()

    def reap(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                proc.wait(5)
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()

    def forget(self) -> None:
        """In a forked child: close the inherited pipe ends without touching the parent's programs."""
        for proc in self.procs:
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
            proc.returncode = 0  # not ours to wait for
        self.procs = []

    def memory(self) -> int:
        return sum(_process_memory(p.pid) for p in self.procs)


class LivePipeline:
    """A pair's pipeline kept running between requests, answering one request at a time.

    Its programs run as segments: chains of stateless programs started once,
    the tagger started once and restarted when it reports a change of state,
    and the programs that keep state started for each request. The text flows
    through all of them at once (each segment's output is passed on as it
    comes), as in a shell pipeline.
    """

    def __init__(
        self, name: str, stages: Sequence[Sequence[str]], env: dict[str, str] | None = None, estimate: int = 0
    ):
        self.name = name
        self.estimate = estimate
        self.env = env
        self.owner = os.getpid()
        self.started = time.monotonic()
        self.last_used = self.started
        self.uses = 0
        self.restarts = 0  # watched segments restarted after a change of state
        self.memory = 0  # bytes, measured after the first answer
        self.busy = False
        self.broken = False
        self.plan = segments(stages)
        self._chains: list[_Chain | None] = [None] * len(self.plan)
        # The programs that start afresh for each request, started ahead for the next ones: a program
        # that has read nothing has no state to carry, and loading its grammar is then off the request's
        # path. ``SPARES_AHEAD`` of them per segment, the oldest taken first: one started as the last
        # answer went back is still loading when the next request follows at once.
        self._spares: list[deque[_Chain]] = [deque() for _ in self.plan]
        # Chains whose input has ended, left to exit on their own: reaped at the next request, not waited for
        # on this one's path (waiting cost a few milliseconds per program).
        self._ending: list[tuple[float, _Chain]] = []
        try:
            self._start_kept()
            self._start_spares()
        except PipelineBroken:
            self.kill()
            raise

    @property
    def pids(self) -> list[int]:
        return [p.pid for chain in self._chains if chain for p in chain.procs]

    def _start_kept(self) -> None:
        for i, (kind, stages) in enumerate(self.plan):
            if kind != "fresh" and (self._chains[i] is None or not self._chains[i].alive()):
                if self._chains[i] is not None:
                    self._chains[i].kill()
                self._chains[i] = _Chain(stages, self.env, watch=kind == "watched")

    def _start_spares(self) -> None:
        for i, (kind, stages) in enumerate(self.plan):
            while kind == "fresh" and len(self._spares[i]) < SPARES_AHEAD:
                self._spares[i].append(_Chain(stages, self.env, fresh=True))

    def _take_spares(self) -> list[_Chain | None]:
        """This request's fresh chains: the oldest spare of each segment still alive, else one started now."""
        taken: list[_Chain | None] = []
        for i, (kind, stages) in enumerate(self.plan):
            spare = None
            while kind == "fresh" and spare is None and self._spares[i]:
                spare = self._spares[i].popleft()
                if not spare.alive():
                    spare.kill()
                    spare = None
            if kind == "fresh" and spare is None:
                spare = _Chain(stages, self.env, fresh=True)
            taken.append(spare)
        return taken

    def _all_spares(self) -> list[_Chain]:
        return [chain for waiting in self._spares for chain in waiting]

    def alive(self) -> bool:
        return not self.broken and all(c.alive() for c in self._chains if c is not None)

    def _retire(self, chain: _Chain) -> None:
        """End a chain's input and let it exit while the answer goes back; ``_reap`` collects it."""
        chain.end_input()
        self._ending.append((time.monotonic(), chain))

    def _reap(self, force: bool = False) -> None:
        """Collect the retired chains that have exited; kill those still running after ``RETIRE_GRACE`` (or now)."""
        now = time.monotonic()
        left = []
        for since, chain in self._ending:
            if not chain.alive():
                chain.reap()
            elif force or now - since > RETIRE_GRACE:
                chain.kill()
            else:
                left.append((since, chain))
        self._ending = left

    def ask(self, payload: bytes, timeout: float) -> bytes:
        """The pipeline's answer to ``payload`` (stream format); kills the pipeline on any failure."""
        if self.broken:
            raise PipelineBroken(f"Apertium {self.name} was stopped")
        marker = b"[" + secrets.token_hex(8).encode() + b"]"
        end = marker + b"\0"
        self._reap()
        try:
            self._start_kept()
            self._check_quiet()
            fresh = self._take_spares()
        except PipelineBroken:
            self.kill()
            raise
        chains = [f or k for f, k in zip(fresh, self._chains, strict=True)]
        try:
            answer, changed = _pump(chains, payload.replace(b"\0", b"") + b"\0" + end, end, timeout)
        except (PipelineBroken, PipelineTimeout) as err:
            for chain in fresh:
                if chain is not None:
                    chain.kill()
            self.kill()
            raise type(err)(f"Apertium {self.name}: {err}") from None
        with contextlib.suppress(PipelineBroken):  # if not, started when the next request takes them
            self._start_spares()  # before closing this request's: the next request's load while those exit
        for chain in fresh:
            if chain is not None:
                self._retire(chain)
        for i in changed:  # the tagger's state changed: it starts afresh, loading while this answer goes back
            self._retire(self._chains[i])
            self._chains[i] = None
            self.restarts += 1
        if changed:
            with contextlib.suppress(PipelineBroken):  # if not, started by the next request
                self._start_kept()
        self.uses += 1
        self.last_used = time.monotonic()
        return answer

    def _check_quiet(self) -> None:
        """Nothing may come out of a kept segment between requests: that would be out of step.

        Through a selector (epoll), not ``select.select``: a worker with its live pipelines holds more than
        1,024 descriptors, which ``select`` cannot watch.
        """
        chains = [chain for chain in self._chains if chain is not None]
        if not chains:
            return
        with selectors.DefaultSelector() as selector:
            for chain in chains:
                selector.register(chain.stdout, selectors.EVENT_READ)
            if selector.select(0):
                raise PipelineBroken("output between requests")

    def measure(self) -> int:
        """Memory of every kept program (proportional set size, else resident size), in bytes."""
        self.memory = sum(c.memory() for c in [*self._chains, *self._all_spares()] if c is not None)
        return self.memory

    def kill(self) -> None:
        """Stop every program now (a pipeline that failed is never used again)."""
        self.broken = True
        for chain in [*self._chains, *self._all_spares(), *(c for _, c in self._ending)]:
            if chain is not None:
                chain.forget() if self.owner != os.getpid() else chain.kill()
        self._ending = []

    def close(self) -> None:
        """End the pipeline gently."""
        self.broken = True
        if self.owner == os.getpid():
            self._reap(force=True)
        for chain in [*self._chains, *self._all_spares()]:
            if chain is not None:
                chain.forget() if self.owner != os.getpid() else chain.close()

    def forget(self) -> None:
        """In a forked child: drop the parent's pipes, leave its programs alone."""
        self.broken = True
        for chain in [*self._chains, *self._all_spares(), *(c for _, c in self._ending)]:
            if chain is not None:
                chain.forget()
        self._chains = [None] * len(self.plan)
        self._spares = [deque() for _ in self.plan]
        self._ending = []


def _pump(chains: list[_Chain], data: bytes, end: bytes, timeout: float) -> tuple[bytes, list[int]]:
    """Send ``data`` through the chains in turn, each one's output to the next as it comes.

    Returns the last chain's output before ``end`` (its NUL removed) and the
    indexes of the watched chains that reported a change of state. Every
    chain must answer with exactly one NUL before ``end``.
    """
    count = len(chains)
    inbox = [bytearray() for _ in chains]
    inbox[0] += data
    outs = [bytearray() for _ in chains]
    forwarded = [0] * count
    done = [False] * count
    ended = [False] * count
    changed: set[int] = set()
    said = [b""] * count  # the end of what each watched program wrote on stderr (a message may span two reads)
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    writing: set[int] = set()

    def want_write(i: int) -> None:
        if i not in writing and inbox[i] and not ended[i]:
            selector.register(chains[i].stdin, selectors.EVENT_WRITE, ("in", i))
            writing.add(i)

    def finish_input(i: int) -> None:
        """A chain started for this request reads the end of its input once it has all of it."""
        if chains[i].fresh and not ended[i] and not inbox[i] and (i == 0 or done[i - 1]):
            if i in writing:
                selector.unregister(chains[i].stdin)
                writing.discard(i)
            chains[i].end_input()
            ended[i] = True

    try:
        for i, chain in enumerate(chains):
            selector.register(chain.stdout, selectors.EVENT_READ, ("out", i))
            if chain.stderr is not None:
                selector.register(chain.stderr, selectors.EVENT_READ, ("err", i))
        want_write(0)
        while not done[-1]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PipelineTimeout(f"timed out after {timeout:g}s")
            for key, _ in selector.select(remaining):
                role, i = key.data
                if role == "in":
                    try:
                        written = os.write(chains[i].stdin.fileno(), inbox[i][:_WRITE])
                    except BlockingIOError:
                        continue
                    except OSError:
                        raise PipelineBroken(_stopped(chains[i])) from None
                    del inbox[i][:written]
                    if not inbox[i]:
                        selector.unregister(chains[i].stdin)
                        writing.discard(i)
                        finish_input(i)
                elif role == "err":
                    try:
                        chunk = os.read(key.fd, _READ)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        selector.unregister(key.fileobj)
                    elif _said_state_changed(said, i, chunk):
                        changed.add(i)
                else:
                    chunk = os.read(key.fd, _READ)
                    if not chunk:
                        if not done[i]:
                            raise PipelineBroken(_stopped(chains[i]))
                        selector.unregister(key.fileobj)
                        continue
                    if done[i]:
                        if not chains[i].fresh:
                            raise PipelineBroken("output after the end of the answer")
                        continue  # what a program writes at the end of its input (more NULs)
                    start = max(0, len(outs[i]) - len(end) + 1)
                    outs[i] += chunk
                    found = outs[i].find(end, start)
                    limit = len(outs[i]) if found < 0 else found + len(end)
                    if found >= 0:
                        done[i] = True
                        body = outs[i][:found]
                        if body.count(b"\0") != 1 or not body.endswith(b"\0"):
                            raise PipelineBroken("answered out of step")
                    if i + 1 < count:
                        inbox[i + 1] += outs[i][forwarded[i] : limit]
                        forwarded[i] = limit
                        want_write(i + 1)
                        finish_input(i + 1)
        for i, chain in enumerate(chains):  # what the tagger said while it worked
            if chain.stderr is not None:
                with contextlib.suppress(BlockingIOError, OSError):
                    while chunk := os.read(chain.stderr, _READ):
                        if _said_state_changed(said, i, chunk):
                            changed.add(i)
    finally:
        selector.close()
    last = outs[-1]
    return bytes(last[: last.find(end) - 1]), sorted(changed)


def _said_state_changed(said: list[bytes], i: int, chunk: bytes) -> bool:
    text = said[i] + chunk
    said[i] = text[-len(_STATE_CHANGED) :]
    return _STATE_CHANGED in text


def _stopped(chain: _Chain) -> str:
    time.sleep(0.01)  # let a dying program finish dying, so its exit status is known
    dead = [f"{name} (exit {code})" for name, code in chain.exits() if code is not None]
    return f"{', '.join(dead) or 'a program'} stopped"


def argv_name(proc: Program) -> str:
    return Path(proc.args[0]).name if proc.args else "?"


def _process_memory(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


@dataclass
class PoolLimits:
    """How many live pipelines one process keeps, how much memory they may use, how many per pair."""

    pipelines: int = field(default_factory=lambda: int(default("APERTIUM_LIVE_PIPELINES")))
    memory_mb: float = field(default_factory=lambda: float(default("APERTIUM_LIVE_MEMORY_MB")))
    per_pair: int = field(default_factory=lambda: int(default("APERTIUM_PIPELINES_PER_PAIR")))

    @property
    def enabled(self) -> bool:
        return self.pipelines > 0 and self.memory_mb > 0

    @property
    def memory_bytes(self) -> int:
        return int(self.memory_mb * 1024 * 1024)


@dataclass(frozen=True)
class Launch:
    """How to start a pipeline: its stages, and the memory it is expected to take before it is measured."""

    stages: Sequence[Sequence[str]]
    estimate: int = 0


@dataclass
class PoolStats:
    """What a pool did (counted, for tests and the benches)."""

    started: int = 0
    reused: int = 0
    closed: int = 0
    killed: int = 0
    fallbacks: int = 0
    waits: int = 0
    by_key: dict[str, int] = field(default_factory=dict)


Launcher = Callable[[], Launch | None]


class PipelinePool:
    """The live pipelines of one process, by key (a mode or an analyser file), within ``limits``."""

    def __init__(self, limits: PoolLimits | None = None, env: dict[str, str] | None = None):
        self.limits = limits or PoolLimits()
        self.env = env
        self.stats = PoolStats()
        self._lock = threading.Condition()
        self._live: dict[str, list[LivePipeline]] = {}
        self._starting: dict[str, int] = {}
        self._reserved = 0  # estimated bytes of the pipelines being started
        self._owner = os.getpid()
        _POOLS.add(self)
        weakref.finalize(self, _close_all, self._live)

    # -- what callers use ----------------------------------------------------

    def ask(self, key: str, launch: Launcher, payload: bytes, timeout: float) -> bytes | None:
        """The answer of a live pipeline for ``key``; None when no pipeline may run (the caller calls one-shot).

        A pipeline that breaks while answering is replaced once: a stage may
        have died before this request (killed from outside, out of memory).
        """
        for attempt in range(2):
            with self.lease(key, launch, timeout) as pipeline:
                if pipeline is None:
                    return None
                try:
                    return pipeline.ask(payload, timeout)
                except PipelineBroken:
                    self.stats.killed += 1
                    if attempt:
                        raise
                except PipelineTimeout:
                    self.stats.killed += 1
                    raise
        return None  # not reached

    @contextlib.contextmanager
    def lease(self, key: str, launch: Launcher, timeout: float = 60.0) -> Iterator[LivePipeline | None]:
        """A pipeline of ``key`` for this thread alone (started if needed), or None: run one-shot instead."""
        pipeline = self._acquire(key, launch, timeout)
        try:
            yield pipeline
        finally:
            if pipeline is not None:
                self._release(key, pipeline)

    def has_room(self, estimate: int = 0) -> bool:
        """Whether one more pipeline of about ``estimate`` bytes fits without closing another."""
        with self._lock:
            self._adopt()
            return self._count() < self.limits.pipelines and self._used() + estimate <= self.limits.memory_bytes

    def live(self) -> dict[str, int]:
        """How many pipelines are running, by key."""
        with self._lock:
            self._adopt()
            return {k: len(v) for k, v in self._live.items() if v}

    def pipelines(self, key: str) -> list[LivePipeline]:
        with self._lock:
            self._adopt()
            return list(self._live.get(key, []))

    def memory(self) -> int:
        """Bytes the live pipelines take (as measured; an estimate for those not measured yet)."""
        with self._lock:
            return self._used()

    def close(self) -> None:
        """Close every pipeline (tests, shutdown)."""
        with self._lock:
            self._adopt()
            pipelines = [p for ps in self._live.values() for p in ps]
            self._live.clear()
        for pipeline in pipelines:
            pipeline.close()

    # -- inside --------------------------------------------------------------

    def _adopt(self) -> None:
        """After a fork: drop the parent's pipelines (their pipes are the parent's)."""
        if self._owner != os.getpid():
            for pipelines in self._live.values():
                for pipeline in pipelines:
                    pipeline.forget()
            self._live.clear()
            self._starting.clear()
            self._reserved = 0
            self._owner = os.getpid()
            self.stats = PoolStats()

    def _count(self) -> int:
        return sum(len(ps) for ps in self._live.values()) + sum(self._starting.values())

    def _used(self) -> int:
        return sum(p.memory or p.estimate for ps in self._live.values() for p in ps) + self._reserved

    def _acquire(self, key: str, launch: Launcher, timeout: float) -> LivePipeline | None:
        if not self.limits.enabled:
            return None
        doomed: list[LivePipeline] = []
        try:
            return self._acquire_or_start(key, launch, time.monotonic() + timeout, doomed)
        finally:
            for pipeline in doomed:  # closed outside the lock: a pipeline takes a moment to exit
                pipeline.close()

    def _acquire_or_start(
        self, key: str, launch: Launcher, deadline: float, doomed: list[LivePipeline]
    ) -> LivePipeline | None:
        plan: Launch | None = None
        with self._lock:
            self._adopt()
            while True:
                pipelines = self._live.setdefault(key, [])
                for dead in [p for p in pipelines if not p.busy and not p.alive()]:
                    pipelines.remove(dead)
                    doomed.append(dead)
                idle = [p for p in pipelines if not p.busy]
                if idle:
                    pipeline = max(idle, key=lambda p: p.last_used)  # the warmest
                    pipeline.busy = True
                    self.stats.reused += 1
                    return pipeline
                mine = len(pipelines) + self._starting.get(key, 0)
                if mine < max(1, self.limits.per_pair):
                    if plan is None:
                        plan = launch()
                        if plan is None:  # this mode cannot run live
                            self.stats.fallbacks += 1
                            return None
                        continue  # launch() may have taken a while: look again
                    if self._make_room(plan.estimate, doomed):
                        self._starting[key] = self._starting.get(key, 0) + 1
                        self._reserved += plan.estimate
                        break
                if mine == 0:  # no room for this pair, and no pipeline of it to wait for
                    self.stats.fallbacks += 1
                    return None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.stats.fallbacks += 1
                    return None
                self.stats.waits += 1
                self._lock.wait(min(remaining, 1.0))
        # Started outside the lock: loading a large pair takes seconds, and other pairs need not wait.
        try:
            pipeline: LivePipeline | None = LivePipeline(key, plan.stages, self.env, plan.estimate)
        except EngineError:
            pipeline = None
        with self._lock:
            self._starting[key] -= 1
            self._reserved -= plan.estimate
            if pipeline is None:
                self.stats.fallbacks += 1
                self._lock.notify_all()
                return None
            pipeline.busy = True
            self._live.setdefault(key, []).append(pipeline)
            self.stats.started += 1
            self.stats.by_key[key] = self.stats.by_key.get(key, 0) + 1
        return pipeline

    def _make_room(self, estimate: int, doomed: list[LivePipeline]) -> bool:
        """Retire idle pipelines, least recently used first, until one more fits; False if it cannot."""
        if estimate > self.limits.memory_bytes:
            return False
        while self._count() >= self.limits.pipelines or self._used() + estimate > self.limits.memory_bytes:
            victim = self._retire_least_recent()
            if victim is None:
                return False
            doomed.append(victim)
        return True

    def _retire_least_recent(self, keep: LivePipeline | None = None) -> LivePipeline | None:
        """Take the least recently used idle pipeline out of the pool (the caller closes it)."""
        idle = [(p.last_used, k, p) for k, ps in self._live.items() for p in ps if not p.busy and p is not keep]
        if not idle:
            return None
        _, key, pipeline = min(idle, key=lambda item: item[0])
        self._live[key].remove(pipeline)
        self.stats.closed += 1
        return pipeline

    def _release(self, key: str, pipeline: LivePipeline) -> None:
        if pipeline.uses and not pipeline.memory and pipeline.alive():
            pipeline.measure()  # once, after its first answer: its dictionaries are loaded by then
        doomed: list[LivePipeline] = []
        with self._lock:
            pipeline.busy = False
            if pipeline.owner != os.getpid():
                return
            if not pipeline.alive():
                with contextlib.suppress(ValueError):
                    self._live.get(key, []).remove(pipeline)
                doomed.append(pipeline)
            while self._used() > self.limits.memory_bytes:  # measured above its estimate
                victim = self._retire_least_recent(keep=pipeline)
                if victim is None:
                    break
                doomed.append(victim)
            self._lock.notify_all()
        for victim in doomed:
            victim.close()


def _close_all(live: dict[str, list[LivePipeline]]) -> None:
    """A pool no longer referenced: its pipelines end with it."""
    for pipelines in list(live.values()):
        for pipeline in pipelines:
            with contextlib.suppress(Exception):
                pipeline.close()
    live.clear()


# Every pool of this process, so a forked child can drop what it inherited at once.
_POOLS: weakref.WeakSet[PipelinePool] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for pool in list(_POOLS):
        pool._lock = threading.Condition()  # a lock held by another thread at the fork stays held in the child
        pool._adopt()


os.register_at_fork(after_in_child=_after_fork_in_child)
