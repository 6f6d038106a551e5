"""Live Apertium pipelines: the same answers as the apertium command, request after request, within bounds.

Everything here runs the real Debian programs. The reference is always the
``apertium -u`` command itself (``ApertiumEngine(live=PoolLimits(pipelines=0))``
runs it), and the corpus is the project's own (``tests/support/corpus.py``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.translation.engines import EngineError
from service.translation.engines.apertium import ApertiumEngine, _analyser_path, _launch
from service.translation.engines.apertium_dictionary import WORDS, run_lt_proc, utf8_env
from service.translation.engines.apertium_live import (
    LivePipeline,
    PipelineBroken,
    PipelinePool,
    PipelineTimeout,
    PoolLimits,
    mode_stages,
    parse_stages,
    segments,
)
from service.translation.engines.apertium_stream import deformat, reformat
from tests.support.corpus import french_texts, judged_sentences

pytestmark = pytest.mark.apertium

ONE_SHOT = PoolLimits(pipelines=0)


def _program(name: str, text: str) -> str:
    return subprocess.run([name], input=text.encode(), capture_output=True, env=utf8_env(), check=True).stdout.decode()


def _requests(texts: list[str], count: int) -> list[str]:
    """The corpus as ``count`` requests (whole texts joined by blank lines, as the engine joins sentences)."""
    size = -(-len(texts) // count)
    return ["\n\n".join(texts[i : i + size]) for i in range(0, len(texts), size)]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = [text for _, text in french_texts()]
    assert len(texts) >= 140
    return texts


@pytest.fixture
def live() -> ApertiumEngine:
    engine = ApertiumEngine()
    yield engine
    engine.pool.close()


@pytest.fixture(scope="module")
def once() -> ApertiumEngine:
    return ApertiumEngine(live=ONE_SHOT)


# -- the text format, in-process ------------------------------------------------


def test_deformat_and_reformat_are_apertiums_programs_on_the_corpus(corpus):
    texts = [*corpus, "\n\n".join(judged_sentences())]
    streams = [_program("apertium-destxt", text) for text in texts]
    assert [deformat(text) for text in texts] == streams
    assert [reformat(stream) for stream in streams] == [_program("apertium-retxt", s) for s in streams]


STREAM_CHARS = st.sampled_from([*list("ab é.,\n\r\t~[]\\/@<>^${}#*|«»’\x00"), "🎉", ".[]", "[\\@", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(STREAM_CHARS, max_size=40).map("".join))
def test_deformat_is_apertium_destxt_on_any_text(text):
    assert deformat(text) == _program("apertium-destxt", text)


@settings(max_examples=150, deadline=None)
@given(st.lists(STREAM_CHARS, max_size=40).map("".join).filter(lambda s: "[@" not in s and "\0" not in s))
def test_reformat_is_apertium_retxt_on_any_stream(stream):
    # "[@file]" (a large blank written to a file by the deformatter) is never produced for the engine's texts.
    assert reformat(stream) == _program("apertium-retxt", stream)


# -- the same answers as the command -------------------------------------------


def test_live_answers_are_the_commands_on_the_corpus(live, once, corpus):
    """fr→es, the whole corpus as 25 requests one after the other, then the judged sentences: word for word."""
    mode = live._mode("fr", "es")
    for request in _requests(corpus, 25) + _requests(judged_sentences(), 5):
        assert live._run(mode, request) == once._run(mode, request)
    assert live.pool.stats.started >= 1 and live.pool.stats.fallbacks == 0


def test_engine_results_are_the_same_live_or_not(live, once, corpus):
    """Names shielded, capitals repaired, unknown words and coverage: the whole engine answer, per article."""
    from service.text.segmenter import segment

    for text in corpus[::12]:
        sentences = [s.text for s in segment(text)]
        assert live.translate(sentences, "fr", "ca") == once.translate(sentences, "fr", "ca")


FRENCH_HOPS = [("fr", "es"), ("fr", "ca"), ("fr", "eo"), ("fr", "oc")]
SPANISH_HOPS = [("es", "en"), ("es", "gl"), ("es", "it"), ("es", "pt")]


@pytest.mark.slow
@pytest.mark.parametrize(("source", "target"), FRENCH_HOPS + SPANISH_HOPS, ids=lambda c: c)
def test_every_hop_from_french_answers_as_the_command(live, once, corpus, source, target):
    """Every hop of the routes from French, on its real input (Spanish hops on the Spanish translations)."""
    requests = _requests(corpus, 12) + _requests(judged_sentences(), 3)
    if source == "es":
        to_spanish = live._mode("fr", "es")
        requests = [live._run(to_spanish, r) for r in requests]
    mode = live._mode(source, target)
    for request in requests:
        assert live._run(mode, request) == once._run(mode, request)


@pytest.mark.slow
def test_one_sentence_requests_answer_as_the_command(live, once):
    """Short requests, one sentence each, as the LibreTranslate API and interactive use send them."""
    mode = live._mode("fr", "es")
    for sentence in judged_sentences()[:150]:
        assert live._run(mode, sentence) == once._run(mode, sentence)


def test_lookups_through_live_processes_are_lt_procs(live, corpus):
    words = sorted({w for text in corpus for w in WORDS.findall(text)})
    assert len(words) > 5000
    for pair in (("fr", "es"), ("fr", "ca")):
        analyser = _analyser_path(live._mode(*pair))
        for i in range(0, len(words), 2000):
            chunk = words[i : i + 2000]
            assert live._look_up(analyser, chunk, 60) == run_lt_proc(analyser, chunk, 60)
    assert any(key.startswith("lookup:") for key in live.pool.live())


def test_bilingual_lookups_through_live_processes_are_lt_procs(live, once, corpus):
    """The names rules ask each pair's bilingual dictionary about readings; live, it answers as ``lt-proc -b``."""
    from service.translation.engines import apertium_dictionary

    analysis = live.analyse("fr", [" ".join(corpus[i].split()[:400]) for i in range(0, len(corpus), 10)])
    readings = {r for sentence in analysis for _, found in sentence for r in found if "<" in r}
    readings |= {"Carrefour<np><al>", "Pentagone<np><al>", "a/b<n>", "x\\y<np><ant>"}  # escapes too
    assert len(readings) > 1000
    for pair in (("fr", "es"), ("fr", "ca")):
        apertium_dictionary._BILINGUAL_MEMO.clear()
        through_live = live.translations(*pair, readings)
        apertium_dictionary._BILINGUAL_MEMO.clear()
        assert through_live == once.translations(*pair, readings)
        assert len(through_live) == len(readings)
    assert sum(key.startswith("bilingual:") for key in live.pool.live()) == 2


# -- what must not carry over from one request to the next ----------------------


def test_the_programs_that_keep_state_do_so(once):
    """Why cg-proc runs afresh for each request: what it read before a NUL changes what it makes of what follows.

    Alone, fr→oc's disambiguation reads "plus" of "au plus près" as a noun; after a paywall line, as an
    adverb (and the translation says "mai" instead of "plus"). Only the parts with text are compared: cg-proc writes
    more NULs than it reads. If a newer Apertium stops carrying state, this test says the restarts may go.
    """
    stages = mode_stages(once._mode("fr", "oc"))
    cg = next(argv for argv in stages if argv[0].endswith("cg-proc"))
    before = [argv for argv in stages[: stages.index(cg)]]

    def stream(text: str) -> bytes:
        data = deformat(text).encode() + b"\0"
        for argv in before:
            data = subprocess.run(argv, input=data, capture_output=True, env=utf8_env(), check=True).stdout
        return data

    def answers(data: bytes) -> list[bytes]:
        out = subprocess.run(cg, input=data, capture_output=True, env=utf8_env(), check=True).stdout
        return [part for part in out.split(b"\0") if part.strip()]

    victim = stream("À La Réunion, le cyclone devrait passer au plus près de l'île dans la nuit de samedi à dimanche.")
    (alone,) = answers(victim)
    assert b"^plus/plus<n><m><sp>$" in alone
    _paywall, after = answers(stream("La suite de cet article est réservée à nos abonnés.") + victim)
    assert b"^plus/plus<adv>$" in after and after != alone
    # The tagger too, below: its class for unknown words changes (test_state_never_carries_over_between_requests).


def test_state_never_carries_over_between_requests(live, once):
    """The requests that change cg-proc's and the tagger's state, then the ones they would change."""
    pairs = {
        ("fr", "oc"): ["La suite de cet article est réservée à nos abonnés.", "À La Réunion, le cyclone devrait "
                       "passer au plus près de l'île dans la nuit de samedi à dimanche.", "Tous droits réservés.",
                       "Sur les marchés, le mégawattheure s'échange autour de 70 euros, contre plus de 300 euros."],
        ("fr", "ca"): ["Pourtant, beaucoup de maraîchers bio gagnent moins que le Smic.",
                       "Au terme d'un match âpre, l'Union sportive mâconnaise s'est imposée 24 à 19, samedi, au stade "
                       "Pierre-Guérin, devant près de 2 000 spectateurs."],
    }  # fmt: skip
    for (source, target), requests in pairs.items():
        mode = live._mode(source, target)
        for request in requests + requests[::-1]:
            assert live._run(mode, request) == once._run(mode, request)
    (ca,) = live.pool.pipelines(str(live._mode("fr", "ca")))
    assert ca.restarts >= 1  # the tagger said its state changed, and was restarted


def test_concurrent_requests_never_mix(once, corpus):
    from service.text.segmenter import segment

    sentences = [s.text for text in corpus[:12] for s in segment(text)][:96]
    mode = once._mode("fr", "es")
    expected = {s: once._run(mode, s) for s in sentences[:24]}
    for per_pair in (1, 2):
        engine = ApertiumEngine(live=PoolLimits(per_pair=per_pair))
        got: dict[str, str] = {}
        errors: list[BaseException] = []

        def work(part: list[str], engine=engine, got=got, errors=errors) -> None:
            try:
                for sentence in part:
                    got[sentence] = engine._run(mode, sentence)
            except BaseException as err:
                errors.append(err)

        threads = [threading.Thread(target=work, args=(list(expected)[i::8],)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and got == expected
        assert 1 <= engine.pool.stats.by_key.get(str(mode), 0) <= per_pair
        engine.pool.close()


# -- failures: a stage dies, hangs, or answers out of step ----------------------


def _stage_pid(engine: ApertiumEngine, mode, program: str) -> int:
    """The process of ``program`` in the pair's live pipeline (its analysis half or its transfer half)."""
    for key in (str(mode), f"{mode}|transfer"):
        for pipeline in engine.pool.pipelines(key):
            for chain in pipeline._chains:
                for proc in chain.procs if chain else []:
                    if os.path.basename(proc.args[0]) == program:
                        return proc.pid
    raise AssertionError(f"no {program} running")


def test_a_dead_stage_is_replaced_and_the_answer_still_right(live, once):
    mode = live._mode("fr", "es")
    sentence = "Le conseil municipal a voté le budget de la ville."
    live._run(mode, sentence)
    os.kill(_stage_pid(live, mode, "apertium-transfer"), signal.SIGKILL)
    time.sleep(0.1)
    assert live._run(mode, sentence) == once._run(mode, sentence)
    assert live.pool.stats.by_key[f"{mode}|transfer"] == 2  # the transfer half was started again


def test_a_hung_stage_times_out_and_the_next_request_gets_a_new_pipeline(once):
    engine = ApertiumEngine(timeout=1.0)
    mode = engine._mode("fr", "es")
    engine._run(mode, "Bonjour.")
    stuck = _stage_pid(engine, mode, "apertium-interchunk")
    os.kill(stuck, signal.SIGSTOP)
    try:
        with pytest.raises(EngineError, match="timed out"):
            engine._run(mode, "Le train part à huit heures.")
    finally:
        with contextlib.suppress(ProcessLookupError):  # killed with its pipeline, as it should be
            os.kill(stuck, signal.SIGCONT)
    assert engine._run(mode, "Le train part à huit heures.") == once._run(mode, "Le train part à huit heures.")
    assert _stage_pid(engine, mode, "apertium-interchunk") != stuck
    engine.pool.close()


# A stand-in program that echoes its input but writes one NUL too many when it reads "twice".
_EXTRA_NUL = (
    "import sys\n"
    "for line in iter(lambda: sys.stdin.buffer.read1(65536), b''):\n"
    "    sys.stdout.buffer.write(line.replace(b'twice', b'tw\\0ice')); sys.stdout.buffer.flush()\n"
)


def test_an_answer_out_of_step_is_never_returned():
    pipeline = LivePipeline("echo", [["apertium-pretransfer", "-z"], [sys.executable, "-c", _EXTRA_NUL]])
    assert pipeline.ask(b"^un<det>$ mot", 10) == b"^un<det>$ mot"
    with pytest.raises(PipelineBroken, match="out of step"):
        pipeline.ask(b"once twice", 10)
    assert not pipeline.alive()


def test_a_pipeline_that_never_answers_times_out():
    pipeline = LivePipeline("sleeper", [["sleep", "30"]])
    with pytest.raises(PipelineTimeout):
        pipeline.ask(b"text", 0.5)
    assert not pipeline.alive()


# -- bounds ------------------------------------------------------------------


def test_the_number_of_live_pipelines_is_bounded(once):
    engine = ApertiumEngine(live=PoolLimits(pipelines=2))
    for target in ("es", "ca", "eo"):
        mode = engine._mode("fr", target)
        assert engine._run(mode, "La mairie ouvre lundi.") == once._run(mode, "La mairie ouvre lundi.")
        assert sum(engine.pool.live().values()) <= 2
    assert engine.pool.stats.closed >= 1  # the least recently used made room
    engine.pool.close()


def test_the_memory_of_live_pipelines_is_bounded(once):
    engine = ApertiumEngine(live=PoolLimits(memory_mb=150))
    for target in ("es", "ca", "oc"):
        mode = engine._mode("fr", target)
        assert engine._run(mode, "La mairie ouvre lundi.") == once._run(mode, "La mairie ouvre lundi.")
        assert engine.pool.memory() <= 150 * 1024 * 1024
    assert engine.pool.stats.fallbacks >= 1  # fr→oc alone needs more: the command ran instead
    engine.pool.close()


def test_a_forked_child_starts_its_own_pipelines(live, once):
    mode = live._mode("fr", "es")
    live._run(mode, "Il pleut.")
    parents = set(live.pool.pipelines(str(mode))[0].pids)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: must not write into the parent's pipes
        try:
            ok = live._run(mode, "Il neige.") == once._run(mode, "Il neige.")
            mine = set(live.pool.pipelines(str(mode))[0].pids)
            os.write(write, b"1" if ok and not (mine & parents) else b"0")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert live._run(mode, "Il vente.") == once._run(mode, "Il vente.")
    assert set(live.pool.pipelines(str(mode))[0].pids) == parents


def test_pools_close_their_pipelines():
    pool = PipelinePool(PoolLimits())
    stages = mode_stages(ApertiumEngine()._mode("fr", "es"))
    with pool.lease("fr-es", lambda: _launch(stages)) as pipeline:
        pids = pipeline.pids
        assert pipeline.ask(deformat("Bonjour.").encode(), 30)
    pool.close()
    time.sleep(0.2)
    assert all(not os.path.exists(f"/proc/{pid}") or _zombie(pid) for pid in pids)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"
    except OSError:
        return True


# -- how a mode is run -------------------------------------------------------------


def test_a_mode_runs_as_apertium_z_runs_it():
    stages = parse_stages("lt-proc -z 'a.bin' | apertium-tagger -z -g $2 'b.prob' | lt-proc -z $1 'c.bin'")
    assert stages == [
        ["lt-proc", "-z", "a.bin"],
        ["apertium-tagger", "-z", "-g", "b.prob"],
        ["lt-proc", "-z", "-n", "c.bin"],
    ]
    assert parse_stages("lt-proc a.bin | cmd $(rm -rf x)") is None  # anything shell-like is left to the command


def test_stateful_programs_run_apart():
    plan = segments(mode_stages(ApertiumEngine()._mode("fr", "ca")))
    kinds = [kind for kind, _ in plan]
    assert kinds == ["live", "fresh", "watched", "live", "fresh", "live"]
    assert plan[2][1][0][1] == "-d"  # the tagger tells when its state changed


def test_a_mode_that_could_not_be_read_is_read_again_later_and_then_remembered(monkeypatch, tmp_path):
    """A failure to read a mode (a loaded machine) must not leave its pair one-shot for the process's life."""
    from service.translation.engines import apertium_live

    original = ApertiumEngine()._mode("fr", "es")
    mode = tmp_path / original.name
    mode.write_bytes(original.read_bytes())  # a path of its own: nothing is remembered about it yet
    expected = mode_stages(original)
    assert expected
    calls = []
    real_run = apertium_live.run

    def flaky_run(argv, text, timeout, env=None):
        calls.append(argv)
        if len(calls) == 1:
            raise subprocess.TimeoutExpired(argv, timeout)
        return real_run(argv, text, timeout, env)

    monkeypatch.setattr(apertium_live, "run", flaky_run)
    assert mode_stages(mode) is None
    assert mode_stages(mode) is None and len(calls) == 1  # the failure is remembered for a while
    monkeypatch.setattr(apertium_live, "MODE_RETRY_SECONDS", 0.0)
    assert mode_stages(mode) == expected and len(calls) == 2
    assert mode_stages(mode) == expected and len(calls) == 2  # read once, remembered
