"""Pooling: shared platforms raise the innovation of SMEs and startups more than that of large firms."""

import numpy as np
import plotly.graph_objects as go

from sim.reports import stats

NAME = "pooling"
TITLE = "Pooling platforms helps small firms most"
CLAIM = ("Shared platforms (technical centres, test benches) raise the innovation of SMEs and startups more than that "
         "of large firms, which can afford their own equipment (a rationale of technology-infrastructure policy, "
         "e.g. Tassey 1991; OECD 2011 on shared research infrastructures).")
MECHANISM = ("A platform slot cuts a project's cost by platform_discount; firms start a project only if their R&D "
             "fund covers their share, and small firms' funds are the ones that bind.")
SWEEP = """
title = "Fact: pooling"
description = "No platforms at all against the baseline's technical centres and platform investment."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 106
keep = "final"
outcomes = ["innovations_total"]
measures = ["innovation_by_size"]
[design]
kind = "grid"
[vary.platforms]
platform_capacity = [0, 8]
platform_investment = [0.0, 3000.0]
"""


def analyze(final, series):
    off = final[final["platforms"] == 0].set_index("replicate").sort_index()
    on = final[final["platforms"] == 1].set_index("replicate").sort_index()
    gain = {size: on[f"innovations_per_{size}_firm"] / off[f"innovations_per_{size}_firm"] - 1 for size in ("small", "large")}
    diff = (gain["small"] - gain["large"]).replace([np.inf, -np.inf], np.nan)
    test = stats.mean_differs_from_zero(diff, expect="greater")
    test.test = "relative gain from platforms, small firms minus large firms, paired by seed, t-test against 0"
    small = stats.mean_differs_from_zero(gain["small"], expect="greater")
    small.test = "relative gain from platforms for SMEs and startups, t-test against 0"
    fig = go.Figure([go.Box(y=100 * gain[s].replace([np.inf, -np.inf], np.nan), name=n, boxpoints="all")
                     for s, n in (("small", "SMEs and startups"), ("large", "large firms"))])
    fig.update_layout(title=f"{TITLE}: innovations per firm with platforms, relative to none (per seed)",
                      yaxis_title="% change", height=420, showlegend=False)
    finding = (f"Platforms raise innovations per small firm by {100 * gain['small'].mean():.0f} % and per large firm by "
               f"{100 * gain['large'].replace([np.inf, -np.inf], np.nan).mean():.0f} % on average.")
    return [test, small], fig, finding
