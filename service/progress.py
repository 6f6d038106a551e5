"""A time limit for one request or one batch article, checked between the pipeline's stages.

Every stage is bounded already (linear segmentation, engine timeouts, size
limits on the slower summarisers), so a cooperative check between stages is
enough to stop a request that would hold a worker too long, with a reason
the user can act on. A stage in progress is not interrupted.
"""

from __future__ import annotations

import time

from service.errors import TimeLimitExceeded


class Deadline:
    """``seconds`` from now (``None``: no limit)."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self._end = time.monotonic() + seconds if seconds else None

    def remaining(self) -> float | None:
        return None if self._end is None else max(0.0, self._end - time.monotonic())

    def check(self, stage: str) -> None:
        """Raise ``TimeLimitExceeded`` naming ``stage`` once the time is up."""
        if self._end is not None and time.monotonic() > self._end:
            raise TimeLimitExceeded(
                f"processing took longer than the {self.seconds:g} s limit (while {stage}); "
                "send a shorter text or fewer target languages"
            )


NO_LIMIT = Deadline()
