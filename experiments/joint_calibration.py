"""Calibrate `project_cost` and `partner_search_share` together, by a rule fixed before the grid ran.

    python experiments/joint_calibration.py            # the grid below, 8 seeds a point: about 5 minutes on 2 cores
    python experiments/joint_calibration.py --seeds 2  # a quick look; the rule is defined on 8 seeds

The rule (MODEL.md, Grounded defaults, *Joint calibration*), committed before its first run:

- Free parameters: `project_cost` and `partner_search_share`, the two of the calibration table's
  levers with no published value; every other parameter stays at its default.
- Rows: the three the two parameters act on directly, what firms spend on projects, with whom,
  and what comes of it: R&D intensity of R&D-active SMEs, the cooperating share of innovating firms,
  and firms with an innovation new to the market. The grids of one parameter (MODEL.md, Calibration)
  showed that micro firms and the firm-size tail answer to other parameters (growth and spin-offs).
- Distance of a grid point: the sum over the three rows of ((mean - target) / tolerance)^2, the
  means over seeds 101-108 (not the calibration table's), 240 months, the baseline scenario.
- Admissible: a point where every row of the table that lies within its band at the defaults before it
  (cooperation, market innovators, survival at 1, 3 and 5 years, job moves, codified flows) is
  still within its band.
- Choice: the admissible point of smallest distance. It becomes the defaults if its distance is
  smaller than that of the defaults before it (120 k€, 0.15, a point of the grid); otherwise nothing
  changes. No fact's verdict and no count of innovations enters the choice.

Figures are printed, not asserted.
"""

from __future__ import annotations

import pandas as pd

from calibration_grid import FIRST_SEED, MONTHS, one_run
from probes import run_all, seeds_option

COSTS = (120.0, 160.0, 200.0, 250.0, 300.0, 400.0)  # k€
SHARES = (0.04, 0.06, 0.08, 0.11, 0.15)
BEFORE = (120.0, 0.15)  # the defaults when the rule was fixed
FITTED = ("sme_rd_share", "innovation_cooperation", "market_innovators")
KEPT = ("innovation_cooperation", "market_innovators", "survival_1y", "survival_3y", "survival_5y",
        "job_to_job_rate", "local_knowledge_share")
SEEDS = 8


def assess(runs: pd.DataFrame) -> pd.DataFrame:
    """Each grid point's row means, distance and admissibility, nearest first."""
    from sim.reports.calibration import TARGETS, verdict

    targets = {t.moment: t for t in TARGETS}
    points = runs.drop(columns="seed").groupby(["project_cost", "partner_search_share"]).mean()
    points["distance"] = sum(((points[m] - targets[m].value) / targets[m].tolerance) ** 2 for m in FITTED)
    points["admissible"] = [all(verdict(row[m], targets[m].value, targets[m].tolerance) == "within" for m in KEPT)
                            for _, row in points.iterrows()]
    return points.sort_values("distance")


def main() -> None:
    seeds = range(FIRST_SEED, FIRST_SEED + seeds_option(__doc__, SEEDS))
    tasks = [({"project_cost": c, "partner_search_share": s}, seed) for c in COSTS for s in SHARES for seed in seeds]
    points = assess(pd.DataFrame(run_all(one_run, tasks)))
    shown = ["distance", "admissible", *FITTED, *KEPT[2:], "micro_share", "size_tail_exponent", "innovations"]
    print(f"every point of the grid, nearest first: means over {len(seeds)} seeds from {FIRST_SEED}, {MONTHS} months; "
          f"distance over {', '.join(FITTED)}\n")
    print(points[shown].to_string(float_format=lambda x: f"{x:.4g}"))
    admissible = points[points["admissible"]]
    before = points.loc[BEFORE, "distance"]
    if admissible.empty or admissible["distance"].iloc[0] >= before:
        print(f"\nno admissible point is nearer than the defaults before it {BEFORE} (distance {before:.3g}): nothing changes")
        return
    (cost, share), best = admissible.index[0], admissible["distance"].iloc[0]
    print(f"\nchosen: project_cost = {cost:g} k€, partner_search_share = {share:g} (distance {best:.3g}, "
          f"against {before:.3g} at the defaults before it {BEFORE})")


if __name__ == "__main__":
    main()
