"""The dashboard's figures, indicators and controls, without a browser."""

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from sim.dashboard import compare, figures, kpi, lessons
from sim.dashboard.controls import limit_note, param_step, uses_slider
from sim.dashboard.state import Comparison, CompareResult, _strong_degrees
from sim.dashboard.views import plotly_json
from sim.model import ClusterModel
from sim.model.outputs import KINDS
from sim.model.policy import CATEGORIES
from sim.model.schema import PARAMS
from sim.runs.scenarios import load
from sim.runs.settings import REPLICATES, STEPS
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
    done = {side: simulate(params | extra, 24, seed, measures=("public_spending",))
            for side, extra, seed in (("a", {}, 1), ("b", {"subsidy_rate": 0.0}, 1))}
    runs = {side: r.timeseries.assign(seed=r.seed) for side, r in done.items()}
    spending = {side: pd.DataFrame([r.measures], index=[1]) for side, r in done.items()}
    result = CompareResult({"a": "current", "b": "no_support"}, runs, [1], 24, spending)
    fig = figures.compare(runs, {"a": "A", "b": "B"}, "en")
    go.Figure(fig.to_dict())
    assert {t.name for t in fig.data if t.showlegend} == {"A: A", "B: B"}
    rows = compare.indicator_rows(result, "fr")
    assert len(rows) == len(kpi.KPIS) and all(len(r) == 4 for r in rows)
    assert spending["b"]["public_subsidies"].iloc[0] == 0 < spending["a"]["public_subsidies"].iloc[0]
    levers = compare.lever_rows(result, "fr")
    assert len(levers) == len(CATEGORIES) + 1 and all(len(r) == 5 for r in levers)


def test_public_cost_per_extra_innovation_by_lever():
    """B spends 300 k€ more on subsidies and 100 k€ more on the tax credit for 4 more innovations (mean of
    two seeds): 75 and 25 k€ per extra innovation, 100 in all, whichever side is B; when the side that
    spends more makes fewer innovations, no price."""
    zero = dict.fromkeys((f"public_{c}" for c in CATEGORIES), 0.0)
    a = pd.DataFrame([zero | {"innovations": 10.0}, zero | {"innovations": 12.0}])
    b = pd.DataFrame([zero | {"public_subsidies": 300.0, "public_tax_credit": 100.0, "innovations": 15.0},
                      zero | {"public_subsidies": 300.0, "public_tax_credit": 100.0, "innovations": 15.0}])
    result = CompareResult({"a": "current", "b": "current"}, {}, [1, 2], 24, {"a": a, "b": b})
    rows = {r[0]: r[1:] for r in compare.lever_rows(result, "en")}
    none = kpi.number(0.0, "en")
    assert rows["Project subsidies"] == [none, "300", "+300", "75"]
    assert rows["R&D tax credit"][-1] == "25" and rows["All public money"] == [none, "400", "+400", "100"]
    assert rows["Incubator"][-1] == none
    swapped = CompareResult({"a": "current", "b": "current"}, {}, [1, 2], 24, {"a": b, "b": a})
    assert [r[-1] for r in compare.lever_rows(swapped, "en")] == [r[-1] for r in compare.lever_rows(result, "en")]
    worse = CompareResult({"a": "current", "b": "current"}, {}, [1, 2], 24,
                          {"a": a, "b": b.assign(innovations=5.0)})
    priced = {r[0]: r[-1] for r in compare.lever_rows(worse, "en")}
    assert priced["Project subsidies"] == priced["All public money"] == "—" and priced["Incubator"] == none


def test_indicators_at_the_start_and_later(model):
    ts = model.datacollector.get_model_vars_dataframe()
    start, later = kpi.values(ts.iloc[:1]), kpi.values(ts)
    assert math.isnan(start["innovations_per_year"])
    assert later["innovations_per_year"] == pytest.approx(ts["innovations"].iloc[-12:].sum())
    assert kpi.number(float("nan"), "fr") == "—" and kpi.number(1234.5, "fr") == "1\u202f234"


@pytest.mark.parametrize("param", PARAMS.values(), ids=lambda p: p.name)
def test_slider_steps_land_on_bounds_and_default(param):
    step = param_step(param)
    assert np.isfinite(step) and step > 0
    for value in (param.low, param.high, param.default):
        assert abs(value / step - round(value / step)) < 1e-6


def test_sliders_for_shares_and_small_counts_fields_for_wide_ranges():
    """The controls the page (and its browser tests) present as sliders or as number fields."""
    assert all(uses_slider(PARAMS[n]) for n in ("subsidy_rate", "events_per_year", "rd_tax_credit"))
    assert not any(uses_slider(PARAMS[n]) for n in ("n_smes", "public_budget", "event_size", "incubator_capacity",
                                                     "distance_decay_km"))


def counts(actors: int, support: int) -> pd.Series:
    """A month of outputs with `actors` in the territory, `support` of them support institutions."""
    row = {f"agents_{kind}": 0.0 for kind in KINDS}
    row |= {"agents_sme": float(actors - support), "agents_support": float(support), "agents_remote_partner": 500.0}
    return pd.Series(row)


def test_a_note_says_when_events_are_larger_than_the_territory():
    settings = load("baseline").params
    assert limit_note("event_size", 800, settings, counts(800, 5), "en") == ""
    note = limit_note("event_size", 801, settings, counts(800, 5), "en")
    assert "800 actors" in note  # outside partners (500) do not come to events
    assert "800 acteurs" in limit_note("event_size", 5000, settings, counts(800, 5), "fr")


def test_a_note_says_when_the_incubator_cannot_fill_its_places():
    settings = load("baseline").params | {"public_budget": 3600.0, "incubator_cost": 3.0}  # pays 100 places a year
    assert limit_note("incubator_capacity", 100, settings, counts(800, 5), "en") == ""
    assert "100 places" in limit_note("incubator_capacity", 101, settings, counts(800, 5), "en")
    assert "no one" in limit_note("incubator_capacity", 10, settings, counts(800, 0), "en")
    assert limit_note("incubator_capacity", 0, settings, counts(800, 0), "en") == ""
    free = settings | {"incubator_cost": 0.0}
    assert limit_note("incubator_capacity", 10_000, free, counts(800, 5), "en") == ""


def test_comparison_choices_hold_its_defaults_and_the_lessons():
    c = Comparison()
    assert c.n_seeds.value in compare.SEEDS and c.months.value in compare.MONTHS
    assert {lesson.months for lesson in lessons.LESSONS} <= set(compare.MONTHS)
    assert REPLICATES.default in compare.SEEDS and STEPS.default in compare.MONTHS


def test_the_page_sends_figures_as_plotly_reads_them(model):
    fig = figures.outcomes(model.datacollector.get_model_vars_dataframe(), 14, "en")
    sent = json.loads(plotly_json(fig))
    assert sent["layout"]["title"]["text"] == fig.layout.title.text and len(sent["data"]) == len(fig.data)
    assert set(sent["data"][0]["y"]) == {"dtype", "bdata"}  # numbers as base64, as plotly.js decodes them


def test_time_axes_move_by_five_years_and_end_where_a_whole_span_ends(model):
    ts = model.datacollector.get_model_vars_dataframe()
    for month, end in ((0, 60), (1, 60), (60, 60), (61, 120), (120, 120), (121, 180)):
        layout = figures.outcomes(ts, month, "en").layout
        assert list(layout.xaxis.range) == [0, end] and list(layout.xaxis9.range) == [0, end], month
