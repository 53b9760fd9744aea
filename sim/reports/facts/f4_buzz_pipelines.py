"""Local buzz and global pipelines: a cluster mixing local and remote contacts innovates more than either alone."""

import plotly.graph_objects as go

from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "buzz_pipelines"
TITLE = "Local buzz and global pipelines"
CLAIM = ("A cluster that combines local face-to-face ties (buzz) with remote ones (pipelines) innovates more than a "
         "purely local or a purely remote one (Bathelt, Malmberg and Maskell 2004, Clusters and knowledge: local "
         "buzz, global pipelines and the process of knowledge creation, Progress in Human Geography 28(1)).")
MECHANISM = ("digital_openness is the share of each actor's monthly contacts made remotely, so the total stays equal. "
             "Remote contacts reach outside partners and their growing frontier and distant, novel partners, but build "
             "trust more slowly and carry little tacit knowledge; local contacts do the opposite. Networking events are "
             "face to face in every condition.")
SESOI = 0.05
LEVELS = {"local only": 0.0, "mixed": 0.5, "remote only": 1.0}
PROTOCOL = Protocol(
    hypothesis="At an equal number of contacts, a cluster whose contacts are half local and half remote innovates more "
               "than one whose contacts are all local and than one whose contacts are all remote.",
    levers="digital_openness 0 (local only), 0.5 (mixed) and 1 (remote only); contacts_per_month and everything else "
           "at baseline.",
    pairing="The same 30 seeds in every condition; differences are taken seed by seed.",
    outcome="Innovations over the run.",
    sesoi=f"{SESOI:.0%} of the comparison condition's mean innovations: a smaller difference would not justify steering "
          "how a cluster's actors meet.",
    test=f"Paired t-tests of (mixed - local only) / mean(local only) and (mixed - remote only) / mean(remote only). Each "
         f"holds if its 95 % interval lies above {SESOI}; does not hold if equivalent to 0 within +-{SESOI} (TOST) or "
         "significantly negative. The fact holds if both hold.",
)
SWEEPS = {"openness": dict(title="Fact: local buzz and global pipelines", seed=104,
                           vary={"digital_openness": list(LEVELS.values())},
                           outcomes=["innovations_total", "remote_collab_share", "knowledge_mean"])}


def analyze(final, series):
    level = {name: final[final["digital_openness"] == v].set_index("replicate").sort_index()["innovations_total"]
             for name, v in LEVELS.items()}
    tests = [stats.paired_effect(level["mixed"], level[other], SESOI, name=f"innovations, mixed against {other}")
             for other in ("local only", "remote only")]
    fig = go.Figure([go.Box(y=level[name], name=f"{name} ({v:g})", boxpoints="all") for name, v in LEVELS.items()])
    fig.update_layout(title=f"{TITLE}: innovations over the run at equal contacts (every seed)",
                      xaxis_title="digital openness (share of contacts made remotely)",
                      yaxis_title="innovations over the run", showlegend=False, height=420)
    finding = "; ".join(f"{t.test}: {t.effect:+.1%} [{t.low:+.1%}, {t.high:+.1%}]" for t in tests) + "."
    return tests, fig, finding
