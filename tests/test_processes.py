"""The programs the engines run: started with posix_spawn, waited on cooperatively, under gevent too.

gevent's patched ``subprocess`` forks the whole worker in Python; in a
gunicorn gevent worker that made every per-request Apertium program cost
about 25 ms. These tests run real programs, in this interpreter and in one
patched by gevent exactly as gunicorn's gevent worker patches it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from service import processes
from service.translation.engines.apertium import ApertiumEngine
from service.translation.engines.apertium_live import SPARES_AHEAD

ROOT = Path(__file__).resolve().parent.parent


def test_run_passes_text_through_and_reports_exit_and_stderr():
    text = "é" * 300_000 + "\n"  # more than a pipe holds: reading and writing must interleave
    done = processes.run(["cat"], text, timeout=30)
    assert done.returncode == 0 and done.stdout == text and done.stderr == ""
    done = processes.run(["sh", "-c", "echo non >&2; exit 3"], "", timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (3, "", "non\n")


def test_run_stops_a_program_at_its_timeout_and_says_when_it_cannot_start():
    with pytest.raises(subprocess.TimeoutExpired):
        processes.run(["sleep", "30"], "", timeout=0.3)
    with pytest.raises(OSError):
        processes.run(["no-such-program-here"], "", timeout=5)


def test_spawned_programs_join_into_a_pipeline_and_exit_when_their_input_ends():
    first = processes.spawn(["tr", "a-z", "A-Z"])
    second = processes.spawn(["rev"], stdin=first.stdout)
    first.stdout.close()
    first.stdin.write(b"bonjour\n")
    first.stdin.close()
    assert second.stdout.read() == b"RUOJNOB\n"
    assert first.wait(10) == 0 and second.wait(10) == 0
    sleeper = processes.spawn(["sleep", "30"], stdin=processes.DEVNULL)
    with pytest.raises(subprocess.TimeoutExpired):
        sleeper.wait(0.1)
    sleeper.kill()
    assert sleeper.wait(10) != 0


def test_under_gevent_engines_never_fork_the_worker():
    """In a gevent-patched interpreter: the live pipelines and one-shot runs answer, and nothing calls fork."""
    script = textwrap.dedent(
        """
        from gevent import monkey
        monkey.patch_all()
        import os, sys, faulthandler
        faulthandler.dump_traceback_later(120, exit=True)  # a deadlock fails the test instead of hanging it
        forks = []
        real_fork = os.fork
        def fork():
            forks.append(1)
            return real_fork()
        os.fork = fork
        from service import processes
        from service.translation.engines.apertium import ApertiumEngine
        engine = ApertiumEngine()
        live = engine.translate(["Le vol pour Paris a été annulé."], "fr", "ca")
        again = engine.translate(["Le vol pour Paris a été annulé."], "fr", "ca")
        done = processes.run(["cat"], "é" * 200000, timeout=30)
        print(live[0].text == again[0].text, len(done.stdout), len(forks), live[0].text)
        engine.pool.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    same, length, forks, text = done.stdout.split(" ", 3)
    expected = ApertiumEngine(live=processes_off()).translate(["Le vol pour Paris a été annulé."], "fr", "ca")
    assert (same, length, forks) == ("True", "200000", "0")
    assert text.strip() == expected[0].text


def test_under_gevent_a_program_reaped_by_someone_else_is_seen_to_have_exited():
    """A child gevent's event loop reaps before its records know the child must not be waited for forever.

    That race made a worker's first ``apertium-wblank-mode`` wait its whole 30 s timeout in about half of
    the server starts, and the pair then ran one-shot (170 ms a sentence, not 20) for the worker's life.
    Here the reaping is done on purpose, by the C library's ``waitpid`` behind gevent's back.
    """
    script = textwrap.dedent(
        """
        from gevent import monkey
        monkey.patch_all()
        from service import processes
        real_waitpid = monkey.get_original("os", "waitpid")
        program = processes.spawn(["true"], stdin=processes.DEVNULL, stdout=processes.DEVNULL)
        real_waitpid(program.pid, 0)  # as the event loop's SIGCHLD handler does, unrecorded
        try:
            code = program.wait(5)
        except Exception as err:
            code = type(err).__name__
        done = processes.run(["sh", "-c", "exit 4"], "", timeout=5)
        print(code, done.returncode)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["0", "4"]  # exited (its code was the reaper's), and exit codes still come through


def processes_off():
    from service.translation.engines.apertium_live import PoolLimits

    return PoolLimits(pipelines=0)


def test_the_next_requests_fresh_programs_are_started_ahead():
    """cg-proc starts afresh for each request: those of the next two requests are already running.

    A request takes the oldest: started while the request before it ran, its grammar loaded by now.
    """
    engine = ApertiumEngine()
    try:
        mode = engine._mode("fr", "ca")
        first = engine._run(mode, "Le vol pour Paris a été annulé.")
        (pipeline,) = engine.pool.pipelines(str(mode))
        fresh = [i for i, (kind, _) in enumerate(pipeline.plan) if kind == "fresh"]
        waiting = {i: list(pipeline._spares[i]) for i in fresh}
        assert fresh and all(len(chains) == SPARES_AHEAD for chains in waiting.values())
        assert all(chain.alive() for chains in waiting.values() for chain in chains)
        assert engine._run(mode, "Le vol pour Paris a été annulé.") == first
        for i in fresh:
            now = list(pipeline._spares[i])
            assert len(now) == SPARES_AHEAD
            assert now[0] is waiting[i][1]  # the oldest went to the request; the next one is first in line
            assert waiting[i][0] not in now
        spares = [chain for i in fresh for chain in pipeline._spares[i]]
        pipeline.close()
        assert all(p.poll() is not None for chain in spares for p in chain.procs)
    finally:
        engine.pool.close()


def _children() -> dict[int, str]:
    """This process's children and their states ("Z": exited, not yet collected)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            out[int(stat.parent.name)] = fields[0]
    return out


def test_a_requests_programs_are_collected_by_the_next_and_none_outlive_the_pipeline():
    """Per-request programs are not waited for on the request's path, but never pile up (processes or pipes)."""
    engine = ApertiumEngine()
    try:
        mode = engine._mode("fr", "ca")
        first = engine._run(mode, "Le vol pour Paris a été annulé.")
        (pipeline,) = engine.pool.pipelines(str(mode))
        assert any(kind == "fresh" for kind, _ in pipeline.plan)

        def ending() -> set[int]:  # of both halves of the pair's pipeline
            return {
                p.pid for key in engine.pool.live() for pipe in engine.pool.pipelines(key)
                for _, chain in pipe._ending for p in chain.procs
            }  # fmt: skip

        descriptors = len(os.listdir("/proc/self/fd"))
        retired: set[int] = set()
        for _ in range(12):  # back to back: a request's programs may still be exiting when the next one comes
            assert engine._run(mode, "Le vol pour Paris a été annulé.") == first
            retired |= ending()
        deadline = time.monotonic() + 60  # a bound against a hang, not a speed: a loaded machine may be slow
        while any(chain.alive() for _, chain in pipeline._ending) and time.monotonic() < deadline:
            time.sleep(0.05)  # the programs exit once their input has ended; how soon is the machine's business
        before = time.monotonic()
        assert engine._run(mode, "Le vol pour Paris a été annulé.") == first
        assert all(since >= before for since, _ in pipeline._ending)  # the earlier ones were collected
        assert not ((retired - ending()) & set(_children()))  # exited and collected, not zombies
        assert len(os.listdir("/proc/self/fd")) <= descriptors + 8  # their pipes closed with them
        mine = set(pipeline.pids) | {p.pid for _, chain in pipeline._ending for p in chain.procs}
        mine |= {p.pid for chain in pipeline._all_spares() for p in chain.procs}
        pipeline.close()
        assert not (mine & set(_children()))  # every program of the pipeline exited and was collected
    finally:
        engine.pool.close()


def test_live_pipelines_work_in_a_process_holding_more_than_1024_descriptors():
    """A worker with forty live pipelines holds over a thousand pipes: nothing may use ``select.select``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4096:
        pytest.skip(f"this machine allows {hard} descriptors per process")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 4096), hard))
    held = [os.pipe()]
    while max(held[-1]) <= 1100:  # the lowest free number comes first: every hole below is filled before 1100
        held.append(os.pipe())
    engine = ApertiumEngine()
    try:
        mode = engine._mode("fr", "ca")
        assert engine._run(mode, "Le vol pour Paris a été annulé.") == engine._run(
            mode, "Le vol pour Paris a été annulé."
        )
        assert engine.pool.pipelines(str(mode))[0]._chains[0].stdout.fileno() > 1024  # watched through epoll
    finally:
        engine.pool.close()
        for read, write in held:
            os.close(read)
            os.close(write)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
