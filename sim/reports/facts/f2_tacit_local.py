"""Tacit knowledge stays local: the same pairs' tacit knowledge converges faster the closer they are."""

import plotly.graph_objects as go

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "tacit_local"
TITLE = "Tacit knowledge stays local"
CLAIM = ("Tacit knowledge converges faster among nearby actors than among distant ones, while codified knowledge "
         "travels (Polanyi 1966; Gertler 2003, Tacit knowledge and the economic geography of context, J. Econ. Geogr. "
         "3(1)).")
MECHANISM = ("Codified knowledge flows at every meeting, remote or not; tacit knowledge only between actors who trust "
             "each other, and at remote_tacit_factor of the rate at a distance; job moves carry tacit knowledge between "
             "firms. Whether nearby pairs' tacit knowledge converges faster depends on who meets whom, how often and "
             "with what trust.")
SESOI = 0.1
PROTOCOL = Protocol(
    hypothesis="The closer two actors are, the faster their tacit knowledge converges, and distance slows the "
               "convergence of tacit knowledge more than that of codified knowledge.",
    levers="None: the baseline cluster. Distance varies across pairs within each run.",
    pairing="The same 4,000 random pairs of actors of the territory are followed from a quarter of the run to its end "
            "(pairs where one actor left are dropped); tacit and codified convergence are compared on the same pairs, "
            "so within a seed.",
    outcome="Per seed and pair, the share of the pair's cognitive dissimilarity (1 - cosine similarity) that vanished "
            "between the two dates, for tacit and for codified knowledge; per seed, Spearman's rho of that share with "
            "the pair's distance.",
    sesoi=f"rho of {SESOI} (Cohen's small correlation), for the tacit rho and for the difference tacit minus codified: "
          "below it distance explains under 1 % of the rank variance of convergence.",
    test=f"(1) One-sample t-test of the mean tacit rho over seeds: holds if its 95 % interval lies below -{SESOI}. "
         f"(2) Paired t-test of tacit minus codified rho: holds if its interval lies below -{SESOI}. Each does not hold "
         f"if equivalent to 0 within +-{SESOI} (TOST) or significantly positive. The fact holds if both hold.",
)
SWEEPS = {"baseline": dict(title="Fact: tacit knowledge stays local", seed=102, vary={"remote_tacit_factor": [0.1]},
                           outcomes=["tacit_share"], measures=["knowledge_convergence"])}


def analyze(final, series):
    tacit, codified = final["tacit_convergence_rho"], final["codified_convergence_rho"]
    local = stats.mean_effect(tacit, SESOI, expect="less",
                              name="rho of tacit convergence with distance, mean over seeds")
    gap = stats.paired_effect(tacit, codified, SESOI, expect="less", relative=False,
                              name="tacit minus codified rho, paired by seed")
    fig = go.Figure([go.Box(y=v, name=n, boxpoints="all") for v, n in ((tacit, "tacit"), (codified, "codified"))])
    fig.add_hline(y=-SESOI, line_dash="dot", annotation_text="SESOI")
    fig.update_layout(title=f"{TITLE}: convergence of the same pairs against their distance (rho per seed)",
                      yaxis_title="Spearman rho (negative: nearby pairs converge faster)", showlegend=False, height=420)
    finding = (f"Tacit convergence against distance: mean rho {local.effect:.3f} [{local.low:.3f}, {local.high:.3f}]; "
               f"codified: {codified.mean():.3f}; tacit minus codified {gap.effect:+.3f} [{gap.low:.3f}, {gap.high:.3f}]; "
               f"{final['pairs_followed'].mean():.0f} pairs followed per run.")
    return [local, gap], fig, finding
