"""The allocator setting that keeps a month's large arrays in the heap (sim.memory)."""

from __future__ import annotations

import platform
import resource

import numpy as np
import pytest

from sim.memory import keep_freed_memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="only glibc has mallopt")
def test_large_arrays_are_reused_rather_than_faulted_in_anew():
    assert keep_freed_memory() is True
    size = 4 << 20  # 32 MiB of float64: above glibc's default mmap threshold, below ours
    np.ones(size)  # the first time its pages are faulted in
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        np.ones(size)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    assert faults < 20  # mapped afresh each time, it faults hundreds of times per array (measured: 528)
