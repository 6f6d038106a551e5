"""A warm start: engines started in the order requests need them, and a job that says so while they start."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from service.jobs.execution import advance
from service.progress import Event, Stage
from service.storage.jobs import initial_progress
from service.translation.engines.apertium import ApertiumEngine
from service.translation.engines.apertium_live import PoolLimits
from service.translation.translator import Translator


def test_a_warming_step_names_the_engine_and_counts_nothing_done():
    progress = advance(initial_progress(["es"]), Event(Stage.WARMING, hop=("fr", "es", "apertium")))
    assert progress["stage"] == "warming" and progress["warming"] == "apertium fr→es" and progress["done"] == 0
    assert progress["detail"] == "starting the engines: apertium fr→es"
    progress = advance(progress, Event(Stage.SEGMENTING))
    assert progress["stage"] == "segmenting" and "warming" not in progress


@pytest.mark.apertium
def test_engines_start_in_the_order_asked_within_the_memory_bound():
    engine = ApertiumEngine(live=PoolLimits(memory_mb=900))
    steps: list[Event] = []
    Translator([engine]).warm("fr", ("en", "es", "ca", "oc"), steps.append)
    started = [event.hop for event in steps]
    assert started == [("fr", "es", "apertium"), ("es", "en", "apertium"), ("fr", "ca", "apertium")]
    # fr→oc's estimate does not fit what is left: it starts when a request asks for it; fr→eo was not asked.
    assert engine.pool.memory() <= 900 * 1024 * 1024
    live = engine.pool.live()
    assert str(engine._mode("fr", "es")) in live and str(engine._mode("es", "en")) in live
    # The names rules ask the bilingual dictionary of the pairs that open a route, not of a pivot's second hop.
    looked_up = sorted(Path(key).name for key in live if key.startswith("bilingual:"))
    assert looked_up == ["fr-es.autobil.bin", "fra-cat.autobil.bin"]
    engine.pool.close()


def test_the_look_ups_of_the_source_and_targets_start_with_the_engines():
    """The names rules ask every French analyser, the checks every Spanish one: none waits for a first request."""
    engine = ApertiumEngine()
    try:
        Translator([engine]).warm("fr", ("es",))
        started = {key.removeprefix("lookup:") for key in engine.pool.live() if key.startswith("lookup:")}
        wanted = {str(path) for language in ("fr", "es") for path in engine._analysers_for(language)}
        assert len(wanted) >= 6 and started == wanted
    finally:
        engine.pool.close()


def _job_state(client, job_id: str) -> dict:
    return client.get(f"/jobs/{job_id}.json").get_json()


def _wait(client, job_id: str, check, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = _job_state(client, job_id)
        if check(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_a_job_submitted_while_the_engines_start_says_so_then_runs(app, client, sample_text):
    service = app.extensions["service"]
    service.warm_up.begin()  # as the job process does before its threads claim
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"]})
    job_id = response.get_json()["id"]
    state = _wait(client, job_id, lambda s: s["progress"]["stage"] != "queued")
    assert state["status"] == "running" and state["progress"]["stage"] == "warming"  # claimed, not "waiting"
    service.warm_up.step(Event(Stage.WARMING, hop=("fr", "es", "apertium")))
    state = _wait(client, job_id, lambda s: s["progress"].get("warming"))
    assert state["progress"]["warming"] == "apertium fr→es"
    page = client.get(f"/jobs/{job_id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "démarrage des moteurs de traduction (apertium fr→es)" in page
    assert state["stages"]["warming"] == "starting the engines"
    service.warm_up.end()
    state = _wait(client, job_id, lambda s: s["status"] in ("done", "failed"), timeout=120)
    assert state["status"] == "done"


@pytest.mark.apertium
def test_the_default_memory_bound_holds_spanish_catalan_and_english_without_closing_any():
    """The three targets with their second opinions and look-ups, request after request: nothing closes.

    With 1,536 MB (the bound before), these sixteen requests closed 7 pipelines and started them again.
    """
    from tests.support.corpus import judged_sentences

    engine = ApertiumEngine(live=PoolLimits())
    translator = Translator([engine])
    try:
        sentences = [s for s in judged_sentences() if 40 < len(s) < 160][:16]
        for sentence in sentences:
            results = translator.translate_sentences([sentence], "fr", ["es", "ca", "en"])
            assert all(r.ok for r in results.values())
        assert engine.pool.stats.closed == 0 and engine.pool.stats.fallbacks == 0
        assert engine.pool.memory() <= engine.pool.limits.memory_bytes
    finally:
        engine.pool.close()
