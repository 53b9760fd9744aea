"""Every shipped scenario loads, says what it is about, and changes only what it claims to."""

import pytest

from sim.model.schema import PARAMS, defaults
from sim.runs.scenarios import load, scenario_names


def test_baseline_and_at_least_six_others():
    names = scenario_names()
    assert "baseline" in names
    assert len(set(names) - {"baseline"}) >= 6


def test_baseline_is_the_defaults():
    assert load("baseline").overrides == {}
    assert load("baseline").params == defaults()


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_loads_and_is_described(name):
    scenario = load(name)
    assert scenario.name == name
    assert scenario.title.strip() and scenario.description.strip()
    assert set(scenario.params) == set(PARAMS)


@pytest.mark.parametrize("name", [n for n in scenario_names() if n != "baseline"])
def test_overrides_differ_from_defaults(name):
    overrides = load(name).overrides
    assert overrides, f"{name} changes nothing: it would be the baseline"
    same = [k for k, v in overrides.items() if v == PARAMS[k].default]
    assert not same, f"{name} sets {same} to their defaults"
