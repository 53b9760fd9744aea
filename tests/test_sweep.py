"""`clustersim sweep` and `sim.runs.sweep` end to end, on a tiny cluster.

Backends agree (serial, local pool, a real Dask cluster on 127.0.0.1); a sweep killed with
kill -9 or Ctrl-C resumes without running anything twice; a run that raises is recorded and the
rest complete; bad sweep files are refused in one line before anything is written; designs have
the points, bounds and seeds they promise; and the runner keeps no results in memory.
"""

from __future__ import annotations

import collections
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import time
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
import sim.runs.simulate
from sim.runs import design, sweep
from sim.cli import main
from sim.model.schema import PARAMS

TINY = dict(n_smes=60, n_remote_partners=10, n_large_firms=2, n_startups=10, n_labs=3, n_training_bodies=1,
            n_tech_centres=1, n_support=1)
OUTCOMES = ["innovations_total", "startups_alive", "mean_trust", "public_spending_total"]
GRID = """subsidy_rate = [0.0, 0.5]
[vary.support]
incubator_capacity = [0, 10]
events_per_year = [0, 12]"""  # 2 x 2 points
RANGES = """subsidy_rate = {low = 0.0, high = 0.6}
incubator_capacity = {low = 0, high = 7}
digital_openness = {low = 0.1}"""  # high from the schema
REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- helpers

def scenario_file(folder: Path) -> Path:
    path = folder / "tiny_cluster.toml"
    params = "\n".join(f"{name} = {value}" for name, value in TINY.items())
    path.write_text(f'title = "Tiny cluster"\ndescription = "Small enough for sweep tests."\n[params]\n{params}\n')
    return path


def sweep_text(scenario_path: Path, design_table: str | None = 'kind = "grid"', vary: str = GRID, drop=(), **top) -> str:
    """A sweep definition; `top` replaces top-level fields (as TOML text), `drop` leaves some out."""
    fields = {"title": '"Tiny sweep"', "description": '"Two subsidy rates by two support levels."',
              "scenario": f"'{scenario_path}'", "steps": "8", "replicates": "2", "seed": "5", "keep": '"both"',
              "outcomes": json.dumps(OUTCOMES)} | top
    text = "\n".join(f"{key} = {value}" for key, value in fields.items() if key not in drop)
    if design_table is not None:
        text += f"\n[design]\n{design_table}"
    return f"{text}\n[vary]\n{vary}\n"


def write_sweep(folder: Path, name: str = "tiny", **kw) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(sweep_text(scenario_file(folder), **kw))
    return path


def cli_sweep(file: Path, out: Path, *options: str) -> None:
    main(["sweep", str(file), "--out", str(out), *options])


def done_runs(folder: Path) -> set[str]:
    """Runs with both their final row and time series on disk (keep = "both")."""
    final = {p.stem for p in (folder / "runs" / "final").glob("*.parquet")}
    return final & {p.stem for p in (folder / "runs" / "timeseries").glob("*.parquet")}


def wait_until(condition, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the sweep ended (status {proc.returncode}) before the test could stop it"
        assert time.monotonic() < deadline, "timed out waiting for the sweep"
        time.sleep(0.005)


def start_sweep(file: Path, out: Path, workers: int, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(file), "--workers", str(workers),
                             "--out", str(out)], **popen)


def counting_execute(monkeypatch) -> list[str]:
    """Record the run id of every task the runner executes (serial runs call `sweep.execute`)."""
    executed, real = [], sweep.execute

    def execute(task):
        executed.append(task["run"])
        return real(task)
    monkeypatch.setattr(sweep, "execute", execute)
    return executed


# ---------------------------------------------------------------- a Dask cluster on 127.0.0.1

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory):
    """A Dask scheduler and two single-threaded workers, started once for the module; yields the address."""
    dask = Path(sys.executable).with_name("dask")
    folder = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    with open(folder / "dask.log", "w") as log:
        try:
            procs.append(subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                           "--no-dashboard"], cwd=folder, stdout=log, stderr=subprocess.STDOUT))
            deadline = time.monotonic() + 60
            while not _port_open(port):
                assert procs[0].poll() is None and time.monotonic() < deadline, \
                    f"the Dask scheduler did not start:\n{(folder / 'dask.log').read_text()[-3000:]}"
                time.sleep(0.1)
            procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                           "--no-dashboard"], cwd=folder, stdout=log, stderr=subprocess.STDOUT))
            from distributed import Client

            with Client(address, timeout=30) as client:
                client.wait_for_workers(2, timeout=60)
            yield address
        finally:
            for proc in reversed(procs):
                _stop(proc)
            deadline = time.monotonic() + 20
            while _port_open(port) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _port_open(port), f"port {port} still open after the Dask scheduler was stopped"


# ---------------------------------------------------------------- 1. backends agree

@pytest.mark.slow
def test_serial_pool_and_dask_give_identical_tables(tmp_path, dask_scheduler):
    file = write_sweep(tmp_path)
    backends = {"serial": ["--workers", "1"], "pool": ["--workers", "2"], "dask": ["--scheduler", dask_scheduler]}
    results = {}
    for name, options in backends.items():
        cli_sweep(file, tmp_path / name, *options)
        results[name] = sweep.load_results(tmp_path / name)
    meta, final, series, errors = results["serial"]
    assert len(final) == 8 and len(series) == 8 * 9 and errors.empty
    assert final["mean_trust"].nunique() > 1  # runs differ, so agreement below means something
    for name in ("pool", "dask"):
        _, other_final, other_series, other_errors = results[name]
        pd.testing.assert_frame_equal(other_final, final)
        pd.testing.assert_frame_equal(other_series, series)
        assert other_errors.empty

    # a row of the sweep is what sim.run gives for the same parameters and seed
    row = final[final["run"] == "p00003-r001"].iloc[0]
    point = meta["points"][3]["params"]
    assert point == {"subsidy_rate": 0.5, "incubator_capacity": 10, "events_per_year": 12}
    direct = sim.run(steps=8, seed=meta["seeds"][1], **TINY, **point)
    assert row["seed"] == meta["seeds"][1]
    assert {name: row[name] for name in OUTCOMES} == {name: direct[name] for name in OUTCOMES}


# ---------------------------------------------------------------- 2. kill -9, Ctrl-C and resume

@pytest.mark.slow
def test_kill_9_then_resume_runs_each_missing_run_once(tmp_path, monkeypatch, capsys):
    file = write_sweep(tmp_path, steps="60", replicates="3")  # 12 runs
    plan = design.load(file)
    every = {t["run"] for t in sweep.tasks(plan)}
    out = tmp_path / "killed"
    proc = start_sweep(file, out, 1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: len(done_runs(out)) >= 2, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    before = done_runs(out)
    assert 2 <= len(before) < len(every)
    inodes = {p: p.stat().st_ino for stem in before for p in out.glob(f"runs/*/{stem}.parquet")}
    # what a kill in the middle of a write leaves: a hidden temporary, never a finished run
    missing = sorted(every - before)
    stray = out / "runs" / "final" / f".{missing[-1]}.parquet.99999.tmp"
    stray.write_bytes(b"half a parquet file")

    executed = counting_execute(monkeypatch)
    cli_sweep(file, out, "--workers", "1", "--resume")
    first_line = capsys.readouterr().out.splitlines()[0]
    assert f"{len(before)} already done; {len(missing)} to run" in first_line
    assert sorted(executed) == missing  # each missing run once, no finished run again
    assert done_runs(out) == every
    for part in ("final", "timeseries"):
        assert sorted(p.stem for p in (out / "runs" / part).glob("*.parquet")) == sorted(every)
    assert all(p.stat().st_ino == inode for p, inode in inodes.items())  # finished files not rewritten

    cli_sweep(file, tmp_path / "whole", "--workers", "1")
    _, final, series, errors = sweep.load_results(out)
    _, whole_final, whole_series, _ = sweep.load_results(tmp_path / "whole")
    pd.testing.assert_frame_equal(final, whole_final)
    pd.testing.assert_frame_equal(series, whole_series)
    assert errors.empty


def _interrupt(tmp_path: Path, workers: int, steps: str, replicates: str):
    """Start a sweep in its own session, wait for a finished run, Ctrl-C the session as a terminal does."""
    file = write_sweep(tmp_path, steps=steps, replicates=replicates)
    out = tmp_path / "interrupted"
    proc = start_sweep(file, out, workers, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       start_new_session=True)
    try:
        wait_until(lambda: len(done_runs(out)) >= 1, proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return file, out, proc.returncode, stderr


@pytest.mark.slow
def test_ctrl_c_exits_130_with_a_resume_hint(tmp_path):
    file, out, status, stderr = _interrupt(tmp_path, workers=1, steps="400", replicates="3")
    assert status == 130
    hints = [line for line in stderr.splitlines() if "--resume" in line]  # text mode: tqdm's \r ends lines too
    assert len(hints) == 1
    assert f"clustersim sweep {file} --resume --out {out}" in hints[0]
    assert 1 <= len(done_runs(out)) < 12


def test_a_ctrl_c_that_python_drops_still_stops_the_sweep_after_its_run(tmp_path, monkeypatch):
    """Python drops a KeyboardInterrupt raised in a finalizer, where a signal can land (it prints "Exception
    ignored"); the sweep still stops once the run during which Ctrl-C came is stored, and gives its handler back."""
    plan = design.load(write_sweep(tmp_path, replicates="3"))
    out = tmp_path / "out"
    real, ran = sweep.execute, []

    class PressedDuringCleanUp:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)  # the handler's KeyboardInterrupt is raised here, and dropped

    def execute(task):
        ran.append(task["run"])
        if len(ran) == 1:
            PressedDuringCleanUp()
        return real(task)

    monkeypatch.setattr(sweep, "execute", execute)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's own, as in `clustersim sweep`
    try:
        with pytest.raises(KeyboardInterrupt):
            sweep.run(plan, out, sweep.prepare(plan, out, resume=False))
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, before)
    assert len(ran) == 1 and done_runs(out) == set(ran)


@pytest.mark.slow
def test_ctrl_c_hint_starts_its_own_line(tmp_path):
    _, _, status, stderr = _interrupt(tmp_path, workers=1, steps="400", replicates="3")
    assert status == 130
    assert any(line.startswith("clustersim: interrupted") for line in stderr.splitlines())


@pytest.mark.slow
def test_ctrl_c_stops_a_local_pool_without_finishing_the_queue(tmp_path):
    # 12 runs of a second or so on 2 workers: queued runs must be dropped, not computed and thrown away
    _, out, status, _ = _interrupt(tmp_path, workers=2, steps="400", replicates="3")
    assert status == 130
    assert len(done_runs(out)) < 12


# ---------------------------------------------------------------- 3. a run that raises

def _flaky_simulate(monkeypatch, bad_seed: int) -> None:
    """`simulate` raises for one point (subsidy 0.5, support on) and one replicate seed."""
    real = sim.runs.simulate.simulate

    def flaky(params, steps, seed, **kw):
        if seed == bad_seed and params["subsidy_rate"] == 0.5 and params["incubator_capacity"] == 10:
            raise FloatingPointError("flaky: trust matrix went singular")
        return real(params, steps, seed, **kw)
    monkeypatch.setattr(sim.runs.simulate, "simulate", flaky)


def test_a_run_that_raises_is_recorded_and_the_rest_complete(tmp_path, monkeypatch, capsys):
    file = write_sweep(tmp_path)
    plan = design.load(file)
    _flaky_simulate(monkeypatch, plan.seeds[1])
    out = tmp_path / "out"
    cli_sweep(file, out, "--workers", "1")
    assert "7 runs finished, 1 failed" in capsys.readouterr().out

    record = json.loads((out / "errors" / "p00003-r001.json").read_text())
    assert record["error"] == "FloatingPointError: flaky: trust matrix went singular"
    assert "flaky" in record["traceback"]
    assert record["params"] == plan.base | plan.points[3]["params"] and record["seed"] == plan.seeds[1]
    assert (record["point"], record["replicate"]) == (3, 1)
    _, final, series, errors = sweep.load_results(out)
    assert errors["run"].tolist() == ["p00003-r001"]
    assert sorted(final["run"]) == sorted(t["run"] for t in sweep.tasks(plan) if t["run"] != "p00003-r001")
    assert set(series["run"]) == set(final["run"])

    executed = counting_execute(monkeypatch)
    cli_sweep(file, out, "--workers", "1", "--resume")
    assert "8 already done; 0 to run" in capsys.readouterr().out.splitlines()[0]
    assert executed == []


def test_resume_does_not_report_recorded_failures_as_finished(tmp_path, monkeypatch, capsys):
    file = write_sweep(tmp_path, steps="2")
    _flaky_simulate(monkeypatch, design.load(file).seeds[1])
    out = tmp_path / "out"
    cli_sweep(file, out, "--workers", "1")
    capsys.readouterr()
    cli_sweep(file, out, "--workers", "1", "--resume")
    printed = capsys.readouterr().out
    assert "all 8 runs finished" not in printed and "1 failed" in printed


# ---------------------------------------------------------------- 4. bad sweep files

BAD = {
    # id: (sweep_text arguments, or raw text; words the message must contain besides file and "allowed")
    "empty file": ("", ["empty"]),
    "unknown top-level key": (dict(colour='"red"'), ["'colour'", "unknown"]),
    "missing title": (dict(drop=("title",)), ["'title'"]),
    "unknown parameter in vary": (dict(vary="subsidy_rat = [0.1]"), ["'vary.subsidy_rat'", "not a parameter"]),
    "unknown parameter in a linked axis": (dict(vary="[vary.support]\nsubsidy_rate = [0.1]\nincubator_cap = [1]"),
                                           ["'vary.support.incubator_cap'", "not a parameter"]),
    "value out of bounds": (dict(vary="subsidy_rate = [0.0, 1.5]"), ["'vary.subsidy_rate'", "1.5", "0.9"]),
    "NaN": (dict(vary="subsidy_rate = [nan]"), ["'vary.subsidy_rate'", "nan"]),
    "inf in a range": (dict(design_table='kind = "lhs"', vary="subsidy_rate = {low = 0.0, high = inf}"),
                       ["'vary.subsidy_rate'", "inf"]),
    "string for a number": (dict(vary='subsidy_rate = ["0.3"]'), ["'vary.subsidy_rate'", "'0.3'", "number"]),
    "boolean for a number": (dict(vary="subsidy_rate = [true]"), ["'vary.subsidy_rate'", "True"]),
    "fraction for a whole number": (dict(vary="incubator_capacity = [2.5]"), ["'vary.incubator_capacity'", "whole number"]),
    "string for steps": (dict(steps='"10"'), ["'steps'", "whole number"]),
    "range in a grid": (dict(vary="subsidy_rate = {low = 0.0, high = 0.5}"), ["'vary.subsidy_rate'", "range", "list"]),
    "list in a sobol design": (dict(design_table='kind = "sobol"', vary="subsidy_rate = [0.0, 0.5]"),
                               ["'vary.subsidy_rate'", "sobol", "range"]),
    "linked axis in an lhs design": (dict(design_table='kind = "lhs"', vary="[vary.support]\nincubator_capacity = [0, 10]"),
                                     ["'vary.support'", "grid"]),
    "low above high": (dict(design_table='kind = "lhs"', vary="subsidy_rate = {low = 0.5, high = 0.1}"),
                       ["'vary.subsidy_rate'", "low < high"]),
    "linked lists of unequal length": (dict(vary="[vary.support]\nsubsidy_rate = [0.0, 0.5]\nincubator_capacity = [0]"),
                                       ["'vary.support'", "unequal"]),
    "empty vary": (dict(vary=""), ["'vary'"]),
    "unknown design kind": (dict(design_table='kind = "factorial"'), ["'design.kind'", "grid, lhs, sobol, morris"]),
    "unknown design field": (dict(design_table='kind = "lhs"\nsample = 8', vary=RANGES), ["'design.sample'"]),
    "no samples": (dict(design_table='kind = "lhs"\nsamples = 0', vary=RANGES), ["'design.samples'"]),
    "design not a table": (dict(design_table=None, design='"grid"'), ["'design'", "table"]),
    "bad keep": (dict(keep='"all"'), ["'keep'", "final, timeseries, both"]),
    "unknown outcome": (dict(outcomes='["innovations", "happiness"]'), ["'outcomes'", "happiness"]),
    "outcome not a name": (dict(outcomes='[["innovations"]]'), ["'outcomes'", "innovations"]),
    "outcome a table": (dict(outcomes='[{a = 1}]'), ["'outcomes'"]),
    "measure a table": (dict(measures='[{a = 1}]'), ["'measures'", "startup_survival"]),
    "steps 0": (dict(steps="0"), ["'steps'", "1 to 10000"]),
    "steps too many": (dict(steps="10001"), ["'steps'", "1 to 10000"]),
    "replicates 0": (dict(replicates="0"), ["'replicates'", "1 to 1000"]),
    "replicates too many": (dict(replicates="1001"), ["'replicates'", "1 to 1000"]),
    "negative seed": (dict(seed="-1"), ["'seed'", "0 to 4294967295"]),
    "seed too large": (dict(seed=str(2**32)), ["'seed'", "0 to 4294967295"]),
    "unknown scenario": (dict(scenario='"atlantis"'), ["'scenario'", "atlantis", "baseline"]),
    "missing scenario file": (dict(scenario="'/no/such/scenario.toml'"), ["'scenario'", "/no/such/scenario.toml"]),
    "a parameter set twice": (dict(vary="subsidy_rate = [0.0]\n[vary.support]\nsubsidy_rate = [0.1]\nincubator_capacity = [5]"),
                              ["'vary'", "twice"]),
}


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert out == "" and err.endswith("\n") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("spec, words", BAD.values(), ids=BAD.keys())
def test_bad_sweep_file_is_refused_in_one_line(tmp_path, results_root, capsys, spec, words):
    file = tmp_path / "bad.toml"
    file.write_text(spec if isinstance(spec, str) else sweep_text(scenario_file(tmp_path), **spec))
    err = _refused(["sweep", str(file), "--workers", "1"], capsys)
    assert err.startswith(f"clustersim: error: {file}")
    assert "allowed" in err and all(word in err for word in words), err
    assert not results_root.exists()


def test_missing_sweep_file_is_refused_in_one_line(tmp_path, results_root, capsys):
    err = _refused(["sweep", str(tmp_path / "nope.toml")], capsys)
    assert str(tmp_path / "nope.toml") in err and "no such file" in err and "allowed" in err
    assert not results_root.exists()


def test_sweep_file_that_is_not_toml_is_refused_in_one_line(tmp_path, results_root, capsys):
    file = tmp_path / "bad.toml"
    file.write_text("title = 'Tiny\nsteps = = 3\n")
    err = _refused(["sweep", str(file)], capsys)
    assert str(file) in err and "TOML" in err and not results_root.exists()
    assert "allowed" in err


def test_folder_holding_a_sweep_needs_resume_and_the_same_design(tmp_path, capsys):
    file = write_sweep(tmp_path, steps="2")
    out = tmp_path / "out"
    cli_sweep(file, out, "--workers", "1")
    capsys.readouterr()
    manifest = (out / "manifest.json").read_text()

    err = _refused(["sweep", str(file), "--workers", "1", "--out", str(out)], capsys)
    assert str(out) in err and "already holds a sweep" in err and "--resume" in err

    other = write_sweep(tmp_path, name="other", steps="3")
    err = _refused(["sweep", str(other), "--workers", "1", "--out", str(out), "--resume"], capsys)
    assert str(out) in err and "different design" in err and str(other) in err
    assert (out / "manifest.json").read_text() == manifest
    assert len(done_runs(out)) == 8


def test_a_linked_table_with_one_parameter_is_an_axis(tmp_path):
    """[vary.support] with a single parameter: an axis named 'support' whose value is the level."""
    plan = design.load(write_sweep(tmp_path, vary="[vary.support]\nsubsidy_rate = [0.0, 0.3]"))
    assert [(p["axes"], p["params"]) for p in plan.points] == [({"support": 0}, {"subsidy_rate": 0.0}),
                                                               ({"support": 1}, {"subsidy_rate": 0.3})]


def test_an_axis_name_cannot_overwrite_a_result_column(tmp_path):
    file = write_sweep(tmp_path, steps="2", replicates="1",
                       vary="[vary.seed]\nsubsidy_rate = [0.0, 0.3]\nincubator_capacity = [0, 5]")
    try:
        plan = design.load(file)
    except design.SweepError as exc:
        assert "'vary.seed'" in str(exc)
        return
    out = tmp_path / "out"
    sweep.run(plan, out, sweep.prepare(plan, out, resume=False))
    _, final, _, _ = sweep.load_results(out)
    assert final["seed"].tolist() == [plan.seeds[0]] * 2


# ---------------------------------------------------------------- 5. designs

def test_grid_has_every_combination_and_linked_axes_move_together(tmp_path):
    vary = "distance_decay_km = [3.0, 8.0, 20.0]\n" + GRID  # 3 x 2 x 2 linked
    plan = design.load(write_sweep(tmp_path, vary=vary, replicates="3"))
    assert [a.name for a in plan.axes] == ["distance_decay_km", "subsidy_rate", "support"]
    assert len(plan.points) == 3 * 2 * 2 and plan.n_runs == 12 * 3
    assert [p["point"] for p in plan.points] == list(range(12))
    combos = {(p["axes"]["distance_decay_km"], p["axes"]["subsidy_rate"], p["axes"]["support"]) for p in plan.points}
    assert len(combos) == 12
    for point in plan.points:
        level = point["axes"]["support"]
        assert (point["params"]["incubator_capacity"], point["params"]["events_per_year"]) == [(0, 0), (10, 12)][level]
        assert point["params"]["distance_decay_km"] == point["axes"]["distance_decay_km"]
        assert isinstance(point["params"]["incubator_capacity"], int)
    tasks = list(sweep.tasks(plan))
    assert len(tasks) == plan.n_runs and len({t["run"] for t in tasks}) == plan.n_runs
    assert all(t["seed"] == plan.seeds[t["replicate"]] for t in tasks)  # common random numbers across points


@pytest.mark.parametrize("kind, count", [("lhs", 8), ("sobol", 8 * (3 + 2)), ("morris", 8 * (3 + 1))])
def test_sampled_designs_are_in_bounds_rounded_and_seeded(tmp_path, kind, count):
    def load(seed):
        return design.load(write_sweep(tmp_path, name=f"{kind}{seed}", design_table=f'kind = "{kind}"\nsamples = 8',
                                       vary=RANGES, seed=str(seed)))
    plan = load(3)
    bounds = {"subsidy_rate": (0.0, 0.6), "incubator_capacity": (0, 7), "digital_openness": (0.1, PARAMS["digital_openness"].high)}
    assert plan.problem == {"num_vars": 3, "names": list(bounds), "bounds": [list(map(float, b)) for b in bounds.values()]}
    assert len(plan.points) == count
    for point in plan.points:
        for name, (low, high) in bounds.items():
            assert low <= point["axes"][name] <= high and low <= point["params"][name] <= high
        capacity = point["params"]["incubator_capacity"]
        assert type(capacity) is int and capacity == round(point["axes"]["incubator_capacity"])
        assert type(point["params"]["subsidy_rate"]) is float
    values = np.array([[p["axes"][n] for n in bounds] for p in plan.points])
    assert (values.min(0) < values.max(0)).all()  # every parameter actually varies
    assert load(3).points == plan.points
    assert load(4).points != plan.points


def test_manifest_records_design_seeds_versions_and_revision(tmp_path):
    file = write_sweep(tmp_path, replicates="4", seed="2026")
    plan = design.load(file)
    spawned = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(2026).spawn(4)]
    assert plan.seeds == spawned
    out = tmp_path / "out"
    assert sweep.prepare(plan, out, resume=False) == set() and plan.n_runs == 16
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seeds"] == spawned and manifest["root_seed"] == 2026 and manifest["replicates"] == 4
    assert manifest["points"] == json.loads(json.dumps(plan.points))
    assert manifest["sweep_file"] == file.read_text() and manifest["n_runs"] == 16
    assert manifest["base"] == plan.base and all(manifest["base"][k] == v for k, v in TINY.items())
    for package in ("python", "mesa", "numpy", "pandas", "dask", "distributed", "SALib"):
        assert manifest["versions"][package], package
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    expected = head.stdout.strip() if head.returncode == 0 else None
    assert manifest["code_revision"] == expected
    assert isinstance(manifest["code_dirty"], bool) or expected is None


# ---------------------------------------------------------------- 6. nothing kept in memory

@pytest.mark.parametrize("backend", ["serial", pytest.param("pool", marks=pytest.mark.slow),
                                     pytest.param("dask", marks=pytest.mark.slow)])
def test_run_hands_each_result_on_once_and_keeps_none(tmp_path, request, backend):
    """Not a memory benchmark: every result reaches `progress` exactly once and is garbage once stored."""
    plan = design.load(write_sweep(tmp_path, steps="2", replicates="5"))  # 20 runs
    out = tmp_path / "out"
    recorded = sweep.prepare(plan, out, resume=False)
    seen, alive = collections.Counter(), []

    def progress(result):
        seen[result["task"]["run"]] += 1
        alive.extend(weakref.ref(result[part]) for part in ("final", "timeseries"))

    options = {"serial": dict(workers=1), "pool": dict(workers=2),
               "dask": lambda: dict(scheduler=request.getfixturevalue("dask_scheduler"))}[backend]
    options = options() if callable(options) else options
    assert sweep.run(plan, out, recorded, progress=progress, **options) is None
    gc.collect()
    assert seen == collections.Counter(t["run"] for t in sweep.tasks(plan)) and len(seen) == 20
    assert sum(ref() is not None for ref in alive) == 0
    assert done_runs(out) == set(seen)


def test_numbers_read_as_people_write_them():
    from sim.runs.results import fmt

    assert [fmt(0.0), fmt(-0.0), fmt(0.0123), fmt(12.34), fmt(-41840.2)] == ["0", "0", "0.012", "12.3", "-41,840"]
    assert fmt(float("nan")) == "n/a"
