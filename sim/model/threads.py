"""A second thread for work that can run beside the month's other work: compiled kernels release Python's
lock (`nogil`), so a month uses two cores.

Work goes to the second thread only where its result cannot depend on it: a job reads state that
nothing changes until its result is taken, and writes only its own output, or its own half of one.
Results are therefore the same with one thread or two (the tests compare them bit for bit).
One thread where `CLUSTERSIM_THREADS` is 1, and in a worker process of a pool, whose siblings
already fill the cores.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ThreadPoolExecutor

_NAME = "clustersim"
_helper: tuple[int, ThreadPoolExecutor] | None = None  # the process that started it, and the thread


def two_threads() -> bool:
    setting = os.environ.get("CLUSTERSIM_THREADS", "")
    if setting:
        return setting != "1"
    return multiprocessing.parent_process() is None


class _Done:
    """A job run at once, where there is one thread: `result` as a future's."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def later(fn, *args, worth: bool = True, **kwargs):
    """Start `fn(*args, **kwargs)` on the second thread; `.result()` waits for its value (or its error).
    It runs now with one thread, on the second thread itself, or where it is not `worth` handing over
    (a hand-over costs some tens of microseconds: small models run faster on one thread)."""
    global _helper
    if not (worth and two_threads()) or threading.current_thread().name.startswith(_NAME):
        return _Done(fn(*args, **kwargs))
    if _helper is None or _helper[0] != os.getpid():  # a forked child has no thread: start its own
        _helper = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix=_NAME))
    return _helper[1].submit(fn, *args, **kwargs)
