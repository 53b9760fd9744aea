"""End-of-run measures that the per-month outputs cannot give: pairs, projects and cohorts.

The stylized-facts experiments need them (trust against distance between pairs, tacit knowledge
against distance, success by cognitive distance, innovation by firm size, startup survival).
Each is a function of the final model returning named floats; a sweep lists the measures it
wants and gets them as extra columns of its final table.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

from sim.model.knowledge import cognitive_distance
from sim.model.population import KIND_CODES, STARTUP_MONTHS

PAIR_SAMPLE = 4000  # random pairs of actors compared for knowledge against distance
DISTANCE_BINS = np.linspace(0.0, 0.8, 9)  # cognitive distance bins of collaborative projects (last open-ended)


def _rho(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(spearmanr(x, y).statistic)


def _local_ties(model):
    """Ties between active actors of the territory, with their length in km."""
    pop, trust = model.pop, model.trust
    a, b = trust.ends()
    ok = pop.active[a] & pop.active[b] & ~pop.remote[a] & ~pop.remote[b]
    a, b = a[ok], b[ok]
    return np.hypot(pop.x[a] - pop.x[b], pop.y[a] - pop.y[b]), trust.trust[ok]


def trust_and_distance(model) -> dict:
    """Rank correlation of trust with distance over ties, and the trust-weighted tie length."""
    km, t = _local_ties(model)
    return {"trust_distance_rho": _rho(km, t),
            "trust_weighted_km": float((km * t).sum() / t.sum()) if t.sum() > 0 else float("nan")}


def knowledge_and_distance(model) -> dict:
    """Over random pairs of actors: rank correlation of tacit and of codified dissimilarity with distance."""
    pop = model.pop
    slots = np.flatnonzero(pop.mask(remote=False))
    if len(slots) < 3:
        return {"tacit_distance_rho": float("nan"), "codified_distance_rho": float("nan")}
    rng = np.random.default_rng(len(slots))  # its own stream: measuring never changes the run
    a, b = slots[rng.integers(len(slots), size=(2, PAIR_SAMPLE))]
    ok = a != b
    a, b = a[ok], b[ok]
    km = np.hypot(pop.x[a] - pop.x[b], pop.y[a] - pop.y[b])
    return {"tacit_distance_rho": _rho(km, cognitive_distance(pop.tacit[a], pop.tacit[b])),
            "codified_distance_rho": _rho(km, cognitive_distance(pop.codified[a], pop.codified[b]))}


def success_by_distance(model) -> dict:
    """Finished collaborative projects and their successes, by bin of the partners' cognitive distance."""
    table = model.project_table()
    out = {}
    collab = table[table["size"] > 1] if len(table) else table
    bins = np.digitize(collab["distance"], DISTANCE_BINS[1:-1]) if len(collab) else np.empty(0, int)
    for k in range(len(DISTANCE_BINS) - 1):
        in_bin = bins == k
        out[f"collab_projects_d{k}"] = float(in_bin.sum())
        out[f"collab_successes_d{k}"] = float(collab["success"].to_numpy()[in_bin].sum()) if len(collab) else 0.0
    out["collab_innovations_total"] = float(collab["success"].sum()) if len(collab) else 0.0
    return out


def innovation_by_size(model) -> dict:
    """Innovations each firm took part in, per firm, for large firms and for SMEs and startups."""
    pop = model.pop
    kind, innovations, active = pop.kind[: pop.n], pop.innovations[: pop.n], pop.active[: pop.n]
    large = active & (kind == KIND_CODES["large_firm"])
    small = active & ((kind == KIND_CODES["sme"]) | (kind == KIND_CODES["startup"]))
    return {"innovations_per_large_firm": float(innovations[large].mean()) if large.any() else float("nan"),
            "innovations_per_small_firm": float(innovations[small].mean()) if small.any() else float("nan")}


def startup_survival(model) -> dict:
    """Share of the startups born during the run, at least five years before its end, that lived five years."""
    pop = model.pop
    born, age = pop.born[: pop.n], pop.age[: pop.n]
    cohort = pop.firm[: pop.n] & (born > 0) & (born <= model.steps - STARTUP_MONTHS)
    return {"startup_survival_5y": float((age[cohort] >= STARTUP_MONTHS).mean()) if cohort.any() else float("nan"),
            "startups_born_5y_ago": float(cohort.sum())}


MEASURES = {f.__name__: f for f in (trust_and_distance, knowledge_and_distance, success_by_distance,
                                    innovation_by_size, startup_survival)}


def measure(model, names) -> dict:
    out = {}
    for name in names:
        out |= MEASURES[name](model)
    return out
