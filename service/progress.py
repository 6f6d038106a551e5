"""Where a request is in the pipeline (typed events), and its time limit.

The pipeline announces each stage with an ``Event`` (stage, target, hop);
whoever follows the work (a job's progress record, a progress bar) receives
the events through a ``Tracker`` and reads fields, never sentences. The same
tracker bounds the work in time: every stage boundary, and the loops of the
long stages, check the deadline, and past it ``TimeLimitExceeded`` names the
stage reached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from service import messages
from service.errors import TimeLimitExceeded


class Stage(StrEnum):
    """The pipeline's stages, in order."""

    QUEUED = "queued"
    WARMING = "warming"  # the job process is starting its engines (just after a restart)
    STARTING = "starting"
    SEGMENTING = "segmenting"
    TRANSLATING = "translating"
    SUMMARISING = "summarising"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Event:
    """The pipeline entered a stage: for one target (and one engine hop) where that applies."""

    stage: Stage
    target: str | None = None
    hop: tuple[str, str, str] | None = None  # (source, target, engine) of a translation hop

    def describe(self) -> str:
        """English, for the API's ``detail`` and the time-limit message: "translating fr→es with apertium"."""
        if self.stage is Stage.SEGMENTING:
            return "reading the article's structure"
        if self.stage is Stage.WARMING:
            return f"starting the engines: {warming_step(self)}" if self.hop else "starting the engines"
        if self.stage is Stage.TRANSLATING and self.hop:
            source, target, engine = self.hop
            return f"translating {source}→{target} with {engine}"
        if self.stage is Stage.SUMMARISING and self.target:
            return f"summarising in {self.target}"
        return str(self.stage)


def warming_step(event: Event) -> str:
    """The engine and pair being started, the same in every language: "apertium fr→es"."""
    if not event.hop:
        return ""
    source, target, engine = event.hop
    return f"{engine} {source}→{target}"


class WarmUp:
    """Whether this process is still starting its engines, and which one: what a waiting job shows."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._done.set()  # nothing to wait for until a warm-up begins
        self._lock = threading.Lock()
        self.current = Event(Stage.WARMING)

    def begin(self) -> None:
        with self._lock:
            self.current = Event(Stage.WARMING)
            self._done.clear()

    def step(self, event: Event) -> None:
        with self._lock:
            self.current = event

    def end(self) -> None:
        self._done.set()

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    def wait(self, listener: Listener | None = None, poll: float = 0.25) -> None:
        """Until the warm-up ends, telling ``listener`` each step it reaches."""
        told = None
        while not self._done.is_set():
            current = self.current
            if listener is not None and current != told:
                listener(current)
                told = current
            self._done.wait(poll)


Listener = Callable[[Event], None]


class Tracker:
    """A time limit of ``seconds`` from now (``None``: none), and whoever listens to the events."""

    def __init__(self, seconds: float | None = None, listener: Listener | None = None):
        self.seconds = seconds
        self._end = time.monotonic() + seconds if seconds else None
        self._listener = listener
        self._current = Event(Stage.STARTING)
        self._lock = threading.Lock()

    def remaining(self) -> float | None:
        return None if self._end is None else max(0.0, self._end - time.monotonic())

    def enter(self, event: Event) -> None:
        """A new stage: check the time, then tell the listener (which may stop the work by raising)."""
        self.check(event)
        with self._lock:
            self._current = event
        if self._listener is not None:
            self._listener(event)

    def check(self, event: Event | None = None) -> None:
        """Raise ``TimeLimitExceeded`` naming the stage once the time is up (cheap: call it inside long loops)."""
        if self._end is not None and time.monotonic() > self._end:
            where = event or self._current
            raise TimeLimitExceeded(messages.TIME_LIMIT(limit=f"{self.seconds:g}", stage=where.describe()))


NO_LIMIT = Tracker()
