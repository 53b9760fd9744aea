"""The live views of a tab's run: indicators, territory map, outcome charts, network panel, exports.

Each view reads `session.frame`, so it re-renders after every step, and builds its figure once
per frame and language. The page renders the selected view only, so a step redraws what is on
screen and nothing else, and `Plot` sends the browser only what changed in a figure.
"""

from __future__ import annotations

import logging
from html import escape

import ipyvuetify
import numpy as np
import plotly.graph_objects as go
import solara
import traitlets
from plotly.graph_objs import FigureWidget

from sim.dashboard import figures, kpi
from sim.dashboard.i18n import KPI_TEXT, output_help, output_label, plain, t
from sim.dashboard.state import one_line

log = logging.getLogger(__name__)
_CARD = {"min-width": "190px", "flex": "1 1 190px", "margin": "0"}
_NOTE = {"font-size": "13px", "color": "#444"}


def html(tag: str, body: str, style: dict | None = None, classes: list[str] | None = None):
    """Plain HTML for formatted text: solara.Markdown would make the browser load KaTeX from a CDN."""
    return solara.HTML(tag=tag, unsafe_innerHTML=body, style=style or {}, classes=classes or [])


def lead(label: str, text: str, lang: str) -> str:
    """'<b>label:</b> text', escaped, with the language's colon."""
    return f"<b>{escape(label)}{t('colon', lang)}</b> {escape(text)}"


@solara.component
def Indicators(session, lang: str):
    """Five numbers a policymaker asks about, each with one line saying what it means."""
    session.frame.value
    values = kpi.values(session.snapshot().timeseries)
    html("h4", escape(t("indicators", lang)), style={"margin": "8px 0 4px"})
    with solara.Row(style={"flex-wrap": "wrap"}, gap="10px", classes=["cs-kpis"]):
        for key in kpi.KPIS:
            label, unit, explanation = KPI_TEXT[key][lang]
            with solara.Card(margin=0, style=_CARD, classes=[f"cs-kpi-{key}"]):
                solara.Text(label, style={"font-weight": "600", "font-size": "14px"})
                with solara.Row(gap="6px", style={"align-items": "baseline"}):
                    solara.Text(kpi.number(values[key], lang), classes=["cs-kpi-value"],
                                style={"font-size": "26px", "font-weight": "700", "color": "#1f77b4"})
                    solara.Text(unit, style={"color": "#555"})
                solara.Text(explanation, style={"font-size": "12px", "color": "#555", "line-height": "1.3"})


class _ConfiguredFigure(FigureWidget):
    """A FigureWidget with our plotly config. The browser reads it once, when it first draws the figure, from
    the widget's first state; plotly sets a default config while the widget is built, so ours is merged in then."""

    def __init__(self, _config: dict, **kwargs):
        self._dashboard_config = _config
        super().__init__(_validate=False, **kwargs)  # figures come from sim.dashboard.figures, already sound

    @traitlets.validate("_config")
    def _merge_config(self, proposal):
        return proposal["value"] | self._dashboard_config

    @traitlets.observe("_js2py_traceDeltas")
    def _handler_js2py_traceDeltas(self, change):
        """plotly.js reports the defaults it filled in; plotly 7.1 fails to merge them where a trace holds an array
        (an uncaught error at every update), and the dashboard never reads them: only close the edit."""
        if change["new"] and change["new"]["trace_edit_id"] == self._last_trace_edit_id:
            self._trace_edit_in_process = False
            if not self._layout_edit_in_process:
                while self._waiting_edit_callbacks:
                    self._waiting_edit_callbacks.pop()()
        self._js2py_traceDeltas = None


class Figure:
    """A figure handed to a component. Compared by identity: reacton compares a component's arguments at every
    render, and comparing two plotly figures serialises both (half a second for the map)."""

    def __init__(self, fig: go.Figure):
        self.fig = fig


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f" and b.dtype.kind == "f"))
    try:
        return bool(a == b)
    except ValueError:  # containers holding arrays
        return False


def _changes(old: dict, new: dict) -> dict:
    """The top-level properties of `new` that differ from `old`: plotly redraws less when told less."""
    return {k: v for k, v in new.items() if k not in ("type", "uid") and not (k in old and _same(old[k], v))}


@solara.component
def Plot(figure: Figure, name: str):
    """solara.FigurePlotly with a plotly config: full width (`responsive`) and a PNG button that names the file."""
    config = {"responsive": True, "displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": f"clustersim-{name}", "scale": 2}}
    element = _ConfiguredFigure.element(_config=config)

    def update():
        widget, new = solara.get_widget(element), figure.fig
        if [(t.type, t.name) for t in widget.data] != [(t.type, t.name) for t in new.data]:
            widget.layout = new.layout  # first draw, or other traces: replace them all
            old = len(widget.data)
            widget.add_traces(new.data)
            widget.data = widget.data[old:]
            return
        with widget.batch_update():  # same traces: send only what changed, in one message, for one redraw
            for trace, values in zip(widget.data, new.data):
                trace.update(_changes(trace.to_plotly_json(), values.to_plotly_json()))
            widget.layout.update(_changes(widget.layout.to_plotly_json(), new.layout.to_plotly_json()))

    solara.use_effect(update, [figure])
    return element


class _Mounted(ipyvuetify.VuetifyTemplate):
    """Tells the server when the browser has shown it (`shown`), then fits the figure drawn next to it.

    Charts wait for it: the first page then appears without waiting for plotly.js (4.5 MB) to load
    and start, which took two seconds. And a plotly figure first drawn in a container not yet laid
    out falls back to 700 px wide; `responsive` figures fit their container again on a resize event,
    so one is sent as soon as the figure is drawn."""

    shown = traitlets.Bool(False).tag(sync=True)
    template = traitlets.Unicode("""<template><span></span></template>
<script>
module.exports = {mounted() {
  this.shown = true;
  let tries = 0;
  const fit = () => {
    const plot = this.$el.parentElement && this.$el.parentElement.querySelector(".js-plotly-plot");
    if (plot && plot._fullLayout) window.dispatchEvent(new Event("resize"));
    else if (tries++ < 150) setTimeout(fit, 100);
  };
  setTimeout(fit, 100);
}}
</script>""").tag(sync=True)


@solara.component
def Chart(figure: Figure, make, name: str, lang: str):
    """A figure with its modebar (PNG, drawn in the browser) and a self-contained HTML export that calls `make()`."""
    shown, set_shown = solara.use_state(False)
    _Mounted.element(shown=shown, on_shown=set_shown)
    if shown:
        Plot(figure, name)
    solara.FileDownload(lambda: make().to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False}),
                        filename=f"clustersim-{name}.html", label=t("export_chart", lang),
                        mime_type="text/html", icon_name="mdi-download")


LIVE_FIGURES = {
    "territory": lambda snap, lang: figures.territory(snap.agents, snap.ties, snap.side, snap.month, lang),
    "outcomes": lambda snap, lang: figures.outcomes(snap.timeseries, snap.month, lang),
    "network": lambda snap, lang: figures.network(snap.timeseries, snap.degrees, snap.month, lang),
}


@solara.component
def LiveChart(session, name: str, lang: str):
    """One of the current run's figures, rebuilt once per frame; the HTML export rebuilds it when clicked."""
    frame = session.frame.value

    def build() -> tuple[Figure | None, str]:
        try:
            return Figure(LIVE_FIGURES[name](session.snapshot(), lang)), ""
        except Exception as exc:  # a settings combination no view foresaw: a message, not a dead page
            log.exception("figure %s failed", name)
            return None, one_line(exc)

    figure, problem = solara.use_memo(build, [frame, lang])
    make = solara.use_memo(lambda: lambda: LIVE_FIGURES[name](session.snapshot(), lang), [lang])
    if problem:
        solara.Error(t("error", lang, msg=problem), dense=True)
    else:
        Chart(figure, make, name, lang)


@solara.component
def MapView(session, lang: str):
    session.frame.value
    solara.Text(t("map_note", lang, n=min(len(session.snapshot().ties), figures.MAP_TIES)), style=_NOTE)
    LiveChart(session, "territory", lang)


@solara.component
def ChartsView(session, lang: str):
    LiveChart(session, "outcomes", lang)
    Definitions(figures.CHART_OUTPUTS, lang)


@solara.component
def NetworkView(session, lang: str):
    solara.Text(t("network_note", lang, thr=plain(session.model.p["partner_trust_threshold"], lang)), style=_NOTE)
    LiveChart(session, "network", lang)


@solara.component
def Definitions(names: list[str], lang: str):
    items = "".join(f"<li>{lead(output_label(n, lang), output_help(n, lang), lang)}</li>" for n in names)
    html("ul", items, style=_NOTE)


@solara.component
def Exports(session, lang: str):
    """The current run's monthly outputs as CSV, built when clicked."""
    def csv() -> str:
        return session.snapshot().timeseries.rename_axis("month").to_csv()

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="8px"):
        solara.FileDownload(csv, filename="clustersim-timeseries.csv", label=t("export_csv", lang),
                            mime_type="text/csv", icon_name="mdi-download")
        solara.Text(t("export_hint", lang), style={"font-size": "12px", "color": "#555"})
