"""Time and memory of runs drawn anywhere within the schema's bounds: the figures behind the property test.

    python experiments/robustness.py                  # 300 draws, 24 months each
    python experiments/robustness.py --draws 50 --seed 7

Each draw sets every parameter uniformly between its bounds, bounds included with some chance,
with at most 120 agents of each kind (as a small classroom or test cluster), and runs in a fresh
process so that its peak memory (max RSS) is its own. A draw the model refuses before running
(one line, as the command line prints it) counts as refused, not failed. Figures are printed,
never asserted: the test (tests/test_any_setting.py) asserts a generous budget instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

MAX_AGENTS = 120  # per kind of agent
STEPS = 24


def draw(rng: np.random.Generator) -> dict:
    """One setting: each parameter uniform in its bounds, or at a bound (one chance in five each end)."""
    from sim.model.schema import COUNT_PARAMS
    from sim.model.schema import PARAMS

    out = {}
    for name, prm in PARAMS.items():
        high = min(prm.high, MAX_AGENTS) if name in COUNT_PARAMS.values() else prm.high
        u = rng.random()
        value = prm.low if u < 0.2 else high if u > 0.8 else prm.low + (high - prm.low) * rng.random()
        out[name] = int(round(value)) if prm.kind is int else float(value)
    return out


def child(params: dict) -> dict:
    """Run one setting in this process; its figures, or the one-line refusal."""
    from sim.model.schema import ParamError
    from sim.runs.memory import keep_freed_memory
    from sim.runs.simulate import simulate

    keep_freed_memory()
    start = time.perf_counter()
    try:
        result = simulate(params, STEPS, seed=1)
    except ParamError as exc:
        return {"refused": str(exc)}
    final = result.timeseries.iloc[-1].drop("cost_per_innovation")  # undefined before the first innovation
    return {"seconds": time.perf_counter() - start, "agents": int(len(result.agents)),
            "finite": bool(np.isfinite(final.to_numpy(float)).all()),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a draw counts as hung")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return

    rng = np.random.default_rng(args.seed)
    rows, failed = [], []
    for i in range(args.draws):
        params = draw(rng)
        try:
            out = subprocess.run([sys.executable, __file__, "--child", json.dumps(params)], capture_output=True,
                                 text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            failed.append((i, f"no result after {args.timeout:.0f} s", params))
            continue
        if out.returncode != 0:
            failed.append((i, out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}",
                           params))
            continue
        row = json.loads(out.stdout)
        rows.append(row | {"draw": i})
        if "refused" in row:
            print(f"draw {i}: refused: {row['refused']}")
        elif not row["finite"]:
            failed.append((i, "an output is not finite", params))

    ran = [r for r in rows if "seconds" in r]
    print(f"\n{args.draws} draws (seed {args.seed}), {STEPS} months, at most {MAX_AGENTS} agents of each kind: "
          f"{len(ran)} ran, {len(rows) - len(ran)} refused in one line, {len(failed)} failed")
    if ran:
        seconds = np.array([r["seconds"] for r in ran])
        peak = np.array([r["peak_mib"] for r in ran])
        slowest, biggest = ran[int(seconds.argmax())], ran[int(peak.argmax())]
        print(f"run time: median {np.median(seconds):.2f} s, 99th percentile {np.percentile(seconds, 99):.2f} s, "
              f"largest {seconds.max():.2f} s (draw {slowest['draw']}, {slowest['agents']:,} agents at the end)")
        print(f"peak memory: median {np.median(peak):.0f} MiB, largest {peak.max():.0f} MiB "
              f"(draw {biggest['draw']}, {biggest['agents']:,} agents at the end)")
    for i, why, params in failed:
        print(f"FAILED draw {i}: {why}\n  {json.dumps(params)}")


if __name__ == "__main__":
    main()
