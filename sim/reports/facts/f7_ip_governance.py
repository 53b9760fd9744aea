"""IP governance: collaborative innovation peaks at an intermediate IP strictness."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.reports import stats

NAME = "ip_governance"
TITLE = "IP governance: neither too lax nor too strict"
CLAIM = ("Collaborative innovation is highest at an intermediate IP strictness: lax rules bring conflicts and a "
         "collapse of trust, strict rules fewer projects (Laursen and Salter 2014, The paradox of openness, "
         "Research Policy 43(5)).")
MECHANISM = ("Strictness multiplies project duration and cost by 1 + ip_overhead x strictness; an opportunist "
             "partner defects with probability conflict_risk x (1 - strictness) x (1 - trust), breaking the project "
             "and collapsing trust among its members.")
SWEEP = """
title = "Fact: IP governance"
description = "IP strictness from none to maximal, with three times the baseline's opportunists."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 107
keep = "both"
outcomes = ["ip_conflicts", "projects_launched", "mean_trust", "trust_density"]
measures = ["success_by_distance"]
[design]
kind = "grid"
[vary]
ip_strictness = [0.0, 0.15, 0.3, 0.5, 0.7, 0.85, 1.0]
opportunist_share = [0.3]
"""


def analyze(final, series):
    totals = series.groupby("run")[["ip_conflicts", "projects_launched"]].sum()
    final = final.join(totals.add_suffix("_total"), on="run")
    peak = stats.inverted_u(final["ip_strictness"], final["collab_innovations_total"], groups=final["replicate"], seed=7)
    peak.test = "collaborative innovations on IP strictness with a quadratic term; turning point (bootstrap over seeds)"
    conflicts = stats.rank_correlation(final["ip_strictness"], final["ip_conflicts_total"], expect="less")
    conflicts.test = "Spearman rho of strictness with IP conflicts over the run"
    projects = stats.rank_correlation(final["ip_strictness"], final["projects_launched_total"], expect="less")
    projects.test = "Spearman rho of strictness with projects launched over the run"
    trust = stats.rank_correlation(final["ip_strictness"], final["trust_density"], expect="greater")
    trust.test = "Spearman rho of strictness with the density of the trust network"
    means = final.groupby("ip_strictness")[["collab_innovations_total", "ip_conflicts_total", "projects_launched_total"]].mean()
    fig = make_subplots(1, 3, subplot_titles=("Collaborative innovations", "IP conflicts", "Projects launched"))
    for i, col in enumerate(means.columns, start=1):
        fig.add_trace(go.Scatter(x=means.index, y=means[col], mode="lines+markers"), 1, i)
        fig.update_xaxes(title_text="IP strictness", row=1, col=i)
    fig.update_layout(height=420, title=f"{TITLE} (means over seeds, 240 months)", showlegend=False)
    finding = (f"Fitted turning point of collaborative innovation at strictness {peak.effect:.2f} "
               f"[{peak.low:.2f}, {peak.high:.2f}]; conflicts rho {conflicts.effect:.2f}, projects rho {projects.effect:.2f}.")
    return [peak, conflicts, projects, trust], fig, finding
