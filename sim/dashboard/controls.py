"""The settings panel, generated from the parameter schema, and the run controls.

One control per entry of `sim.model.schema.PARAMS`, grouped by its `group`, its bounds enforced by the
widget (sliders) or by the schema's own check (number fields for ranges a slider cannot
cover), its plain-language description shown under it, and a note where the running cluster
cannot use all of the value set (`limit_note`). Values apply on Reset, and the panel says so.
"""

from __future__ import annotations

import math

import ipyvuetify
import pandas as pd
import reacton.ipyvuetify as rv
import solara
import traitlets

from sim.dashboard import lessons
from sim.dashboard.i18n import (group_label, param_help, param_label, plain, scenario_description, scenario_title, t,
                                unit)
from sim.dashboard.state import STEPS_PER_FRAME, scenario, scenario_names
from sim.dashboard.views import html, lead
from sim.model.outputs import KINDS
from sim.model.schema import GROUPS, PARAMS, Param
from sim.runs.settings import SEED

OPEN_GROUPS = ()
LIMITED = ("event_size", "incubator_capacity")  # parameters whose value the cluster may not be able to use
_HINT = {"font-size": "12px", "color": "#555", "line-height": "1.3"}
_ERROR = {"font-size": "12px", "color": "#b00020"}
_DESCRIPTION = {"font-size": "13px", "color": "#333", "margin-top": "6px"}


def param_step(param: Param) -> float:
    """A slider step that lands on the bounds and the default: about 1/100 of the range, a power of ten."""
    if param.kind is int:
        return 1
    step = 10.0 ** round(math.log10((param.high - param.low) / 100))
    while any(abs(v / step - round(v / step)) > 1e-6 for v in (param.low, param.high, param.default)):
        step /= 10
    return step


def uses_slider(param: Param) -> bool:
    """Sliders where a thumb can reach the useful values (shares, rates, small counts); number fields where
    the bounds are far wider than the default (counts of firms, budgets, distances)."""
    span = param.high - param.low
    if param.kind is int:
        return span <= 120
    return param.default - param.low >= 0.02 * span and span / param_step(param) <= 1000


def _digits(step: float) -> int:
    return max(0, -math.floor(math.log10(step)))


def limit_note(name: str, value, settings: dict, month: pd.Series, lang: str) -> str:
    """Why the running cluster uses less than `value` of parameter `name`, or "" when it can use it all.

    `month` is the model's last row of outputs (its counts of agents), `settings` the controls' values.
    The rules are the model's: an event draws its participants among the territory's actors
    (`Territory.event` takes min(event_size, actors)); the incubator hosts new startups at support
    institutions and admits one only while the yearly budget can pay its monthly cost (`policy.incubator`)."""
    if name == "event_size":
        actors = int(sum(month[f"agents_{kind}"] for kind in KINDS if kind != "remote_partner"))
        return t("limit_event_size", lang, n=plain(actors, lang)) if value > actors else ""
    if name == "incubator_capacity" and value > 0:
        if month["agents_support"] == 0:
            return t("limit_incubator_support", lang)
        cost = settings["incubator_cost"]
        paid = int(settings["public_budget"] / (12 * cost)) if cost > 0 else math.inf  # places paid all year
        return t("limit_incubator_budget", lang, n=plain(paid, lang)) if value > paid else ""
    return ""


@solara.component
def LimitNote(session, name: str, value, lang: str):
    """`limit_note` for the current frame: the counts change as the cluster grows."""
    session.frame.value
    note = limit_note(name, value, session.settings(), session.snapshot().timeseries.iloc[-1], lang)
    if note:
        solara.Text(note, classes=["cs-limit-note"], style=_HINT | {"color": "#8a4b00"})


@solara.component
def ParamControl(session, param: Param, lang: str):
    value = session.values[param.name].value
    error = session.field_errors.value.get(param.name)
    name = f"{param_label(param.name, lang)} ({unit(param.unit, lang)})"
    step = param_step(param)

    def accept(new):
        session.set_param(param, round(new, _digits(step)) if isinstance(new, float) else new)

    with solara.Column(gap="0px", classes=["cs-param", f"cs-param-{param.name}"], style={"margin-bottom": "10px"}):
        if uses_slider(param):
            slider = solara.SliderInt if param.kind is int else solara.SliderFloat
            solara.Text(f"{name}: {plain(value, lang)}", classes=["cs-param-label"],
                        style={"font-size": "14px", "color": "#333"})  # above the slider, which then keeps its width
            slider("", value=value, min=param.low, max=param.high, step=step, on_value=accept)
        else:
            field = solara.InputInt if param.kind is int else solara.InputFloat
            field(name, value=value, on_value=accept, continuous_update=False)
        changed = "" if value == param.default else " ●"
        solara.Text(f"{param_help(param.name, lang)} ({t('default', lang)} {plain(param.default, lang)}, "
                    f"{plain(param.low, lang)}–{plain(param.high, lang)}){changed}", style=_HINT)
        if param.name in LIMITED:
            LimitNote(session, param.name, value, lang)
        if error:
            solara.Text(t("field_error", lang, msg=error), classes=["cs-field-error"], style=_ERROR)


def select(label: str, value, options: list[tuple], on_value, classes: list[str]):
    """A drop-down of (value, text) options (solara.Select shows raw values)."""
    items = [{"value": v, "text": s} for v, s in options]
    return rv.Select(label=label, v_model=value, on_v_model=on_value, items=items,
                     dense=True, hide_details=True, class_=" ".join(classes), style_="min-width: 0")


@solara.component
def SettingsPanel(session, lang: str):
    """Scenario picker, seed, then one expansion panel of controls per parameter group."""
    scenarios = {name: scenario(name) for name in scenario_names()}
    current = session.scenario.value
    select(t("scenario", lang), current or None, [(n, scenario_title(s, lang)) for n, s in scenarios.items()],
           session.load_scenario, ["cs-scenario"])
    if current in scenarios:
        solara.Text(scenario_description(scenarios[current], lang), classes=["cs-scenario-description"],
                    style=_DESCRIPTION)
    elif session.lesson.value:  # a lesson's preset is no scenario: the empty picker says why
        solara.Text(t("lesson_settings", lang, title=lessons.text(session.lesson.value, lang)["title"]),
                    classes=["cs-scenario-description"], style=_DESCRIPTION)
    solara.Text(t("scenario_hint", lang), style={"font-size": "12px", "color": "#555"})
    solara.InputInt(t("seed", lang), value=session.seed.value, on_value=session.set_seed, continuous_update=False,
                    classes=["cs-seed"])
    solara.Text(f"{t('seed_hint', lang)} ({t('default', lang)} {plain(SEED.default, lang)}, "
                f"{plain(SEED.low, lang)}–{plain(SEED.high, lang)})", style=_HINT)
    if "seed" in session.field_errors.value:
        solara.Text(t("field_error", lang, msg=session.field_errors.value["seed"]), classes=["cs-field-error"],
                    style=_ERROR)
    html("p", lead(t("settings", lang), t("settings_hint", lang), lang), style={"margin": "12px 0 6px"})
    open_groups = solara.use_reactive([GROUPS.index(g) for g in OPEN_GROUPS])
    with rv.ExpansionPanels(multiple=True, accordion=True, v_model=open_groups.value, on_v_model=open_groups.set):
        for i, group in enumerate(GROUPS):
            with rv.ExpansionPanel(class_=f"cs-group-{group}"):
                rv.ExpansionPanelHeader(children=[group_label(group, lang)])
                with rv.ExpansionPanelContent():
                    if i in open_groups.value:  # closed groups hold no widgets: every render walks them all
                        for param in PARAMS.values():
                            if param.group == group:
                                ParamControl(session, param, lang)


class FrameSeen(ipyvuetify.VuetifyTemplate):
    """Sends back each frame number the browser receives (`seen`): play waits for it before the next frame,
    so it stops stepping as soon as the tab is gone (`Session._wait_for_browser`). Also when shown again,
    as after a reconnection (`immediate`)."""

    frame = traitlets.Int(0).tag(sync=True)
    seen = traitlets.Int(0).tag(sync=True)
    template = traitlets.Unicode("""<template><span></span></template>
<script>
module.exports = {watch: {frame: {immediate: true, handler(frame) { this.seen = frame; }}}}
</script>""").tag(sync=True)


@solara.component
def RunControls(session, lang: str):
    """Reset, step, play and pause, months per frame, the month counter and what is pending."""
    frame = session.frame.value  # re-render with the model
    FrameSeen.element(frame=frame, on_seen=session.saw_frame)
    playing = session.playing
    month = session.snapshot().month
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="8px"):
        solara.Button(t("reset", lang), on_click=session.reset, icon_name="mdi-restart", classes=["cs-reset"])
        solara.Button(t("step", lang), on_click=session.step, icon_name="mdi-skip-next", disabled=playing,
                      classes=["cs-step"])
        if playing:
            solara.Button(t("pause", lang), on_click=session.pause, icon_name="mdi-pause", color="warning",
                          classes=["cs-pause"])
        else:
            solara.Button(t("play", lang), on_click=session.play, icon_name="mdi-play", color="primary",
                          classes=["cs-play"])
        with solara.Div(style={"width": "150px"}):
            select(t("steps_per_frame", lang), session.steps_per_frame.value, [(k, str(k)) for k in STEPS_PER_FRAME],
                   lambda v: setattr(session.steps_per_frame, "value", int(v)), ["cs-steps-per-frame"])
        year = f"{month / 12:.1f}".replace(".", "," if lang == "fr" else ".")
        solara.Text(t("month", lang, m=month, y=year), classes=["cs-month"],
                    style={"font-size": "18px", "font-weight": "600", "margin-left": "8px"})
    if session.lesson.value:
        words = lessons.text(session.lesson.value, lang)
        solara.Text(t("lesson_running", lang, title=words["title"], n=lessons.BY_ID[session.lesson.value].months),
                    classes=["cs-lesson-running"], style={"font-weight": "600", "color": "#1f77b4"})
    pending = session.pending()
    if pending:
        solara.Info(t("pending", lang, n=pending), dense=True, classes=["cs-pending"])
    if session.error.value:
        solara.Error(t("error", lang, msg=session.error.value), dense=True, classes=["cs-error"])
