"""What one browser tab holds: its settings, its own model, and the Solara tasks that play and compare.

The page creates one `Session` per tab (`solara.use_memo` in `app.Page`), so one visitor's play or
reset never touches another's model. Play and compare are `solara.lab.task`s of the session: each
runs in a thread of its own, checks `task.is_current()` as it goes, and stops when cancelled: by
Pause or Stop, by Reset, or by `close`, which the page calls when the tab's kernel closes (Solara
does not cancel a threaded task then by itself).

A tab that vanishes without notice keeps its kernel until it is culled ten minutes later, so play
also waits, after each frame, until the browser reports that it received it (`frame_seen`): with
no browser there, the model stops at once and the task ends after `UNSEEN_SECONDS`.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import solara
import solara.lab

from sim.dashboard.figures import MAP_TIES
from sim.model import ClusterModel
from sim.model.schema import Param
from sim.runs import scenarios
from sim.runs.results import replicate_seeds
from sim.runs.settings import SEED
from sim.runs.simulate import simulate

log = logging.getLogger(__name__)

DEFAULT_SCENARIO = "baseline"
FRAME_SECONDS = 0.25  # shortest time between two frames while playing: the browser needs ~0.15 s to draw one
GAP_SECONDS = 0.05  # pause after every frame however long it took, so that clicks (Pause) get their turn
UNSEEN_SECONDS = 30.0  # play ends when the browser has not reported a frame for this long: the tab is gone
POLL_SECONDS = 0.02  # how often play looks whether the browser reported the frame, or the task was cancelled
STEPS_PER_FRAME = (1, 2, 3, 6, 12)


@functools.cache
def scenario_names() -> tuple[str, ...]:
    """The shipped scenarios' names, read once: pages ask at every render, and the files do not change."""
    return tuple(scenarios.scenario_names())


@functools.cache
def scenario(name: str) -> scenarios.Scenario:
    """A shipped scenario, read once (a file that fails to load is not cached: the error is raised again)."""
    return scenarios.load(name)


def one_line(exc: Exception) -> str:
    """An exception as one line for the page: ParamError and ScenarioError already are."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if isinstance(exc, ValueError) and text else f"{type(exc).__name__}: {text}".rstrip(": ")


class Snapshot:
    """The model's tables at one frame, shared by the views that render it.

    Every read of the model takes the tab's lock, the one `Session._advance` steps it under, so no
    view reads a half-done step. Tables are computed on first use, and only for the views on screen
    (the network panel needs every tie, the map 150). A table computed after the model stepped on
    shows the next frame's state; that frame's snapshot replaces this one as soon as it is published."""

    def __init__(self, model: ClusterModel, lock: threading.Lock):
        """Called with `lock` held."""
        self.model, self.lock, self.month, self.params = model, lock, model.steps, model.p

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """Index: month (0 = start); one column an output."""
        with self.lock:
            return self.model.datacollector.get_model_vars_dataframe().iloc[: self.month + 1]

    @cached_property
    def agents(self) -> pd.DataFrame:
        with self.lock:
            return self.model.agent_table()

    @cached_property
    def ties(self) -> pd.DataFrame:
        """The strongest ties, strongest first."""
        with self.lock:
            return self.model.trust_ties(top=MAP_TIES)

    @cached_property
    def degrees(self) -> np.ndarray:
        """Strong-trust partners of each cluster actor."""
        with self.lock:
            ties = self.model.trust_ties(top=len(self.model.trust))
        return _strong_degrees(self.agents, ties, self.params["partner_trust_threshold"])

    @property
    def side(self) -> float:
        return self.params["territory_km"]


class Session:
    """One tab: controls' values, the running model and its play task, and a comparison."""

    def __init__(self):
        params = scenario(DEFAULT_SCENARIO).params
        self.lang = solara.reactive("en")
        self.tab = solara.reactive(0)
        self.scenario = solara.reactive(DEFAULT_SCENARIO)
        self.values = {name: solara.reactive(value) for name, value in params.items()}
        self.seed = solara.reactive(SEED.default)
        self.steps_per_frame = solara.reactive(1)
        self.frame = solara.reactive(0)  # bumped at every change of the model: the views re-render on it
        self.frame_seen = 0  # the last frame the browser reported receiving (`saw_frame`)
        self.error = solara.reactive("")
        self.field_errors = solara.reactive({})
        self.lesson = solara.reactive("")  # the lesson whose preset is loaded, if any
        self.comparison = Comparison()
        self.player = solara.lab.task(self._play)
        self.closed = False  # the tab's kernel closed: nothing more to show
        self.lock = threading.Lock()
        self.applied, self.applied_seed = dict(params), SEED.default
        self.model = ClusterModel(rng=SEED.default, **self.applied)
        self._snapshot: Snapshot | None = None

    # --- settings ---------------------------------------------------------------------------

    def settings(self) -> dict:
        return {name: r.value for name, r in self.values.items()}

    def pending(self) -> int:
        """How many settings differ from those of the running model."""
        changed = sum(r.value != self.applied[name] for name, r in self.values.items())
        return changed + (self.seed.value != self.applied_seed)

    def set_param(self, param: Param, value) -> None:
        """Accept a control's value if the schema does; else keep the old one and say why next to it."""
        self._accept(param.name, lambda: param.check(value, param.name), self.values[param.name])

    def set_seed(self, value) -> None:
        """Accept a seed within the run settings' bounds (`sim.runs.settings.SEED`), as the command line does."""
        self._accept("seed", lambda: SEED.check(value, "seed"), self.seed)

    def _accept(self, name: str, check, target: solara.Reactive) -> None:
        errors = dict(self.field_errors.value)
        try:
            target.value = check()
            errors.pop(name, None)
        except ValueError as exc:  # ParamError, or a run setting's own check
            errors[name] = str(exc)
        self.field_errors.value = errors

    def load_settings(self, params: dict, scenario: str = "", lesson: str = "") -> None:
        for name, value in params.items():
            self.values[name].value = value
        self.field_errors.value = {}
        self.scenario.value, self.lesson.value = scenario, lesson

    def load_scenario(self, name: str) -> bool:
        """Set every control to the scenario's parameters and restart."""
        try:
            params = scenario(name).params
        except Exception as exc:  # ScenarioError for a bad file: say so, keep the page alive
            self.error.value = one_line(exc)
            return False
        self.load_settings(params, scenario=name)
        return self.reset()

    # --- running ----------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.player.pending

    def reset(self) -> bool:
        """A new model from the controls; on failure the old run stays and the page shows why."""
        self.pause()
        params, seed = self.settings(), self.seed.value
        try:
            model = ClusterModel(rng=seed, **params)
        except Exception as exc:  # ParamError, or anything a strange combination breaks
            self.error.value = one_line(exc)
            return False
        with self.lock:
            self.model, self.applied, self.applied_seed = model, params, seed
        self.error.value = ""
        self._publish()
        return True

    def step(self) -> None:
        if not self.playing:
            self._advance(self.steps_per_frame.value)
            self._publish()

    def play(self, until: int | None = None) -> None:
        """Step in the play task, one frame at a time, until paused, `until` months, or the tab closes."""
        if not self.playing:
            self.player(until)

    def pause(self) -> None:
        """Cancel play: the task sees it before its next month (`_advance`) and shows the month it reached."""
        if self.playing:
            self.player.cancel()

    def close(self) -> None:
        """The tab's kernel closes: cancel whatever it runs."""
        self.closed = True
        self.pause()
        self.comparison.stop()

    def _play(self, until: int | None) -> None:
        """The play task's body, in its own thread."""
        while True:
            started = time.perf_counter()
            more = self._advance(self.steps_per_frame.value, until, going=self.player.is_current)
            if self.closed:
                return
            try:
                self._publish()  # also when paused mid-month: the views must show the month the model reached
            except Exception:  # a failed render must not leave the play button stuck
                log.exception("render failed while playing")
                return
            if not more or not self._wait_for_browser(started):
                return

    def saw_frame(self, frame: int) -> None:
        """The browser reports that it received `frame` (`controls.FrameSeen`)."""
        self.frame_seen = frame

    def _wait_for_browser(self, started: float) -> bool:
        """Wait until the browser reports the frame just published, and the frame's time is up. False when
        cancelled, or when no browser reported it within UNSEEN_SECONDS: the tab is gone, nobody watches."""
        frame, published = self.frame.value, time.perf_counter()
        due = max(started + FRAME_SECONDS, published + GAP_SECONDS)
        while self.player.is_current():
            now = time.perf_counter()
            if self.frame_seen >= frame and now >= due:
                return True
            if now - published > UNSEEN_SECONDS:
                return False
            time.sleep(POLL_SECONDS)
        return False

    def _advance(self, months: int, until: int | None = None, going=lambda: True) -> bool:
        """Step up to `months` months under the lock; False when the run should stop: `until` months reached,
        `going()` false before a month (play cancelled), or an error (shown on the page)."""
        try:
            with self.lock:
                for _ in range(months):
                    if (until is not None and self.model.steps >= until) or not going():
                        return False
                    self.model.step()
                return until is None or self.model.steps < until
        except Exception as exc:
            log.exception("model step failed")
            self.error.value = one_line(exc)
            return False

    def _publish(self) -> None:
        self.frame.value += 1

    def snapshot(self) -> Snapshot:
        """The current frame's tables, shared by every view that renders it."""
        with self.lock:
            snap = self._snapshot
            if snap is None or snap.model is not self.model or snap.month != self.model.steps:
                self._snapshot = Snapshot(self.model, self.lock)
            return self._snapshot


def _strong_degrees(agents: pd.DataFrame, ties: pd.DataFrame, threshold: float) -> np.ndarray:
    """Number of strong-trust partners of each cluster actor (outside partners left out, as in the outputs)."""
    cluster = agents.loc[~agents["remote"].astype(bool), "id"].to_numpy()
    strong = ties[(ties["trust"] >= threshold) & ties["a"].isin(cluster) & ties["b"].isin(cluster)]
    index = pd.Index(cluster)
    return np.bincount(np.r_[index.get_indexer(strong["a"]), index.get_indexer(strong["b"])], minlength=len(cluster))


@dataclass(frozen=True)
class CompareResult:
    sources: dict  # side ("a", "b") -> what ran: "current", a scenario name, or "lesson:<id>" and "lesson:<id>:contrast"
    runs: dict  # side -> timeseries of every seed (column "seed", "step")
    seeds: list
    months: int
    spending: dict  # side -> one row a seed: public money by lever and innovations (`measures.public_spending`)


class _Cancelled(Exception):
    """Raised in a comparison's steps once its task is no longer current, to leave `simulate` at once."""


class Comparison:
    """Two settings run over the same seeds in a Solara task (`task`), with progress; Stop cancels it.

    The page reads the task: `pending` while it runs, `progress`, `latest` (the last comparison
    finished, kept while the next one runs or after it is stopped), `error` and `exception`."""

    def __init__(self):
        self.a = solara.reactive("current")
        self.b = solara.reactive(DEFAULT_SCENARIO)
        self.n_seeds = solara.reactive(3)  # one of compare.SEEDS: an answer within a minute
        self.months = solara.reactive(120)  # one of compare.MONTHS: ten years, the lessons' length
        self.task = solara.lab.task(self._run)

    def start(self, sides: dict, root_seed: int) -> None:
        """Run `sides` ({"a": (source, params), "b": ...}) over `n_seeds` seeds spawned from `root_seed`;
        a comparison already running is superseded (it stops at its next step)."""
        self.task(sides, replicate_seeds(root_seed, self.n_seeds.value), self.months.value)

    def stop(self) -> None:
        if self.task.pending:
            self.task.cancel()

    def _run(self, sides: dict, seeds: list, months: int) -> CompareResult:
        """The task's body, in its own thread; an error (bad settings on one side) becomes the task's `exception`."""
        total, done = len(sides) * len(seeds) * months, 0

        def on_step(model):
            nonlocal done
            if not self.task.is_current():  # stopped, superseded, or the tab closed
                raise _Cancelled
            done += 1
            if done % 10 == 0:
                self.task.progress = done / total

        done_runs = {side: [simulate(params, months, seed, on_step=on_step, measures=("public_spending",))
                            for seed in seeds]
                     for side, (_, params) in sides.items()}
        runs = {side: pd.concat([r.timeseries.assign(seed=r.seed) for r in rs]) for side, rs in done_runs.items()}
        spending = {side: pd.DataFrame([r.measures for r in rs], index=seeds) for side, rs in done_runs.items()}
        return CompareResult({s: src for s, (src, _) in sides.items()}, runs, seeds, months, spending)
