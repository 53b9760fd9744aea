"""Every output of `sim.model.outputs`, computed from the arrays at the end of a step: the actors' and the ties' apart,
so that the actors' can be computed while the ties fade (`ClusterModel._close_month`)."""

from __future__ import annotations

import numpy as np

from sim.model.kernels import triangles_and_giant
from sim.model.outputs import KINDS

GRID = 10  # cells per side for spatial concentration


def gini(values: np.ndarray) -> float:
    x = np.sort(np.maximum(values, 0.0))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    i = np.arange(1, len(x) + 1)
    return float(2.0 * (i * x).sum() / (len(x) * x.sum()) - (len(x) + 1) / len(x))


def network(u: np.ndarray, v: np.ndarray, m: int) -> dict:
    """Density, transitivity and giant component of the strong-trust network among `m` cluster actors, given by
    its ties (`u`, `v`)."""
    if m < 2:
        return {"trust_density": 0.0, "clustering": 0.0, "giant_component": 0.0}
    degree = np.bincount(u, minlength=m) + np.bincount(v, minlength=m)
    triples = (degree * (degree - 1)).sum()
    found, giant = triangles_and_giant(u, v, m)
    return {
        "trust_density": len(u) / (m * (m - 1) / 2),
        "clustering": float(6 * found / triples) if triples else 0.0,
        "giant_component": float(giant / m),
    }


def compute(model) -> dict:
    """Every output."""
    return of_actors(model) | of_ties(model)


def of_ties(model) -> dict:
    """The outputs of the trust ties: mean trust between active agents, and the strong-trust network among
    cluster actors (`network`), from one pass over the ties."""
    pop = model.pop
    cluster = pop.mask(remote=False)
    index = np.where(cluster, np.cumsum(cluster) - 1, -1)  # slot -> row among cluster actors, in slot order
    live, u, v = model.trust.live_and_strong(pop.active, model.p["partner_trust_threshold"], index)
    mean = float(live.mean()) if len(live) else 0.0
    return {"mean_trust": mean} | network(u, v, int(np.count_nonzero(cluster)))


def of_actors(model) -> dict:
    """Every output but those of the ties."""
    pop, p, month = model.pop, model.p, model.month
    n = pop.n
    active = pop.active[:n]
    counts = np.bincount(pop.kind[:n][active], minlength=len(KINDS))
    out = {f"agents_{k}": float(counts[i]) for i, k in enumerate(KINDS)}

    out["births"] = float(month["births"])
    out["deaths"] = float(month["deaths"])
    out["startups_alive"] = out["agents_startup"]
    inc, rad = month["incremental"], month["radical"]
    out.update(innovations_incremental=float(inc), innovations_radical=float(rad), innovations=float(inc + rad))
    year = np.array(model.recent)  # last 12 months: innovations, collaborative ones
    out["collaborative_share"] = float(year[:, 1].sum() / year[:, 0].sum()) if year[:, 0].sum() else 0.0
    collab = model.projects.collaborative
    out["remote_collab_share"] = float(model.projects.remote[collab].mean()) if collab.any() else 0.0
    out["projects_active"] = float(len(model.projects))
    out["projects_launched"] = float(month["launched"])
    out["platform_refused"] = float(model.platforms.refused)
    out["ip_conflicts"] = float(month["conflicts"])

    cluster = pop.mask(remote=False)
    know = pop.knowledge_of(np.flatnonzero(cluster))
    level = know.sum(axis=1)
    mean = level.mean() if len(level) else 0.0
    out["knowledge_mean"] = float(mean)
    out["knowledge_dispersion"] = float(level.std() / mean) if mean > 0 else 0.0
    spread = know.sum(axis=0)
    share = spread / spread.sum() if spread.sum() > 0 else np.full(pop.n_domains, 1.0 / pop.n_domains)
    out["knowledge_diversity"] = float(-(share * np.log(np.maximum(share, 1e-300))).sum() / np.log(pop.n_domains))
    out["tacit_share"] = float(pop.tacit[:n][cluster].sum() / know.sum()) if know.sum() > 0 else 0.0
    out["frontier"] = float(model.frontier)

    out["talent_employed"] = float(pop.staff[:n][cluster].sum())
    out["talent_available"] = float(model.talent.people)
    out["talent_skill"] = float(model.talent.skill)
    out["migration"] = float(model.talent.migration)
    out["job_moves"] = float(model.talent.job_moves)
    out["vacancies"] = float(model.talent.vacancies)
    out["regional_wage"] = float(model.talent.wage)

    out["public_spending"] = float(model.budget.spent_month)
    out["public_spending_total"] = float(model.budget.spent_total)
    out["innovations_total"] = float(model.innovations_total)
    out["cost_per_innovation"] = (
        out["public_spending_total"] / model.innovations_total if model.innovations_total else float("nan"))

    firms = pop.mask(firm=True)
    size = p["territory_km"]
    cell = np.clip((np.column_stack([pop.x[:n][firms], pop.y[:n][firms]]) / size * GRID).astype(int), 0, GRID - 1)
    occupancy = np.bincount(cell[:, 0] * GRID + cell[:, 1], minlength=GRID * GRID)
    out["spatial_concentration"] = float(100.0 * ((occupancy / occupancy.sum()) ** 2).sum()) if firms.any() else 0.0
    out["capital_gini"] = gini(pop.capital[:n][firms])
    out["capital_total"] = float(pop.capital[:n][firms].sum())
    return out
