"""The example scripts under experiments/ run (in their --tiny form) and give what they claim.

Each example is a plain script with a `main(tiny)` function; it is loaded from its file, since
experiments/ is not a package.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.outputs import OUTPUTS
from sim.runs.results import replicate_seeds

pytestmark = pytest.mark.slow

EXPERIMENTS = Path(__file__).resolve().parent.parent / "experiments"


def load(name: str):
    """The script as `python experiments/NAME.py` runs it: its folder first on the path, for its own helpers
    (`probes`)."""
    spec = importlib.util.spec_from_file_location(f"experiments_{name}", EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(EXPERIMENTS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXPERIMENTS))
    return module


def test_batch_run_example(capsys):
    example = load("batch_run_example")
    runs = example.main(tiny=True)
    seeds = replicate_seeds(example.ROOT_SEED, 2)
    assert sorted(zip(runs["subsidy_rate"], runs["rng"])) == sorted((r, s) for r in example.SUBSIDY_RATES for s in seeds)
    assert (runs["Step"] == 12).all()
    assert set(OUTPUTS) <= set(runs.columns)
    assert np.isfinite(runs["innovations_total"]).all() and (runs["innovations_total"] >= 0).all()
    for name, value in example.TINY.items():
        assert (runs[name] == value).all(), name
    # the swept rate reaches the model: from the same seed, the two rates give different runs (a tiny cluster's
    # year need not pay a subsidy, but firms weigh the one they would get)
    final = runs.set_index(["rng", "subsidy_rate"])[list(OUTPUTS)]
    assert all(not final.loc[(seed, 0.0)].equals(final.loc[(seed, 0.6)]) for seed in seeds)
    assert "innovations_total" in capsys.readouterr().out


def test_salib_example(capsys):
    example = load("salib_example")
    indices = example.main(tiny=True)
    assert set(indices) == set(example.OUTCOMES)
    for name, table in indices.items():
        assert list(table.index) == example.FACTORS, name
        assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
        assert np.isfinite(table.to_numpy()).all(), name
    printed = capsys.readouterr().out
    assert "40 parameter sets" in printed and all(f in printed for f in example.FACTORS)


def test_salib_example_runs_what_sim_run_gives():
    example = load("salib_example")
    row = np.array([[0.3, 0.4, 0.5]])
    out = example.evaluate(row, steps=6, seeds=[1, 2], fixed=example.TINY)
    direct = [sim.run(steps=6, seed=s, subsidy_rate=0.3, digital_openness=0.4, revisit_share=0.5, **example.TINY)
              for s in (1, 2)]
    for name in example.OUTCOMES:
        assert out[name][0] == pytest.approx(np.mean([d[name] for d in direct]), rel=1e-12, abs=1e-12)


def test_ema_example(capsys):
    example = load("ema_example")
    experiments, outcomes = example.main(tiny=True)
    assert len(experiments) == 4 and experiments["scenario"].nunique() == 4
    assert set(example.UNCERTAINTIES) <= set(experiments.columns)
    assert set(outcomes) == set(example.OUTCOMES)
    for name, values in outcomes.items():
        assert values.shape == (4,) and np.isfinite(values).all(), name
    # an outcome is the mean over the replicate seeds of what sim.run gives for that scenario
    first = experiments.iloc[0]
    params = {name: float(first[name]) for name in example.UNCERTAINTIES}
    runs = [sim.run(steps=12, seed=seed, **example.TINY, **params) for seed in replicate_seeds(example.ROOT_SEED, 2)]
    for name in example.OUTCOMES:
        assert outcomes[name][0] == pytest.approx(np.mean([r[name] for r in runs]), rel=1e-12, abs=1e-12)
    assert "correlation" in capsys.readouterr().out
    # the same root seed gives the same scenarios
    again, _ = example.main(tiny=True)
    assert again[example.UNCERTAINTIES].equals(experiments[example.UNCERTAINTIES])


def test_example_runs_as_a_script():
    done = subprocess.run([sys.executable, str(EXPERIMENTS / "ema_example.py"), "--tiny"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "4 scenarios" in done.stdout and "performing experiments" in done.stderr  # the workbench's own log


def test_knowledge_goals_measure_one_run():
    """The Model v2 goals script's run gives every figure it prints, each in its range."""
    goals = load("knowledge_goals")
    out = goals.run((0.5, 3))
    assert out["openness"] == 0.5
    for name in ("distance_0", "distance_240", "profile_distance", "gatekeeper_share", "local_codified_share",
                 "local_tacit_share", "job_move_tacit_share", "outside_partner_project_share"):
        assert 0 <= out[name] <= 1, name
    assert out["distance_240"] == out["profile_distance"] and out["level_240"] > out["level_0"] > 0
    served = [k for k in out if "_served_ties_left_" in k]
    assert len(served) == 4 and all(0 <= out[k] <= 1 or np.isnan(out[k]) for k in served)
    assert out["radical_years_15_20"] >= 0


def test_firm_decisions_measure_one_run():
    """The firms' decisions script's run gives every figure it prints, each in its range: money set aside is
    spent, held or returned, never more; the best tenth of successes holds a share of the value."""
    decisions = load("firm_decisions")
    out = decisions.one_run(("baseline", 3))
    assert out["innovations"] > 0 and out["launched"] >= out["innovations"]
    assert 0 < out["rd_spent_meur"] and 0 <= out["rd_held_end_meur"] < out["rd_set_aside_meur"]
    assert 0.1 <= out["top_tenth_value_share"] <= 1 and 0 <= out["cooperating_share"] <= 1
    assert out["public_meur"] > 0 and all(0 <= out[f"survival_{y}y"] <= 1 for y in (1, 3, 5))


def test_joint_calibration_ranks_points_by_the_rule():
    """The joint calibration's distance is the sum of the three rows' squared gaps in tolerances, over the means of
    the seeds; a point is admissible only if every row kept is within its band."""
    from sim.reports.calibration import TARGETS

    joint = load("joint_calibration")
    target = {t.moment: t for t in TARGETS}
    near = {m: target[m].value for m in target} | {"sme_rd_share": target["sme_rd_share"].value - 0.035}
    out_of_band = near | {"survival_5y": target["survival_5y"].value + 0.2}
    rows = [{"project_cost": 250.0, "partner_search_share": 0.08, "seed": s, **near, "innovations": 80} for s in (1, 2)]
    rows += [{"project_cost": 400.0, "partner_search_share": 0.04, "seed": 1, **out_of_band, "innovations": 30}]
    points = joint.assess(pd.DataFrame(rows))
    assert points.loc[(250.0, 0.08), "distance"] == pytest.approx(1.0)  # one tolerance off on one row
    assert points.loc[(400.0, 0.04), "distance"] == pytest.approx(1.0) and not points.loc[(400.0, 0.04), "admissible"]
    assert points.loc[(250.0, 0.08), "admissible"]
