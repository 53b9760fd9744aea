"""Pooling: shared platforms help firms that entered small more than firms that entered large."""

import plotly.graph_objects as go

from sim.model.measures import SIZE_CLASSES
from sim.reports import stats
from sim.reports.facts import Protocol

NAME = "pooling"
TITLE = "Pooling platforms helps small firms most"
CLAIM = ("Shared platforms (technical centres, test benches) raise the innovation and survival of small firms more "
         "than those of large firms, which can afford their own equipment (a rationale of technology-infrastructure "
         "policy, e.g. Tassey 1991, Research Policy 20(4); OECD 2011 on shared research infrastructures).")
MECHANISM = ("Half the ideas need equipment that large firms and technical centres own; a firm without it buys access "
             "(equipment_cost) or, when a slot is free, uses a technical centre's platform for a fraction of that "
             "(platform_discount). Firms carry out an idea only if it is worth its cost to them and their R&D fund covers "
             "their share. Innovations bring revenue, which keeps firms alive. Whether small firms gain most is not "
             "written in the code.")
SESOI_GAIN, SESOI_SURVIVAL = 0.05, 0.02
SMALL, LARGE = ("micro", "small"), ("large",)
PROTOCOL = Protocol(
    hypothesis="Platforms raise the innovation rate of firms that entered with fewer than 50 staff by a larger share "
               "than that of firms that entered with 250 or more, and raise the five-year survival of firms that "
               "entered small.",
    levers="Platforms off (platform_capacity 0, platform_investment 0) against the baseline's platforms (4 slots per "
           "technical centre, 1,000 k€ a year of investment); everything else at baseline.",
    pairing="The same 30 seeds with and without platforms; gains are taken seed by seed.",
    outcome="Entry cohorts by size class at entry (staff when the firm entered: at the start or at its birth), whatever "
            "they grew into: innovations per firm-year in the run; and the share of firms that entered small during "
            "the run, at least five years before its end, that lived five years.",
    sesoi=f"{SESOI_GAIN:.0%} (5 percentage points) of relative gain between the classes: a smaller difference would not "
          f"justify targeting platforms at small firms; {SESOI_SURVIVAL:.0%} (2 points) of five-year survival: about "
          "the year-to-year variation of survival rates in business demography statistics.",
    test=f"(1) Paired t-test of gain(small) - gain(large), gain = rate with platforms / rate without - 1: holds if the 95 "
         f"% interval lies above {SESOI_GAIN}. (2) Paired t-test of small entrants' five-year survival with minus "
         f"without platforms: holds if above {SESOI_SURVIVAL}. Each does not hold if equivalent to 0 within +-SESOI "
         "(TOST) or significantly negative. The fact holds if both hold.",
)
SWEEPS = {"platforms": dict(title="Fact: pooling", seed=106, outcomes=["innovations_total"], measures=["entry_cohorts"],
                            vary={"platforms": {"platform_capacity": [0, 4], "platform_investment": [0.0, 1000.0]}})}


def _rate(runs, classes):
    innovations = sum(runs[f"innovations_per_year_{c}_entrants"] * runs[f"firm_years_{c}_entrants"] for c in classes)
    return innovations / sum(runs[f"firm_years_{c}_entrants"] for c in classes)


def analyze(final, series):
    off, on = (final[final["platforms"] == k].set_index("replicate").sort_index() for k in (0, 1))
    gain = {name: _rate(on, classes) / _rate(off, classes) - 1 for name, classes in (("small", SMALL), ("large", LARGE))}
    innovation = stats.paired_effect(gain["small"], gain["large"], SESOI_GAIN, relative=False,
                                     name="relative gain in innovations per firm-year, small entrants minus large")
    survival = stats.paired_effect(on["survival_5y_small_entrants"], off["survival_5y_small_entrants"], SESOI_SURVIVAL,
                                   relative=False, name="five-year survival of small entrants, with minus without")
    by_class = {c: 100 * (on[f"innovations_per_year_{c}_entrants"] / off[f"innovations_per_year_{c}_entrants"] - 1)
                for c in SIZE_CLASSES}
    fig = go.Figure([go.Box(y=v, name=c, boxpoints="all") for c, v in by_class.items()])
    fig.update_layout(title=f"{TITLE}: innovations per firm-year with platforms, relative to none, by size at entry",
                      xaxis_title="size class at entry (micro < 10, small < 50, medium < 250, large)",
                      yaxis_title="% change (per seed)", showlegend=False, height=420)
    finding = (f"Platforms change innovations per firm-year by {100 * gain['small'].mean():+.1f} % for small entrants and "
               f"{100 * gain['large'].mean():+.1f} % for large ones (difference {100 * innovation.effect:+.1f} points "
               f"[{100 * innovation.low:+.1f}, {100 * innovation.high:+.1f}]); small entrants' five-year survival by "
               f"{100 * survival.effect:+.1f} points [{100 * survival.low:+.1f}, {100 * survival.high:+.1f}].")
    return [innovation, survival], fig, finding
