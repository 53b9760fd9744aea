"""clustersim: an agent-based model of industrial clusters and open innovation, on Mesa.

The public surface: `sim.run` (one run, final values), `sim.ClusterModel` (the Mesa model) and
`sim.PARAMS` (the parameter schema: default, bounds, unit, group and description of each).
Layers, lowest first: `sim.model` (the model), `sim.runs` (scenarios, runs, sweeps, result
files), `sim.reports` (reports, analysis, facts, docs), then the front ends `sim.dashboard`
and `sim.cli`; a layer never imports one above it, so importing the model loads no run code.
"""

from sim.model import ClusterModel
from sim.model.schema import PARAMS

__all__ = ["ClusterModel", "PARAMS", "run"]


def __getattr__(name: str):
    """`sim.run` lives in the runs layer; it is loaded on first use, not with the model."""
    if name == "run":
        from sim.runs.simulate import run

        return run
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
