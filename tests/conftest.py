"""Shared fixtures: every test runs in its own folder, so no test touches the repo's results/."""

import os
from pathlib import Path

import pytest

# pytest-xdist's workers fill the cores between them, as a pool's workers do: each runs the model on one thread
# (sim.model.threads), and the tests of the second thread ask for it themselves
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("CLUSTERSIM_THREADS", "1")

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items):
    """The browser tests under tests/e2e are slow: left out by `pytest -m "not slow"`."""
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def results_root(tmp_path, monkeypatch):
    """The default results root of `clustersim run` for this test; it does not exist beforehand."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "results"
    monkeypatch.setenv("CLUSTERSIM_RESULTS", str(root))
    return root
