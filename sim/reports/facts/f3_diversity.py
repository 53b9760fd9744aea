"""Diversity: a cluster of more varied sectors or business cultures innovates more, and more radically."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "diversity"
TITLE = "Diversity drives innovation"
CLAIM = ("A cluster that mixes varied (related) sectors and business cultures innovates more, and more radically, "
         "than a homogeneous one (Jacobs 1969; Frenken, Van Oort and Verburg 2007, Related variety, unrelated variety "
         "and regional economic growth, Regional Studies 41(5)).")
MECHANISM = ("Sector diversity spreads actors' core domains; cultural diversity spreads their business cultures. "
             "Partners far apart in knowledge bring novelty, which success and radicalness need, but strain "
             "feasibility; cultural distance slows trust. Which wins at the level of the cluster is not written in the "
             "code: the partner-distance curve of a single project is an imposed formula (verification).")
SESOI = 0.05
LEVERS = {"sector_diversity": (0.0, 1.0), "cultural_diversity": (0.0, 0.6)}  # (low, high); baseline 1.0 and 0.3
PROTOCOL = Protocol(
    hypothesis="Raising sector diversity, or cultural diversity, raises the cluster's innovations and its radical "
               "innovations over twenty years.",
    levers="sector_diversity 0, 0.5 and 1 (the baseline); cultural_diversity 0 and 0.6 (the baseline 0.3 shown in the "
           "figure), one at a time, everything else at baseline. The tests compare the lowest with the highest level.",
    pairing="The same 30 seeds in every condition (common random numbers); differences are taken seed by seed.",
    outcome="Innovations over the run, and radical innovations over the run.",
    sesoi=f"{SESOI:.0%} of the low level's mean: a smaller difference in twenty years of a cluster's innovations is within "
          "what regional innovation counts cannot tell apart and would not steer a policy.",
    test=f"Paired t-test of (high - low) / mean(low), for each lever and each outcome (four tests). Holds if the 95 % "
         f"interval lies above {SESOI}; does not hold if equivalent to 0 within +-{SESOI} (TOST) or significantly "
         "negative. The fact holds if all four hold.",
)
OUTCOMES = {"innovations_total": "innovations", "radical_total": "radical innovations"}
SWEEPS = {lever: dict(title=f"Fact: diversity ({lever})", seed=103,
                      vary={lever: [low, 0.5, high] if lever == "sector_diversity" else [low, high]},
                      outcomes=["innovations_total", "innovations_radical"], keep="both")
          for lever, (low, high) in LEVERS.items()}


def analyze(final, series):
    radical = series.groupby(["sweep", "run"])["innovations_radical"].sum().rename("radical_total")
    final = final.join(radical, on=["sweep", "run"])
    base = final[(final["sweep"] == "sector_diversity") & (final["sector_diversity"] == 1.0)]
    tests, fig = [], make_subplots(1, 2, subplot_titles=("Innovations over the run", "Radical innovations over the run"))
    for lever, (low, high) in LEVERS.items():
        runs = final[final["sweep"] == lever]
        level = lambda v: runs[runs[lever] == v].set_index("replicate").sort_index()  # noqa: E731
        for col, (outcome, label) in enumerate(OUTCOMES.items(), start=1):
            tests.append(stats.paired_effect(level(high)[outcome], level(low)[outcome], SESOI,
                                             name=f"{label}, {lever} {high:g} against {low:g}"))
            points = runs if lever == "sector_diversity" else pd.concat([runs, base.assign(**{lever: 0.3})])
            means = points.groupby(lever)[outcome].agg(["mean", "sem"])
            fig.add_trace(go.Scatter(x=means.index, y=means["mean"], error_y={"array": 1.96 * means["sem"]},
                                     mode="lines+markers", name=lever, legendgroup=lever, showlegend=col == 1), 1, col)
    fig.update_xaxes(title_text="diversity (0 none, 1 most)")
    fig.update_layout(title=f"{TITLE}: outcomes by lever (mean over seeds, 95 % CI)", height=420)
    finding = "; ".join(f"{t.test}: {t.effect:+.1%} [{t.low:+.1%}, {t.high:+.1%}]" for t in tests) + "."
    return tests, fig, finding
