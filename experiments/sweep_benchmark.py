"""Speed and memory of the sweep machinery.

    python experiments/sweep_benchmark.py

1. 40 runs of the baseline scenario (240 months) with 1 worker, then with 2: the time ratio
   (target: 2 workers take at most 0.6 of the time of 1).
2. The sweep machinery's own overhead per run (scheduling, writing Parquet, bookkeeping): wall
   time of the 1-worker sweep minus the time spent inside the model, per run (target: under 5 %
   of a run's time).
3. Peak memory of the coordinating process over a 2,000-run sweep of a tiny model (target: under
   500 MiB); the workers' memory is their own.

Each sweep runs in a fresh process; figures are printed, never asserted.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SWEEP = """
title = "benchmark"
description = "Sweep machinery benchmark."
scenario = "{scenario}"
steps = {steps}
replicates = {replicates}
seed = 1
keep = "final"
[design]
kind = "grid"
[vary]
subsidy_rate = {values}
"""
TINY = """
title = "tiny"
description = "A tiny cluster, to measure the machinery rather than the model."
[params]
n_large_firms = 1
n_smes = 10
n_startups = 2
n_labs = 1
n_training_bodies = 1
n_tech_centres = 1
n_support = 1
n_remote_partners = 2
"""


def child(sweep_file: str, folder: str, workers: int) -> dict:
    """Run one sweep in this process as the coordinator; report wall time, model time, peak memory."""
    from sim.runs import design, sweep

    plan = design.load(sweep_file)
    recorded = sweep.prepare(plan, Path(folder), resume=False)
    model_seconds = []
    start = time.perf_counter()
    sweep.run(plan, Path(folder), recorded, workers=workers, progress=lambda r: model_seconds.append(r.get("seconds", 0.0)))
    wall = time.perf_counter() - start
    return {"runs": len(model_seconds), "wall_s": wall, "model_s": sum(model_seconds),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(tmp: Path, name: str, scenario: str, steps: int, runs: int, workers: int) -> dict:
    points = 4 if runs >= 4 else 1
    values = [round(0.1 * i, 2) for i in range(points)]
    path = tmp / f"{name}.toml"
    path.write_text(SWEEP.format(scenario=scenario, steps=steps, replicates=runs // points, values=values))
    out = subprocess.run([sys.executable, __file__, "--child", str(path), str(tmp / f"{name}-out"), str(workers)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "tiny.toml").write_text(TINY)
        one = measure(tmp, "one", "baseline", 240, 40, workers=1)
        two = measure(tmp, "two", "baseline", 240, 40, workers=2)
        big = measure(tmp, "big", str(tmp / "tiny.toml"), 1, 2000, workers=2)
    per_run = (one["wall_s"] - one["model_s"]) / one["runs"]
    print(f"40 runs of the baseline scenario (240 months): 1 worker {one['wall_s']:.1f} s, "
          f"2 workers {two['wall_s']:.1f} s, ratio {two['wall_s'] / one['wall_s']:.2f} (target: at most 0.60)")
    print(f"overhead of the sweep machinery: {per_run * 1000:.0f} ms per run, "
          f"{100 * per_run / (one['model_s'] / one['runs']):.1f} % of a run's time (target: under 5 %)")
    print(f"2,000-run sweep: coordinator peak memory {big['peak_mib']:.0f} MiB, {big['wall_s']:.0f} s "
          f"(target: under 500 MiB)")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
