"""What sets how many firms cooperate, against the Community Innovation Survey: an exploratory probe, not a fact.

    python experiments/cooperation.py             # 6 seeds, 240 months, seven settings (about a minute on 2 cores)
    python experiments/cooperation.py --seeds 3

The baseline (`partner_search_share` calibrated to the survey's share), and six settings that each
move one thing: every idea of an open firm weighed with partners (`partner_search_share` 1, the model
before that calibration), every application to the call selected at once (`call_selection_rate` 1,
`call_months` 0), partners who agree a project's terms at once (`agreement_months` 0), no subsidy
for joint projects (`subsidy_rate` 0), partners that cost 200 k€ each to coordinate
(`coordination_cost`), and twice the ideas (`project_propensity` 0.1). For each, over seeds: the
calibration table's cooperating share, the same share counted as the survey counts it (firms with
10 or more staff that innovated, and took part in any joint project), the share of firms with 10 or
more staff that innovated (`market_innovators`), the share of projects that are joint, for solo and
joint projects their chance of success and the mean value of their ideas, and the share of joint
projects the call subsidised. Figures are printed, not asserted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probes import run_all, seeds_option

MONTHS = 240
SETTINGS = {"baseline": {}, "every idea weighed with partners": {"partner_search_share": 1.0},
            "every application selected": {"call_selection_rate": 1.0, "call_months": 0},
            "terms agreed at once": {"agreement_months": 0},
            "no joint subsidy": {"subsidy_rate": 0.0}, "partner 200 k€": {"coordination_cost": 200.0},
            "twice the ideas": {"project_propensity": 0.1}}


def one_run(task: tuple[str, int]) -> dict:
    from sim.model import ClusterModel
    from sim.model.moments import MICRO_STAFF, found_in, moments, recent_projects

    setting, seed = task
    model = ClusterModel(rng=seed, **SETTINGS[setting])
    for _ in range(MONTHS):
        model.step()
    pop, n = model.pop, model.pop.n
    recent = recent_projects(model)
    innovator = found_in(recent_projects(model, succeeded=True), n)
    cooperated = found_in(recent[(recent >= 0).sum(axis=1) > 1], n)
    surveyed = pop.mask(firm=True) & (pop.staff[:n] >= MICRO_STAFF) & innovator
    table = model.project_table()
    team = table["size"] > 1
    m = moments(model)
    return {"setting": setting, "seed": seed, "cooperating_share": m["innovation_cooperation"],
            "as_the_survey_counts": float(cooperated[surveyed].mean()) if surveyed.any() else np.nan,
            "market_innovators": m["market_innovators"], "joint_projects": float(team.mean()),
            "success_solo": float(table["success"][~team].mean()), "success_joint": float(table["success"][team].mean()),
            "idea_value_solo": float(table["value"][~team].mean()), "idea_value_joint": float(table["value"][team].mean()),
            "joint_subsidised": float(table["subsidised"][team].mean()),
            "innovations": float(model.innovations_total)}


def main() -> None:
    n_seeds = seeds_option(__doc__, 6)
    tasks = [(s, seed) for s in SETTINGS for seed in range(1, n_seeds + 1)]
    runs = pd.DataFrame(run_all(one_run, tasks))
    mean = runs.groupby("setting").mean(numeric_only=True).drop(columns="seed").loc[list(SETTINGS)]
    pd.set_option("display.width", 200)
    print(f"{n_seeds} seeds, {MONTHS} months: means by setting (target: 0.27 of innovating firms cooperate, "
          f"0.132 of firms with 10 or more staff innovate)\n")
    print(mean.T.round(3).to_string())


if __name__ == "__main__":
    main()
