"""Public support raises startup survival and innovation, with diminishing returns."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.reports import stats

NAME = "public_support"
TITLE = "Public support, with diminishing returns"
CLAIM = ("More public support raises startup survival and innovation, with diminishing returns: each extra "
         "innovation costs more public money (a standard finding of cluster-policy evaluations, e.g. Falck, "
         "Heblich and Kipar 2010; Nishimura and Okamuro 2011).")
MECHANISM = ("Subsidies cut the firms' share of project costs and the tax credit refunds part of it, so more projects "
             "pass the R&D-fund test; the incubator pays startups' costs and doubles their contacts. Projects still "
             "need partners, funds and feasible ideas, which support does not create.")
SWEEP = """
title = "Fact: public support"
description = "Five levels of support, from none to strong, raising budget, subsidies, tax credit and incubator together."
scenario = "baseline"
steps = {steps}
replicates = {replicates}
seed = 105
keep = "final"
outcomes = ["innovations_total", "public_spending_total", "startups_alive"]
measures = ["startup_survival"]
[design]
kind = "grid"
[vary.support]
public_budget = [0.0, 10000.0, 20000.0, 35000.0, 50000.0]
subsidy_rate = [0.0, 0.15, 0.3, 0.45, 0.6]
rd_tax_credit = [0.0, 0.1, 0.2, 0.3, 0.4]
incubator_capacity = [0, 5, 10, 20, 40]
"""


def analyze(final, series):
    survival = stats.rank_correlation(final["support"], final["startup_survival_5y"], expect="greater")
    survival.test = "Spearman rho of support level with five-year startup survival"
    innovation = stats.rank_correlation(final["support"], final["innovations_total"], expect="greater")
    innovation.test = "Spearman rho of support level with cumulative innovations"
    returns = stats.curvature(final["public_spending_total"], final["innovations_total"], final["replicate"], seed=5)
    returns.test = "quadratic term of innovations on public spending (negative: diminishing returns)"
    means = final.groupby("support")[["innovations_total", "public_spending_total", "startup_survival_5y"]].mean()
    fig = make_subplots(1, 2, subplot_titles=("Innovations against public spending (level means)",
                                              "Five-year startup survival by support level"))
    fig.add_trace(go.Scatter(x=final["public_spending_total"], y=final["innovations_total"], mode="markers",
                             marker={"size": 4, "opacity": 0.4}, name="runs"), 1, 1)
    fig.add_trace(go.Scatter(x=means["public_spending_total"], y=means["innovations_total"], mode="lines+markers",
                             name="level means"), 1, 1)
    fig.add_trace(go.Box(x=final["support"], y=final["startup_survival_5y"], name="survival"), 1, 2)
    fig.update_xaxes(title_text="public spending over the run (k€)", row=1, col=1)
    fig.update_xaxes(title_text="support level (0 none - 4 strong)", row=1, col=2)
    fig.update_layout(height=420, title=TITLE, showlegend=False)
    finding = (f"Survival rho {survival.effect:.2f}, innovation rho {innovation.effect:.2f}; quadratic term of "
               f"innovations on spending {returns.effect:.3g}.")
    return [survival, innovation, returns], fig, finding
