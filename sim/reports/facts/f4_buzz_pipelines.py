"""Local buzz and global pipelines: innovation peaks at an intermediate digital openness."""

import plotly.graph_objects as go

from sim.reports import stats

NAME = "buzz_pipelines"
TITLE = "Local buzz and global pipelines"
CLAIM = ("Innovation output is higher at an intermediate digital openness than in a purely local or a purely remote "
         "cluster (Bathelt, Malmberg and Maskell 2004, Clusters and knowledge: local buzz, global pipelines and the "
         "process of knowledge creation, Progress in Human Geography 28(1)).")
MECHANISM = ("Remote contacts reach the outside world's growing frontier and distant, novel partners (codified "
             "knowledge travels), but build trust more slowly and carry little tacit knowledge; local contacts do the "
             "opposite.")
SWEEP = """
title = "Fact: local buzz and global pipelines"
description = "Digital openness from none to almost all contacts, the rest as in the baseline."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 104
keep = "final"
outcomes = ["innovations_total", "remote_collab_share", "knowledge_mean"]
[design]
kind = "grid"
[vary]
digital_openness = [0.0, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9]
"""


def analyze(final, series):
    test = stats.inverted_u(final["digital_openness"], final["innovations_total"], groups=final["replicate"], seed=4)
    test.test = "cumulative innovations on digital openness with a quadratic term; turning point (bootstrap over seeds)"
    means = final.groupby("digital_openness")["innovations_total"].agg(["mean", "sem"])
    fig = go.Figure(go.Scatter(x=means.index, y=means["mean"], error_y={"array": 1.96 * means["sem"]},
                               mode="lines+markers"))
    fig.update_layout(title=f"{TITLE}: cumulative innovations by digital openness (mean, 95 % CI)",
                      xaxis_title="digital openness (share of contacts made remotely)",
                      yaxis_title="innovations over the run", height=420)
    best = means["mean"].idxmax()
    finding = (f"Innovations peak at openness {best:g} in the means; fitted turning point {test.effect:.2f} "
               f"[{test.low:.2f}, {test.high:.2f}].")
    return [test], fig, finding
