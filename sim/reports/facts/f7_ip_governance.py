"""IP governance: collaborative innovation per firm peaks at an intermediate IP strictness."""

import plotly.graph_objects as go

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "ip_governance"
TITLE = "IP governance: neither too lax nor too strict"
CLAIM = ("Collaborative innovation is highest at an intermediate IP strictness: lax rules bring conflicts and a "
         "collapse of trust, strict rules slow and deter projects (Laursen and Salter 2014, The paradox of openness, "
         "Research Policy 43(5)).")
MECHANISM = ("Strictness adds duration and cost to every project; an opportunist partner defects with a chance that "
             "falls with strictness and trust, breaking the project and collapsing trust among its members, and the "
             "victims warn their trusted contacts. Under lax rules honest firms count the risk of a conflict before "
             "they partner and hold back know-how from partners they do not yet trust. That conflicts fall and projects "
             "get dearer with strictness is written in the code (verification); whether collaborative innovation peaks "
             "in between depends on these decisions, trust, partners and funds.")
SESOI = 0.05
LEVELS = [0.0, 0.25, 0.5, 0.75, 1.0]
PROTOCOL = Protocol(
    hypothesis="Collaborative innovations per firm-year rise with IP strictness at lax levels and fall at strict ones, "
               "peaking inside the range 0 to 1.",
    levers=f"ip_strictness {' / '.join(f'{v:g}' for v in LEVELS)}, everything else at baseline.",
    pairing="The same 30 seeds at every level; errors are clustered by seed.",
    outcome="Successful projects with two partners or more, per firm-year of the run.",
    sesoi=f"An end slope worth {SESOI:.0%} of the mean outcome over the whole range: a rise or a fall smaller than that "
          "would not make a choice of IP rules matter.",
    test="Lind and Mehlum (2010) U-test: quadratic OLS with errors clustered by seed; the slope at strictness 0 must "
         f"exceed +{SESOI:.0%} of the mean per unit of range and the slope at 1 be below -{SESOI:.0%} (both one-sided, "
         "the larger p decides), and the turning point's 95 % Fieller interval must lie inside [0, 1]. Does not hold if "
         "either end slope has the wrong sign significantly (a monotone or U-shaped curve) or both are equivalent to 0 "
         "within +-SESOI (a flat curve).",
)
SWEEPS = {"strictness": dict(title="Fact: IP governance", seed=107, vary={"ip_strictness": LEVELS},
                             outcomes=["innovations_total", "projects_launched", "mean_trust"],
                             measures=["collaborative_innovation"])}


def analyze(final, series):
    y = final["collab_innovations_per_firm_year"]
    test = stats.inverted_u(final["ip_strictness"], y, final["replicate"], SESOI,
                            name="collaborative innovations per firm-year on IP strictness, turning point (Fieller)")
    means = final.groupby("ip_strictness")["collab_innovations_per_firm_year"].agg(["mean", "sem"])
    fig = go.Figure(go.Scatter(x=means.index, y=means["mean"], error_y={"array": 1.96 * means["sem"]},
                               mode="lines+markers"))
    fig.update_layout(title=f"{TITLE}: collaborative innovations per firm-year (mean over seeds, 95 % CI)",
                      xaxis_title="IP strictness", yaxis_title="collaborative innovations per firm-year", height=420)
    finding = (f"Means by strictness from {means['mean'].min():.4f} to {means['mean'].max():.4f}, highest at "
               f"{means['mean'].idxmax():g}; fitted turning point {test.effect:.2f} [{test.low:.2f}, {test.high:.2f}]; "
               f"{test.detail}.")
    return [test], fig, finding
