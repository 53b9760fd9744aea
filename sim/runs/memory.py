"""Keep freed memory in the process heap, where the C library is glibc.

A month at scale allocates and frees numpy arrays of a few megabytes (the tie records, the
knowledge gains of a month's meetings). Above glibc's mmap threshold each such array is mapped
afresh and its pages are faulted in one by one: at 10,000 agents, about 2,700 page faults a month
and a sixth of the run time. Raising the thresholds keeps these blocks in the heap for reuse, as
jemalloc or tcmalloc would. Results are unchanged; with another C library this does nothing.
"""

from __future__ import annotations

import ctypes
from functools import cache

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
MMAP_THRESHOLD = 32 << 20  # blocks below this come from the heap; glibc before 2.35 refuses more
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # free memory kept at the top of the heap before it is returned


@cache
def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds once per process; True where that took effect."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not a glibc-like C library
        return False
    mmap_set = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    trim_set = bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return mmap_set and trim_set
