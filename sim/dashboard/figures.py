"""The dashboard's plotly figures, built from plain tables (no Solara, so they can be tested and timed).

Every trace has a name: the page updates a figure in place when its traces keep their types and
names (`views.Plot`), and plotly.js would name unnamed traces itself.

Figures are written as plain dicts and wrapped without validation (`go.Figure(..., _validate=False)`):
plotly's validation took two thirds of a frame. Every figure's title names the month it shows,
which the page's tests and benchmark wait on. The map uses WebGL traces (`scattergl`), about
five times faster to draw than SVG at 1,000 actors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sim.dashboard.i18n import kind_label, output_label, t, unit
from sim.model.outputs import KINDS, OUTPUTS
from sim.reports.report import COLORS, ring_positions

MAP_TIES = 150  # strongest ties drawn on the map: enough to see the structure, cheap to send
CHART_OUTPUTS = ["innovations", "innovations_radical", "startups_alive", "mean_trust", "regional_wage",
                 "knowledge_mean", "talent_employed", "talent_available", "public_spending"]
COMPARE_OUTPUTS = ["innovations_total", "startups_alive", "cost_per_innovation", "mean_trust", "trust_density",
                   "giant_component", "knowledge_mean", "talent_employed", "public_spending_total"]
SIDES = {"a": ("rgb(31,119,180)", "rgba(31,119,180,0.18)"), "b": ("rgb(214,39,40)", "rgba(214,39,40,0.15)")}
LINE = "rgb(31,119,180)"
_TIE_STYLES = (("ties_local", "solid"), ("ties_remote", "dot"), ("ties_outside", "dash"))
_AXIS = dict(gridcolor="#e6e6e6", linecolor="#aaa", zeroline=False, ticks="outside", tickcolor="#ccc")


def _figure(data: list[dict], layout: dict, title: str, uirevision: str) -> go.Figure:
    base = dict(paper_bgcolor="white", plot_bgcolor="white", autosize=True, font=dict(size=12), hovermode="closest",
                title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), uirevision=uirevision)
    return go.Figure(dict(data=data, layout=base | layout), _validate=False)


def _grid(names: list[str], titles: list[str], cols: int, height: float, top: float) -> dict:
    """Layout of small multiples: axes xaxisN/yaxisN on a grid, one title annotation above each."""
    rows = -(-len(names) // cols)
    hgap, vgap = 0.07, 90 / height  # vertical gap: about 90 px, room for ticks and the next title
    width, tall = (1 - hgap * (cols - 1)) / cols, (1 - vgap * (rows - 1)) / rows
    layout, notes = {}, []
    for i, title in enumerate(titles):
        r, c = divmod(i, cols)
        x0, y1 = c * (width + hgap), 1 - r * (tall + vgap)
        suffix = "" if i == 0 else str(i + 1)
        layout[f"xaxis{suffix}"] = _AXIS | dict(domain=[x0, x0 + width], anchor=f"y{suffix}")
        layout[f"yaxis{suffix}"] = _AXIS | dict(domain=[y1 - tall, y1], anchor=f"x{suffix}")
        notes.append(dict(text=title, x=x0 + width / 2, y=y1, xref="paper", yref="paper", xanchor="center",
                          yanchor="bottom", yshift=4, showarrow=False, font=dict(size=12)))
    return layout | dict(annotations=notes, height=height, margin=dict(l=50, r=20, t=top, b=40))


def _axes(i: int) -> dict:
    suffix = "" if i == 0 else str(i + 1)
    return dict(xaxis=f"x{suffix}", yaxis=f"y{suffix}")


def _titles(names: list[str], lang: str) -> list[str]:
    return [f"{output_label(n, lang)} ({unit(OUTPUTS[n].unit, lang)})" for n in names]


def territory(agents: pd.DataFrame, ties: pd.DataFrame, side: float, month: int, lang: str) -> go.Figure:
    """Actors by kind and size, the strongest trust ties, outside partners on a ring around the square."""
    centre, radius = side / 2, side * 0.8
    remote = agents["remote"].to_numpy(bool)
    agents = pd.concat([agents[~remote], ring_positions(agents[remote], centre, radius)])
    staff = agents["staff"].clip(lower=0).to_numpy()
    size = 5 + 20 * np.sqrt(staff / staff.max(initial=1))
    hover = t("hover_agent", lang)
    data = []
    for kind in KINDS:
        sel = (agents["kind"] == kind).to_numpy()
        if sel.any():
            a = agents[sel]
            data.append(dict(type="scattergl", x=a["x"].to_numpy(), y=a["y"].to_numpy(), mode="markers",
                             name=kind_label(kind, lang), marker=dict(size=size[sel], color=COLORS[kind], opacity=0.65),
                             customdata=a[["staff", "capital", "innovations"]].fillna(0).to_numpy(),
                             hovertemplate=f"<b>{kind_label(kind, lang)}</b><br>{hover}<extra></extra>"))
    data += _ties(agents, ties.head(MAP_TIES), lang)
    shapes = [dict(type="rect", x0=0, y0=0, x1=side, y1=side, line=dict(color="#888"))]
    notes = [dict(x=centre, y=side, text=t("territory_box", lang, s=side), showarrow=False, yshift=10)]
    if remote.any():
        shapes.append(dict(type="circle", x0=centre - radius, y0=centre - radius, x1=centre + radius,
                           y1=centre + radius, line=dict(color="#bbb", dash="dot")))
        notes.append(dict(x=centre, y=centre + radius, text=t("outside_world", lang), showarrow=False, yshift=12))
    extent = [centre - radius * 1.1, centre + radius * 1.1]
    layout = dict(height=720, margin=dict(l=40, r=10, t=50, b=40), legend=dict(itemsizing="constant"),
                  shapes=shapes, annotations=notes, xaxis=dict(range=extent, title=dict(text="km"), showgrid=False,
                                                               zeroline=False),
                  yaxis=dict(range=extent, scaleanchor="x", showgrid=False, zeroline=False))
    return _figure(data, layout, t("map_title", lang, m=month), "map")


def _ties(agents: pd.DataFrame, ties: pd.DataFrame, lang: str) -> list[dict]:
    """One line trace per tie style, segments separated by gaps; outside partners' ends on the ring."""
    pos = agents.set_index("id")[["x", "y"]]
    outside = set(agents.loc[agents["remote"].astype(bool), "id"])
    ends = [pos.reindex(ties[c]).to_numpy() for c in ("a", "b")]
    for i, col in enumerate(("a", "b")):  # an end not among the agents keeps the tie's own position
        missing = np.isnan(ends[i][:, 0])
        ends[i][missing] = ties[[f"x{col}", f"y{col}"]].to_numpy()[missing]
    style = np.select([ties["a"].isin(outside) | ties["b"].isin(outside), ties["remote"].astype(bool)],
                      ["ties_outside", "ties_remote"], "ties_local")
    traces = []
    for key, dash in _TIE_STYLES:
        sel = style == key
        if sel.any():
            xy = np.stack([ends[0][sel], ends[1][sel], np.full((sel.sum(), 2), np.nan)], axis=1).reshape(-1, 2)
            traces.append(dict(type="scattergl", x=xy[:, 0], y=xy[:, 1], mode="lines", hoverinfo="skip",
                               name=t(key, lang), line=dict(color="rgba(20,20,20,0.7)", width=1.5, dash=dash)))
    return traces


def outcomes(ts: pd.DataFrame, month: int, lang: str) -> go.Figure:
    """Small multiples of the main outcomes of the current run, month by month."""
    steps = ts.index.to_numpy()
    data = [dict(type="scattergl", x=steps, y=ts[n].to_numpy(), mode="lines", line=dict(color=LINE, width=2),
                 name=output_label(n, lang), showlegend=False, hovertemplate=f"{t('month_axis', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>",
                 **_axes(i)) for i, n in enumerate(CHART_OUTPUTS)]
    layout = _grid(CHART_OUTPUTS, _titles(CHART_OUTPUTS, lang), cols=3, height=780, top=80)
    # time axes that move every five years, not every month, redraw faster; a run of whole five-year spans
    # (a lesson's 120 months) ends at the right edge
    months = [0, 60 * max(1, -(-month // 60))]
    for i in range(len(CHART_OUTPUTS)):
        layout["xaxis" + ("" if i == 0 else str(i + 1))]["range"] = months
    return _figure(data, layout, t("charts_title", lang, m=month), "charts")


def network(ts: pd.DataFrame, degrees: np.ndarray, month: int, lang: str) -> go.Figure:
    """Degree distribution of the strong-trust network now, and its clustering and giant component over time."""
    counts = np.bincount(degrees) if len(degrees) else np.zeros(1, int)
    data = [dict(type="bar", x=np.arange(len(counts)), y=counts, marker=dict(color="rgb(44,160,44)"),
                 name=t("degree_panel", lang), showlegend=False,
                 hovertemplate=f"%{{x}}: %{{y}} {t('actors_axis', lang)}<extra></extra>", **_axes(0))]
    data += [dict(type="scatter", x=ts.index.to_numpy(), y=ts[n].to_numpy(), mode="lines", name=output_label(n, lang),
                  line=dict(color=color, width=2), **_axes(1))
             for n, color in (("clustering", "rgb(148,103,189)"), ("giant_component", "rgb(255,127,14)"))]
    layout = _grid(["degree", "structure"], [t("degree_panel", lang), t("structure_panel", lang)], cols=2,
                   height=440, top=80)
    layout["xaxis"]["title"] = dict(text=t("degree_axis", lang))
    layout["yaxis"]["title"] = dict(text=t("actors_axis", lang))
    layout["xaxis2"]["title"] = dict(text=t("month_axis", lang))
    layout["yaxis2"]["range"] = [0, 1.02]
    layout["legend"] = dict(orientation="h", x=0.54, y=-0.25)
    layout["margin"]["b"] = 90
    return _figure(data, layout, t("network_title", lang, m=month), "network")


def compare(runs: dict[str, pd.DataFrame], labels: dict[str, str], lang: str) -> go.Figure:
    """Mean line and min-max band across seeds, per outcome, for sides A and B (`runs` keyed "a", "b")."""
    data = []
    for side, ts in runs.items():
        line, band = SIDES[side]
        stats = ts.groupby("step")[COMPARE_OUTPUTS].agg(["mean", "min", "max"])
        steps = stats.index.to_numpy()
        for i, name in enumerate(COMPARE_OUTPUTS):
            common = dict(type="scatter", x=steps, mode="lines", legendgroup=side, **_axes(i))
            data += [
                common | dict(y=stats[(name, "min")].to_numpy(), line=dict(width=0), hoverinfo="skip",
                              showlegend=False),
                common | dict(y=stats[(name, "max")].to_numpy(), line=dict(width=0), fill="tonexty", fillcolor=band,
                              hoverinfo="skip", showlegend=False),
                common | dict(y=stats[(name, "mean")].to_numpy(), line=dict(color=line, width=2), showlegend=i == 0,
                              name=f"{side.upper()}{t('colon', lang)} {labels[side]}",
                              hovertemplate=f"{side.upper()} · {t('month_axis', lang)} %{{x}}<br>"
                                            f"{t('mean', lang)} %{{y:.4g}}<extra></extra>"),
            ]
    height, top, bottom = 880, 130, 40
    layout = _grid(COMPARE_OUTPUTS, _titles(COMPARE_OUTPUTS, lang), cols=3, height=height, top=top)
    layout["legend"] = dict(orientation="h", x=0, y=1 + 32 / (height - top - bottom), yanchor="bottom")
    return _figure(data, layout, t("compare_title", lang, a=labels["a"], b=labels["b"]), "compare")
