"""What one browser tab holds: its settings, its own model, and the threads that play and compare.

The page creates one `Session` per tab (`solara.use_memo` in `app.Page`), so one visitor's play or
reset never touches another's model. Its reactive values belong to that tab's kernel. The play
and compare threads stop when the tab pauses or closes (`close`), and as soon as no page shows
the tab any more (`Watch`): a tab that vanished without notice keeps its kernel until it is
culled ten minutes later, and its model must not run meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import solara
from solara.server import kernel_context

from sim.dashboard.figures import MAP_TIES
from sim.model import ClusterModel
from sim.model.schema import Param, ParamError
from sim.runs.results import replicate_seeds
from sim.runs.scenarios import load
from sim.runs.simulate import simulate

log = logging.getLogger(__name__)

DEFAULT_SCENARIO = "baseline"
DEFAULT_SEED = 42
FRAME_SECONDS = 0.25  # shortest time between two frames while playing: the browser needs ~0.15 s to draw one
GAP_SECONDS = 0.05  # pause after every frame however long it took, so that clicks (Pause) get their turn
STEPS_PER_FRAME = (1, 2, 3, 6, 12)


def one_line(exc: Exception) -> str:
    """An exception as one line for the page: ParamError and ScenarioError already are."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if isinstance(exc, ValueError) and text else f"{type(exc).__name__}: {text}".rstrip(": ")


class Watch:
    """Whether a page still shows this tab, for the threads it starts (made in the tab's kernel context)."""

    def __init__(self):
        self.closed = solara.kernel_closed_event()
        self._context = kernel_context.get_current_context()

    def seen(self) -> bool:
        if self.closed.is_set():
            return False
        try:
            return any(s == kernel_context.PageStatus.CONNECTED for s in list(self._context.page_status.values()))
        except RuntimeError:  # the pages changed while we looked: ask again next time
            return True


class Snapshot:
    """The model's tables at one frame. Each is computed on first use, under the tab's lock so that no view reads
    a half-done step, and only for the views on screen (the network panel needs every tie, the map 150)."""

    def __init__(self, model: ClusterModel, lock: threading.Lock):
        self.model, self.lock, self.month = model, lock, model.steps

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
        return _strong_degrees(self.agents, ties, self.model.p["partner_trust_threshold"])

    @property
    def side(self) -> float:
        return self.model.p["territory_km"]


class Session:
    """One tab: controls' values, the running model and its play thread, and a comparison."""

    def __init__(self):
        scenario = load(DEFAULT_SCENARIO)
        self.lang = solara.reactive("en")
        self.tab = solara.reactive(0)
        self.scenario = solara.reactive(DEFAULT_SCENARIO)
        self.values = {name: solara.reactive(value) for name, value in scenario.params.items()}
        self.seed = solara.reactive(DEFAULT_SEED)
        self.steps_per_frame = solara.reactive(1)
        self.frame = solara.reactive(0)  # bumped at every change of the model: the views re-render on it
        self.playing = solara.reactive(False)
        self.error = solara.reactive("")
        self.field_errors = solara.reactive({})
        self.lesson = solara.reactive("")  # the lesson whose preset is loaded, if any
        self.comparison = Comparison()
        self.lock = threading.Lock()
        self.applied, self.applied_seed = dict(scenario.params), DEFAULT_SEED
        self.model = ClusterModel(rng=DEFAULT_SEED, **self.applied)
        self._play_token = None
        self._stop_at = None
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
        errors = dict(self.field_errors.value)
        try:
            self.values[param.name].value = param.check(value, param.name)
            errors.pop(param.name, None)
        except ParamError as exc:
            errors[param.name] = str(exc)
        self.field_errors.value = errors

    def load_settings(self, params: dict, scenario: str = "", lesson: str = "") -> None:
        for name, value in params.items():
            self.values[name].value = value
        self.field_errors.value = {}
        self.scenario.value, self.lesson.value = scenario, lesson

    def load_scenario(self, name: str) -> bool:
        """Set every control to the scenario's parameters and restart."""
        try:
            scenario = load(name)
        except Exception as exc:  # ScenarioError for a bad file: say so, keep the page alive
            self.error.value = one_line(exc)
            return False
        self.load_settings(scenario.params, scenario=name)
        return self.reset()

    # --- running ----------------------------------------------------------------------------

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
        if not self.playing.value:
            self._advance(self.steps_per_frame.value)
            self._publish()

    def play(self, until: int | None = None) -> None:
        """Step in a thread, one frame at a time, until paused, `until` months, or the tab closes."""
        if self.playing.value:
            return
        token = self._play_token = object()
        self._stop_at = until
        self.playing.value = True
        threading.Thread(target=self._play, args=(token, Watch()), daemon=True, name="clustersim-play").start()

    def pause(self) -> None:
        self._play_token = None
        self.playing.value = False

    def close(self) -> None:
        """The tab is gone: stop everything it started."""
        self._play_token = None
        self.comparison.cancel()

    def _play(self, token, watch: Watch) -> None:
        while self._play_token is token and watch.seen():
            started = time.perf_counter()
            more = self._advance(self.steps_per_frame.value)
            if self._play_token is not token or not watch.seen():
                break
            try:
                self._publish()
            except Exception:  # a failed render must not leave the play button stuck
                log.exception("render failed while playing")
                more = False
            if not more:
                self.pause()
                return
            watch.closed.wait(max(GAP_SECONDS, FRAME_SECONDS - (time.perf_counter() - started)))
        if self._play_token is token and not watch.closed.is_set():  # nobody watches: pause
            self.pause()

    def _advance(self, months: int) -> bool:
        """Step up to `months` months; False when the run should stop (target reached or an error)."""
        try:
            with self.lock:
                for _ in range(months):
                    if self._stop_at is not None and self.model.steps >= self._stop_at:
                        return False
                    self.model.step()
                return self._stop_at is None or self.model.steps < self._stop_at
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


class _Stopped(Exception):
    """Raised from the progress callback to stop a comparison."""


class Comparison:
    """Two settings run over the same seeds in a background thread, with progress."""

    def __init__(self):
        self.a = solara.reactive("current")
        self.b = solara.reactive(DEFAULT_SCENARIO)
        self.n_seeds = solara.reactive(3)
        self.months = solara.reactive(120)
        self.progress = solara.reactive(0.0)
        self.running = solara.reactive(False)
        self.result = solara.reactive(None)
        self.error = solara.reactive("")
        self._token = None

    def start(self, sides: dict, root_seed: int) -> None:
        """Run `sides` ({"a": (source, params), "b": ...}) over `n_seeds` seeds spawned from `root_seed`."""
        token = self._token = object()
        self.running.value, self.progress.value, self.error.value = True, 0.0, ""
        seeds = replicate_seeds(root_seed, self.n_seeds.value)
        threading.Thread(target=self._run, args=(token, Watch(), sides, seeds, self.months.value),
                         daemon=True, name="clustersim-compare").start()

    def cancel(self) -> None:
        self._token = None

    def stop(self) -> None:
        self.cancel()
        self.running.value = False

    def _run(self, token, watch: Watch, sides: dict, seeds: list, months: int) -> None:
        total, done = len(sides) * len(seeds) * months, 0

        def on_step(model):
            nonlocal done
            if self._token is not token or not watch.seen():
                raise _Stopped
            done += 1
            if done % 10 == 0:
                self.progress.value = done / total

        runs = {}
        try:
            for side, (_, params) in sides.items():
                runs[side] = pd.concat([simulate(params, months, seed, on_step=on_step).timeseries.assign(seed=seed)
                                        for seed in seeds])
        except _Stopped:
            if not watch.closed.is_set():
                self.running.value = False
            return
        except Exception as exc:  # bad settings on one side: a message, not a dead page
            log.exception("comparison failed")
            if self._token is token:
                self.error.value, self.running.value = one_line(exc), False
            return
        if self._token is token:
            self.result.value = CompareResult({s: src for s, (src, _) in sides.items()}, runs, seeds, months)
            self.running.value = False

