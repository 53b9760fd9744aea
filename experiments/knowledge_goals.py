"""The goals of Model v2's knowledge and networks, measured at baseline over several seeds.

    python experiments/knowledge_goals.py              # 10 seeds, 240 months, openness 0.2 / 0.5 / 0.8
    python experiments/knowledge_goals.py --seeds 3

Prints, per setting, the mean over seeds and the range:
- diversity: mean pairwise profile distance at the start and after 20 years (goal: within +-25 % of
  the start) while mean knowledge grows (beside the world's level, `reference_240`, and the number
  of firms at the start and the end); radical innovations in years 15 to 20 (goal: some);
- global pipelines: share of finished joint projects with an outside partner; of the ties that
  served (a project or a tacit transfer) in year 10, the share still there 3 and 10 years later,
  remote against local (goal: remote ties that served last for years);
- channels: local share of codified and tacit flows over the last year, job moves' share of tacit flows.
Figures are printed, never asserted.
"""

from __future__ import annotations

import numpy as np

from probes import run_all, seeds_option

MONTHS = 240
SERVED_AT = 120  # ties that served in the year up to this month are followed
FOLLOW = (156, 240)  # and looked for again in these months
OPENNESS = (0.2, 0.5, 0.8)


def _served_ties(model) -> dict:
    """Keys of the ties between active actors that served in the last year, remote and local."""
    pop, trust = model.pop, model.trust
    a, b = trust.ends()
    rows = np.flatnonzero((trust.served > model.steps - 12) & pop.active[a] & pop.active[b])
    remote = trust.is_remote(rows) | pop.remote[a[rows]] | pop.remote[b[rows]]
    return {"remote": trust.key[rows[remote]], "local": trust.key[rows[~remote]]}


def _still_there(model, keys: np.ndarray) -> float:
    """Share of the ties `keys` whose two ends are still active that the network still holds."""
    a, b = keys >> 32, keys & 0xFFFFFFFF
    alive = model.pop.active[a] & model.pop.active[b]
    return float((model.trust.find(keys[alive]) >= 0).mean()) if alive.any() else float("nan")


def run(task: tuple[float, int]) -> dict:
    from sim.model import ClusterModel
    from sim.model.measures import knowledge_channels, profile_distance

    openness, seed = task
    model = ClusterModel(rng=seed, digital_openness=openness)
    cluster = model.pop.mask(remote=False)
    out = {"openness": openness, "distance_0": profile_distance(model),
           "level_0": model.pop.knowledge[cluster].sum(axis=1).mean(),
           "firms_0": float(model.pop.mask(firm=True).sum())}
    served = {}
    for month in range(1, MONTHS + 1):
        model.step()
        if month == SERVED_AT:
            served = _served_ties(model)
        if month in FOLLOW:
            for kind, keys in served.items():
                out[f"{kind}_served_ties_left_{month}"] = _still_there(model, keys)
    cluster = model.pop.mask(remote=False)
    table = model.project_table()
    channels = knowledge_channels(model)
    out |= {"distance_240": channels["profile_distance"], "level_240": model.pop.knowledge[cluster].sum(axis=1).mean(),
            "reference_240": model.reference, "firms_240": float(model.pop.mask(firm=True).sum()),
            "radical_years_15_20": float((table["radical"] & (table["step"] > 180)).sum()),
            "gatekeeper_share": float(model.pop.gatekeeper[: model.pop.n][cluster].mean())}
    return out | channels


def main() -> None:
    n_seeds = seeds_option(__doc__, 10)
    import pandas as pd

    tasks = [(o, s) for o in OPENNESS for s in range(n_seeds)]
    rows = pd.DataFrame(run_all(run, tasks))
    rows["distance_change"] = rows["distance_240"] / rows["distance_0"] - 1
    pd.set_option("display.width", 200)
    for openness, group in rows.groupby("openness"):
        print(f"\ndigital openness {openness} ({len(group)} seeds): mean [min, max]")
        for column in group.columns.drop("openness"):
            v = group[column]
            print(f"  {column:34} {v.mean():10.4f}  [{v.min():.4f}, {v.max():.4f}]")


if __name__ == "__main__":
    main()
