"""`clustersim facts --quick`: every fact yields its table rows, its figure and a verdict."""

import numpy as np
import pandas as pd
import pytest

from sim.reports import facts
from sim.reports.facts import f8_cumulative_causation, headline
from sim.reports.stats import Test
from sim.cli import main

VERDICTS = {"holds", "does not hold", "inconclusive"}


@pytest.mark.slow
def test_quick_facts_write_a_row_a_figure_and_a_verdict_per_fact(tmp_path, capsys, monkeypatch):
    """The whole pipeline, on 3 seeds and 72 months instead of the quick run's 6 and 120: the rows, figures and
    verdicts are what is checked here, not their values, and the suite's longest test takes a third of the time.
    The talent fact's two windows, after the shock of month 24 and at the end, shrink to 24 months so that
    they stay apart."""
    monkeypatch.setitem(facts.QUICK, "replicates", 3)
    monkeypatch.setitem(facts.QUICK, "steps", 72)
    monkeypatch.setattr(f8_cumulative_causation, "WINDOW", 24)
    out = tmp_path / "facts"
    main(["facts", "--quick", "--workers", "2", "--out", str(out)])
    names = [m.NAME for m in facts.modules()]
    assert len(names) == 8
    table = pd.read_csv(out / "summary.csv")
    assert list(dict.fromkeys(table["fact"])) == names
    assert set(table["verdict"]) <= VERDICTS and set(table["test_verdict"]) <= VERDICTS
    for p in ("p_effect_holm", "p_equivalent_holm", "p_opposite_holm"):
        assert table[p].dropna().between(0, 1).all()
    assert (table["runs"] > 0).all() and (table["failed_runs"] == 0).all()
    assert table["protocol_revision"].str.len().gt(0).all()  # which protocol ran is kept with the results
    for module in facts.modules():
        page = (out / "figures" / f"{module.NAME}.html").read_text()
        assert "plotly" in page and all((out / module.NAME / f"{s}.toml").is_file() for s in module.SWEEPS)
    index = (out / "index.html").read_text()
    assert all(m.TITLE in index for m in facts.modules())
    summary = (out / "summary.md").read_text()
    assert "quick run" in summary and all(m.TITLE in summary for m in facts.modules())
    printed = capsys.readouterr().out
    assert all(m.TITLE in printed for m in facts.modules())


def test_every_fact_module_declares_its_claim_mechanism_protocol_and_sweeps():
    for module in facts.modules():
        assert module.NAME and module.TITLE and module.CLAIM and module.MECHANISM
        assert all(value.strip() for _, value in module.PROTOCOL.items())
        assert module.SWEEPS and callable(module.analyze)


def test_a_facts_sweeps_share_one_seed_so_conditions_are_paired(tmp_path):
    for module in facts.modules():
        plans = facts.plans(module, tmp_path, quick=True)
        assert len({plan.seed for plan, _ in plans}) == 1
        assert all(plan.scenario == "baseline" for plan, _ in plans)
        assert all(plan.replicates == facts.QUICK["replicates"] and plan.steps == facts.QUICK["steps"]
                   for plan, _ in plans)


def test_each_sweep_varies_one_lever_at_a_time(tmp_path):
    for module in facts.modules():
        for plan, _ in facts.plans(module, tmp_path, quick=False):
            assert len(plan.axes) == 1, f"{module.NAME}/{plan.name} varies {len(plan.axes)} axes"


def test_the_protocol_revision_names_the_modules_last_commit_or_the_version():
    label = facts.revision(facts.modules()[0])
    assert label.startswith("clustersim ") or len(label.split()[0]) == 10


def test_a_headline_says_when_its_test_could_not_be_computed():
    def test(**given) -> Test:
        return Test(**({"test": "fall", "effect": 0.25, "low": 0.1, "high": 0.4, "sesoi": 0.2, "p_effect": 0.03,
                        "p_equivalent": 0.5, "p_opposite": 0.9} | given))

    assert headline(test()) == "0.25 [0.1, 0.4]"
    assert headline(test(low=-np.inf, high=np.inf)) == "0.25 [-inf, inf]"  # Fieller's interval may be unbounded
    for undefined in (test(p_effect=np.nan, low=np.nan, high=np.nan), test(low=np.nan), test(effect=np.nan)):
        assert headline(undefined) == "not computable (see its tests)"
