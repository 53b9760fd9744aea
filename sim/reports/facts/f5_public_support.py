"""Public support has diminishing returns: each extra innovation costs more public money."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "public_support"
TITLE = "Public support, with diminishing returns"
CLAIM = ("More public support raises innovation with diminishing returns: each extra innovation costs more public "
         "money (a standard finding of cluster-policy evaluations, e.g. Falck, Heblich and Kipar 2010, Research "
         "Policy 39(2); Nishimura and Okamuro 2011, Research Policy 40(5)).")
MECHANISM = ("Subsidies cut the firms' share of joint projects' costs and the tax credit refunds part of it, so more "
             "projects pass the R&D-fund test; the incubator hosts and pays for startups; events add face-to-face "
             "meetings; platform investment adds platform slots. Projects still need partners, funds and feasible "
             "ideas, which support does not create, and the yearly public budget is capped.")
SESOI = 0.2
BASE = {"subsidy_rate": 0.4, "rd_tax_credit": 0.3, "incubator_capacity": 10, "events_per_year": 4,
        "platform_investment": 1000.0}  # the baseline scenario's levels
HIGH = {"subsidy_rate": 0.8, "rd_tax_credit": 0.6, "incubator_capacity": 20, "events_per_year": 8,
        "platform_investment": 2000.0}  # twice the baseline (the tax credit's upper bound)
PROTOCOL = Protocol(
    hypothesis="For each support lever, the second step of support (baseline to twice the baseline) buys fewer extra "
               "innovations per euro than the first step (none to baseline): the marginal public cost of an "
               "innovation rises.",
    levers="One at a time, at none, the baseline and twice the baseline, everything else at baseline: subsidy_rate "
           "0 / 0.4 / 0.8, rd_tax_credit 0 / 0.3 / 0.6, incubator_capacity 0 / 10 / 20, events_per_year 0 / 4 / 8, "
           "platform_investment 0 / 1,000 / 2,000 k€ a year. The baseline runs are shared by all levers.",
    pairing="The same 30 seeds in every condition; the bootstrap resamples seeds, keeping each seed's conditions "
            "together.",
    outcome="Per lever and step, extra innovations over the run per extra k€ of public spending over the run "
            "(ratio of the mean differences); the effect is the fall of that return from the first step to the "
            "second, 1 - r2 / r1 (0: constant returns; 1: the second step buys nothing; the marginal cost rises by "
            "the factor 1 / (1 - effect)).",
    sesoi=f"A fall of {SESOI:.0%}: a smaller change in what a euro buys is within the error of programme cost "
          "estimates and would not change which level a budget holder picks.",
    test=f"Percentile bootstrap over seeds (4,000 resamples) of 1 - r2 / r1, for each lever (five tests). Holds if the "
         f"95 % interval lies above {SESOI}; does not hold if equivalent to 0 within +-{SESOI} or significantly "
         "negative. If the first step does not raise innovations (paired t-test, 5 %), returns are undefined and the "
         "lever is inconclusive. The fact holds if all five hold.",
)
SWEEPS = {lever: dict(title=f"Fact: public support ({lever})", seed=105,
                      vary={lever: [0 * BASE[lever], BASE[lever], HIGH[lever]] if lever == "subsidy_rate"
                            else [0 * BASE[lever], HIGH[lever]]},
                      outcomes=["innovations_total", "public_spending_total", "startups_alive"])
          for lever in BASE}


def fall(i0, ib, i2, s0, sb, s2) -> float:
    """1 - (return of the second step) / (return of the first), returns in innovations per k€."""
    first = (np.mean(ib) - np.mean(i0)) / (np.mean(sb) - np.mean(s0))
    second = (np.mean(i2) - np.mean(ib)) / (np.mean(s2) - np.mean(sb))
    return 1.0 - second / first


def analyze(final, series):
    base = final[(final["sweep"] == "subsidy_rate") & (final["subsidy_rate"] == BASE["subsidy_rate"])]
    tests, fig = [], go.Figure()
    for lever in BASE:
        runs = final[final["sweep"] == lever]
        levels = {"0": runs[runs[lever] == 0], "b": base, "2": runs[runs[lever] == HIGH[lever]]}
        paired = pd.concat({f"{k}{n}": level.set_index("replicate")[col] for n, level in levels.items()
                            for k, col in (("i", "innovations_total"), ("s", "public_spending_total"))},
                           axis=1, join="inner")  # seeds with all three runs, matched by replicate
        i0, ib, i2, s0, sb, s2 = (paired[c].to_numpy() for c in ("i0", "ib", "i2", "s0", "sb", "s2"))
        name = f"fall of the return of {lever} from the first step to the second"
        if stats.paired_effect(ib, i0, 0.0, relative=False).p_effect < stats.ALPHA:
            test = stats.bootstrap_effect(fall, (i0, ib, i2, s0, sb, s2), SESOI, seed=5, name=name)
        else:
            test = stats.Test(name, fall(i0, ib, i2, s0, sb, s2), np.nan, np.nan, SESOI, np.nan, np.nan, np.nan,
                              detail="the first step did not raise innovations: returns undefined")
        test.detail = test.detail or (f"first step {1e3 * (ib.mean() - i0.mean()) / (sb.mean() - s0.mean()):.3g}, second "
                                      f"{1e3 * (i2.mean() - ib.mean()) / (s2.mean() - sb.mean()):.3g} innovations per M€")
        tests.append(test)
        fig.add_trace(go.Scatter(x=[s.mean() / 1e3 for s in (s0, sb, s2)], y=[i.mean() for i in (i0, ib, i2)],
                                 mode="lines+markers", name=lever))
    fig.update_layout(title=f"{TITLE}: innovations against public spending, none / baseline / twice (means over seeds)",
                      xaxis_title="public spending over the run (M€)", yaxis_title="innovations over the run",
                      height=460)
    finding = "; ".join(f"{lever}: fall {t.effect:.2f} [{t.low:.2f}, {t.high:.2f}] ({t.detail})"
                        for lever, t in zip(BASE, tests)) + "."
    return tests, fig, finding
