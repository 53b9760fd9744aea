"""The wheel works anywhere: built from this checkout, installed (not editable) into a fresh venv, run from
an empty folder outside the checkout.

The venv is made from the interpreter running the tests, without pip and without the system's
site-packages; the wheel goes in with `--no-deps --no-index`, and its dependencies are borrowed
from the test environment by a `.pth` file that puts that environment's site-packages AFTER the
venv's own, and their data files (the prefix's share/ and etc/, which the dashboard's server reads)
by symlinks. A directory named in a `.pth` file is not itself scanned for `.pth` files, so the
editable install of the checkout (a `.pth` hook in the test environment) stays inactive: the
`sim` that runs is the wheel's, which the first test checks. Nothing here needs the network when
setuptools>=77 is installed (it is in the `test` extra); without it pip fetches it to build.
Needs pip >= 22.3 (`pip --python`). About 20 s on 2 cores.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from sim.dashboard import server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
# not part of what the wheel is built from; __pycache__ is skipped everywhere
LEFT_OUT = {".git", ".venv", "build", "dist", "results", "tests", ".pytest_cache", ".ci"}
TIMEOUT = 300  # s, for any one command: a loaded 2-core machine is slow, a hung one must not hang the suite


def _left_out(folder: str, names: list[str]) -> set[str]:
    top = Path(folder).resolve() == REPO
    return {n for n in names if n == "__pycache__" or n.endswith(".pyc")
            or top and (n in LEFT_OUT or n.endswith(".egg-info"))}


def _setuptools_here() -> bool:
    """Whether the test environment can build the wheel itself (no build isolation, so no download)."""
    try:
        from importlib.metadata import version
        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


def _run(cmd: list, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=TIMEOUT, **kw)
    assert proc.returncode == 0, f"{cmd} exited with {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout (so the build leaves no build/ or egg-info in it)."""
    base = tmp_path_factory.mktemp("build")
    source = base / "clustersim"
    shutil.copytree(REPO, source, ignore=_left_out)
    isolation = ["--no-build-isolation"] if _setuptools_here() else []
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "--wheel-dir", base / "dist", source])
    (found,) = (base / "dist").glob("clustersim-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel, its dependencies borrowed from the test environment."""
    root = tmp_path_factory.mktemp("venv") / "v"
    _run([sys.executable, "-m", "venv", "--without-pip", root])
    python = root / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    borrowed = [p for p in dict.fromkeys([*ours, *sys.path])
                if p and Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    (site / "_clustersim_test_dependencies.pth").write_text("".join(f"{p}\n" for p in borrowed))
    # the dependencies' data files, found under the prefix as a real install puts them: the dashboard's
    # server reads the widgets' notebook extensions (share/jupyter, etc/jupyter) and serves its JS and
    # CSS from solara-assets' copy (share/solara/cdn)
    for folder in ("share", "etc"):
        if (Path(sys.prefix) / folder).is_dir() and not (root / folder).exists():
            (root / folder).symlink_to(Path(sys.prefix) / folder, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def env(venv) -> dict:
    """The environment of a user of the venv: no PYTHONPATH, no results root set, the venv's bin first on PATH."""
    out = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH", "VIRTUAL_ENV", "CLUSTERSIM_RESULTS")}
    return out | {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", "VIRTUAL_ENV": str(venv)}


@pytest.fixture
def work(tmp_path_factory) -> Path:
    """An empty working folder outside the checkout."""
    folder = tmp_path_factory.mktemp("work")
    assert not folder.resolve().is_relative_to(REPO) and not any(folder.iterdir())
    return folder


def clustersim(venv: Path, *args) -> list[str]:
    return [str(venv / "bin" / "clustersim"), *map(str, args)]


def test_the_sim_that_runs_is_the_wheels(venv, env, work):
    out = _run([venv / "bin" / "python", "-c", "import sim, sim.runs.results as r, importlib.resources as ir; "
                "print(sim.__file__); print(r.checkout()); print(ir.files('sim.scenarios'))"], cwd=work, env=env)
    module, checkout, scenarios = out.stdout.splitlines()
    assert Path(module).resolve().is_relative_to(venv.resolve()), module
    assert Path(scenarios).resolve().is_relative_to(venv.resolve()), scenarios
    assert checkout == "None"  # not a checkout: no git revision, no MODEL.md to rewrite
    assert str(venv / "bin" / "python") in (venv / "bin" / "clustersim").read_text()[:1000]  # its interpreter


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"sim/{p.relative_to(REPO / 'sim').as_posix()}" for p in (REPO / "sim").rglob("*.py")
                if "__pycache__" not in p.parts}
    expected |= {f"sim/scenarios/{p.name}" for p in (REPO / "scenarios").glob("*.toml")}
    expected |= {f"sim/sweeps/{p.name}" for p in (REPO / "experiments" / "sweeps").glob("*.toml")}
    assert "sim/scenarios/baseline.toml" in expected
    assert sorted(expected - names) == []
    assert not [n for n in names if n.startswith(("tests/", "experiments/", "scenarios/"))]


def test_scenarios_lists_baseline(venv, env, work):
    out = _run(clustersim(venv, "scenarios"), cwd=work, env=env).stdout
    assert re.search(r"^baseline: \S", out, re.M), out
    assert not any(work.iterdir())


def test_run_writes_its_results_in_the_working_folder(venv, env, work):
    _run(clustersim(venv, "run", "baseline", "--steps", 12, "--seeds", 1), cwd=work, env=env)
    assert [p.name for p in work.iterdir()] == ["results"]
    (folder,) = (work / "results").iterdir()
    assert folder.name.startswith("baseline-")
    files = {p.name for p in folder.iterdir()}
    assert {"timeseries.parquet", "agents.parquet", "ties.parquet", "report.html", "params.json",
            "metadata.json"} <= files, files
    assert pd.read_parquet(folder / "timeseries.parquet")["step"].max() == 12
    assert (folder / "report.html").stat().st_size > 10_000
    scenario = json.loads((folder / "params.json").read_text())["scenario"]
    assert Path(scenario["file"]).resolve().is_relative_to(venv.resolve())  # the wheel's own scenario file
    meta = json.loads((folder / "metadata.json").read_text())
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert meta["versions"]["clustersim"] == version and meta["code_revision"] is None


def test_docs_prints_the_table_outside_a_checkout(venv, env, work):
    out = _run(clustersim(venv, "docs"), cwd=work, env=env)
    assert "| name | default | bounds | unit | description |" in out.stdout
    assert "--file PATH" in out.stderr and not any(work.iterdir())


def test_dashboard_serves_the_installed_code_and_its_assets_offline(venv, env, work, tmp_path):
    # a `sim` package in the working folder must not be what the server imports
    (work / "sim").mkdir()
    (work / "sim" / "__init__.py").write_text("raise ImportError('the working folder was imported')\n")
    port, log = server.free_port(), tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(clustersim(venv, "dashboard", "--port", port), cwd=work, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            try:
                server.wait_ready(proc, port, timeout=120)
            except (RuntimeError, TimeoutError) as exc:
                pytest.fail(f"{exc}; its output:\n{log.read_text()[-3000:]}")
            base = f"http://127.0.0.1:{port}/"
            with urllib.request.urlopen(base, timeout=30) as response:
                page = response.read().decode()
            assets = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page) + re.findall(r'<link[^>]*\bhref="([^"]+)"', page)
            assert any(a.endswith(".js") for a in assets), page[:2000]
            failed = []
            for asset in assets:
                url = urllib.parse.urljoin(base, asset)
                assert urllib.parse.urlparse(url).netloc == f"127.0.0.1:{port}", asset
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        if not response.read():
                            failed.append((asset, "empty"))
                except OSError as exc:
                    failed.append((asset, str(exc)))
            assert failed == []
        finally:
            server.stop(proc, port)
    assert "the working folder was imported" not in log.read_text()
