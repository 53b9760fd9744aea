"""`sim.reports.analysis` on tiny sweeps of a small cluster: every number in the tables is recomputed here
from the saved runs, independently, and the report is checked to render and to name what failed."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.runs import design, sweep
from sim.reports.analysis import analyze, axis_title

pytestmark = pytest.mark.slow

SMALL = """title = "Small"
description = "A small cluster that runs in a blink."
[params]
n_smes = 60
n_remote_partners = 10
n_large_firms = 2
n_startups = 10
n_labs = 3
n_training_bodies = 2
n_tech_centres = 2
n_support = 2
talent_pool = 200
project_cost = 120.0  # not the calibrated 250 k€: a cluster this small launches few projects that dear in two years
"""
OUTCOMES = ["innovations_total", "mean_trust", "knowledge_mean"]
GRID_VARY = """[vary]
distance_decay_km = [3.0, 20.0]
digital_openness = [0.0, 0.5]
[vary.support]
subsidy_rate = [0.0, 0.6]
incubator_capacity = [0, 40]
"""
RANGES = """[vary]
digital_openness = {low = 0.0, high = 0.8}
distance_decay_km = {low = 2.0, high = 30.0}
"""
REPS = 3


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis")
    (path / "small.toml").write_text(SMALL)
    return path


def _run_sweep(root: Path, name: str, kind: str, vary: str, replicates: int = REPS, keep: str = "final",
               samples: int = 8, levels: int = 4, steps: int = 8) -> Path:
    """Write a sweep file over the small scenario, run it in this process and return its folder."""
    file = root / f"{name}.toml"
    file.write_text(f'title = "Tiny {name} sweep"\ndescription = "Test sweep."\nscenario = "{root / "small.toml"}"\n'
                    f'steps = {steps}\nreplicates = {replicates}\nseed = 11\nkeep = "{keep}"\noutcomes = {OUTCOMES!r}\n'
                    f'[design]\nkind = "{kind}"\nsamples = {samples}\nlevels = {levels}\n{vary}'.replace("'", '"'))
    plan, folder = design.load(file), root / name
    sweep.run(plan, folder, sweep.prepare(plan, folder, resume=False), workers=1)
    return folder


@pytest.fixture(scope="module")
def grid(root):
    folder = _run_sweep(root, "grid", "grid", GRID_VARY, keep="both")
    analyze(folder)
    return folder


def _ci(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t interval, written out from the definition."""
    n, mean = len(values), values.mean()
    half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def test_grid_report_is_self_contained(grid):
    text = (grid / "report.html").read_text()
    assert "Tiny grid sweep" in text and "24 of 24 runs finished, 0 failed" in text
    assert text.count("plotly.js v") == 1  # the bundle, inline, once
    assert not re.search(r"<script[^>]+src=", text)
    assert "support (linked, levels 0–1)" in text
    tables = {p.name for p in (grid / "tables").iterdir()}
    assert tables == {"points.csv", "heatmaps.csv", "lines.csv", "timeseries.csv"}
    assert not [p for p in grid.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_axis_titles_name_parameters_and_units(grid):
    meta = json.loads((grid / "manifest.json").read_text())
    assert axis_title(meta, "distance_decay_km") == "distance_decay_km (km)"
    assert axis_title(meta, "support") == "support level<br>(subsidy_rate 0–0.6, incubator_capacity 0–40)"


def test_points_table_matches_the_runs(grid):
    _, final, _, _ = sweep.load_results(grid)
    table = pd.read_csv(grid / "tables" / "points.csv")
    assert len(table) == 8 * len(OUTCOMES)
    assert {"distance_decay_km", "digital_openness", "support", "subsidy_rate", "incubator_capacity"} <= set(table)
    for row in table.itertuples():
        runs = final[final["point"] == row.point]
        mean, low, high = _ci(runs[row.outcome].to_numpy())
        assert row.n == REPS
        assert (row.distance_decay_km, row.support) == (runs["distance_decay_km"].iloc[0], runs["support"].iloc[0])
        np.testing.assert_allclose([row.mean, row.sd, row.ci_low, row.ci_high],
                                   [mean, runs[row.outcome].std(), low, high], rtol=1e-12, atol=1e-12)


def test_heatmap_cells_average_replicates_and_the_other_axis(grid):
    _, final, _, _ = sweep.load_results(grid)
    heat = pd.read_csv(grid / "tables" / "heatmaps.csv")
    pairs = {("distance_decay_km", "digital_openness"), ("distance_decay_km", "support"),
             ("digital_openness", "support")}
    assert set(zip(heat["axis_a"], heat["axis_b"])) == pairs
    assert len(heat) == len(pairs) * 4 * len(OUTCOMES)
    for row in heat.itertuples():
        cell = final[(final[row.axis_a] == row.value_a) & (final[row.axis_b] == row.value_b)][row.outcome].to_numpy()
        assert row.n == len(cell) == 2 * REPS
        np.testing.assert_allclose([row.mean, row.ci_low, row.ci_high], _ci(cell), rtol=1e-12, atol=1e-12)
    lines = pd.read_csv(grid / "tables" / "lines.csv")
    row = lines[(lines["axis"] == "support") & (lines["series_axis"] == "distance_decay_km")].iloc[0]
    cell = final[(final["support"] == row["value"]) & (final["distance_decay_km"] == row["series_value"])]
    assert row["mean"] == pytest.approx(cell[row["outcome"]].mean())


def test_timeseries_only_sweep_uses_the_last_month(root):
    vary = "[vary]\ndigital_openness = [0.0, 0.5]\n"
    folder = _run_sweep(root, "series", "grid", vary, replicates=2, keep="timeseries")
    analyze(folder)
    _, final, series, _ = sweep.load_results(folder)
    assert final is None
    last = series[series["step"] == series["step"].max()].groupby("point")["mean_trust"].mean()
    table = pd.read_csv(folder / "tables" / "points.csv").query("outcome == 'mean_trust'").set_index("point")
    np.testing.assert_allclose(table["mean"], last, rtol=1e-12)
    assert not (folder / "tables" / "heatmaps.csv").exists()  # one axis: no pairs


def _point_means(folder: Path) -> tuple[dict, pd.DataFrame]:
    meta, final, _, _ = sweep.load_results(folder)
    return meta, final.groupby("point")[OUTCOMES].mean().sort_index()


def test_sobol_indices(root):
    from SALib.analyze import sobol

    # 24 months, as for the Morris screening: over 8 the small cluster's innovations can come out the same at
    # every point (a joint project waits for its call), and an outcome that does not vary is left out
    folder = _run_sweep(root, "sobol", "sobol", RANGES, replicates=1, samples=8, steps=24)
    text = analyze(folder).read_text()
    table = pd.read_csv(folder / "tables" / "sobol.csv")
    assert list(table.columns) == ["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(zip(table["outcome"], table["parameter"])) == {(o, p) for o in OUTCOMES
                                                              for p in ("digital_openness", "distance_decay_km")}
    assert np.isfinite(table[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()).all()
    meta, means = _point_means(folder)
    direct = sobol.analyze(meta["problem"], means["mean_trust"].to_numpy(), calc_second_order=False,
                           seed=meta["root_seed"])
    np.testing.assert_allclose(table[table["outcome"] == "mean_trust"]["ST"], direct["ST"], rtol=1e-12)
    assert "Sobol sensitivity indices" in text and text.count("plotly.js v") == 1


def test_morris_screening(root):
    from SALib.analyze import morris

    # 24 months: over 8, the small cluster's innovations come out the same at every point, and an outcome
    # that does not vary is left out of the screening
    folder = _run_sweep(root, "morris", "morris", RANGES, replicates=1, samples=4, levels=4, steps=24)
    text = analyze(folder).read_text()
    table = pd.read_csv(folder / "tables" / "morris.csv")
    assert len(table) == 2 * len(OUTCOMES)
    assert np.isfinite(table[["mu_star", "mu_star_conf", "sigma"]].to_numpy()).all()
    meta, means = _point_means(folder)
    x = np.array([[p["axes"][n] for n in meta["problem"]["names"]] for p in meta["points"]])
    direct = morris.analyze(meta["problem"], x, means["knowledge_mean"].to_numpy(), num_levels=4,
                            seed=meta["root_seed"])
    np.testing.assert_allclose(table[table["outcome"] == "knowledge_mean"]["mu_star"], direct["mu_star"], rtol=1e-12)
    assert "Morris screening" in text and text.count("plotly.js v") == 1


def test_lhs_correlations(root):
    folder = _run_sweep(root, "lhs", "lhs", RANGES, replicates=2, samples=10, steps=24)  # 24 months: as above
    text = analyze(folder).read_text()
    table = pd.read_csv(folder / "tables" / "lhs_correlations.csv")
    assert len(table) == 2 * len(OUTCOMES)
    meta, means = _point_means(folder)
    params = pd.DataFrame([p["params"] for p in meta["points"]])
    for row in table.itertuples():
        rho, p = stats.spearmanr(params[row.parameter], means[row.outcome])
        assert (row.spearman_rho, row.p_value, row.n) == (pytest.approx(rho), pytest.approx(p), 10)
    assert "Spearman" in text


def _fail(folder: Path, run: str, error: str = "RuntimeError: the model fell over") -> None:
    """Turn a finished run into a failed one, as `sim.runs.sweep.store` records it."""
    meta = json.loads((folder / "manifest.json").read_text())
    point, replicate = int(run[1:6]), int(run[-3:])
    for part in ("final", "timeseries"):
        (folder / "runs" / part / f"{run}.parquet").unlink(missing_ok=True)
    record = {"run": run, "point": point, "replicate": replicate, "seed": meta["seeds"][replicate],
              "params": meta["base"] | meta["points"][point]["params"], "error": error, "traceback": "Traceback..."}
    (folder / "errors" / f"{run}.json").write_text(json.dumps(record))


def test_failed_and_missing_runs_are_reported(grid, tmp_path):
    folder = shutil.copytree(grid, tmp_path / "broken")
    _fail(folder, "p00002-r001")
    for part in ("final", "timeseries"):
        (folder / "runs" / part / "p00005-r000.parquet").unlink()  # never ran: the sweep is unfinished
    text = analyze(folder).read_text()
    assert "22 of 24 runs finished, 1 failed, 1 missing" in text and "unfinished" in text
    assert "p00002-r001" in text and "RuntimeError: the model fell over" in text
    points = pd.read_csv(folder / "tables" / "points.csv").groupby("point")["n"].first()
    assert points[2] == points[5] == REPS - 1 and points.drop([2, 5]).eq(REPS).all()


def test_sampled_design_with_a_missing_point_says_so(root, tmp_path):
    folder = shutil.copytree(root / "sobol", tmp_path / "sobol")
    (folder / "runs" / "final" / "p00003-r000.parquet").unlink()
    text = analyze(folder).read_text()
    assert "needs every point of the sample" in text and "1 missing" in text
    assert pd.read_csv(folder / "tables" / "sobol.csv").empty


def test_no_finished_run_yet(grid, tmp_path):
    folder = tmp_path / "empty"
    (folder / "errors").mkdir(parents=True)
    shutil.copy(grid / "manifest.json", folder)
    text = analyze(folder).read_text()
    assert "0 of 24 runs finished, 0 failed, 24 missing" in text and "No run has finished yet" in text


def _clustersim(*args) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("clustersim")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "sim.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)


def test_cli_analyze(grid, tmp_path):
    done = _clustersim("analyze", str(grid))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"report: {grid / 'report.html'}", f"tables: {grid / 'tables'}"]
    bad = _clustersim("analyze", str(tmp_path))
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "no manifest.json" in bad.stderr
