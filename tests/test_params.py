"""The parameter schema and the model's constructor agree, and bad values are refused clearly."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math
from pathlib import Path

import numpy as np
import pytest

from model_helpers import SMALL
from sim.model import ClusterModel, schema
from sim.model.outputs import OUTPUTS
from sim.model.schema import GROUPS, PARAMS, ParamError, check_schema, defaults, validate

def _other_value(p):
    """A valid value different from the default (and from SMALL's), of the parameter's type."""
    base = SMALL.get(p.name, p.default)
    if p.kind is int:
        return base + 1 if base + 1 <= p.high else base - 1
    return (base + p.high) / 2 if base < p.high else (p.low + base) / 2


# --- schema <-> constructor ------------------------------------------------------------------


def test_signature_is_rng_plus_schema_with_defaults():
    sig = inspect.signature(ClusterModel)
    assert list(sig.parameters) == ["rng", *PARAMS]
    assert sig.parameters["rng"].default is None
    for name, p in PARAMS.items():
        param = sig.parameters[name]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert param.default == p.default and type(param.default) is type(p.default), name


def test_no_arguments_means_schema_defaults():
    model = ClusterModel(rng=1, **SMALL)
    assert model.p == defaults() | SMALL
    explicit = ClusterModel(rng=1, **(defaults() | SMALL))
    assert explicit.p == model.p


@pytest.mark.parametrize("name", list(PARAMS))
def test_every_parameter_is_accepted_and_stored(name):
    p = PARAMS[name]
    value = _other_value(p)
    assert p.low <= value <= p.high and value != p.default
    model = ClusterModel(rng=1, **(SMALL | {name: value}))
    assert model.p[name] == value
    assert type(model.p[name]) is p.kind
    assert set(model.p) == set(PARAMS)


def test_whole_numbers_given_as_floats_become_ints_and_ints_become_floats():
    model = ClusterModel(rng=1, **(SMALL | {"n_smes": 40.0, "territory_km": 30}))
    assert model.p["n_smes"] == 40 and type(model.p["n_smes"]) is int
    assert model.p["territory_km"] == 30.0 and type(model.p["territory_km"]) is float


@pytest.mark.parametrize("bad", ["n_smess", "seed", "subsidy", "colour"])
def test_unknown_keyword_is_refused_by_name(bad):
    with pytest.raises(ParamError) as info:
        ClusterModel(rng=1, **{bad: 1})
    message = str(info.value)
    assert f"'{bad}'" in message and "\n" not in message


def test_unknown_keyword_suggests_the_close_name():
    with pytest.raises(ParamError, match="did you mean 'n_smes'"):
        ClusterModel(rng=1, n_smess=10)


def _bad_values(p):
    step = 1 if p.kind is int else max(abs(p.high - p.low) * 1e-6, 1e-9)
    values = [p.low - step, p.high + step, p.low - 1e9, p.high + 1e9,
              float("nan"), float("inf"), float("-inf"), "1", None, True, [p.default], np.nan]
    if p.kind is int:
        values.append(p.low + 0.5)
    return values


@pytest.mark.parametrize("name", list(PARAMS))
def test_bad_values_raise_one_line_param_error_naming_the_field(name):
    p = PARAMS[name]
    for value in _bad_values(p):
        with pytest.raises(ParamError) as info:
            ClusterModel(rng=1, **{name: value})
        message = str(info.value)
        assert f"'{name}'" in message, (value, message)
        assert "\n" not in message, (value, message)
        assert "allowed" in message, (value, message)


@pytest.mark.parametrize("name", list(PARAMS))
def test_bounds_themselves_are_valid(name):
    p = PARAMS[name]
    assert validate({name: p.low}, "test") == {name: p.low}
    assert validate({name: p.high}, "test") == {name: p.high}


def test_numpy_scalars_are_accepted():
    # sweep tools (np.arange, SALib, EMA) hand over numpy scalars
    model = ClusterModel(rng=1, **(SMALL | {"n_smes": np.int64(40), "subsidy_rate": np.float32(0.5)}))
    assert model.p["n_smes"] == 40 and type(model.p["n_smes"]) is int
    assert model.p["subsidy_rate"] == 0.5 and type(model.p["subsidy_rate"]) is float


def test_numpy_bools_are_refused():
    with pytest.raises(ParamError, match="'n_smes'"):
        ClusterModel(rng=1, n_smes=np.bool_(True))


# --- the schema itself -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PARAMS))
def test_param_is_fully_declared(name):
    # groups, types and bounds are checked at import by check_schema (tested below)
    p = PARAMS[name]
    assert p.low < p.high
    assert isinstance(p.unit, str) and p.unit.strip()
    assert isinstance(p.description, str) and p.description.strip()
    assert p.check(p.default, "test") == p.default


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_has_a_parameter(group):
    assert any(p.group == group for p in PARAMS.values())


def test_no_output_shares_a_parameter_name():
    assert set(OUTPUTS).isdisjoint(PARAMS), set(OUTPUTS) & set(PARAMS)


SMES = PARAMS["n_smes"]  # a whole-number parameter: default 600, bounds 0 to 500,000
BROKEN = {
    "group not in GROUPS": ([dataclasses.replace(SMES, group="weather")], "group 'weather'"),
    "float default, int bounds": ([dataclasses.replace(SMES, default=600.0)], "mixes types"),
    "bool default": ([dataclasses.replace(SMES, default=True)], "mixes types"),
    "string bound": ([dataclasses.replace(SMES, high="500000")], "mixes types"),
    "default below low": ([dataclasses.replace(SMES, default=-1)], "outside its bounds"),
    "default above high": ([dataclasses.replace(SMES, default=500_001)], "outside its bounds"),
    "infinite bound": ([dataclasses.replace(PARAMS["wage"], high=math.inf)], "outside its bounds"),
    "declared twice": ([SMES, SMES], "declared twice"),
}


@pytest.mark.parametrize("entries, words", BROKEN.values(), ids=BROKEN.keys())
def test_check_schema_refuses_a_broken_entry_by_name(entries, words):
    with pytest.raises(ValueError) as info:
        check_schema(entries)
    message = str(info.value)
    assert f"'{entries[-1].name}'" in message and words in message, message


def test_schema_checks_survive_python_dash_o():
    """`python -O` strips `assert` statements: the schema's checks must raise instead."""
    tree = ast.parse(Path(schema.__file__).read_text())
    assert [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)] == []


# --- the model runs at every bound, one parameter at a time ---------------------------------


def _bound_cases():
    for name, p in PARAMS.items():
        for side in ("low", "high"):
            big = p.unit == "agents" and side == "high"  # 10,000 agents of one kind or more
            marks = pytest.mark.slow if big else ()
            yield pytest.param(name, side, id=f"{name}-{side}", marks=marks)


@pytest.mark.parametrize("name, side", list(_bound_cases()))
def test_model_runs_at_each_bound(name, side):
    p = PARAMS[name]
    value = getattr(p, side)
    model = ClusterModel(rng=7, **(SMALL | {name: value}))
    assert model.p[name] == value
    for _ in range(2):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == 3 and list(df.columns) == list(OUTPUTS)
    values = df.drop(columns="cost_per_innovation").to_numpy(dtype=float)
    assert np.isfinite(values).all(), df.columns[~np.isfinite(values).all(axis=0)].tolist()
    pop = model.pop
    assert len(model.agents) == int(pop.active[: pop.n].sum())
    assert np.isfinite(pop.knowledge).all() and (pop.knowledge >= 0).all()
    assert ((model.trust.trust >= 0) & (model.trust.trust <= 1)).all()
    assert model.budget.left >= 0 and model.talent.people >= 0
