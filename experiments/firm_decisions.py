"""What firms do with R&D money: the measures behind Model v2's "firms that decide".

    python experiments/firm_decisions.py             # 8 seeds, 240 months, three scenarios (about 2 minutes on 2 cores)
    python experiments/firm_decisions.py --seeds 3

For the baseline, no support and strong support, over seeds: projects launched and innovations,
R&D money set aside, spent and still held at the end, the cooperating share of innovating firms,
startup survival, how skewed the value of innovations is (share of the top tenth of successful
projects in the revenue streams they created), and what public money buys: extra innovations and
public cost per extra innovation from no support to strong support. Figures are printed, not asserted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probes import run_all, seeds_option

MONTHS = 240
SCENARIOS = ("no_support", "baseline", "strong_support")


def created_revenue(model) -> np.ndarray:
    """Monthly revenue each successful project created at launch, over all its firms."""
    from sim.model import projects

    log = [r for r in model.project_log if r["success"].any()]
    if not log:
        return np.zeros(0)
    p, pop = model.p, model.pop
    out = []
    for r in log:
        win = r["success"]
        if "value" in r:  # one stream per project, worth the idea's value
            out.append(projects.monthly_revenue(p, r["value"][win], r["radical"][win]))
        else:  # before Model v2's decisions: a full stream for each firm in the project
            members = r["members"][win]
            firms = ((members >= 0) & pop.firm[np.maximum(members, 0)]).sum(axis=1)
            out.append(p["innovation_revenue"] * np.where(r["radical"][win], projects.RADICAL_REVENUE, 1.0) * firms)
    return np.concatenate(out)


def one_run(task: tuple[str, int]) -> dict:
    from sim.model import ClusterModel
    from sim.model.moments import moments
    from sim.runs.scenarios import load

    scenario, seed = task
    model = ClusterModel(rng=seed, **load(scenario).params)
    for _ in range(MONTHS):
        model.step()
    series = model.datacollector.get_model_vars_dataframe()
    values = np.sort(created_revenue(model))[::-1]
    top = values[: max(1, len(values) // 10)].sum() / values.sum() if len(values) else np.nan
    m = moments(model)
    firms = model.pop.mask(firm=True)
    return {"scenario": scenario, "seed": seed, "launched": float(series["projects_launched"].sum()),
            "innovations": float(model.innovations_total),
            "rd_set_aside_meur": model.p["rd_intensity"] * model.ledger["revenue"] / 1000,
            "rd_spent_meur": model.ledger["project_spending"] / 1000,
            "rd_held_end_meur": float(model.pop.rd_fund[: model.pop.n][firms].sum()) / 1000,
            "public_meur": model.budget.spent_total / 1000,
            "cooperating_share": m["innovation_cooperation"],
            "top_tenth_value_share": top,
            **{k: m[k] for k in ("survival_1y", "survival_3y", "survival_5y")}}


def main() -> None:
    n_seeds = seeds_option(__doc__, 8)
    tasks = [(s, seed) for s in SCENARIOS for seed in range(1, n_seeds + 1)]
    runs = pd.DataFrame(run_all(one_run, tasks))
    mean = runs.groupby("scenario").mean(numeric_only=True).drop(columns="seed").loc[list(SCENARIOS)]
    pd.set_option("display.width", 200)
    print(f"{n_seeds} seeds, {MONTHS} months: means by scenario\n")
    print(mean.T.round(3).to_string())
    paired = runs.pivot(index="seed", columns="scenario")
    extra = paired["innovations"]["strong_support"] - paired["innovations"]["no_support"]
    cost = paired["public_meur"]["strong_support"] - paired["public_meur"]["no_support"]
    print(f"\nno support -> strong support: {extra.mean():+.0f} innovations "
          f"({extra.mean() / paired['innovations']['no_support'].mean():+.1%}) for {cost.mean():.0f} M€, "
          f"{1000 * cost.mean() / extra.mean():,.0f} k€ of public money per extra innovation")


if __name__ == "__main__":
    main()
