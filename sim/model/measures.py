"""End-of-run measures that the per-month outputs cannot give: pairs, projects and cohorts.

The stylized-facts experiments and the verification tests need them (trust against distance at
an equal number of meetings, how fast the same pairs' knowledge converges, success by cognitive
distance, innovation and survival of entry cohorts). Each is a function of the final model
returning named floats; a sweep lists the measures it wants and gets them as extra columns of its
final table. A measure that follows pairs over time also has a snapshot (`SNAPSHOTS`), taken at
`early_month` of the run and handed back at the end.
"""

from __future__ import annotations

import numpy as np

from sim.model.knowledge import LOCAL_SOURCES, cognitive_distance
from sim.model.moments import MICRO_STAFF, YEAR, source_share, survival
from sim.model.population import LARGE_STAFF, REMOTE, STARTUP_MONTHS

PAIR_SAMPLE = 4000  # random pairs of actors compared for knowledge against distance
PROFILE_SAMPLE = 400  # actors whose knowledge profiles are compared pairwise for the cluster's diversity
MIN_STRATUM = 30  # ties with one number of meetings needed to compare their trust with distance
SMALL_STAFF = 50  # EU size class: a small enterprise has fewer staff than this
DISTANCE_BINS = np.linspace(0.0, 0.8, 9)  # cognitive distance bins of collaborative projects (last open-ended)


def _rho(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    from scipy.stats import spearmanr  # here, not at the top: scipy.stats takes most of a second to import, and a
    # plain run, or a process of the command line that only reads a file, needs none of it
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


def trust_at_equal_meetings(model) -> dict:
    """Rank correlation of trust with distance among local ties met face to face (only, and at least
    once) the same number of times, averaged over those numbers weighted by ties: what distance
    does to trust beyond how often a pair meets."""
    pop, trust = model.pop, model.trust
    a, b = trust.ends()
    ok = pop.active[a] & pop.active[b] & ~pop.remote[a] & ~pop.remote[b] & (trust.remote_meetings == 0)
    # the job moves a tie's record counts as meetings are not face-to-face meetings (`moves`); ties made by a
    # project shift alone have not met; a startup's first meetings with its parent and the ties it inherits
    # count as one meeting each (a few in ten thousand)
    face = trust.meetings - trust.moves
    ok &= face >= 1
    km = np.hypot(pop.x[a[ok]] - pop.x[b[ok]], pop.y[a[ok]] - pop.y[b[ok]])
    meetings, t = face[ok], trust.trust[ok]
    rhos, weights = [], []
    for m in np.unique(meetings):
        same = meetings == m
        if same.sum() >= MIN_STRATUM and np.isfinite(rho := _rho(km[same], t[same])):
            rhos.append(rho)
            weights.append(same.sum())
    return {"trust_distance_rho_equal_meetings": float(np.average(rhos, weights=weights)) if rhos else float("nan"),
            "ties_compared": float(sum(weights))}


def early_month(steps: int) -> int:
    """When pair-following measures take their snapshot: a quarter into the run, once ties exist."""
    return max(1, steps // 4)


def _pair_snapshot(model) -> dict:
    """Random pairs of actors of the territory and their tacit and codified dissimilarity now."""
    pop = model.pop
    slots = np.flatnonzero(pop.mask(remote=False))
    rng = np.random.default_rng(len(slots))  # its own stream: measuring never changes the run
    a, b = slots[rng.integers(len(slots), size=(2, PAIR_SAMPLE))] if len(slots) else (slots, slots)
    a, b = a[a != b], b[a != b]
    return {"a": a, "b": b, "tacit": cognitive_distance(pop.tacit[a], pop.tacit[b]),
            "codified": cognitive_distance(pop.codified[a], pop.codified[b])}


def knowledge_convergence(model, early: dict | None = None) -> dict:
    """How much the same pairs' tacit and codified dissimilarity shrank since the snapshot (as a share
    of what it was), rank-correlated with their distance: negative when nearby pairs converge faster."""
    pop = model.pop
    a, b = (early["a"], early["b"]) if early else (np.empty(0, int), np.empty(0, int))
    alive = pop.active[a] & pop.active[b]
    a, b = a[alive], b[alive]
    km = np.hypot(pop.x[a] - pop.x[b], pop.y[a] - pop.y[b])
    out = {"pairs_followed": float(len(a))}
    for part, now in (("tacit", pop.tacit), ("codified", pop.codified)):
        before = early[part][alive] if early else np.empty(0)
        shrink = (before - cognitive_distance(now[a], now[b])) / np.maximum(before, 1e-12)
        out[f"{part}_convergence_rho"] = _rho(km, shrink)
    return out


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


def startup_survival(model) -> dict:
    """Share of the startups born during the run, at least five years before its end, that lived five years."""
    pop = model.pop
    born, age, firm = pop.born[: pop.n], pop.age[: pop.n], pop.firm[: pop.n]
    return {"startup_survival_5y": survival(born, age, firm, model.steps, STARTUP_MONTHS // 12),
            "startups_born_5y_ago": float((firm & (born > 0) & (born <= model.steps - STARTUP_MONTHS)).sum())}


def _months_in_run(pop) -> np.ndarray:
    """Months each agent spent in the cluster during the run (ages count from birth, and the
    agents there at the start were born -age months ago)."""
    return pop.age[: pop.n] - np.maximum(-pop.born[: pop.n], 0)


SIZE_CLASSES = {"micro": (0, MICRO_STAFF), "small": (MICRO_STAFF, SMALL_STAFF), "medium": (SMALL_STAFF, LARGE_STAFF),
                "large": (LARGE_STAFF, np.inf)}  # staff at entry


def entry_cohorts(model) -> dict:
    """Firms by size class at entry (whatever they became): innovations per firm-year in the run,
    and the five-year survival of firms that entered small (under 50 staff) during the run."""
    pop = model.pop
    firm, entry, months = pop.firm[: pop.n], pop.entry_staff[: pop.n], _months_in_run(pop)
    innovations = pop.innovations[: pop.n]
    out = {}
    for name, (low, high) in SIZE_CLASSES.items():
        cls = firm & (entry >= low) & (entry < high)
        years = months[cls].sum() / 12
        out[f"innovations_per_year_{name}_entrants"] = float(innovations[cls].sum() / years) if years else float("nan")
        out[f"firm_years_{name}_entrants"] = float(years)
    born, small = pop.born[: pop.n], firm & (entry < SMALL_STAFF)
    out["survival_5y_small_entrants"] = survival(born, pop.age[: pop.n], small, model.steps, STARTUP_MONTHS // 12)
    out["small_entrants_5y"] = float((small & (born > 0) & (born <= model.steps - STARTUP_MONTHS)).sum())
    return out


def collaborative_innovation(model) -> dict:
    """Successful projects with two partners or more, per firm-year of the run."""
    table = model.project_table()
    found = float(((table["size"] > 1) & table["success"]).sum()) if len(table) else 0.0
    pop = model.pop
    years = _months_in_run(pop)[pop.firm[: pop.n]].sum() / 12
    return {"collab_innovations_per_firm_year": found / years if years else float("nan"), "firm_years": float(years)}


def profile_distance(model) -> float:
    """Mean pairwise cognitive distance between the knowledge profiles of actors of the territory (a
    sample of PROFILE_SAMPLE): how diverse the cluster's knowledge is; 0 when everyone knows the same."""
    pop = model.pop
    slots = np.flatnonzero(pop.mask(remote=False))
    rng = np.random.default_rng(len(slots))  # its own stream: measuring never changes the run
    k = pop.knowledge[rng.permutation(slots)[:PROFILE_SAMPLE]]
    if len(k) < 2:
        return float("nan")
    unit = k / np.maximum(np.linalg.norm(k, axis=1, keepdims=True), 1e-12)
    upper = np.triu_indices(len(k), 1)
    return float(np.mean(1.0 - (unit @ unit.T)[upper]))


def knowledge_channels(model) -> dict:
    """Where knowledge came from over the last year, and how diverse it stays.

    The local share of codified and of tacit flows (from actors of the territory, face to face or
    not, and the region's own literature), job moves' share of tacit flows, the share of finished
    joint projects with an outside partner, and the profile distance (`profile_distance`).
    """
    recent = model.knowledge_flows[-YEAR:]
    table = model.project_log
    members = np.concatenate([r["members"] for r in table]) if table else np.empty((0, 2), int)
    joint = (members[:, 1:] >= 0).any(axis=1)
    outside = ((members >= 0) & (model.pop.kind[np.maximum(members, 0)] == REMOTE)).any(axis=1)
    return {"local_codified_share": source_share(recent, 0, LOCAL_SOURCES),
            "local_tacit_share": source_share(recent, 1, LOCAL_SOURCES),
            "job_move_tacit_share": source_share(recent, 1, ["job_move"]),
            "outside_partner_project_share": float(outside[joint].mean()) if joint.any() else float("nan"),
            "profile_distance": profile_distance(model)}


def public_spending(model) -> dict:
    """Public money spent during the run on each lever (k€, `policy.CATEGORIES`), and the innovations made:
    what a comparison divides to give the public cost of each extra innovation."""
    return {f"public_{lever}": float(spent) for lever, spent in model.budget.total.items()} | {
        "innovations": float(model.innovations_total)}


MEASURES = {f.__name__: f for f in (trust_and_distance, trust_at_equal_meetings, knowledge_convergence,
                                    success_by_distance, startup_survival, entry_cohorts, collaborative_innovation,
                                    knowledge_channels, public_spending)}
SNAPSHOTS = {"knowledge_convergence": _pair_snapshot}  # measures that follow pairs from early_month on


def snapshot(model, names) -> dict:
    """The early state of the measures in `names` that follow pairs over time."""
    return {name: SNAPSHOTS[name](model) for name in names if name in SNAPSHOTS}


def measure(model, names, early: dict | None = None) -> dict:
    """The measures in `names` of the final model; `early` holds their snapshots, if any."""
    out = {}
    for name in names:
        out |= MEASURES[name](model, (early or {}).get(name)) if name in SNAPSHOTS else MEASURES[name](model)
    return out
