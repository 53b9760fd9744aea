"""A run's results on disk: one folder a run, saved once and analysed many times.

The folder is written under a hidden temporary name and renamed only when every file is in
place, so a crash or Ctrl-C never leaves a half-written folder that looks finished.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from contextlib import contextmanager
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from sim.model.outputs import OUTPUTS

# Final values shown in the printed summary and at the top of the report.
KEY_OUTPUTS = (
    "innovations_total", "startups_alive", "mean_trust", "giant_component",
    "talent_employed", "public_spending_total", "cost_per_innovation", "capital_gini",
)
_PACKAGES = ("clustersim", "mesa", "numpy", "pandas", "scipy", "plotly", "pyarrow", "dask", "distributed", "SALib", "statsmodels")


def checkout() -> Path | None:
    """The git checkout this code runs from, or None when it runs from an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / ".git").exists() else None


def results_root() -> Path:
    """Where results go unless `--out` says otherwise: ./results of the working folder, or CLUSTERSIM_RESULTS.

    The same wherever clustersim is installed (a checkout or a wheel): never a folder of the
    installed package. An empty CLUSTERSIM_RESULTS counts as unset; a leading ~ is expanded.
    """
    return Path(os.environ.get("CLUSTERSIM_RESULTS") or "results").expanduser()


def default_folder(scenario: str, when: datetime) -> Path:
    return results_root() / f"{scenario}-{when:%Y%m%d-%H%M%S}"


def replicate_seeds(root_seed: int, n: int) -> list[int]:
    """Independent replicate seeds spawned from one root, as plain ints that can be saved."""
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(root_seed).spawn(n)]


def tidy(tables: list[pd.DataFrame], seeds: list[int]) -> pd.DataFrame:
    """One table of all replicates, led by `seed` and `replicate` columns."""
    frames = [t.assign(seed=s, replicate=i) for i, (t, s) in enumerate(zip(tables, seeds))]
    out = pd.concat(frames, ignore_index=True)
    return out[["seed", "replicate", *(c for c in out.columns if c not in ("seed", "replicate"))]]


def summary(timeseries: pd.DataFrame, names=KEY_OUTPUTS) -> pd.DataFrame:
    """Final value of each output across replicates: mean, sd, min and max."""
    final = timeseries[timeseries["step"] == timeseries["step"].max()]
    stats = final[[n for n in names if n in final]].agg(["mean", "std", "min", "max"]).T
    stats.columns = ["mean", "sd", "min", "max"]
    stats.insert(0, "unit", [OUTPUTS[n].unit for n in stats.index])
    stats.insert(0, "label", [OUTPUTS[n].label for n in stats.index])
    return stats


def fmt(value: float) -> str:
    """A number rounded for reading: a few significant digits, thousands separated."""
    if not np.isfinite(value):
        return "n/a" if np.isnan(value) else str(value)
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.3f}"


def code_revision(path: Path | None = None) -> tuple[str | None, bool | None]:
    """The git commit of the code that ran and whether it had uncommitted changes (None if unknown);
    with `path`, the last commit that changed that file and whether it has changed since."""
    repo = checkout()
    if repo is None:
        return None, None
    only = ["--", str(path)] if path is not None else []

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=10)
    try:
        head = git("log", "-1", "--format=%H", *only) if only else git("rev-parse", "HEAD")
        if head.returncode != 0 or not head.stdout.strip():
            return None, None
        return head.stdout.strip(), bool(git("status", "--porcelain", *only).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None, None


def versions() -> dict:
    """Python's and the packages' versions, clustersim's own first: outside a checkout it is all that
    says which code ran (code_revision is None there)."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def code_label(meta: dict) -> str:
    """Which code ran, for a report: clustersim's version and, from a checkout, the commit."""
    label = f"clustersim {(meta.get('versions') or {}).get('clustersim') or '(version unknown)'}"
    rev = meta.get("code_revision")
    if rev:
        label += f", commit {rev[:10]}" + (" with uncommitted changes" if meta.get("code_dirty") else "")
    return label


@contextmanager
def atomic_folder(target: Path):
    """Yield a temporary sibling of `target` to fill; rename it to `target` only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".tmp-{target.name}-{os.getpid()}"
    tmp.mkdir()
    try:
        yield tmp
        if target.exists():
            raise FileExistsError(f"{target} appeared while the run was going on")
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def metadata(scenario: str, steps: int, root_seed: int, seeds: list[int], command: list[str],
             started: datetime, wall_time: float) -> dict:
    """What it takes to reproduce a run: seeds, versions, code revision, and when it ran."""
    revision, dirty = code_revision()
    return {
        "scenario": scenario, "steps": steps, "root_seed": root_seed, "seeds": seeds, "command": command,
        "versions": versions(), "code_revision": revision, "code_dirty": dirty,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "wall_time_s": round(wall_time, 3),
    }


def save(folder: Path, scenario, meta: dict, runs: list) -> dict[str, pd.DataFrame]:
    """Write the tables of all replicates, the parameters and the metadata; return the tables."""
    tables = {name: tidy([getattr(r, name) for r in runs], meta["seeds"]) for name in ("timeseries", "agents", "ties")}
    for name, table in tables.items():
        table.to_parquet(folder / f"{name}.parquet", index=False)
    scenario_doc = {"name": scenario.name, "title": scenario.title, "description": scenario.description,
                    "file": str(scenario.path), "overrides": scenario.overrides}
    _write_json(folder / "params.json", {"scenario": scenario_doc, "params": scenario.params})
    _write_json(folder / "metadata.json", meta)
    return tables


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
