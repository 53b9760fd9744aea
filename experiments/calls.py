"""What the call for collaborative projects changes in what subsidies buy: an exploratory probe, not a fact.

    python experiments/calls.py             # 20 seeds, 240 months (about four minutes on 2 cores)
    python experiments/calls.py --seeds 4

The public-support fact measures innovations per M€ of public money for a step of `subsidy_rate`
from 0 to 0.4. This probe takes the same step under five ways of running the call: the baseline
(the most promising 45 % of applications selected, six months' wait), a lottery (45 % drawn at
random, six months: the arm replaces `projects.select` in its worker processes), no call wait (45 %
by promise, `call_months` 0: a team still waits `agreement_months` to agree its terms), every
application selected after six months, and every one at once (`call_selection_rate` 1,
`call_months` 0). At `subsidy_rate` 0 there is no call, so the five share one set of runs without
subsidies. Per arm, over seeds: extra innovations and extra public money of the step, their ratio
with its 95 % percentile bootstrap interval (seeds resampled, each seed's runs kept together), and
the share of joint projects subsidised. Figures are printed, not asserted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from probes import run_all, seeds_option

MONTHS = 240
LOTTERY = "lottery (45 % at random, 6 months)"
ARMS = {"baseline (45 % by promise, 6 months)": {},
        LOTTERY: {},
        "no call wait (45 % by promise, 0 months)": {"call_months": 0},
        "every application (6 months)": {"call_selection_rate": 1.0},
        "every application at once": {"call_selection_rate": 1.0, "call_months": 0}}


def lottery(rng, merit: np.ndarray, rate: float) -> np.ndarray:
    """A call that draws its Binomial(n, rate) selected applications at random, whatever their promise."""
    chosen = np.zeros(len(merit), bool)
    chosen[rng.permutation(len(merit))[: rng.binomial(len(merit), rate)]] = True
    return chosen


def one_run(task: tuple[str, float, int]) -> dict:
    from sim.model import ClusterModel, projects

    arm, subsidy, seed = task
    if arm == LOTTERY:
        projects.select = lottery
    model = ClusterModel(rng=seed, subsidy_rate=subsidy, **ARMS.get(arm, {}))
    for _ in range(MONTHS):
        model.step()
    table = model.project_table()
    joint = table["size"] > 1
    return {"arm": arm, "subsidy": subsidy, "seed": seed, "innovations": float(model.innovations_total),
            "public_meur": model.budget.spent_total / 1000.0,
            "joint_subsidised": float(table["subsidised"][joint].mean()) if joint.any() else np.nan}


def main() -> None:
    n_seeds = seeds_option(__doc__, 20)
    seeds = range(1, n_seeds + 1)
    tasks = [("none", 0.0, s) for s in seeds] + [(arm, 0.4, s) for arm in ARMS for s in seeds]
    # a fresh worker per task: the lottery arm replaces `projects.select` in its process
    runs = pd.DataFrame(run_all(one_run, tasks, fresh=True))
    bare = runs[runs["arm"] == "none"].set_index("seed")
    rows = []
    for arm in ARMS:
        step = runs[runs["arm"] == arm].set_index("seed")
        extra, money = step["innovations"] - bare["innovations"], step["public_meur"] - bare["public_meur"]
        low, high = stats.bootstrap((extra.to_numpy(), money.to_numpy()), lambda e, m: e.mean() / m.mean(), paired=True,
                                    vectorized=False, n_resamples=4000, rng=np.random.default_rng(0)).confidence_interval
        rows.append({"arm": arm, "extra innovations": extra.mean(), "extra public M€": money.mean(),
                     "innovations per M€": extra.mean() / money.mean(), "95 % low": low, "95 % high": high,
                     "joint projects subsidised": step["joint_subsidised"].mean()})
    pd.set_option("display.width", 200)
    print(f"{n_seeds} seeds, {MONTHS} months: subsidy_rate 0 -> 0.4, means over seeds "
          f"(without subsidy: {bare['innovations'].mean():.1f} innovations, {bare['public_meur'].mean():.1f} M€)\n")
    print(pd.DataFrame(rows).set_index("arm").round(3).to_string())


if __name__ == "__main__":
    main()
