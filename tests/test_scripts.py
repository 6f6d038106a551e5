"""The README's run command, as a user types it: set-up, pairs, a live server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.support import ROOT, free_port

pytestmark = pytest.mark.slow


def test_scripts_run_serves_offline(tmp_path, argos_dir):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "1",
        "ARGOS_PACKAGES_DIR": str(argos_dir),
        "SERVICE_INSTANCE_PATH": str(tmp_path / "instance"),
        "SERVICE_ARGOS_INDEX_URL": "http://127.0.0.1:9/index.json",
    }
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(ROOT / "scripts" / "run")], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 120
        body = None
        while time.monotonic() < deadline and body is None:
            assert proc.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/languages", timeout=5) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.5)
        assert body is not None, log.read_text()
        printed = log.read_text()
        assert "continuing offline" in printed
        assert "fr→es  Spanish" in printed and f"serving on http://127.0.0.1:{port}" in printed
        # "serving" only once a worker has started its engines: after gunicorn booted it, and once.
        assert printed.index("[run] starting on") < printed.index("Booting worker") < printed.index("serving on")
        assert printed.count("serving on") == 1
        assert any(p["source"] == "fr" and p["target"] == "de" for p in body["pairs"])
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/translate",
            data=json.dumps({"text": "Le chat dort.", "targets": ["es"]}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            translated = json.loads(response.read())
        assert "gato" in translated["targets"]["es"]["sentences"][0]["text"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
