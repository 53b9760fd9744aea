"""`clustersim run`, `scenarios` and `params` end to end, on tiny runs of the real model."""

import html
import json
import re

import numpy as np
import pandas as pd
import pytest

import sim.reports.report
import sim.runs.simulate
from sim.cli import main
from sim.model.outputs import KINDS, OUTPUTS
from sim.model.schema import PARAMS
from sim.runs.scenarios import load, scenario_names

STEPS, SEEDS, ROOT = 12, 2, 7
FILES = {"timeseries.parquet", "agents.parquet", "ties.parquet", "params.json", "metadata.json", "report.html"}
AGENT_COLUMNS = {"id", "kind", "x", "y", "remote", "capital", "staff", "innovations", "knowledge", "tacit_share", "age"}
TIE_COLUMNS = {"a", "b", "trust", "meetings", "xa", "ya", "xb", "yb", "remote"}


def _run(out, seed=ROOT, steps=STEPS, seeds=SEEDS):
    main(["run", "baseline", "--steps", str(steps), "--seeds", str(seeds), "--seed", str(seed), "--out", str(out)])
    return out


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("run") / "baseline")


def test_run_writes_every_file_and_no_temporary(run_dir):
    assert {p.name for p in run_dir.iterdir()} == FILES
    assert [p.name for p in run_dir.parent.iterdir()] == [run_dir.name]


def test_timeseries_is_tidy(run_dir):
    ts = pd.read_parquet(run_dir / "timeseries.parquet")
    assert list(ts.columns[:3]) == ["seed", "replicate", "step"]
    assert set(OUTPUTS) <= set(ts.columns)
    assert len(ts) == SEEDS * (STEPS + 1)
    assert ts.groupby("replicate")["step"].apply(list).tolist() == [list(range(STEPS + 1))] * SEEDS


def test_agents_and_ties(run_dir):
    agents = pd.read_parquet(run_dir / "agents.parquet")
    ties = pd.read_parquet(run_dir / "ties.parquet")
    assert {"seed", "replicate"} | AGENT_COLUMNS <= set(agents.columns)
    assert {"seed", "replicate"} | TIE_COLUMNS <= set(ties.columns)
    assert sorted(agents["replicate"].unique()) == list(range(SEEDS))
    assert set(agents["kind"]) <= set(KINDS)
    assert ties["trust"].between(0, 1).all()


def test_metadata_seeds_come_from_the_root(run_dir):
    meta = json.loads((run_dir / "metadata.json").read_text())
    spawned = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(ROOT).spawn(SEEDS)]
    assert meta["seeds"] == spawned and meta["root_seed"] == ROOT and meta["steps"] == STEPS
    assert {"python", "mesa", "numpy", "pandas", "scipy", "plotly", "pyarrow"} <= set(meta["versions"])
    assert {"code_revision", "code_dirty", "started", "finished", "wall_time_s"} <= set(meta)
    ts = pd.read_parquet(run_dir / "timeseries.parquet")
    assert ts.groupby("replicate")["seed"].first().tolist() == spawned


def test_params_json_is_the_scenario(run_dir):
    saved = json.loads((run_dir / "params.json").read_text())
    baseline = load("baseline")
    assert saved["params"] == baseline.params
    assert saved["scenario"]["name"] == "baseline" and saved["scenario"]["title"] == baseline.title


def test_report_is_self_contained(run_dir):
    text = (run_dir / "report.html").read_text()
    assert load("baseline").title in text
    assert text.count("plotly.js v") == 1  # the bundle, inline, once
    assert not re.search(r"<script[^>]+src=", text)
    missing = [o.label for o in OUTPUTS.values() if html.escape(o.label) not in text]
    assert not missing


@pytest.mark.slow
def test_same_seed_same_timeseries(run_dir, tmp_path):
    again = _run(tmp_path / "again")
    pd.testing.assert_frame_equal(pd.read_parquet(run_dir / "timeseries.parquet"),
                                  pd.read_parquet(again / "timeseries.parquet"))


@pytest.mark.slow
def test_other_root_seed_differs(run_dir, tmp_path):
    other = pd.read_parquet(_run(tmp_path / "other", seed=ROOT + 1) / "timeseries.parquet")
    first = pd.read_parquet(run_dir / "timeseries.parquet")
    assert not set(other["seed"]) & set(first["seed"])
    assert not other[list(OUTPUTS)].equals(first[list(OUTPUTS)])


@pytest.mark.slow
def test_default_folder_and_printed_summary(results_root, capsys):
    main(["run", "baseline", "--steps", "2", "--seeds", "2"])
    (folder,) = results_root.iterdir()
    assert re.fullmatch(r"baseline-\d{8}-\d{6}", folder.name)
    out = capsys.readouterr().out
    assert "Cumulative innovations" in out and "±" in out
    assert out.strip().splitlines()[-1].endswith(str(folder / "report.html"))


def test_scenarios_lists_all(capsys):
    main(["scenarios"])
    out = capsys.readouterr().out
    for name in scenario_names():
        assert f"{name}: {load(name).title}" in out


def test_params_lists_all_and_filters_by_group(capsys):
    main(["params"])
    out = capsys.readouterr().out
    assert all(re.search(rf"^  {name} ", out, re.M) for name in PARAMS)
    main(["params", "--group", "policy"])
    out = capsys.readouterr().out
    assert {n for n in PARAMS if re.search(rf"^  {n} ", out, re.M)} == {n for n, p in PARAMS.items() if p.group == "policy"}


@pytest.mark.parametrize("where", ["second replicate", "report"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_interrupted_run_leaves_no_folder(where, error, results_root, monkeypatch):
    real, calls = sim.runs.simulate.simulate, []

    def interrupted(params, steps, seed, on_step=None, **kw):
        calls.append(seed)

        def tick(model):
            on_step(model)
            if len(calls) == 2 and where == "second replicate":
                raise error("stop")
        return real(params, steps, seed, on_step=tick, **kw)

    def broken_report(*args, **kw):
        raise error("stop")

    monkeypatch.setattr(sim.runs.simulate, "simulate", interrupted)
    if where == "report":
        monkeypatch.setattr(sim.reports.report, "write", broken_report)
    with pytest.raises(SystemExit if error is KeyboardInterrupt else error) as exc:
        main(["run", "baseline", "--steps", "3", "--seeds", "2"])
    if error is KeyboardInterrupt:
        assert exc.value.code == 130
    assert len(calls) == 2
    assert not results_root.exists() or not any(results_root.iterdir())


def test_map_puts_outside_partners_on_the_ring_and_styles_ties():
    agents = pd.DataFrame({"id": [3, 1, 2], "kind": ["remote_partner", "sme", "lab"], "x": [500.0, 10.0, 12.0],
                           "y": [-90.0, 10.0, 12.0], "remote": [True, False, False], "staff": [0.0, 5.0, 50.0],
                           "capital": [1.0, 1.0, 1.0], "innovations": [0, 0, 0], "age": [1, 1, 1]})
    ties = pd.DataFrame({"a": [1, 2, 1], "b": [2, 1, 3], "remote": [False, True, True], "trust": 0.9, "meetings": 3,
                         "xa": 0.0, "ya": 0.0, "xb": 0.0, "yb": 0.0})
    traces = {t.name: t for t in sim.reports.report._territory(agents, ties, side=60.0).data}
    assert traces["local ties, face to face"].x[:2] == (10.0, 12.0)
    assert traces["local ties kept up at a distance"].x[:2] == (12.0, 10.0)
    outside = traces["ties with outside partners"]
    end = np.hypot(outside.x[1] - 30.0, outside.y[1] - 30.0)
    assert outside.x[0] == 10.0 and end > 60.0 / np.sqrt(2)  # drawn outside the square, on the ring
    assert np.hypot(traces["Outside partner"].x[0] - 30.0, traces["Outside partner"].y[0] - 30.0) == pytest.approx(end)
