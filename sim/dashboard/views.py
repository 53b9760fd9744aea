"""The live views of a tab's run: indicators, territory map, outcome charts, network panel, exports.

Each view reads `session.frame`, so it re-renders after every step, and builds its figure once
per frame and language. The page renders the selected view only, so a step redraws what is on
screen and nothing else, and plotly.js redraws only what changed in a figure (`PlotlyChart`).
"""

from __future__ import annotations

import logging
from html import escape

import anywidget
import ipyvuetify
import plotly.graph_objects as go
import plotly.io as pio
import solara
import traitlets
from plotly.offline import get_plotlyjs

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


_DRAW = """
export default {
  render({ model, el }) {
    const Plotly = window.Plotly;
    const draw = () => {
      const { data, layout } = JSON.parse(model.get("figure"));
      Plotly.react(el, data, layout, model.get("config"));
    };
    model.on("change:figure", draw);
    draw();
    // a figure drawn before its container is laid out is 700 px wide: fit it once the container has its size
    const fit = new ResizeObserver(() => el._fullLayout && Plotly.Plots.resize(el));
    fit.observe(el);
    return () => { fit.disconnect(); model.off("change:figure", draw); Plotly.purge(el); };
  },
};
"""


class PlotlyChart(anywidget.AnyWidget):
    """A plotly figure drawn in the browser with `Plotly.react`, which redraws only what changed.

    Not plotly's FigureWidget: that one answers every update with the defaults plotly.js filled in,
    and plotly 7.1 fails to merge them where a trace holds an array (an uncaught error at every
    frame, plotly/plotly.py#4160). This one sends the figure as JSON and reads nothing back.
    plotly.js is the copy the plotly package ships (`get_plotlyjs`, also used by the HTML export),
    so the page stays offline."""

    _esm = get_plotlyjs() + _DRAW
    figure = traitlets.Unicode("{}").tag(sync=True)  # `plotly_json`
    config = traitlets.Dict().tag(sync=True)


def plotly_json(fig: go.Figure) -> str:
    """A figure as plotly.js reads it, numeric arrays base64-encoded. Unvalidated: `sim.dashboard.figures`
    builds them without validation for speed, and the tests validate them."""
    return pio.to_json(fig, validate=False)


@solara.component
def Plot(figure: str, name: str):
    """A figure (`plotly_json`) with our plotly config: full width (`responsive`), a PNG button that names the file."""
    config = {"responsive": True, "displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": f"clustersim-{name}", "scale": 2}}
    return PlotlyChart.element(figure=figure, config=config)


class _Mounted(ipyvuetify.VuetifyTemplate):
    """Tells the server when the browser has shown it (`shown`). Charts wait for it: the first page then
    appears without waiting for plotly.js (4.5 MB) to load and start, which took two seconds."""

    shown = traitlets.Bool(False).tag(sync=True)
    template = traitlets.Unicode("""<template><span></span></template>
<script>
module.exports = {mounted() { this.shown = true; }}
</script>""").tag(sync=True)


@solara.component
def Chart(figure: str, make, name: str, lang: str):
    """A figure (`plotly_json`) with its modebar (PNG, drawn in the browser) and a self-contained HTML export
    of the figure `make()` returns."""
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

    def build() -> tuple[str, str]:
        try:
            return plotly_json(LIVE_FIGURES[name](session.snapshot(), lang)), ""
        except Exception as exc:  # a settings combination no view foresaw: a message, not a dead page
            log.exception("figure %s failed", name)
            return "", one_line(exc)

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
    session.frame.value
    threshold = session.snapshot().params["partner_trust_threshold"]
    solara.Text(t("network_note", lang, thr=plain(threshold, lang)), style=_NOTE)
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
