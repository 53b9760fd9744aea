"""The HTML report of a run: one self-contained file, plotly.js inline once, so it opens offline.

Sections: header, summary of final values, outcome charts (mean line and min-max band across
seeds), the territory map of the first replicate, and the parameter table.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from sim.model.outputs import KIND_LABELS, KINDS, OUTPUTS
from sim.model.schema import GROUPS, PARAMS
from sim.runs.results import code_label, fmt

# Chart sections, in reading order; outputs not listed here land in "Other".
SECTIONS = {
    "Innovation": ["innovations", "innovations_incremental", "innovations_radical", "innovations_total",
                   "collaborative_share", "projects_launched", "projects_active", "platform_refused", "ip_conflicts"],
    "Network and trust": ["mean_trust", "trust_density", "clustering", "giant_component", "remote_collab_share"],
    "Knowledge": ["knowledge_mean", "knowledge_dispersion", "knowledge_diversity", "tacit_share", "frontier"],
    "Talent": ["talent_employed", "talent_available", "vacancies", "regional_wage", "talent_skill", "migration",
               "job_moves"],
    "Public money": ["public_spending", "public_spending_total", "cost_per_innovation"],
    "Economy": ["capital_total", "capital_gini"],
    "Population": [*(f"agents_{k}" for k in KINDS), "births", "deaths", "startups_alive", "spatial_concentration"],
}
COLORS = dict(zip(KINDS, qualitative.D3))
_BAND, _LINE = "rgba(31,119,180,0.18)", "rgb(31,119,180)"
# Line style of a trust tie on the map, by what the tie is.
_TIE_STYLES = {"solid": "local ties, face to face", "dot": "local ties kept up at a distance",
               "dash": "ties with outside partners"}

CSS = """
body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1280px;color:#222;padding:0 16px}
h1{margin-bottom:4px} h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
.meta{color:#555} table{border-collapse:collapse;font-size:14px}
td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left} td.num{text-align:right}
tr.group th{background:#f3f3f3} tr.changed td{background:#fff3c4;font-weight:600}
.defs{font-size:13px;color:#444;columns:2;margin-top:0} .note{font-size:13px;color:#555}
"""


def write(path: Path, scenario, metadata: dict, summary: pd.DataFrame,
          timeseries: pd.DataFrame, agents: pd.DataFrame, ties: pd.DataFrame) -> None:
    """Write the report of one run (all replicates) to `path`."""
    figures = [_section(name, names, timeseries) for name, names in _sections(timeseries)]
    first = agents["replicate"].min()
    first_ties = ties[ties["replicate"] == first]
    map_fig = _territory(agents[agents["replicate"] == first], first_ties, scenario.params["territory_km"])
    body = [_header(scenario, metadata), "<h2>Final values</h2>", _summary_table(summary, metadata)]
    include_js = True
    for title, fig, defs in figures:
        body += [f"<h2>{html.escape(title)}</h2>", to_div(fig, include_js), defs]
        include_js = False
    body += ["<h2>Territory at the end (first replicate)</h2>",
             f'<p class="note">Markers: actors by kind, sized by staff. Lines, drawn over the markers: the '
             f"{len(first_ties)} strongest trust ties (line styles in the legend). Outside partners sit "
             "on the ring around the territory; their place on the ring is not a distance.</p>",
             to_div(map_fig, include_js), "<h2>Parameters</h2>", _param_table(scenario.params)]
    path.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(scenario.title)}</title>'
        f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n", encoding="utf-8")


def to_div(fig: go.Figure, include_js: bool) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=include_js, config={"displaylogo": False})


def _sections(timeseries: pd.DataFrame):
    listed = {n for names in SECTIONS.values() for n in names}
    other = [n for n in OUTPUTS if n not in listed]
    for name, names in [*SECTIONS.items(), ("Other", other)]:
        present = [n for n in names if n in timeseries]
        if present:
            yield name, present


def _header(scenario, meta: dict) -> str:
    seeds = ", ".join(str(s) for s in meta["seeds"])
    return (f"<h1>{html.escape(scenario.title)}</h1><p>{html.escape(scenario.description)}</p>"
            f'<p class="meta">Scenario <b>{html.escape(scenario.name)}</b> · {meta["steps"]} months '
            f'({meta["steps"] / 12:.1f} years) · {len(meta["seeds"])} replicates, seeds {seeds} '
            f'(root seed {meta["root_seed"]}) · run on {meta["started"][:16].replace("T", " ")} '
            f'in {meta["wall_time_s"]:.1f} s · {html.escape(code_label(meta))}</p>')


def _summary_table(summary: pd.DataFrame, meta: dict) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{html.escape(r.unit)}</td><td class=num>{fmt(r.mean)}</td>"
        f"<td class=num>{fmt(r.sd)}</td><td class=num>{fmt(r.min)} – {fmt(r.max)}</td></tr>"
        for r in summary.itertuples())
    return (f'<p class="note">Value at month {meta["steps"]}, across {len(meta["seeds"])} replicates '
            "(sd: sample standard deviation).</p><table><tr><th>Output</th><th>Unit</th><th>Mean</th>"
            f"<th>SD</th><th>Min – max</th></tr>{rows}</table>")


def _section(title: str, names: list[str], timeseries: pd.DataFrame):
    """One figure of small charts: mean across seeds as a line, min-max across seeds as a band."""
    stats = timeseries.groupby("step")[names].agg(["mean", "min", "max"])
    steps = stats.index.to_numpy()
    cols = 3
    rows = math.ceil(len(names) / cols)
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=0.3 / rows,
                        subplot_titles=[f"{OUTPUTS[n].label} ({OUTPUTS[n].unit})" for n in names])
    for i, n in enumerate(names):
        r, c = i // cols + 1, i % cols + 1
        lo, hi, mean = stats[(n, "min")], stats[(n, "max")], stats[(n, "mean")]
        fig.add_scatter(x=steps, y=lo, mode="lines", line_width=0, hoverinfo="skip", showlegend=False, row=r, col=c)
        fig.add_scatter(x=steps, y=hi, mode="lines", line_width=0, fill="tonexty", fillcolor=_BAND,
                        hoverinfo="skip", name="min–max across seeds", showlegend=i == 0, row=r, col=c)
        fig.add_scatter(x=steps, y=mean, mode="lines", line=dict(color=_LINE, width=2), name="mean across seeds",
                        showlegend=i == 0, row=r, col=c, hovertemplate=f"month %{{x}}<br>mean %{{y:.4g}}<extra>{n}</extra>")
    fig.update_xaxes(title_text="month", title_standoff=2, title_font_size=11)
    fig.update_annotations(font_size=13)
    fig.update_layout(height=80 + 220 * rows, margin=dict(l=50, r=20, t=60, b=40),
                      legend=dict(orientation="h", y=1 + 30 / (80 + 220 * rows), x=0, yanchor="bottom"),
                      template="plotly_white")
    defs = "".join(f"<li><b>{html.escape(OUTPUTS[n].label)}</b> ({html.escape(OUTPUTS[n].unit)}): "
                   f"{html.escape(OUTPUTS[n].description)}</li>" for n in names)
    return title, fig, f'<ul class="defs">{defs}</ul>'


def ring_positions(remote: pd.DataFrame, centre: float, radius: float) -> pd.DataFrame:
    """Outside partners spread evenly on a ring, in the order of their bearing from the centre."""
    order = np.argsort(np.arctan2(remote["y"] - centre, remote["x"] - centre).to_numpy(), kind="stable")
    angle = np.empty(len(remote))
    angle[order] = 2 * np.pi * np.arange(len(remote)) / max(len(remote), 1)
    return remote.assign(x=centre + radius * np.cos(angle), y=centre + radius * np.sin(angle))


def _territory(agents: pd.DataFrame, ties: pd.DataFrame, side: float) -> go.Figure:
    centre, radius = side / 2, side * 0.8
    remote = agents["remote"].astype(bool)
    agents = pd.concat([agents[~remote], ring_positions(agents[remote], centre, radius)])
    pos = agents.set_index("id")[["x", "y"]]
    fig = go.Figure()
    fig.add_shape(type="rect", x0=0, y0=0, x1=side, y1=side, line=dict(color="#888"))
    if remote.any():
        fig.add_shape(type="circle", x0=centre - radius, y0=centre - radius, x1=centre + radius, y1=centre + radius,
                      line=dict(color="#bbb", dash="dot"))
        fig.add_annotation(x=centre, y=centre + radius, text="outside world", showarrow=False, yshift=12)
    fig.add_annotation(x=centre, y=side, text=f"territory, {side:g} km × {side:g} km", showarrow=False, yshift=10)
    size = 5 + 20 * np.sqrt(agents["staff"].clip(lower=0) / max(agents["staff"].max(), 1))
    for kind in KINDS:
        sel = agents["kind"] == kind
        if sel.any():
            a = agents[sel]
            fig.add_scatter(x=a["x"], y=a["y"], mode="markers", name=KIND_LABELS[kind],
                            marker=dict(size=size[sel], color=COLORS[kind], opacity=0.6, line_width=0),
                            customdata=a[["id", "staff", "capital", "innovations", "age"]],
                            hovertemplate=f"{KIND_LABELS[kind]} %{{customdata[0]}}<br>staff %{{customdata[1]:.0f}}"
                            "<br>capital %{customdata[2]:,.0f} k€<br>innovations %{customdata[3]}"
                            "<br>age %{customdata[4]} months<extra></extra>")
    outside = set(agents.loc[agents["remote"].astype(bool), "id"])
    style = np.select([ties["a"].isin(outside) | ties["b"].isin(outside), ties["remote"].astype(bool)],
                      ["dash", "dot"], "solid")
    for dash, name in _TIE_STYLES.items():
        xs, ys = [], []
        for t in ties[style == dash].itertuples():
            (xa, ya), (xb, yb) = _end(pos, t.a, t.xa, t.ya), _end(pos, t.b, t.xb, t.yb)
            xs += [xa, xb, None]
            ys += [ya, yb, None]
        if xs:
            fig.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", name=name,
                            line=dict(color="rgba(20,20,20,0.6)", width=1.2, dash=dash))
    extent = [centre - radius * 1.1, centre + radius * 1.1]
    fig.update_xaxes(range=extent, title_text="km", showgrid=False, zeroline=False)
    fig.update_yaxes(range=extent, scaleanchor="x", showgrid=False, zeroline=False)
    fig.update_layout(height=800, template="plotly_white", margin=dict(l=40, r=20, t=30, b=40),
                      legend_itemsizing="constant")
    return fig


def _end(pos: pd.DataFrame, agent_id, x, y) -> tuple[float, float]:
    """A tie end's drawn position: the agent's (ring position for outside partners), else the tie's own."""
    return tuple(pos.loc[agent_id]) if agent_id in pos.index else (x, y)


def _param_table(params: dict) -> str:
    rows = []
    changed = sum(params[n] != p.default for n, p in PARAMS.items())
    for group in GROUPS:
        rows.append(f'<tr class="group"><th colspan=5>{group}</th></tr>')
        for p in (p for p in PARAMS.values() if p.group == group):
            cls = ' class="changed"' if params[p.name] != p.default else ""
            rows.append(f"<tr{cls}><td>{p.name}</td>"
                        f"<td class=num>{params[p.name]}</td><td class=num>{p.default}</td>"
                        f"<td>{html.escape(p.unit)}</td><td>{html.escape(p.description)}</td></tr>")
    return (f'<p class="note">{changed} parameter(s) differ from the defaults (highlighted).</p>'
            "<table><tr><th>Name</th><th>Value</th><th>Default</th><th>Unit</th><th>Description</th></tr>"
            f"{''.join(rows)}</table>")
