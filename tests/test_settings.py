"""Run settings (months, replicates, root seed) are declared once and read by every front end."""

from __future__ import annotations

import inspect

import pytest

import sim
from sim.cli import _parser
from sim.runs import design
from sim.runs.settings import REPLICATES, RUN_SETTINGS, SEED, STEPS


@pytest.mark.parametrize("value", [True, 1.0, "5", -1, 10_001])
def test_a_setting_refuses_what_is_not_a_whole_number_in_bounds(value):
    with pytest.raises(ValueError, match=r"^months is .*; allowed: a whole number from 1 to 10000$"):
        STEPS.check(value, "months")


def test_bounds_are_accepted():
    assert [s.check(s.low, "x") for s in RUN_SETTINGS.values()] == [s.low for s in RUN_SETTINGS.values()]
    assert [s.check(s.high, "x") for s in RUN_SETTINGS.values()] == [s.high for s in RUN_SETTINGS.values()]


def test_command_line_defaults_are_the_settings():
    args = _parser().parse_args(["run", "baseline"])
    assert (args.steps, args.seeds, args.seed) == (STEPS.default, REPLICATES.default, SEED.default)


def test_sim_run_defaults_are_the_settings():
    defaults = {k: p.default for k, p in inspect.signature(sim.run).parameters.items() if k in ("steps", "seed")}
    assert defaults == {"steps": STEPS.default, "seed": SEED.default}


def test_a_sweep_file_without_settings_takes_the_defaults(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('title = "t"\ndescription = "d"\nscenario = "baseline"\n[design]\nkind = "grid"\n'
                    '[vary]\nsubsidy_rate = [0.1, 0.2]\n', encoding="utf-8")
    plan = design.load(path)
    assert (plan.steps, plan.replicates, plan.seed) == (STEPS.default, REPLICATES.default, SEED.default)
