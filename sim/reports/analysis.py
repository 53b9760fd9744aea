"""The analysis of a sweep folder: one self-contained HTML report and the CSV tables behind it.

Runs are saved once by `sim.runs.sweep` and analysed here as often as wanted, as the EMA workbench
separates experiments from their analysis. What the report shows follows the design:

    grid    per point: mean and a 95% t confidence interval over replicates; for each outcome a
            heatmap per pair of axes and lines against each axis; mean time series if kept
    sobol   first-order and total Sobol indices (SALib) of the per-point means
    morris  Morris screening (mu*, sigma; SALib) of the per-point means
    lhs     scatter of per-point means against each parameter, Spearman rank correlations

Every report opens with the design and the runs that failed or are still missing; an unfinished
sweep is analysed with the runs it has. `tables/` holds every number drawn, as CSV.
"""

from __future__ import annotations

import html
import itertools
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots
from scipy import stats

from sim.model.outputs import OUTPUTS
from sim.model.schema import PARAMS
from sim.reports.report import CSS, to_div
from sim.runs.results import code_label, fmt
from sim.runs.sweep import write_atomic, load_results, run_id

LEVEL = 0.95  # of every confidence interval
STATS = ["mean", "sd", "n", "se", "ci_low", "ci_high"]
CSS_EXTRA = "h3{margin:22px 0 0} .warn{background:#fff3c4;padding:6px 10px} td.err{font-family:monospace}"


def analyze(folder: Path) -> Path:
    """Write `folder/report.html` and `folder/tables/*.csv`; return the report's path."""
    folder = Path(folder)
    meta, final, series, errors = load_results(folder)
    runs = _final_values(meta, final, series)
    tables = folder / "tables"
    tables.mkdir(exist_ok=True)
    blocks = [_header(meta), _design_table(meta), _run_status(meta, runs, errors)]
    if runs.empty:
        blocks.append('<p class="warn">No run has finished yet: nothing to analyse.</p>')
    else:
        point_table(meta, runs).to_csv(tables / "points.csv", index=False)
        blocks += _ANALYSES[meta["kind"]](meta, runs, series, tables)
    blocks.append(_provenance(meta))
    path = folder / "report.html"
    write_atomic(path, lambda p: p.write_text(_page(meta["title"], blocks), encoding="utf-8"))
    return path


# ---------------------------------------------------------------- statistics


def summarise(runs: pd.DataFrame, by: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Per group of runs and outcome: mean, sd, n, standard error and 95% t interval, in long form.

    Values that are not finite (a cost per innovation with no innovation) are left out, so `n`
    counts the runs that define the outcome.
    """
    long = runs.melt(id_vars=by, value_vars=outcomes, var_name="outcome")
    long = long[np.isfinite(long["value"].astype(float))]
    out = long.groupby(["outcome", *by])["value"].agg(mean="mean", sd="std", n="count").reset_index()
    out["se"] = out["sd"] / np.sqrt(out["n"])
    with np.errstate(invalid="ignore"):
        half = stats.t.ppf(0.5 + LEVEL / 2, out["n"] - 1) * out["se"]
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out["outcome"] = pd.Categorical(out["outcome"], categories=outcomes, ordered=True)
    return out.sort_values(["outcome", *by], ignore_index=True)


def point_table(meta: dict, runs: pd.DataFrame) -> pd.DataFrame:
    """`summarise` per point, every point and outcome listed (n = 0 where no run has finished)."""
    points = _points(meta)
    full = pd.MultiIndex.from_product([meta["outcomes"], points["point"]], names=["outcome", "point"])
    found = summarise(runs, ["point"], meta["outcomes"]).astype({"outcome": str})
    out = full.to_frame(index=False).merge(found, on=["outcome", "point"], how="left").merge(points, on="point")
    out["n"] = out["n"].fillna(0).astype(int)
    return out[["point", *points.columns[1:], "outcome", *STATS]]


def point_means(meta: dict, runs: pd.DataFrame) -> pd.DataFrame:
    """Mean of each outcome over replicates, one row per point in sample order (NaN where none finished)."""
    means = runs.groupby("point")[meta["outcomes"]].mean()
    return means.reindex(pd.Index(sorted(p["point"] for p in meta["points"]), name="point"))


def _points(meta: dict) -> pd.DataFrame:
    """Point number, axis values and, for linked axes, the parameter values they set."""
    rows = [{"point": p["point"], **p["axes"], **{k: v for k, v in p["params"].items() if k not in p["axes"]}}
            for p in meta["points"]]
    return pd.DataFrame(rows).sort_values("point", ignore_index=True)


def _final_values(meta: dict, final: pd.DataFrame | None, series: pd.DataFrame | None) -> pd.DataFrame:
    """One row per finished run; taken from the last month of the time series when only that was kept."""
    if final is not None:
        return final
    axes = [a["name"] for a in meta["axes"]]
    columns = ["run", "point", "replicate", "seed", *axes, *meta["outcomes"]]
    if series is None:
        return pd.DataFrame(columns=columns)
    last = series.loc[series.groupby("run")["step"].idxmax()]
    return last.merge(_points(meta)[["point", *axes]], on="point")[columns].reset_index(drop=True)


def _missing(meta: dict, runs: pd.DataFrame, errors: pd.DataFrame) -> list[str]:
    planned = [run_id(p["point"], r) for p in meta["points"] for r in range(meta["replicates"])]
    done = set(runs["run"]) | set(errors["run"])
    return [r for r in planned if r not in done]


# ---------------------------------------------------------------- labels


def _axis(meta: dict, name: str) -> dict:
    return next(a["params"] for a in meta["axes"] if a["name"] == name)


def _linked(meta: dict, name: str) -> bool:
    """A grid axis that sets several parameters together; its values are level numbers."""
    return list(_axis(meta, name)) != [name]


def axis_title(meta: dict, name: str) -> str:
    """A parameter with its unit, or a linked axis with the range of each parameter it sets."""
    if not _linked(meta, name):
        return f"{name} ({PARAMS[name].unit})"
    ranges = ", ".join(f"{p} {min(v):g}–{max(v):g}" for p, v in _axis(meta, name).items())
    return f"{name} level<br>({ranges})"


def axis_values(meta: dict, name: str) -> list:
    """The values of a grid axis: parameter values, or level numbers of a linked axis."""
    params = _axis(meta, name)
    return list(range(len(next(iter(params.values()))))) if _linked(meta, name) else sorted(params[name])


def _short(meta: dict, name: str) -> str:
    """An axis name with its unit, short enough for a legend title."""
    return f"{name} level" if _linked(meta, name) else f"{name} ({PARAMS[name].unit})"


def _tick(meta: dict, name: str, value) -> str:
    return str(int(value)) if _linked(meta, name) else f"{value:g}"


def _value_text(meta: dict, name: str, value) -> str:
    """An axis value for hover text; a linked axis level with the parameter values it sets."""
    if not _linked(meta, name):
        return f"{name} = {value:g}"
    return f"{name} level {value} (" + ", ".join(f"{p} {v[int(value)]:g}" for p, v in _axis(meta, name).items()) + ")"


def _outcome_title(name: str) -> str:
    return f"{OUTPUTS[name].label} ({OUTPUTS[name].unit})"


def _outcome_note(name: str) -> str:
    return f'<p class="note"><b>{html.escape(name)}</b>: {html.escape(OUTPUTS[name].description)}</p>'


def _colors(k: int, alpha: float | None = None) -> list[str]:
    """`k` colours in order along Viridis (ordered levels read as ordered), optionally translucent."""
    cols = sample_colorscale("Viridis", list(np.linspace(0, 0.8, k)) if k > 1 else [0.0])
    return [c.replace("rgb(", "rgba(").replace(")", f",{alpha})") for c in cols] if alpha else cols


def _averaged(meta: dict, keep: list[str]) -> str:
    other = [a["name"] for a in meta["axes"] if a["name"] not in keep]
    return f"mean over {meta['replicates']} replicates" + (f" and over {', '.join(other)}" if other else "")


# ---------------------------------------------------------------- grid


def _grid(meta: dict, runs: pd.DataFrame, series, tables: Path) -> list:
    axes, outcomes = [a["name"] for a in meta["axes"]], meta["outcomes"]
    pairs = list(itertools.combinations(axes, 2))
    heat = None
    if pairs:
        heat = pd.concat([summarise(runs, [a, b], outcomes).rename(columns={a: "value_a", b: "value_b"})
                          .assign(axis_a=a, axis_b=b) for a, b in pairs], ignore_index=True)
        heat = heat[["outcome", "axis_a", "value_a", "axis_b", "value_b", *STATS]]
        heat.to_csv(tables / "heatmaps.csv", index=False)
    # lines against each axis, one per value of the next axis (the others averaged over)
    specs = [(x, axes[(i + 1) % len(axes)] if len(axes) > 1 else None) for i, x in enumerate(axes)]
    lines = pd.concat([summarise(runs, [x, s] if s else [x], outcomes)
                       .rename(columns={x: "value", s: "series_value"}).assign(axis=x, series_axis=s)
                       for x, s in specs], ignore_index=True)
    lines = lines.reindex(columns=["outcome", "axis", "value", "series_axis", "series_value", *STATS])
    lines.to_csv(tables / "lines.csv", index=False)

    links = " · ".join(f'<a href="#{o}">{html.escape(OUTPUTS[o].label)}</a>' for o in outcomes)
    heatmaps = ("heatmaps of its mean over runs for every pair of axes (darker is lower, the mean written in "
                "each cell), then ") if pairs else ""
    blocks = [f'<h2>Outcomes</h2><p class="note">Each outcome: {heatmaps}its mean against each axis with a 95% '
              "confidence band (t interval over the runs averaged). Hover a cell or point for its confidence "
              "interval and number of runs. All points share the replicate seeds, so a difference between two "
              "points is usually known more precisely than their separate intervals suggest.</p>"
              f'<p class="note">Outcomes: {links}</p>']
    for o in outcomes:
        figure = _outcome_figure(meta, o, None if heat is None else heat[heat["outcome"] == o],
                                 lines[lines["outcome"] == o], pairs, specs)
        blocks += [f'<h3 id="{o}">{html.escape(_outcome_title(o))}</h3>', _outcome_note(o), figure]
    if series is not None:
        blocks += _timeseries(meta, series, axes[0], tables)
    return blocks


def _outcome_figure(meta: dict, outcome: str, heat: pd.DataFrame | None, lines: pd.DataFrame,
                    pairs: list, specs: list) -> go.Figure:
    """Heatmaps for every pair of axes, then lines against every axis, three panels a row."""
    panels = [("heat", a, b) for a, b in pairs] + [("line", x, s) for x, s in specs]
    cols = min(3, len(panels))
    rows = -(-len(panels) // cols)
    row_px, gap_px, top, bottom = 300, 160, 40, 110
    plot_px = rows * row_px + (rows - 1) * gap_px
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.09,
                        vertical_spacing=gap_px / plot_px if rows > 1 else 0,
                        subplot_titles=[_averaged(meta, [a, b]) for _, a, b in panels])
    for k, (what, a, b) in enumerate(panels):
        r, c = k // cols + 1, k % cols + 1
        if what == "heat":
            _add_heatmap(fig, meta, heat[(heat["axis_a"] == a) & (heat["axis_b"] == b)], a, b, r, c)
            continue
        legend = f"legend{k - len(pairs) + 1}" if k > len(pairs) else "legend"
        _add_lines(fig, meta, lines[lines["axis"] == a], a, b, r, c, legend)
        fig.update_yaxes(title_text=OUTPUTS[outcome].unit, row=r, col=c)
        if b:  # a legend under each panel: each panel draws its lines by another axis
            panel = fig.get_subplot(r, c)
            fig.update_layout({legend: dict(title_text=_short(meta, b), orientation="h", x=panel.xaxis.domain[0],
                                            y=panel.yaxis.domain[0] - 70 / plot_px, xanchor="left", yanchor="top",
                                            font_size=11, traceorder="normal")})
    fig.update_layout(height=top + plot_px + bottom, margin=dict(l=70, r=20, t=top, b=bottom),
                      template="plotly_white", coloraxis=dict(colorscale="Viridis", showscale=False))
    fig.update_xaxes(title_font_size=11, title_standoff=4)
    fig.update_yaxes(title_font_size=11, title_standoff=4)
    fig.update_annotations(font_size=12)
    return fig


def _add_heatmap(fig: go.Figure, meta: dict, cells: pd.DataFrame, a: str, b: str, row: int, col: int) -> None:
    """Mean of each cell written in it; hover gives its 95% CI and number of runs."""
    xs, ys = axis_values(meta, a), axis_values(meta, b)
    grid = cells.set_index(["value_b", "value_a"]).reindex(pd.MultiIndex.from_product([ys, xs]))
    shape = (len(ys), len(xs))
    hover = [f"{_value_text(meta, a, x)}<br>{_value_text(meta, b, y)}<br>mean {fmt(r.mean)}"
             f"<br>95% CI {fmt(r.ci_low)} – {fmt(r.ci_high)}<br>{0 if pd.isna(r.n) else int(r.n)} runs"
             for (y, x), r in zip(grid.index, grid.itertuples())]
    fig.add_heatmap(x=[_tick(meta, a, x) for x in xs], y=[_tick(meta, b, y) for y in ys],
                    z=grid["mean"].to_numpy().reshape(shape), coloraxis="coloraxis",
                    text=np.array([fmt(v) for v in grid["mean"]]).reshape(shape), texttemplate="%{text}",
                    hovertext=np.array(hover).reshape(shape), hovertemplate="%{hovertext}<extra></extra>",
                    row=row, col=col)
    fig.update_xaxes(title_text=axis_title(meta, a), type="category", row=row, col=col)
    fig.update_yaxes(title_text=axis_title(meta, b), type="category", row=row, col=col)


def _add_lines(fig: go.Figure, meta: dict, part: pd.DataFrame, x: str, s: str | None,
               row: int, col: int, legend: str) -> None:
    """Mean against axis `x` with a 95% band, one line per value of axis `s`."""
    groups = list(part.groupby("series_value")) if s else [(None, part)]
    for (value, g), line, band in zip(groups, _colors(len(groups)), _colors(len(groups), 0.15)):
        fig.add_scatter(x=g["value"], y=g["ci_low"], mode="lines", line_width=0, hoverinfo="skip",
                        showlegend=False, legend=legend, row=row, col=col)
        fig.add_scatter(x=g["value"], y=g["ci_high"], mode="lines", line_width=0, fill="tonexty", fillcolor=band,
                        hoverinfo="skip", showlegend=False, legend=legend, row=row, col=col)
        hover = [f"{_value_text(meta, x, v)}<br>" + (f"{_value_text(meta, s, value)}<br>" if s else "")
                 + f"mean {fmt(r.mean)}<br>95% CI {fmt(r.ci_low)} – {fmt(r.ci_high)}<br>{r.n} runs"
                 for v, r in zip(g["value"], g.itertuples())]
        fig.add_scatter(x=g["value"], y=g["mean"], mode="lines+markers", line_color=line, legend=legend,
                        name=_tick(meta, s, value) if s else "mean", showlegend=bool(s),
                        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", row=row, col=col)
    ticks = dict(tickmode="array", tickvals=axis_values(meta, x)) if _linked(meta, x) else {}
    fig.update_xaxes(title_text=axis_title(meta, x), row=row, col=col, **ticks)


def _timeseries(meta: dict, series: pd.DataFrame, axis: str, tables: Path) -> list:
    """Mean time series of every outcome per value of the first axis, with a 95% band."""
    table = summarise(series.merge(_points(meta)[["point", axis]], on="point"), [axis, "step"], meta["outcomes"])
    table.to_csv(tables / "timeseries.csv", index=False)
    outcomes, cols, levels = meta["outcomes"], 3, axis_values(meta, axis)
    rows = -(-len(outcomes) // cols)
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=0.3 / rows,
                        subplot_titles=[_outcome_title(o) for o in outcomes])
    for k, o in enumerate(outcomes):
        r, c = k // cols + 1, k % cols + 1
        part = table[table["outcome"] == o]
        for j, (level, line, band) in enumerate(zip(levels, _colors(len(levels)), _colors(len(levels), 0.15))):
            g, name = part[part[axis] == level], _tick(meta, axis, level)
            fig.add_scatter(x=g["step"], y=g["ci_low"], mode="lines", line_width=0, hoverinfo="skip",
                            showlegend=False, row=r, col=c)
            fig.add_scatter(x=g["step"], y=g["ci_high"], mode="lines", line_width=0, fill="tonexty",
                            fillcolor=band, hoverinfo="skip", showlegend=False, row=r, col=c)
            fig.add_scatter(x=g["step"], y=g["mean"], mode="lines", line=dict(color=line, width=2), name=name,
                            legendgroup=str(j), showlegend=k == 0, row=r, col=c,
                            hovertemplate=f"month %{{x}}<br>mean %{{y:.4g}}<extra>{name}</extra>")
    fig.update_xaxes(title_text="month", title_standoff=2, title_font_size=11)
    height = 80 + 220 * rows
    fig.update_layout(height=height, margin=dict(l=50, r=20, t=70, b=40), template="plotly_white",
                      legend=dict(title_text=_short(meta, axis), orientation="h", y=1 + 40 / height, x=0,
                                  yanchor="bottom", traceorder="normal"))
    fig.update_annotations(font_size=12)
    return [f"<h2>Time series by {html.escape(axis)}</h2>",
            f'<p class="note">Mean over runs per month for each value of {html.escape(axis)} '
            f"({_averaged(meta, [axis])}), with a 95% confidence band.</p>", fig]


# ---------------------------------------------------------------- sampled designs


def _sobol(meta: dict, runs: pd.DataFrame, series, tables: Path) -> list:
    from SALib.analyze import sobol

    def indices(y):
        return sobol.analyze(meta["problem"], y, calc_second_order=False, seed=meta["root_seed"])

    intro = (f'<h2>Sobol sensitivity indices</h2><p class="note">Saltelli sample of N = {meta["samples"]} base '
             f'points ({len(meta["points"])} points); each outcome averaged over {meta["replicates"]} replicate(s) '
             "per point. S1: share of the outcome's variance due to the parameter alone; ST: including its "
             f"interactions. Error bars: {LEVEL:.0%} bootstrap confidence intervals. A small N gives wide "
             "intervals and can give indices below 0 or above 1.</p>")
    return _sensitivity(meta, runs, tables, "sobol", indices, intro, ["S1", "S1_conf", "ST", "ST_conf"],
                        [("S1", "S1_conf", "first order S1"), ("ST", "ST_conf", "total ST")], "index")


def _morris(meta: dict, runs: pd.DataFrame, series, tables: Path) -> list:
    from SALib.analyze import morris

    names = meta["problem"]["names"]
    x = np.array([[p["axes"][n] for n in names] for p in sorted(meta["points"], key=lambda p: p["point"])])

    def indices(y):
        return morris.analyze(meta["problem"], x, y, num_levels=meta["levels"], seed=meta["root_seed"])

    intro = (f'<h2>Morris screening</h2><p class="note">{meta["samples"]} trajectories on {meta["levels"]} levels '
             f'({len(meta["points"])} points); each outcome averaged over {meta["replicates"]} replicate(s) per '
             "point. mu*: mean absolute elementary effect, the outcome's change when the parameter moves across "
             "its range (in the outcome's unit); sigma: spread of the effects, from interactions or "
             f"non-linearity. Error bars: {LEVEL:.0%} bootstrap confidence interval of mu*.</p>")
    return _sensitivity(meta, runs, tables, "morris", indices, intro, ["mu_star", "mu_star_conf", "sigma", "mu"],
                        [("mu_star", "mu_star_conf", "mu*"), ("sigma", None, "sigma")], None)


def _sensitivity(meta, runs, tables, name, indices, intro, keys, bars, y_title) -> list:
    """Indices of every outcome from its per-point means: `tables/<name>.csv` and a bar chart per outcome.

    SALib needs a value at every point of the sample, in sample order; an outcome that is
    constant or undefined somewhere (a cost per innovation without innovations) is skipped.
    """
    means, names = point_means(meta, runs), meta["problem"]["names"]
    blocks, rows, skipped = [intro], [], []
    empty = int(means.isna().all(axis=1).sum())
    if empty:
        blocks.append(f'<p class="warn">This analysis needs every point of the sample, but {empty} of {len(means)} '
                      "points have no finished run; finish the sweep (<code>clustersim sweep FILE --resume</code>) "
                      "to see it.</p>")
    for o in [] if empty else meta["outcomes"]:
        y = means[o].to_numpy(dtype=float)
        if not np.isfinite(y).all() or np.ptp(y) == 0:
            skipped.append(f"{OUTPUTS[o].label} ({'constant' if np.isfinite(y).all() else 'undefined at some points'})")
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # SALib warns on tiny samples; the intervals say it
            res = indices(y)
        rows += [{"outcome": o, "parameter": p, **{k: float(res[k][j]) for k in keys}} for j, p in enumerate(names)]
    table = pd.DataFrame(rows, columns=["outcome", "parameter", *keys])
    table.to_csv(tables / f"{name}.csv", index=False)
    if skipped:
        blocks.append(f'<p class="note">Not analysed: {html.escape(", ".join(skipped))}.</p>')
    if rows:
        blocks += [_bar_grid(table, bars, y_title), _defs(table["outcome"].unique())]
    return blocks


def _bar_grid(table: pd.DataFrame, bars: list, y_title: str | None) -> go.Figure:
    """One panel of grouped bars per outcome, parameters along x."""
    outcomes, cols = list(table["outcome"].unique()), 3
    rows = -(-len(outcomes) // cols)
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=0.4 / rows,
                        subplot_titles=[_outcome_title(o) for o in outcomes])
    for k, o in enumerate(outcomes):
        part = table[table["outcome"] == o]
        for (col, conf, label), color in zip(bars, ["rgb(31,119,180)", "rgb(255,127,14)"]):
            fig.add_bar(x=part["parameter"], y=part[col], name=label, marker_color=color, legendgroup=label,
                        showlegend=k == 0, error_y=dict(array=part[conf], thickness=1) if conf else None,
                        hovertemplate=f"%{{x}}<br>{label} %{{y:.3g}}<extra></extra>",
                        row=k // cols + 1, col=k % cols + 1)
    if y_title:
        fig.update_yaxes(title_text=y_title, title_standoff=2)
    height = 100 + 280 * rows
    fig.update_layout(height=height, barmode="group", template="plotly_white", margin=dict(l=50, r=20, t=70, b=60),
                      legend=dict(orientation="h", y=1 + 40 / height, x=0, yanchor="bottom"))
    fig.update_annotations(font_size=12)
    return fig


def _lhs(meta: dict, runs: pd.DataFrame, series, tables: Path) -> list:
    """Per-point means against each parameter (the values the model ran with) and Spearman correlations."""
    means, names = point_means(meta, runs), meta["problem"]["names"]
    values = pd.DataFrame([p["params"] for p in meta["points"]], index=[p["point"] for p in meta["points"]])
    values = values.sort_index()[names]
    rows = []
    for o in meta["outcomes"]:
        ok = np.isfinite(means[o].to_numpy(dtype=float))
        for p in names:
            rho, pval = np.nan, np.nan
            if ok.sum() > 2:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # a constant outcome has no rank correlation
                    rho, pval = stats.spearmanr(values.loc[ok, p], means.loc[ok, o])
            rows.append({"outcome": o, "parameter": p, "spearman_rho": rho, "p_value": pval, "n": int(ok.sum())})
    table = pd.DataFrame(rows, columns=["outcome", "parameter", "spearman_rho", "p_value", "n"])
    table.to_csv(tables / "lhs_correlations.csv", index=False)
    empty = int(means.isna().all(axis=1).sum())
    blocks = ['<h2>Outcomes against parameters</h2><p class="note">Latin hypercube of '
              f"{len(meta['points'])} points; each dot is a point's mean over {meta['replicates']} replicate(s)"
              + (f" ({empty} point(s) without a finished run are left out)" if empty else "")
              + ". Panel titles give Spearman's rank correlation ρ between the parameter and the outcome, with "
              "its p-value (no correction for the many tests).</p>"]
    for o in meta["outcomes"]:
        corr = table[table["outcome"] == o].set_index("parameter")
        fig = make_subplots(rows=1, cols=len(names), horizontal_spacing=0.05,
                            subplot_titles=[_rho(corr.at[p, "spearman_rho"], corr.at[p, "p_value"]) for p in names])
        for i, p in enumerate(names, start=1):
            fig.add_scatter(x=values[p], y=means[o], mode="markers", text=values.index, showlegend=False,
                            marker=dict(size=6, opacity=0.7, color="rgb(31,119,180)"), row=1, col=i,
                            hovertemplate=f"{p} %{{x:.4g}}<br>mean %{{y:.4g}}<extra>point %{{text}}</extra>")
            fig.update_xaxes(title_text=axis_title(meta, p), title_font_size=11, row=1, col=i)
        fig.update_yaxes(title_text=OUTPUTS[o].unit, row=1, col=1)
        fig.update_layout(height=320, template="plotly_white", margin=dict(l=60, r=20, t=40, b=50))
        fig.update_annotations(font_size=12)
        blocks += [f"<h3>{html.escape(_outcome_title(o))}</h3>", _outcome_note(o), fig]
    return blocks


def _rho(rho: float, p: float) -> str:
    return f"ρ = {rho:.2f} (p = {p:.2g})" if np.isfinite(rho) else "ρ undefined (a constant)"


_ANALYSES = {"grid": _grid, "sobol": _sobol, "morris": _morris, "lhs": _lhs}


# ---------------------------------------------------------------- page


def _header(meta: dict) -> str:
    created = (meta.get("created") or "")[:16].replace("T", " ")
    return (f"<h1>{html.escape(meta['title'])}</h1><p>{html.escape(meta['description'])}</p>"
            f'<p class="meta">Sweep <b>{html.escape(meta["name"])}</b> · scenario {html.escape(str(meta["scenario"]))}'
            f' · {meta["kind"]} design · {meta["steps"]} months ({meta["steps"] / 12:.1f} years) · '
            f'{meta["replicates"]} replicate(s) per point, root seed {meta["root_seed"]}'
            + (f" · created {created}" if created else "") + "</p>")


def _design_table(meta: dict) -> str:
    """Axes with their values (grid) or ranges (sampled designs), and what the design asks."""
    grid, rows = meta["kind"] == "grid", []
    for a in meta["axes"]:
        for p, values in a["params"].items():
            what = " · ".join(f"{v:g}" for v in values) if grid else f"{values[0]:g} – {values[1]:g}"
            axis = a["name"] if p == a["name"] else f"{a['name']} (linked, levels 0–{len(values) - 1})"
            rows.append(f"<tr><td>{html.escape(axis)}</td><td>{html.escape(p)}</td>"
                        f"<td>{html.escape(PARAMS[p].unit)}</td><td>{html.escape(what)}</td></tr>")
    kind = {"grid": "every combination of the values below",
            "lhs": f"Latin hypercube of {meta['samples']} points in the ranges below",
            "sobol": f"Saltelli sample for Sobol indices, N = {meta['samples']} base points",
            "morris": f"Morris design, {meta['samples']} trajectories on {meta['levels']} levels"}[meta["kind"]]
    return (f"<h2>Design</h2><p>{len(meta['points'])} points ({kind}) × {meta['replicates']} replicate(s) = "
            f"{meta['n_runs']} runs; other parameters as in the scenario. Outcomes: final values at month "
            f"{meta['steps']}.</p><table><tr><th>Axis</th><th>Parameter</th><th>Unit</th>"
            f"<th>{'Values' if grid else 'Range'}</th></tr>{''.join(rows)}</table>")


def _run_status(meta: dict, runs: pd.DataFrame, errors: pd.DataFrame) -> str:
    """How many runs finished, failed or are missing, and a table of the failures."""
    missing = _missing(meta, runs, errors)
    text = (f"<h2>Runs</h2><p>{len(runs)} of {meta['n_runs']} runs finished, {len(errors)} failed"
            + (f", {len(missing)} missing" if missing else "") + ".</p>")
    if missing:
        text += ('<p class="warn">The sweep is unfinished: the analysis uses the runs it has. '
                 "<code>clustersim sweep FILE --resume --out FOLDER</code> runs the rest.</p>")
    if len(errors):
        varied = [p for a in meta["axes"] for p in a["params"]]
        rows = "".join(
            f"<tr><td>{html.escape(e.run)}</td>"
            f"<td>{html.escape(', '.join(f'{p} = {e.params.get(p)}' for p in varied))}</td>"
            f'<td class="err">{html.escape(str(e.error))}</td></tr>' for e in errors.itertuples())
        text += ('<p class="note">Failed runs are left out of everything below; <code>errors/&lt;run&gt;.json'
                 "</code> holds each traceback.</p><table><tr><th>Run</th><th>Parameters varied</th>"
                 f"<th>Error</th></tr>{rows}</table>")
    return text


def _defs(outcomes) -> str:
    items = "".join(f"<li><b>{html.escape(OUTPUTS[o].label)}</b> ({html.escape(OUTPUTS[o].unit)}): "
                    f"{html.escape(OUTPUTS[o].description)}</li>" for o in outcomes)
    return f'<ul class="defs">{items}</ul>'


def _provenance(meta: dict) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in (meta.get("versions") or {}).items() if v)
    return (f'<h2>Provenance</h2><p class="note">{html.escape(code_label(meta))} · {html.escape(versions)} · seeds '
            f'{", ".join(map(str, meta["seeds"]))} · the numbers behind every chart are in <code>tables/</code>.</p>')


def _page(title: str, blocks: list) -> str:
    """The HTML page: plotly.js inline with the first figure only."""
    parts, first = [], True
    for block in blocks:
        if isinstance(block, go.Figure):
            parts.append(to_div(block, first))
            first = False
        else:
            parts.append(block)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}{CSS_EXTRA}</style></head><body>{''.join(parts)}</body></html>\n")
