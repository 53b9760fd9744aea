"""Run the model once and return its outputs as tables: the one entry point front ends call."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.model.measures import early_month, measure, snapshot
from sim.model.schema import resolve
from sim.runs.settings import SEED, STEPS
from sim.model import ClusterModel


@dataclass
class RunResult:
    seed: int
    timeseries: pd.DataFrame  # one row a step (0 = initial state), one column an output of sim.model.outputs
    agents: pd.DataFrame  # final snapshot, one row an active agent
    ties: pd.DataFrame  # the strongest trust ties at the end, with both ends' positions; `remote` marks
    # ties kept up mostly at a distance, which includes every tie with an outside partner
    measures: dict  # end-of-run measures asked for (sim.model.measures)


def simulate(params: dict, steps: int, seed: int, top_ties: int = 300, on_step=None, measures=()) -> RunResult:
    """Run `steps` months from `seed`; `on_step(model)` is called after each step (progress bars)."""
    model = ClusterModel(rng=seed, **params)
    early, at = {}, early_month(steps)
    for _ in range(steps):
        model.step()
        if model.steps == at:
            early = snapshot(model, measures)
        if on_step is not None:
            on_step(model)
    timeseries = model.datacollector.get_model_vars_dataframe()
    timeseries.index.name = "step"
    return RunResult(seed, timeseries.reset_index(), model.agent_table(), model.trust_ties(top_ties),
                     measure(model, measures, early))


def run(*, steps: int = STEPS.default, seed: int = SEED.default, **params) -> dict:
    """Run the model once and return the final value of every output, by name (`sim.run`).

    A plain, picklable, keyword-only function, so that sweep tools (the EMA workbench, SALib,
    Dask, `concurrent.futures`) can call the model without knowing Mesa. Parameters not given
    take their schema defaults; unknown or out-of-bounds ones raise `sim.model.schema.ParamError`.
    """
    final = simulate(resolve(params, "sim.run"), steps, seed).timeseries.iloc[-1]
    return {name: float(value) for name, value in final.items() if name != "step"}
