"""A Sobol sensitivity analysis with SALib, calling `sim.run` directly.

    python experiments/salib_example.py           # the default cluster, 120 months, N = 32, 2 seeds (a few minutes)
    python experiments/salib_example.py --tiny    # a tiny cluster, 12 months, N = 8, 1 seed (seconds)

SALib samples the parameters (Saltelli's scheme, first-order and total indices only), each
sample row is run with `sim.run(steps=..., seed=..., **row)` for every replicate seed and the
outcomes are averaged over seeds (the same seeds for every row: common random numbers), then
`SALib.analyze.sobol` estimates the indices. The ranges are the schema's bounds, read from
`sim.model.schema.PARAMS`, not copied here. `clustersim sweep` runs the same kind of design resumably
and in parallel (`[design] kind = "sobol"`).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample
from tqdm import tqdm

import sim
from sim.model.schema import PARAMS
from sim.runs.results import replicate_seeds

FACTORS = ["subsidy_rate", "digital_openness", "revisit_share"]
OUTCOMES = ["innovations_total", "mean_trust"]
ROOT_SEED = 2026
TINY = dict(n_large_firms=2, n_smes=60, n_startups=10, n_labs=3, n_training_bodies=1, n_tech_centres=1,
            n_support=1, n_remote_partners=10)


def problem() -> dict:
    return {"num_vars": len(FACTORS), "names": FACTORS, "bounds": [[PARAMS[f].low, PARAMS[f].high] for f in FACTORS]}


def evaluate(samples: np.ndarray, steps: int, seeds: list[int], fixed: dict) -> dict[str, np.ndarray]:
    """Each outcome's mean over `seeds`, one value per sample row.

    Every factor here is a real number; a whole-number parameter would need `int(round(value))`.
    """
    out = {name: np.zeros(len(samples)) for name in OUTCOMES}
    for i, row in enumerate(tqdm(samples, unit="set", leave=False, disable=len(samples) < 100)):
        params = fixed | dict(zip(FACTORS, map(float, row)))
        for seed in seeds:
            result = sim.run(steps=steps, seed=seed, **params)
            for name in OUTCOMES:
                out[name][i] += result[name] / len(seeds)
    return out


def main(tiny: bool = False) -> dict[str, pd.DataFrame]:
    """Sample, run and analyse; print and return a table of indices (S1, ST and their confidence) per outcome."""
    base_samples, steps, n_seeds = (8, 12, 1) if tiny else (32, 120, 2)
    spec = problem()
    samples = sobol_sample.sample(spec, base_samples, calc_second_order=False, seed=ROOT_SEED)
    seeds = replicate_seeds(ROOT_SEED, n_seeds)
    print(f"{len(samples)} parameter sets x {n_seeds} seed(s), {steps} months each")
    outputs = evaluate(samples, steps, seeds, TINY if tiny else {})
    indices = {}
    for name, values in outputs.items():
        si = sobol_analyze.analyze(spec, values, calc_second_order=False, seed=ROOT_SEED)
        indices[name] = pd.DataFrame({key: si[key] for key in ("S1", "S1_conf", "ST", "ST_conf")}, index=FACTORS)
        print(f"\n{name}: first-order (S1) and total (ST) Sobol indices, 95% confidence half-widths")
        print(indices[name].round(3).to_string())
    return indices


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny cluster and a small sample, for a quick check")
    main(parser.parse_args().tiny)
