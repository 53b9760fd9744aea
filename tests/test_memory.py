"""The allocator setting that keeps a month's large arrays in the heap (sim.runs.memory)."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

# in a fresh process: allocate and free arrays of a few MiB that grow a little each time, as the
# tie table does month after month, and count the page faults
PROBE = """
import json, resource, sys
import numpy as np
from sim.runs.memory import keep_freed_memory
took = keep_freed_memory() if sys.argv[1] == "on" else None
np.ones(1 << 20)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for month in range(20):
    np.ones((1 << 20) + month * 1000)
print(json.dumps({"took": took, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
"""


def probe(setting: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, setting], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="only glibc has mallopt")
def test_large_arrays_are_reused_rather_than_faulted_in_anew():
    without, with_setting = probe("off"), probe("on")
    assert with_setting["took"] is True
    assert without["faults"] > 200  # each array mapped afresh and faulted in (measured here: about 2,200)
    assert with_setting["faults"] < without["faults"] / 10  # reused from the heap (measured: about 40)


def test_the_model_leaves_the_allocator_alone():
    """Building and stepping a model (as a notebook or the dashboard does) never applies the setting."""
    code = ("from sim.model import ClusterModel; from sim.runs import memory; "
            "m = ClusterModel(rng=1, n_smes=20, n_remote_partners=5); m.step(); "
            "print(memory.keep_freed_memory.cache_info().misses)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "0"


def test_the_command_line_applies_it():
    code = "import sys; from sim import cli; from sim.runs import memory; sys.argv = ['clustersim', 'scenarios']\n" \
           "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()): cli.main()\n" \
           "print(memory.keep_freed_memory.cache_info().misses)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "1"
