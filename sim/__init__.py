"""clustersim: an agent-based model of industrial clusters and open innovation, on Mesa.

The public surface: `sim.run` (one run, final values), `sim.ClusterModel` (the Mesa model) and
`sim.PARAMS` (the parameter schema: default, bounds, unit, group and description of each).
Layers, lowest first: `sim.model` (the model), `sim.runs` (scenarios, runs, sweeps, result
files), `sim.reports` (reports, analysis, facts, docs), then the front ends `sim.dashboard`
and `sim.cli`; a layer never imports one above it.
"""

from sim.model import ClusterModel
from sim.model.schema import PARAMS
from sim.runs.settings import SEED, STEPS

__all__ = ["ClusterModel", "PARAMS", "run"]


def run(*, steps: int = STEPS.default, seed: int = SEED.default, **params) -> dict:
    """Run the model once and return the final value of every output, by name.

    A plain, picklable, keyword-only function, so that sweep tools (the EMA workbench, SALib,
    Dask, `concurrent.futures`) can call the model without knowing Mesa. Parameters not given
    take their schema defaults; unknown or out-of-bounds ones raise `sim.model.schema.ParamError`.
    """
    from sim.model.schema import resolve
    from sim.runs.simulate import simulate

    final = simulate(resolve(params, "sim.run"), steps, seed).timeseries.iloc[-1]
    return {name: float(value) for name, value in final.items() if name != "step"}
