"""`clustersim facts --quick`: every fact yields its table rows, its figure and a verdict."""

import pandas as pd
import pytest

from sim.reports import facts
from sim.cli import main

VERDICTS = {"holds", "does not hold", "inconclusive"}


@pytest.mark.slow
def test_quick_facts_write_a_row_a_figure_and_a_verdict_per_fact(tmp_path, capsys):
    out = tmp_path / "facts"
    main(["facts", "--quick", "--workers", "2", "--out", str(out)])
    names = [m.NAME for m in facts.modules()]
    assert len(names) == 8
    table = pd.read_csv(out / "summary.csv")
    assert list(dict.fromkeys(table["fact"])) == names
    assert set(table["verdict"]) <= VERDICTS and set(table["test_verdict"]) <= VERDICTS
    assert table["p"].dropna().between(0, 1).all()
    assert (table["runs"] > 0).all() and (table["failed_runs"] == 0).all()
    for name in names:
        page = (out / "figures" / f"{name}.html").read_text()
        assert "plotly" in page and (out / f"{name}.toml").is_file()
    index = (out / "index.html").read_text()
    assert all(m.TITLE in index for m in facts.modules())
    summary = (out / "summary.md").read_text()
    assert "quick run" in summary and all(m.TITLE in summary for m in facts.modules())
    printed = capsys.readouterr().out
    assert all(m.TITLE in printed for m in facts.modules())


def test_every_fact_module_declares_its_claim_mechanism_and_sweep():
    for module in facts.modules():
        assert module.NAME and module.TITLE and module.CLAIM and module.MECHANISM
        assert "{replicates}" in module.SWEEP and "{steps}" in module.SWEEP
        assert callable(module.analyze)
