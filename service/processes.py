"""Child processes that must not outlive their parent: batch workers, embedded job processes."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time


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
