"""Shared fixtures: every test runs in its own folder, so no test touches the repo's results/."""

import pytest


@pytest.fixture(autouse=True)
def results_root(tmp_path, monkeypatch):
    """The default results root of `clustersim run` for this test; it does not exist beforehand."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "results"
    monkeypatch.setenv("CLUSTERSIM_RESULTS", str(root))
    return root
