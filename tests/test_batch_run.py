"""Mesa's batch_run drives the model from keyword arguments, and gives what a direct run gives."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from model_helpers import SMALL
from sim.model import ClusterModel
from sim.model.outputs import OUTPUTS

STEPS = 12
SEEDS = [1, 2]
SWEEP = {"subsidy_rate": [0.0, 0.5], **SMALL}


@pytest.fixture(scope="module")
def results():
    rows = mesa.batch_run(ClusterModel, parameters=SWEEP, rng=SEEDS, max_steps=STEPS, number_processes=1,
                          data_collection_period=-1, display_progress=False)
    return pd.DataFrame(rows)


def _direct(seed, **params):
    model = ClusterModel(rng=seed, **params)
    for _ in range(STEPS):
        model.step()
    return model.datacollector.get_model_vars_dataframe().iloc[-1]


def test_one_row_per_value_and_seed(results):
    assert len(results) == 4
    assert sorted(zip(results["subsidy_rate"], results["rng"])) == [(0.0, 1), (0.0, 2), (0.5, 1), (0.5, 2)]
    assert (results["Step"] == STEPS).all()
    assert set(OUTPUTS) <= set(results.columns)
    assert results[list(OUTPUTS)].drop(columns="cost_per_innovation").notna().all().all()
    for name, value in SMALL.items():
        if name not in OUTPUTS:  # see test_batch_run_keeps_swept_values
            assert (results[name] == value).all(), name


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rate", [0.0, 0.5])
def test_batch_row_equals_a_direct_run(results, seed, rate):
    row = results[(results["rng"] == seed) & (results["subsidy_rate"] == rate)].iloc[0]
    direct = _direct(seed, **(SMALL | {"subsidy_rate": rate}))
    for name in OUTPUTS:
        assert row[name] == direct[name] or (np.isnan(row[name]) and np.isnan(direct[name])), name


def test_subsidy_rate_reaches_the_model(results):
    """The swept value is used: no subsidy at all at rate 0, some at 0.5."""
    for seed in SEEDS:
        model = ClusterModel(rng=seed, **(SMALL | {"subsidy_rate": 0.0}))
        for _ in range(STEPS):
            model.step()
        assert model.budget.total["subsidies"] == 0
    zero = results[results["subsidy_rate"] == 0.0].set_index("rng")["public_spending_total"]
    half = results[results["subsidy_rate"] == 0.5].set_index("rng")["public_spending_total"]
    assert (half > zero).all()


def test_every_step_collected_with_period_one():
    rows = mesa.batch_run(ClusterModel, parameters=SMALL, rng=[3], max_steps=6, number_processes=1,
                          data_collection_period=1, display_progress=False)
    df = pd.DataFrame(rows)
    assert df["Step"].tolist() == list(range(7))
    model = ClusterModel(rng=3, **SMALL)
    for _ in range(6):
        model.step()
    expected = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    pd.testing.assert_frame_equal(df[list(OUTPUTS)].reset_index(drop=True), expected)


def test_numpy_sweep_values_are_accepted():
    rows = mesa.batch_run(ClusterModel, parameters=SMALL | {"n_smes": np.arange(100, 201, 100),
                                                           "subsidy_rate": np.linspace(0.1, 0.2, 2)},
                          rng=[1], max_steps=2, number_processes=1, data_collection_period=1,
                          display_progress=False)
    df = pd.DataFrame(rows)
    start = df[df["Step"] == 0]
    assert len(df) == 12 and len(start) == 4
    assert (start["agents_sme"] == start["n_smes"]).all() and sorted(start["n_smes"].unique()) == [100, 200]


def test_batch_run_keeps_swept_values():
    rows = mesa.batch_run(ClusterModel, parameters=SMALL | {"talent_pool": [300, 3000]}, rng=[1], max_steps=2,
                          number_processes=1, display_progress=False)
    assert sorted(row["talent_pool"] for row in rows) == [300, 3000]
