"""Extreme but valid settings finish, in bounded time and memory, with finite outputs.

Each setting runs on a small cluster (300 actors, 24 months) in its own process, so that its
peak memory is its own and a setting that runs away cannot take the test session (or the
machine, shared with other work) with it: the child's address space is capped. The budgets are
generous, many times what the settings take, so that a busy machine cannot make them flake;
what they catch is a setting that hangs or grows without bound. `pytest -s` prints the figures.

Firm spin-offs once grew without bound: at the former upper bound (0.5 a month) the firms
multiplied by 1.5 a month (300 actors became millions in 24 months: 2 minutes and 5.6 GB). The
bound is now 0.02, and a year at it must not multiply the cluster tenfold.
"""

import json
import subprocess
import sys

import pytest

from sim.model import ClusterModel
from sim.model.schema import PARAMS

STEPS = 24
TIME_BUDGET_S = 60
MEMORY_BUDGET_MB = 2048  # peak resident memory; a run of the small cluster takes about 200 MB, imports included
ADDRESS_SPACE_CAP_MB = 8192  # a runaway child fails with MemoryError rather than exhaust the machine; a run
# maps about 1.6 GB of address space (thread pools of the numerical libraries), most of it never touched

SMALL_CLUSTER = dict(n_large_firms=5, n_smes=200, n_startups=50, n_labs=20, n_training_bodies=10, n_tech_centres=10,
                     n_support=5, n_remote_partners=50)  # 300 actors in the territory, 50 outside partners

SETTINGS = {
    "defaults": {},  # the reference the figures of the others compare with
    "event_of_100000_weekly": {"event_size": 100_000, "events_per_year": 52},
    "incubator_of_10000": {"incubator_capacity": 10_000},
    "30_contacts_on_5_km": {"contacts_per_month": 30.0, "territory_km": 5.0},
    "64_domains": {"n_domains": 64},
    "talent_pool_at_its_bound": {"talent_pool": PARAMS["talent_pool"].high},
    "incubator_of_10000_with_the_largest_budget": {"incubator_capacity": 10_000,
                                                   "public_budget": PARAMS["public_budget"].high},
}

# runs in the child: the setting, then one JSON line of figures and of the outputs that are not finite
CHILD = """
import json, resource, sys, time
cap = int(sys.argv[3]) << 20
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
import numpy as np
from sim.runs.memory import keep_freed_memory
from sim.model.schema import resolve
from sim.runs.simulate import simulate
keep_freed_memory()  # as the command line does
params = resolve(json.loads(sys.argv[1]), "test_extreme_settings")
start = time.perf_counter()
run = simulate(params, int(sys.argv[2]), seed=1)
seconds = time.perf_counter() - start
series = run.timeseries.select_dtypes("number")
finite = np.isfinite(series)
# cost per innovation is NaN until the first innovation, by definition
finite["cost_per_innovation"] |= series["cost_per_innovation"].isna() & (series["innovations_total"] == 0)
agents = run.agents.select_dtypes("number").copy()
firms = run.agents["kind"].isin(["large_firm", "sme", "startup"])
agents.loc[~firms, "capital"] = 0.0  # NaN for the others, by definition
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "agents": len(run.agents), "firms": int(firms.sum()),
                  "not_finite": list(series.columns[~finite.all()]),
                  "agents_not_finite": list(agents.columns[~np.isfinite(agents).all()])}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("overrides", SETTINGS.values(), ids=SETTINGS.keys())
def test_extreme_setting_finishes_within_budget(overrides):
    params = json.dumps(SMALL_CLUSTER | overrides)
    proc = subprocess.run([sys.executable, "-c", CHILD, params, str(STEPS), str(ADDRESS_SPACE_CAP_MB)],
                          capture_output=True, text=True, timeout=TIME_BUDGET_S * 3)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\n{overrides}: {figures['seconds']:.2f} s, peak {figures['peak_mb']:.0f} MB, "
          f"{figures['agents']} agents ({figures['firms']} firms) after {STEPS} months")
    assert figures["not_finite"] == [], figures
    assert figures["agents_not_finite"] == [], figures
    assert figures["seconds"] < TIME_BUDGET_S, figures
    assert figures["peak_mb"] < MEMORY_BUDGET_MB, figures


def test_firm_spinoffs_at_their_bound_do_not_multiply_the_cluster():
    """A year at the largest firm_spinoff_rate: the cluster does not grow tenfold (at the former bound, 0.5,
    it grew a hundredfold: spin-offs of spin-offs outgrew exits)."""
    model = ClusterModel(rng=1, **SMALL_CLUSTER, firm_spinoff_rate=PARAMS["firm_spinoff_rate"].high)
    start = len(model.agents)
    for _ in range(12):
        model.step()
    assert len(model.agents) < 10 * start, f"{start} agents became {len(model.agents)} in a year"
