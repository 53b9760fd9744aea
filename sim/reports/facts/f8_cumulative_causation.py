"""Cumulative causation: a one-off talent inflow is amplified, the gap it opens grows over time."""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "cumulative_causation"
TITLE = "Talent and cumulative causation"
CLAIM = ("Innovation attracts talent and talent raises innovation, so an early advantage of a cluster grows over "
         "time: cumulative causation (Myrdal 1957; Arthur 1994; Florida 2002).")
MECHANISM = ("Migration inflow grows with the cluster's recent innovation rate (a formula: verification); profitable "
             "firms hire from the talent pool; staff skill raises absorptive capacity and so projects' success and "
             "revenue, and revenue funds R&D. Whether an extra stock of talent sets off a self-reinforcing cycle or "
             "fades as idle people leave is not written in the code.")
SHOCK, MONTH, WINDOW = 3000, 24, 48  # people (a tenth of the cluster's staff), month, months per window
SESOI = 0.05
PROTOCOL = Protocol(
    hypothesis=f"After {SHOCK:,} skilled people arrive at once in month {MONTH}, the paired gap between the shocked and "
               "the unshocked cluster, in monthly innovations and in talent employed, is larger at the end of the run "
               "than just after the shock.",
    levers=f"talent_inflow 0 or {SHOCK:,} (about a tenth of the cluster's staff: a large plant closing nearby) in "
           f"month {MONTH}; everything else at baseline.",
    pairing="The same 30 seeds with and without the shock: until month 24 the two runs of a seed are identical, so the "
            "gap is the shock's consequence.",
    outcome=f"Per seed, the gap (shocked - unshocked) averaged over the {WINDOW} months after the shock and over the "
            f"last {WINDOW} months; amplification is the late gap minus the early gap, as a share of the unshocked "
            "run's mean after the shock (monthly innovations; talent employed).",
    sesoi=f"{SESOI:.0%} of the unshocked level: a gap that grows by less is not a self-reinforcing cycle a "
          "policymaker could count on.",
    test=f"One-sample t-test over seeds of the amplification, for innovations and for talent employed: each holds if "
         f"its 95 % interval lies above {SESOI}; does not hold if equivalent to 0 within +-{SESOI} (TOST) or "
         "significantly negative (the gap fades). The fact holds if both hold.",
)
SWEEPS = {"shock": dict(title="Fact: cumulative causation", seed=108, vary={"talent_inflow": [0, SHOCK]},
                        outcomes=["innovations", "talent_employed", "migration"], keep="both")}
OUTCOMES = {"innovations": "monthly innovations", "talent_employed": "talent employed"}


def analyze(final, series):
    shocked = final.set_index("run")["talent_inflow"] > 0
    series = series.assign(shocked=series["run"].map(shocked))
    last = series["step"].max()
    tests, fig = [], make_subplots(1, 2, subplot_titles=[f"Gap in {v} (shocked - unshocked)" for v in OUTCOMES.values()])
    for col, (outcome, label) in enumerate(OUTCOMES.items(), start=1):
        table = series.pivot_table(index=["replicate", "step"], columns="shocked", values=outcome)
        gap = (table[True] - table[False]).unstack("step")
        after = table[False].unstack("step").loc[:, MONTH + 1:].mean(axis=1)
        early = gap.loc[:, MONTH + 1: MONTH + WINDOW].mean(axis=1)
        late = gap.loc[:, last - WINDOW + 1:].mean(axis=1)
        tests.append(stats.mean_effect((late - early) / after, SESOI,
                                       name=f"growth of the gap in {label}, last {WINDOW} months against the first "
                                            f"{WINDOW} after the shock"))
        mean = gap.mean()
        half = 1.96 * gap.std(ddof=1) / np.sqrt(len(gap))
        fig.add_trace(go.Scatter(x=mean.index, y=mean + half, line={"width": 0}, showlegend=False), 1, col)
        fig.add_trace(go.Scatter(x=mean.index, y=mean - half, line={"width": 0}, fill="tonexty", showlegend=False), 1, col)
        fig.add_trace(go.Scatter(x=mean.index, y=mean, mode="lines", showlegend=False), 1, col)
        fig.update_xaxes(title_text="month", row=1, col=col)
    fig.update_layout(title=f"{TITLE}: the gap a one-off inflow of {SHOCK:,} people opens (mean over seeds, 95 % CI)",
                      height=420)
    finding = "; ".join(f"{t.test}: {t.effect:+.1%} [{t.low:+.1%}, {t.high:+.1%}] of the unshocked level"
                        for t in tests) + "."
    return tests, fig, finding
