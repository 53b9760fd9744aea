"""A dashboard tab's state without a browser: settings apply on reset, bad values are refused with a reason."""

from sim.dashboard.state import Session
from sim.model.schema import PARAMS
from sim.runs.scenarios import load


def test_settings_apply_on_reset_and_bad_ones_keep_the_run():
    session = Session()
    model = session.model
    session.step()
    session.values["n_smes"].value = -5  # bypassing the control, which would refuse it
    assert session.pending() == 1
    assert not session.reset()
    assert session.model is model and session.model.steps == 1
    assert "n_smes" in session.error.value and "out of bounds" in session.error.value
    session.values["n_smes"].value = 50
    assert session.reset() and session.error.value == ""
    assert session.model is not model and session.model.steps == 0 and session.pending() == 0


def test_controls_refuse_values_outside_the_schema():
    session = Session()
    session.set_param(PARAMS["subsidy_rate"], 1.5)
    assert session.values["subsidy_rate"].value == PARAMS["subsidy_rate"].default
    assert "out of bounds" in session.field_errors.value["subsidy_rate"]
    session.set_param(PARAMS["subsidy_rate"], 0.5)
    assert session.values["subsidy_rate"].value == 0.5 and "subsidy_rate" not in session.field_errors.value


def test_scenario_sets_every_control_and_restarts():
    session = Session()
    session.step()
    assert session.load_scenario("no_support")
    assert session.settings() == load("no_support").params == session.model.p
    assert session.model.steps == 0 and session.scenario.value == "no_support"


def test_snapshot_follows_the_model():
    session = Session()
    first = session.snapshot()
    assert session.snapshot() is first and len(first.timeseries) == 1
    session.step()
    later = session.snapshot()
    assert later is not first and later.month == 1 and list(later.timeseries.index) == [0, 1]
    assert len(later.ties) <= 150 and len(later.degrees) == (~later.agents["remote"]).sum()
