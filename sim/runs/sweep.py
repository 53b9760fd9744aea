"""Running a sweep: every (point, replicate) run, on one machine or a Dask cluster, resumably.

A run depends only on its parameters, seed and length, so the same design and root seed give
the same table whatever the backend and however many workers. The coordinating process writes
each finished run to its own Parquet file, atomically, as it arrives, and keeps nothing else in
memory: an interrupted sweep (Ctrl-C, kill -9, a lost worker) loses no finished run, and
`resume` runs only what is missing. A run that raises is recorded with its error and the sweep
carries on.

Layout of a sweep folder:
    manifest.json                design, points, seeds, versions, code revision
    runs/final/<run>.parquet     one row: run, point, replicate, seed, axis values, final outcomes, measures
    runs/timeseries/<run>.parquet  (keep = timeseries or both) one row per month
    errors/<run>.json            runs that raised: parameters, seed, error, traceback
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from sim.runs.design import Sweep
from sim.runs.results import code_revision, versions


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from a server that imported the model once, so that each new pool's
    workers start at once rather than import it again (some seconds each); they inherit none of this
    process's threads or state (forkserver). The imports are asked for only if the server is not yet running; the
    main module stays preloaded, as by default, and scipy.stats, which the measures import when they first run.
    The server imports from its own path (the working folder first), as the default preload already did."""
    context = get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__, "scipy.stats"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


@contextmanager
def ctrl_c_between_runs():
    """Yields `check`, which raises KeyboardInterrupt once Ctrl-C was pressed. Ctrl-C still interrupts at once;
    but Python drops an exception raised where it cannot propagate (a finalizer, which a signal can land in), so
    the handler also leaves a flag, and a sweep that calls `check` after each run stops there at the latest.
    Only where Python's own handler is in place, in the main thread: another handler is left alone."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield lambda: None
        return
    pressed = threading.Event()

    def interrupt(signum, frame):
        pressed.set()
        raise KeyboardInterrupt

    def check():
        if pressed.is_set():
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class SweepFolderError(ValueError):
    """The results folder does not fit the request (exists without --resume, or holds another sweep)."""


def run_id(point: int, replicate: int) -> str:
    return f"p{point:05d}-r{replicate:03d}"


def tasks(sweep: Sweep, skip: set[str] = frozenset()):
    """The sweep's runs not in `skip`, in a fixed order, made one at a time (memory stays flat)."""
    seeds = sweep.seeds
    for pt in sweep.points:
        for r in range(sweep.replicates):
            if run_id(pt["point"], r) not in skip:
                yield {"run": run_id(pt["point"], r), "point": pt["point"], "replicate": r, "seed": seeds[r],
                       "params": sweep.base | pt["params"], "axes": pt["axes"], "steps": sweep.steps,
                       "keep": sweep.keep, "outcomes": sweep.outcomes, "measures": sweep.measures}


def execute(task: dict) -> dict:
    """Run one task (in a worker); errors are returned, not raised, so the sweep carries on."""
    from sim.runs.memory import keep_freed_memory
    from sim.runs.simulate import simulate

    keep_freed_memory()
    start = time.perf_counter()
    try:
        result = simulate(task["params"], task["steps"], task["seed"], measures=task["measures"])
    except Exception as exc:  # noqa: BLE001 - any failure of a run is data for the user
        return {"task": task, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
    ids = {"run": task["run"], "point": task["point"], "replicate": task["replicate"], "seed": task["seed"]}
    out = {"task": task, "seconds": time.perf_counter() - start}
    if task["keep"] in ("final", "both"):
        final = result.timeseries[task["outcomes"]].iloc[-1].to_dict()
        out["final"] = pd.DataFrame([ids | task["axes"] | final | result.measures])
    if task["keep"] in ("timeseries", "both"):
        out["timeseries"] = result.timeseries[["step", *task["outcomes"]]].assign(**ids)
    return out


def write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def store(folder: Path, result: dict) -> None:
    """Write one finished run where a resumed sweep will find it."""
    name = result["task"]["run"]
    if "error" in result:
        record = {k: result["task"][k] for k in ("run", "point", "replicate", "seed", "params")}
        record |= {"error": result["error"], "traceback": result["traceback"]}
        write_atomic(folder / "errors" / f"{name}.json", lambda p: p.write_text(json.dumps(record, indent=1)))
        return
    for part in ("final", "timeseries"):
        if part in result:
            write_atomic(folder / "runs" / part / f"{name}.parquet", lambda p, df=result[part]: df.to_parquet(p, index=False))


def done(folder: Path, sweep: Sweep) -> set[str]:
    """Runs already recorded, as finished or failed."""
    part = "final" if sweep.keep in ("final", "both") else "timeseries"
    finished = {p.stem for p in (folder / "runs" / part).glob("*.parquet")}
    if sweep.keep == "both":
        finished &= {p.stem for p in (folder / "runs" / "timeseries").glob("*.parquet")}
    return finished | {p.stem for p in (folder / "errors").glob("*.json")}


def manifest(sweep: Sweep) -> dict:
    return {
        "name": sweep.name, "title": sweep.title, "description": sweep.description, "scenario": sweep.scenario,
        "steps": sweep.steps, "replicates": sweep.replicates, "root_seed": sweep.seed, "seeds": sweep.seeds,
        "keep": sweep.keep, "outcomes": sweep.outcomes, "measures": sweep.measures, "kind": sweep.kind, "samples": sweep.samples,
        "levels": sweep.levels, "axes": [{"name": a.name, "params": a.params} for a in sweep.axes],
        "problem": sweep.problem if sweep.kind != "grid" else None, "points": sweep.points, "base": sweep.base,
        "n_runs": sweep.n_runs, "sweep_file": sweep.path.read_text(encoding="utf-8") if sweep.path else None,
    }


def prepare(sweep: Sweep, folder: Path, resume: bool) -> set[str]:
    """Create or check the folder; return the runs already recorded (finished or failed)."""
    design = manifest(sweep)
    path = folder / "manifest.json"
    if path.exists():
        if not resume:
            raise SweepFolderError(f"{folder}: already holds a sweep; allowed: --resume to finish it, or another --out")
        old = json.loads(path.read_text())
        same = ("points", "seeds", "steps", "keep", "outcomes", "measures", "base")
        if any(old.get(k) != json.loads(json.dumps(design[k])) for k in same):
            raise SweepFolderError(f"{folder}: holds a different design than {sweep.path}; allowed: the same sweep file, or another --out")
        for stale in folder.glob("**/.*.tmp"):  # half-written by an interrupted sweep
            stale.unlink()
    else:
        for sub in ("runs/final", "runs/timeseries", "errors"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        revision, dirty = code_revision()
        design |= {"versions": versions(), "code_revision": revision, "code_dirty": dirty,
                   "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        write_atomic(path, lambda p: p.write_text(json.dumps(design, indent=1)))
    return done(folder, sweep)


def run(sweep: Sweep, folder: Path, skip: set[str], workers: int = 1, scheduler: str | None = None, progress=None):
    """Run the sweep's runs not in `skip` serially, in a local process pool or on a Dask cluster.

    Each result is stored as it arrives; only a few runs are in flight at once, so memory does
    not grow with the size of the sweep.
    """
    def finished(result):
        store(folder, result)
        if progress is not None:
            progress(result)
        check()

    with ctrl_c_between_runs() as check:
        _run_tasks(tasks(sweep, skip), finished, workers, scheduler)


def _run_tasks(todo, finished, workers: int, scheduler: str | None) -> None:
    """`finished(result)` for each task of `todo`, run here, in a local process pool or on a Dask cluster."""
    if scheduler:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed

        with Client(scheduler) as client:
            in_flight = dask_completed()
            for task in islice(todo, max(8, 2 * sum(client.nthreads().values()))):
                in_flight.add(client.submit(execute, task, pure=False))
            for future in in_flight:
                finished(future.result())
                future.release()
                for task in islice(todo, 1):
                    in_flight.add(client.submit(execute, task, pure=False))
    elif workers > 1:
        pool = process_pool(workers)
        try:
            in_flight = {pool.submit(execute, t) for t in islice(todo, 4 * workers)}
            while in_flight:
                ready, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in ready:
                    finished(future.result())
                in_flight |= {pool.submit(execute, t) for t in islice(todo, len(ready))}
        finally:  # on Ctrl-C, drop queued runs rather than compute them for nothing
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for task in todo:
            finished(execute(task))


def load_results(folder: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame | None, pd.DataFrame]:
    """Manifest, final values, time series (or None) and errors of a sweep folder, sorted by run."""
    folder = Path(folder)
    meta = json.loads((folder / "manifest.json").read_text())

    def table(part):
        files = sorted((folder / "runs" / part).glob("*.parquet"))
        return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True) if files else None

    final, series = table("final"), table("timeseries")
    if final is not None:
        final = final.sort_values("run", ignore_index=True)
    if series is not None:
        series = series.sort_values(["run", "step"], ignore_index=True)
    errors = [json.loads(p.read_text()) for p in sorted((folder / "errors").glob("*.json"))]
    return meta, final, series, pd.DataFrame(errors, columns=["run", "point", "replicate", "seed", "params", "error", "traceback"])
