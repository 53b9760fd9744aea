"""The EMA workbench (3.x) exploring the cluster model through `sim.run`, with replicate seeds.

    python experiments/ema_example.py           # the default cluster, 120 months, 20 scenarios x 3 seeds
    python experiments/ema_example.py --tiny    # a tiny cluster, 12 months, 4 scenarios x 2 seeds (seconds)

`sim.run` is a plain keyword-only function, so it is the workbench model itself: a
`ReplicatorModel` calls it once per replication with the scenario's uncertainties, the
constants and that replication's `seed`. Each `ScalarOutcome` reduces the replications to their
mean. Uncertainty ranges are the schema's bounds (`sim.model.schema.PARAMS`); the replicate seeds are
spawned from one root with `numpy.random.SeedSequence`, as in `clustersim run`.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

with warnings.catch_warnings():  # the workbench warns on import that its optional ipyparallel evaluator is missing
    warnings.filterwarnings("ignore", message="ipyparallel not installed")
    from ema_workbench import Constant, RealParameter, ReplicatorModel, ScalarOutcome, SequentialEvaluator, ema_logging

import sim
from sim.model.schema import PARAMS
from sim.runs.results import replicate_seeds

UNCERTAINTIES = ["subsidy_rate", "digital_openness", "revisit_share"]
OUTCOMES = ["innovations_total", "startups_alive", "mean_trust"]
ROOT_SEED = 2026
TINY = dict(n_large_firms=2, n_smes=60, n_startups=10, n_labs=3, n_training_bodies=1, n_tech_centres=1,
            n_support=1, n_remote_partners=10)


def build_model(steps: int, n_seeds: int, fixed: dict) -> ReplicatorModel:
    model = ReplicatorModel("clustersim", function=sim.run)
    model.uncertainties = [RealParameter(name, PARAMS[name].low, PARAMS[name].high) for name in UNCERTAINTIES]
    model.constants = [Constant("steps", steps), *(Constant(name, value) for name, value in fixed.items())]
    model.outcomes = [ScalarOutcome(name, function=np.mean) for name in OUTCOMES]
    model.replications = [{"seed": seed} for seed in replicate_seeds(ROOT_SEED, n_seeds)]
    return model


def main(tiny: bool = False) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Run the experiments; print a summary; return the workbench's (experiments, outcomes)."""
    steps, n_scenarios, n_seeds = (12, 4, 2) if tiny else (120, 20, 3)
    model = build_model(steps, n_seeds, TINY if tiny else {})
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(
            scenarios=n_scenarios, uncertainty_sampling_kwargs={"rng": ROOT_SEED})
    table = experiments[UNCERTAINTIES].assign(**outcomes)
    print(f"{n_scenarios} scenarios (Latin hypercube) x {n_seeds} seeds, {steps} months; outcomes are means over seeds")
    print(table.round(3).to_string())
    print("\ncorrelation of each outcome with each uncertainty:")
    print(table.corr().loc[UNCERTAINTIES, OUTCOMES].round(2).to_string())
    return experiments, outcomes


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny cluster and few scenarios, for a quick check")
    args = parser.parse_args()
    ema_logging.log_to_stderr(ema_logging.INFO)
    main(args.tiny)
