"""Which of two revisions runs a month quicker, with their months taken in turn in one process.

    python experiments/alternate_versions.py 2c241f5                 # against the working tree, 10,000 agents
    python experiments/alternate_versions.py 2c241f5 --agents 1000 --months 240

For speed work, where a shared machine's slow spells (a tenth or more, from minute to minute) hide
the few per cent a change is worth: runs in separate processes meet different spells, months taken
in turn meet the same. Each version's `sim` package is loaded under its own name (its imports
renamed), builds the benchmark's cluster of that size, runs 6 months, then the two take their next
months in turn. Prints each one's mean time a month and the ratio.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmark import scaled_params
from same_outputs import ROOT, tree_at

WARM_UP = 6  # months before timing: Numba loads its kernels, the ties build up
VERSIONS = Path(tempfile.gettempdir()) / "clustersim-versions"  # kept between runs: Numba's caches serve again


def renamed(tree: Path, into: Path, name: str) -> None:
    """`tree`'s `sim` package copied to `into`/`name`, its imports of `sim` renamed. A file already there with
    the same text is left as it is, so that Numba's cache of its kernels still serves."""
    for path in (tree / "sim").rglob("*.py"):
        text = re.sub(r"\b(from|import) sim\b", rf"\1 {name}", path.read_text())
        text = re.sub(r"([\"'])sim\.", rf"\1{name}.", text)
        target = into / name / path.relative_to(tree / "sim")
        if not target.exists() or target.read_text() != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


def cluster(name: str, agents: int):
    """The benchmark's cluster of about `agents` actors (`benchmark.scaled_params`), from package `name`."""
    params = scaled_params(agents, importlib.import_module(f"{name}.model.schema"))
    return importlib.import_module(f"{name}.model.cluster").ClusterModel(rng=1, **params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the git revision to time against the working tree")
    parser.add_argument("--agents", type=int, default=10_000, help="cluster size (default 10,000)")
    parser.add_argument("--months", type=int, default=94, help="months timed, after 6 (default 94)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sim.runs.memory import keep_freed_memory

    keep_freed_memory()
    with tempfile.TemporaryDirectory() as tmp:
        tree_at(args.revision, Path(tmp), "sim")
        renamed(Path(tmp), VERSIONS, "sim_then")
    renamed(ROOT, VERSIONS, "sim_now")
    sys.path.insert(0, str(VERSIONS))
    models = [cluster(name, args.agents) for name in ("sim_then", "sim_now")]
    for model in models:
        for _ in range(WARM_UP):
            model.step()
    times = ([], [])
    for month in range(args.months):
        for i in (0, 1) if month % 2 == 0 else (1, 0):  # each goes first every other month
            start = time.perf_counter()
            models[i].step()
            times[i].append(time.perf_counter() - start)
    then, now = (1000 * statistics.fmean(t) for t in times)
    print(f"{args.agents:,} agents, months {WARM_UP + 1} to {WARM_UP + args.months}, taken in turn in one process:")
    print(f"  {args.revision}: {then:.2f} ms a month; working tree: {now:.2f} ms a month; "
          f"ratio {now / then:.3f} (median of the months' ratios {statistics.median(b / a for a, b in zip(*times)):.3f})")


if __name__ == "__main__":
    main()
