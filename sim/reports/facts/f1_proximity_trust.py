"""Proximity builds trust: at an equal number of meetings, nearby pairs trust each other more."""

import plotly.graph_objects as go

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "proximity_trust"
TITLE = "Proximity builds trust"
CLAIM = ("Geographical proximity builds trust: actors close to each other trust each other more than distant ones "
         "(Boschma 2005, Proximity and innovation: a critical assessment, Regional Studies 39(1)).")
MECHANISM = ("Each face-to-face meeting closes a share of the gap to full trust, whatever the distance; trust decays "
             "in months without a meeting. Nearby pairs meet more often, so trust follows distance through meeting "
             "frequency; the question is whether proximity does more than add meetings (for instance through "
             "shared partners and fewer months of decay between meetings). A job move leaves a tie as a meeting would, "
             "but nobody met: the tie counts its moves apart, and they are not face-to-face meetings.")
SESOI = 0.1
PROTOCOL = Protocol(
    hypothesis="Among local pairs that have met face to face equally often, trust is lower the farther apart they are.",
    levers="None: the baseline cluster. Distance varies across pairs within each run; the number of meetings is held "
           "equal by comparing only ties with the same count.",
    pairing="Within each run, each tie is compared only with ties of the same number of face-to-face meetings (counts "
            "with at least 30 ties); the seeds are independent replicates.",
    outcome="Per seed, Spearman's rho of trust with distance within each meeting count, averaged with weights by ties "
            "(ties with any remote meeting left out).",
    sesoi=f"rho = -{SESOI}: Cohen's small correlation. Below it, distance explains under 1 % of the rank variance of "
          "trust, too little to say proximity builds trust beyond meeting more often.",
    test=f"One-sample t-test of the mean rho over seeds. Holds if the 95 % interval lies below -{SESOI}; does not hold "
         f"if it is equivalent to 0 within +-{SESOI} (TOST) or significantly positive.",
)
SWEEPS = {"baseline": dict(title="Fact: proximity builds trust", seed=101, vary={"distance_decay_km": [8.0]},
                           outcomes=["mean_trust", "trust_density"], measures=["trust_at_equal_meetings"])}


def analyze(final, series):
    rho = final["trust_distance_rho_equal_meetings"]
    test = stats.mean_effect(rho, SESOI, expect="less",
                             name="rho of trust with distance at an equal number of meetings, mean over seeds")
    fig = go.Figure(go.Box(y=rho, name="baseline", boxpoints="all"))
    for level in (-SESOI, SESOI):
        fig.add_hline(y=level, line_dash="dot", annotation_text="SESOI" if level < 0 else "")
    fig.update_layout(title=f"{TITLE}: trust against distance among ties met equally often (rho per seed)",
                      yaxis_title="Spearman rho", showlegend=False, height=420)
    finding = (f"At an equal number of meetings, trust and distance have a mean rank correlation of {test.effect:.3f} "
               f"[{test.low:.3f}, {test.high:.3f}] over {len(rho)} seeds, "
               f"{final['ties_compared'].mean():.0f} ties compared per run.")
    return [test], fig, finding
