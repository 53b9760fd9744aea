"""Shared fixtures: every test runs in its own folder, so no test touches the repo's results/."""

from pathlib import Path

import pytest

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
