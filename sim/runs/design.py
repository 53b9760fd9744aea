"""Sweep definitions: a TOML file that names a base scenario, what to vary and how to sample it.

    title = "Public support x proximity"
    description = "What the sweep asks."
    scenario = "baseline"            # the base every point starts from
    steps = 240
    replicates = 10                  # seeds spawned from `seed` with numpy's SeedSequence
    seed = 2026
    keep = "final"                   # final values, "timeseries", or "both"
    outcomes = ["innovations_total", "startups_alive"]   # optional: default every output
    measures = ["startup_survival"]   # optional end-of-run measures (sim/model/measures.py), added to final values

    [design]
    kind = "grid"                    # grid | lhs | sobol | morris
    samples = 64                     # lhs: points; sobol: base samples (N); morris: trajectories
    levels = 4                       # morris only

    [vary]
    distance_decay_km = [2.0, 8.0, 30.0]          # grid: the values of one parameter
    digital_openness = {low = 0.0, high = 0.8}    # lhs, sobol, morris: a range
    [vary.support]                               # grid: one axis setting several parameters together
    subsidy_rate = [0.0, 0.3, 0.6]
    incubator_capacity = [0, 10, 40]

Every point is checked against the parameter schema before anything runs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

from sim.model.measures import MEASURES
from sim.model.outputs import OUTPUTS
from sim.model.schema import PARAMS, ParamError, validate
from sim.runs import tomlfile
from sim.runs.results import replicate_seeds
from sim.runs.settings import RUN_SETTINGS
from sim.runs.scenarios import ScenarioError
from sim.runs.scenarios import load as load_scenario

KINDS = ("grid", "lhs", "sobol", "morris")
KEEP = ("final", "timeseries", "both")
_TOP = {"title", "description", "scenario", "steps", "replicates", "seed", "keep", "outcomes", "measures", "design",
        "vary"}
MAX_RUNS = 1_000_000
RESULT_COLUMNS = {"run", "point", "replicate", "seed", "step"}


class SweepError(tomlfile.OneLineError):
    """A bad sweep file; the message is one line naming the file, the field and what is allowed."""


@dataclass
class Axis:
    """One swept dimension: a parameter, or a named set of parameters that move together."""
    name: str
    params: dict  # parameter -> list of values (grid), or (low, high) for sampled designs


@dataclass
class Sweep:
    name: str
    title: str
    description: str
    scenario: str
    base: dict  # the scenario's resolved parameters
    steps: int
    replicates: int
    seed: int
    keep: str
    outcomes: list[str]
    measures: list[str]
    kind: str
    samples: int
    levels: int
    axes: list[Axis]
    points: list[dict] = field(default_factory=list)  # each: {"axes": {axis: value}, "params": {param: value}}
    path: Path | None = None

    @property
    def seeds(self) -> list[int]:
        """Replicate seeds, the same for every point (common random numbers)."""
        return replicate_seeds(self.seed, self.replicates)

    @property
    def problem(self) -> dict:
        """The SALib problem of a sampled design."""
        return {"num_vars": len(self.axes), "names": [a.name for a in self.axes],
                "bounds": [list(a.params[a.name]) for a in self.axes]}

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replicates


def shipped() -> list[str]:
    """Names of the sweep definitions shipped with clustersim (`experiments/sweeps/`)."""
    return tomlfile.names(files("sim.sweeps"))


def load(path: str | Path) -> Sweep:
    """A sweep definition from a file path, or by the name of one shipped with clustersim."""
    if str(path) in shipped() and not Path(path).exists():
        path = files("sim.sweeps").joinpath(f"{path}.toml")
    path = Path(path)
    if not path.exists():  # a folder or a special file exists: reading it says what it is
        raise SweepError(f"{path}: no such file; allowed: a sweep definition (.toml) or a shipped one: {', '.join(shipped())}")
    try:
        data = tomlfile.read(path, "a sweep definition", "a TOML sweep definition (README, Sweeps)")
    except tomlfile.TomlFileError as exc:
        raise SweepError(exc.args[0]) from None
    if not data:
        raise SweepError(f"{path}: empty file; allowed: {', '.join(sorted(_TOP))}")
    where = lambda key: f"{path}: field '{key}'"  # noqa: E731
    for key in data:
        if key not in _TOP:
            raise SweepError(f"{where(key)} is unknown; allowed: {', '.join(sorted(_TOP))}")
    for key in ("title", "description", "scenario"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise SweepError(f"{where(key)} is missing or empty; allowed: a non-empty string")
    numbers = {}
    for key, setting in RUN_SETTINGS.items():
        try:
            numbers[key] = setting.check(data.get(key, setting.default), where(key))
        except ValueError as exc:
            raise SweepError(str(exc)) from None
    keep = data.get("keep", "final")
    if keep not in KEEP:
        raise SweepError(f"{where('keep')} is {keep!r}; allowed: {', '.join(KEEP)}")
    outcomes = data.get("outcomes", list(OUTPUTS))
    if not outcomes or not _named(outcomes, OUTPUTS):
        bad = [o for o in outcomes if not _named([o], OUTPUTS)] if isinstance(outcomes, list) else outcomes
        raise SweepError(f"{where('outcomes')} has {bad!r}; allowed: a list of output names (README, Outputs)")
    measures = data.get("measures", [])
    if not _named(measures, MEASURES):
        raise SweepError(f"{where('measures')} is {measures!r}; allowed: a list of {', '.join(MEASURES)}")
    try:
        scenario = data["scenario"]
        if scenario.endswith(".toml") and not Path(scenario).is_absolute():
            scenario = str(path.parent / scenario)
        base = load_scenario(scenario)
    except ScenarioError as exc:
        raise SweepError(f"{where('scenario')}: {exc}") from None
    kind, samples, levels = _design(data.get("design", {}), where)
    axes = _axes(data.get("vary"), kind, where)
    n_runs = _count_points(kind, samples, axes) * numbers["replicates"]
    if n_runs > MAX_RUNS:
        raise SweepError(f"{path}: {n_runs:,} runs; allowed: at most {MAX_RUNS:,} (fewer points or replicates)")
    sweep = Sweep(path.stem, data["title"], " ".join(data["description"].split()), data["scenario"], base.params,
                  numbers["steps"], numbers["replicates"], numbers["seed"], keep, outcomes, measures, kind, samples, levels,
                  axes, path=path)
    sweep.points = _points(sweep, where)
    return sweep


def _named(items, names) -> bool:
    """A list of strings, each one of `names` (strings only: a list or table in a TOML list is not hashable)."""
    return isinstance(items, list) and all(isinstance(i, str) and i in names for i in items)


def _design(design, where) -> tuple[str, int, int]:
    if not isinstance(design, dict):
        raise SweepError(f"{where('design')} must be a table; allowed keys: kind, samples, levels")
    for key in design:
        if key not in ("kind", "samples", "levels"):
            raise SweepError(f"{where('design.' + key)} is unknown; allowed: kind, samples, levels")
    kind = design.get("kind", "grid")
    if kind not in KINDS:
        raise SweepError(f"{where('design.kind')} is {kind!r}; allowed: {', '.join(KINDS)}")
    samples, levels = design.get("samples", 16), design.get("levels", 4)
    for key, value, low in (("samples", samples, 1), ("levels", levels, 2)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 100_000:
            raise SweepError(f"{where('design.' + key)} is {value!r}; allowed: a whole number from {low} to 100000")
    return kind, samples, levels


def _axes(vary, kind: str, where) -> list[Axis]:
    if not isinstance(vary, dict) or not vary:
        raise SweepError(f"{where('vary')} is missing or empty; allowed: a table of parameters to vary")
    axes = []
    for name, spec in vary.items():
        key = f"vary.{name}"
        if isinstance(spec, dict) and set(spec) <= {"low", "high"} and spec:
            if kind == "grid":
                raise SweepError(f"{where(key)} is a range; allowed for a grid: a list of values")
            _check_name(name, where(key))
            low, high = (_check_value(name, spec.get(b, getattr(PARAMS[name], b)), where(key)) for b in ("low", "high"))
            if not low < high:
                raise SweepError(f"{where(key)} has low {low} >= high {high}; allowed: low < high")
            axes.append(Axis(name, {name: (float(low), float(high))}))
        elif isinstance(spec, list):
            if kind != "grid":
                raise SweepError(f"{where(key)} is a list; allowed for a {kind} design: a range {{low = ..., high = ...}}")
            _check_name(name, where(key))
            axes.append(Axis(name, {name: _values(name, spec, where(key))}))
        elif isinstance(spec, dict) and spec:
            if kind != "grid":
                raise SweepError(f"{where(key)} links parameters; allowed only in a grid design")
            linked = {}
            for p, values in spec.items():
                _check_name(p, where(f"{key}.{p}"))
                linked[p] = _values(p, values, where(f"{key}.{p}"))
            if len({len(v) for v in linked.values()}) != 1:
                raise SweepError(f"{where(key)} lists of unequal length; allowed: one value per level for every parameter")
            axes.append(Axis(name, linked))
        else:
            raise SweepError(f"{where(key)} is {spec!r}; allowed: a list of values, a range {{low, high}} or a table of linked lists")
    for axis in axes:
        linked = list(axis.params) != [axis.name]
        if axis.name in RESULT_COLUMNS or axis.name in OUTPUTS or (linked and axis.name in PARAMS):
            raise SweepError(f"{where('vary.' + axis.name)}: the axis name is taken by a parameter or a result "
                             "column; allowed: a new name for a set of linked parameters")
    varied = [p for a in axes for p in a.params]
    if len(varied) != len(set(varied)):
        raise SweepError(f"{where('vary')} sets a parameter twice; allowed: each parameter on one axis")
    return axes


def _count_points(kind: str, samples: int, axes: list[Axis]) -> int:
    """How many points a design has, counted before any is built: a grid of a few long lists can have
    more points than memory holds, and sampled designs multiply `samples` by the number of axes."""
    if kind == "grid":
        return math.prod(len(next(iter(axis.params.values()))) for axis in axes)
    per_sample = {"lhs": 1, "sobol": len(axes) + 2, "morris": len(axes) + 1}  # SALib: N(D + 2) without 2nd order
    return samples * per_sample[kind]


def _check_name(name: str, where: str) -> None:
    if name not in PARAMS:
        raise SweepError(f"{where} is not a parameter; allowed: the names listed by `clustersim params`")


def _check_value(name: str, value, where: str):
    """`value` checked against the schema; the error names the sweep field it came from."""
    try:
        return PARAMS[name].check(value, "")
    except ParamError as exc:
        raise SweepError(where + str(exc).split(f"field '{name}'", 1)[1]) from None


def _values(name: str, values, where: str) -> list:
    if not isinstance(values, list) or not values:
        raise SweepError(f"{where} is {values!r}; allowed: a non-empty list of values")
    return [_check_value(name, v, where) for v in values]


def _points(sweep: Sweep, where) -> list[dict]:
    if sweep.kind == "grid":
        levels = [range(len(next(iter(a.params.values())))) for a in sweep.axes]
        points = []
        for combo in itertools.product(*levels):
            axes, params = {}, {}
            for axis, i in zip(sweep.axes, combo):
                for p, values in axis.params.items():
                    params[p] = values[i]
                axes[axis.name] = params[axis.name] if list(axis.params) == [axis.name] else i
            points.append({"axes": axes, "params": params})
    else:
        names = sweep.problem["names"]
        points = [{"axes": dict(zip(names, row)), "params": {}} for row in _sample(sweep)]
        for point in points:
            point["params"] = {p: _as_kind(p, v) for p, v in point["axes"].items()}
    for i, point in enumerate(points):
        point["point"] = i
        try:  # the base is a scenario's, already checked: only what a point changes needs checking
            validate(point["params"], str(sweep.path))
        except ParamError as exc:
            raise SweepError(str(exc)) from None
    return points


def _sample(sweep: Sweep) -> np.ndarray:
    """Unit-free samples of a sampled design, through SciPy (Latin hypercube) or SALib (Sobol, Morris)."""
    problem = sweep.problem
    if sweep.kind == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=problem["num_vars"], seed=sweep.seed).random(sweep.samples)
        low, high = np.array(problem["bounds"]).T
        return qmc.scale(unit, low, high)
    if sweep.kind == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, sweep.samples, calc_second_order=False, seed=sweep.seed)
    from SALib.sample import morris

    return morris.sample(problem, sweep.samples, num_levels=sweep.levels, seed=sweep.seed)


def _as_kind(name: str, value: float):
    """Sampled values of a whole-number parameter are rounded."""
    return int(round(value)) if PARAMS[name].kind is int else float(value)
