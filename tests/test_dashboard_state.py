"""A dashboard tab's state without a browser: settings apply on reset, bad values are refused with a reason,
play and compare run as cancellable tasks, and the model is read under the lock that steps it."""

import threading
import time

import solara

from sim.dashboard import state
from sim.dashboard.app import Page
from sim.dashboard.state import Comparison, Session, one_line
from sim.model.schema import PARAMS
from sim.runs import scenarios
from sim.runs.scenarios import load
from sim.runs.settings import SEED


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


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def with_browser(session: Session) -> Session:
    """A session whose frames a browser reports as soon as they are published (`controls.FrameSeen`)."""
    session.frame.subscribe(session.saw_frame)
    return session


def test_play_runs_to_its_end_one_frame_after_another():
    session = with_browser(Session())
    session.steps_per_frame.value = 2
    session.play(until=5)
    assert session.playing
    wait_until(lambda: not session.playing)
    assert session.player.finished and session.model.steps == 5
    assert session.frame.value == 3 and session.frame_seen == 3  # 2 + 2 + 1 months, each frame seen


def test_pause_cancels_play_and_nothing_moves_after():
    session = with_browser(Session())
    session.play()
    wait_until(lambda: session.model.steps >= 2)
    session.pause()
    wait_until(lambda: not session.playing)
    steps, frame = session.model.steps, session.frame.value
    time.sleep(0.5)
    assert session.player.cancelled and (session.model.steps, session.frame.value) == (steps, frame)


def test_a_pause_during_a_month_shows_the_month_reached():
    """Pause clicked while a month is computed: that month ends, and the last frame shows it, not the one before."""
    session = with_browser(Session())
    shown = []
    session.frame.subscribe(lambda _: shown.append(session.model.steps))
    inside, paused = threading.Event(), threading.Event()
    step = session.model.step

    def slow_second_month():
        if session.model.steps == 1:
            inside.set()
            paused.wait(5)
        step()

    session.model.step = slow_second_month
    session.play()
    assert inside.wait(20)
    session.pause()
    paused.set()
    wait_until(lambda: not session.player.pending and session.model.steps == 2 and shown[-1:] == [2])
    time.sleep(0.3)
    assert session.model.steps == 2 and shown[-1] == 2


def test_reset_while_playing_starts_a_still_model():
    session = with_browser(Session())
    session.play()
    wait_until(lambda: session.model.steps >= 1)
    assert session.reset()
    time.sleep(0.5)
    assert not session.playing and session.model.steps == 0


def test_play_without_a_browser_stops_stepping(monkeypatch):
    """A tab gone without notice reports no frame: play steps once, waits, and ends after UNSEEN_SECONDS."""
    monkeypatch.setattr(state, "UNSEEN_SECONDS", 0.5)
    session = Session()
    session.play()
    time.sleep(0.3)
    assert session.playing and session.model.steps == 1
    wait_until(lambda: not session.playing, timeout=5)
    assert session.player.finished and session.model.steps == 1


def test_a_step_waits_for_whoever_reads_the_model():
    """Views read the model under the lock that steps it: no table from a half-done step."""
    session = Session()
    snap = session.snapshot()
    read = threading.Event()
    with session.lock:  # as if a step were under way
        threading.Thread(target=lambda: (snap.agents, read.set())).start()
        assert not read.wait(0.3)
    assert read.wait(5)


def test_seed_defaults_and_bounds_come_from_the_run_settings():
    session = Session()
    assert session.seed.value == session.applied_seed == SEED.default
    session.set_seed(SEED.high + 1)
    assert session.seed.value == SEED.default and f"to {SEED.high}" in session.field_errors.value["seed"]
    session.set_seed(7)
    assert session.seed.value == 7 and "seed" not in session.field_errors.value


def test_scenarios_are_read_once(monkeypatch):
    """Renders ask for the scenarios again and again: the files are read the first time only."""
    solara.render(Page(), handle_error=False)
    reads = []
    monkeypatch.setattr(scenarios, "load", lambda *a, **k: reads.append(a))
    monkeypatch.setattr(scenarios, "scenario_names", lambda *a, **k: reads.append(a))
    solara.render(Page(), handle_error=False)
    assert state.scenario("baseline").params == load("baseline").params
    assert reads == []


def compare_sides() -> dict:
    return {"a": ("current", load("baseline").params), "b": ("no_support", load("no_support").params)}


def test_comparison_runs_both_sides_over_the_same_seeds():
    c = Comparison()
    c.n_seeds.value, c.months.value = 2, 6
    c.start(compare_sides(), root_seed=1)
    wait_until(lambda: c.task.finished)
    result = c.task.value
    assert result.sources == {"a": "current", "b": "no_support"} and len(result.seeds) == 2
    for ts in result.runs.values():
        assert sorted(set(ts["seed"])) == sorted(result.seeds) and len(ts) == 2 * 7


def test_stopping_a_comparison_keeps_the_last_result():
    c = Comparison()
    c.n_seeds.value, c.months.value = 2, 3
    c.start(compare_sides(), root_seed=1)
    wait_until(lambda: c.task.finished)
    first = c.task.value
    c.months.value = 240
    c.start(compare_sides(), root_seed=2)
    wait_until(lambda: (c.task.progress or 0) > 0)
    c.stop()
    wait_until(lambda: c.task.cancelled)
    assert c.task.latest is first


def test_a_comparison_with_bad_settings_reports_why():
    c = Comparison()
    c.months.value = 3
    c.start({"a": ("current", {"n_smes": -5}), "b": ("baseline", load("baseline").params)}, root_seed=1)
    wait_until(lambda: not c.task.pending)
    assert c.task.error and "n_smes" in one_line(c.task.exception)
