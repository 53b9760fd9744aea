"""Talent and cumulative causation: innovation attracts talent, and early differences between seeds widen."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.reports import stats

NAME = "cumulative_causation"
TITLE = "Talent and cumulative causation"
CLAIM = ("Innovation attracts talent and talent raises innovation, so small early differences between otherwise "
         "identical clusters widen over time: path dependence (Myrdal 1957; Arthur 1994; Florida 2002).")
MECHANISM = ("Migration inflow grows with the cluster's innovation rate; profitable firms hire from the pool; skill "
             "raises absorptive capacity and so the success of projects.")
SWEEP = """
title = "Fact: cumulative causation"
description = "Identical baseline clusters that differ only by their seed."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 108
keep = "timeseries"
outcomes = ["innovations", "migration", "talent_employed", "innovations_total"]
[design]
kind = "grid"
[vary]
migration_rate = [0.02]
"""


def analyze(final, series):
    last = series["step"].max()
    early, late = last // 4, last // 2
    by_run = series.groupby("run")
    first = by_run.apply(lambda r: r.loc[(r.step > 0) & (r.step <= early), "innovations"].sum())
    inflow = by_run.apply(lambda r: r.loc[(r.step > early) & (r.step <= late), "migration"].sum())
    attraction = stats.rank_correlation(first, inflow, expect="greater")
    attraction.test = "Spearman rho across seeds: innovations in the first quarter with net migration in the second"
    talent_then = by_run.apply(lambda r: r.loc[r.step == late, "talent_employed"].iloc[0])
    later = by_run.apply(lambda r: r.loc[r.step > late, "innovations"].sum())
    feedback = stats.rank_correlation(talent_then, later, expect="greater")
    feedback.test = "Spearman rho across seeds: talent employed at mid-run with innovations afterwards"
    stock = series.pivot(index="run", columns="step", values="talent_employed")
    widening = stats.dispersion_growth(stock[early], stock[last], seed=8)
    widening.test = "change in the spread of talent employed across seeds, first quarter to end (bootstrap)"
    fig = make_subplots(1, 2, subplot_titles=("Talent employed, every seed", "Early innovation and later inflow"))
    for run, row in stock.iterrows():
        fig.add_trace(go.Scatter(x=row.index, y=row.values, mode="lines", line={"width": 1}, opacity=0.5), 1, 1)
    fig.add_trace(go.Scatter(x=first, y=inflow, mode="markers"), 1, 2)
    fig.update_xaxes(title_text="month", row=1, col=1)
    fig.update_xaxes(title_text="innovations, first quarter", row=1, col=2)
    fig.update_yaxes(title_text="net migration, second quarter", row=1, col=2)
    fig.update_layout(height=420, title=TITLE, showlegend=False)
    finding = (f"Early innovation and later inflow rho {attraction.effect:.2f}; talent and later innovation rho "
               f"{feedback.effect:.2f}; spread of talent across seeds changes by {widening.effect:+.3f} (CV).")
    return [attraction, feedback, widening], fig, finding
