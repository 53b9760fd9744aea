"""The dashboard's figures, indicators and controls, without a browser."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from sim.dashboard import compare, figures, kpi
from sim.dashboard.controls import param_step, uses_slider
from sim.dashboard.state import CompareResult, _strong_degrees
from sim.model import ClusterModel
from sim.model.schema import PARAMS
from sim.runs.scenarios import load
from sim.runs.simulate import simulate


@pytest.fixture(scope="module")
def model():
    m = ClusterModel(rng=3, **load("baseline").params)
    for _ in range(14):
        m.step()
    return m


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_live_figures_are_valid_plotly_and_name_the_month(model, lang):
    """Built without validation for speed, so plotly validates them here."""
    ts = model.datacollector.get_model_vars_dataframe()
    agents = model.agent_table()
    degrees = _strong_degrees(agents, model.trust_ties(len(model.trust)), model.p["partner_trust_threshold"])
    built = [figures.territory(agents, model.trust_ties(figures.MAP_TIES), model.p["territory_km"], 14, lang),
             figures.outcomes(ts, 14, lang), figures.network(ts, degrees, 14, lang)]
    for fig in built:
        checked = go.Figure(fig.to_dict())
        assert "14" in checked.layout.title.text
    assert {t.type for t in built[0].data} == {"scattergl"}
    assert len(built[1].data) == len(figures.CHART_OUTPUTS)


def test_figures_of_an_empty_cluster():
    """Every count at zero is a valid setting: the views must still draw (an empty territory)."""
    m = ClusterModel(rng=1, **{name: 0 for name, p in PARAMS.items() if name.startswith("n_") and p.low == 0})
    m.step()
    agents, ties, ts = m.agent_table(), m.trust_ties(len(m.trust)), m.datacollector.get_model_vars_dataframe()
    for fig in (figures.territory(agents, ties, m.p["territory_km"], 1, "en"), figures.outcomes(ts, 1, "en"),
                figures.network(ts, _strong_degrees(agents, ties, 0.25), 1, "en")):
        go.Figure(fig.to_dict())
    assert kpi.values(ts)["startups_alive"] == 0


def test_strong_degrees_count_each_strong_tie_twice(model):
    agents = model.agent_table()
    ties = model.trust_ties(len(model.trust))
    threshold = model.p["partner_trust_threshold"]
    degrees = _strong_degrees(agents, ties, threshold)
    cluster = set(agents.loc[~agents["remote"], "id"])
    strong = ties[(ties["trust"] >= threshold) & ties["a"].isin(cluster) & ties["b"].isin(cluster)]
    assert len(degrees) == len(cluster) and degrees.sum() == 2 * len(strong)
    # the model's own density output counts the same ties
    assert math.isclose(len(strong) / (len(cluster) * (len(cluster) - 1) / 2), model.indicators["trust_density"])


def test_comparison_figure_and_table():
    params = load("baseline").params
    runs = {side: simulate(params | extra, 24, seed).timeseries.assign(seed=seed)
            for side, extra, seed in (("a", {}, 1), ("b", {"subsidy_rate": 0.0}, 1))}
    result = CompareResult({"a": "current", "b": "no_support"}, runs, [1], 24)
    fig = figures.compare(runs, {"a": "A", "b": "B"}, "en")
    go.Figure(fig.to_dict())
    assert {t.name for t in fig.data if t.showlegend} == {"A: A", "B: B"}
    rows = compare.indicator_rows(result, "fr")
    assert len(rows) == len(kpi.KPIS) and all(len(r) == 4 for r in rows)


def test_indicators_at_the_start_and_later(model):
    ts = model.datacollector.get_model_vars_dataframe()
    start, later = kpi.values(ts.iloc[:1]), kpi.values(ts)
    assert math.isnan(start["innovations_per_year"])
    assert later["innovations_per_year"] == pytest.approx(ts["innovations"].iloc[-12:].sum())
    assert kpi.number(float("nan"), "fr") == "—" and kpi.number(1234.5, "fr") == "1\u202f234"


@pytest.mark.parametrize("param", PARAMS.values(), ids=lambda p: p.name)
def test_slider_steps_land_on_bounds_and_default(param):
    step = param_step(param)
    for value in (param.low, param.high, param.default):
        assert abs(value / step - round(value / step)) < 1e-6
    if uses_slider(param):
        assert (param.high - param.low) / step <= 1000 or param.kind is int
    assert np.isfinite(step) and step > 0
