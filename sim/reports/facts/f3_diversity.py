"""Diversity pays up to a point: collaborative success is an inverted U in the partners' cognitive distance."""

import numpy as np
import plotly.graph_objects as go

from sim.reports import stats
from sim.model.measures import DISTANCE_BINS

NAME = "diversity"
TITLE = "Diversity pays up to a point"
CLAIM = ("Collaborative project success is an inverted U in the partners' cognitive distance (Nooteboom, "
         "Van Haverbeke, Duysters, Gilsing and van den Oord 2007, Research Policy 36(7)).")
MECHANISM = ("Feasibility falls with cognitive distance relative to the partners' pooled absorptive capacity; "
             "novelty, which a project needs to find a market, rises with it. Neither is an inverted U alone.")
SWEEP = """
title = "Fact: diversity pays up to a point"
description = "The baseline cluster; every finished collaborative project binned by cognitive distance."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 103
keep = "final"
outcomes = ["innovations_total"]
measures = ["success_by_distance"]
[design]
kind = "grid"
[vary]
feasibility_scale = [0.6]
"""


def analyze(final, series):
    centres = (DISTANCE_BINS[:-1] + DISTANCE_BINS[1:]) / 2
    rows = []
    for _, run in final.iterrows():
        for k, centre in enumerate(centres):
            n = run[f"collab_projects_d{k}"]
            if n > 0:
                rows.append((run["replicate"], centre, run[f"collab_successes_d{k}"] / n, n))
    seed, x, rate, n = map(np.array, zip(*rows))
    test = stats.inverted_u(x, rate, groups=seed, weights=n, seed=3)
    test.test = "success rate on cognitive distance with a quadratic term; turning point (bootstrap over seeds)"
    pooled = [(final[f"collab_successes_d{k}"].sum() / max(final[f"collab_projects_d{k}"].sum(), 1)) for k in range(len(centres))]
    fig = go.Figure(go.Scatter(x=centres, y=pooled, mode="lines+markers", name="success rate, all seeds"))
    fig.update_layout(title=f"{TITLE}: success of collaborative projects by cognitive distance",
                      xaxis_title="cognitive distance between partners (1 - cosine similarity)",
                      yaxis_title="share of projects that succeed", height=420)
    finding = (f"Fitted turning point at distance {test.effect:.2f} [{test.low:.2f}, {test.high:.2f}]; "
               f"success rate by bin from {min(pooled):.2f} to {max(pooled):.2f}.")
    return [test], fig, finding
