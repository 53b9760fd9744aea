"""Knowledge: codified and tacit parts over K domains, absorptive capacity and transfer.

Codified knowledge flows at every meeting, remote or not; tacit knowledge flows only between
actors who trust each other, and at full rate only face to face. What a receiver takes in is a
share of the gap to the source, scaled by its absorptive capacity (its skill and its own
knowledge), and by how related each domain is to what it knows. All meetings of a month are applied at once, from the state at the month's start.
A month's exchange also reports where what was learnt came from (`SOURCES`), for the calibration's
local share of knowledge flows; the accounting reads the gains and changes nothing.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csc_array

RING_WIDTH = (0.5, 2.0)  # range of the breadth of an actor's profile, in domains
SOURCES = ("face_to_face", "remote_meeting", "outside_partner")  # where knowledge learnt in a meeting came from


def profiles(rng, n: int, n_domains: int, sector_diversity: float) -> np.ndarray:
    """Knowledge profiles summing to 1: a bump around a core domain on a ring of domains.

    Domains next to each other on the ring are related (related variety), so cognitive distance
    between actors ranges continuously from near 0 (same core) to near 1 (opposite cores).
    """
    n_cores = max(1, int(round(sector_diversity * n_domains)))
    core = rng.integers(n_cores, size=n)
    width = rng.uniform(*RING_WIDTH, size=n)
    k = np.arange(n_domains)
    ring = np.abs(k[None, :] - core[:, None])
    ring = np.minimum(ring, n_domains - ring)
    w = np.exp(-0.5 * (ring / width[:, None]) ** 2) + 0.05 * rng.dirichlet(np.ones(n_domains), size=n)
    return w / w.sum(axis=1, keepdims=True)


def relatedness(k: np.ndarray) -> np.ndarray:
    """How well an actor can take in each domain: its knowledge there relative to its best domain.

    Absorptive capacity is built on related prior knowledge (Cohen and Levinthal 1990), so
    actors learn fast near their core and hardly at all far from it: specialisations persist.
    """
    return k / np.maximum(k.max(axis=-1, keepdims=True), 1e-12)


def absorptive_capacity(pop, talent_absorption: float) -> np.ndarray:
    """Between 0 and 1: skill of staff, and own knowledge relative to the cluster's mean."""
    level = pop.knowledge.sum(axis=1)
    cluster = pop.mask(remote=False)
    mean = level[cluster].mean() if cluster.any() else 1.0
    rel = level / max(mean, 1e-12)
    own = np.minimum(1.0, 2.0 * rel / (1.0 + rel))
    return talent_absorption * pop.skill[: pop.n] + (1.0 - talent_absorption) * own


def cognitive_distance(k_a: np.ndarray, k_b: np.ndarray) -> np.ndarray:
    """1 minus the cosine similarity of two knowledge vectors (rows): 0 same profile, 1 disjoint."""
    dot = np.einsum("ij,ij->i", k_a, k_b)
    norm = np.linalg.norm(k_a, axis=1) * np.linalg.norm(k_b, axis=1)
    return 1.0 - dot / np.maximum(norm, 1e-12)


def exchange(pop, meetings, trust_after: np.ndarray, absorptive: np.ndarray, params) -> np.ndarray:
    """Apply a month of meetings to knowledge, both ways; `trust_after` is each pair's trust after meeting.

    Returns the knowledge gained (codified and tacit, summed over receivers and domains) by source,
    in the order of `SOURCES`: face to face (always from an actor of the territory), in a remote
    meeting with an actor of the territory, and from an outside partner.
    """
    gained = np.zeros(len(SOURCES))
    if len(meetings.a) == 0:
        return gained
    n = pop.n
    absorb = absorptive[:, None] * relatedness(pop.knowledge)
    absorb[pop.remote[:n]] = 0.0  # the outside world's knowledge follows the frontier instead
    # a receiver's meetings together may not close more than its whole gap: busy receivers are scaled down
    meetings_of = np.bincount(meetings.a, minlength=n) + np.bincount(meetings.b, minlength=n)
    trusted = trust_after >= params["tacit_trust_threshold"]
    tacit_rate = params["tacit_rate"] * np.where(meetings.remote[trusted], params["remote_tacit_factor"], 1.0)
    for part, rate, sel in ((0, params["codified_rate"], slice(None)), (1, np.r_[tacit_rate, tacit_rate], trusted)):
        a, b = meetings.a[sel], meetings.b[sel]
        rec, m = np.concatenate([a, b]), len(a)  # receivers: a learns from b, then b from a
        k = np.ascontiguousarray(pop.know[:n, part])
        # one gap per meeting serves both ways; np.take and in-place arithmetic keep the row gathers fast
        gap = np.take(k, b, axis=0)
        gap -= np.take(k, a, axis=0)
        delta = np.empty((2 * m, k.shape[1]))
        np.maximum(gap, 0.0, out=delta[:m])
        np.maximum(np.negative(gap, out=gap), 0.0, out=delta[m:])
        delta *= np.take(absorb, rec, axis=0)
        delta *= np.reshape(rate * np.minimum(1.0, 1.0 / np.maximum(rate * meetings_of[rec], 1e-12)), (-1, 1))
        # sum each receiver's gains: a matrix with one entry per column (receiver of row j) needs no sorting
        pop.know[:n, part] += csc_array((np.ones(2 * m), rec, np.arange(2 * m + 1)), shape=(n, 2 * m)) @ delta
        source, remote = np.concatenate([b, a]), np.tile(meetings.remote[sel], 2)
        gained += np.bincount(np.where(pop.remote[source], 2, remote.astype(int)), weights=delta.sum(axis=1),
                              minlength=len(SOURCES))
    return gained


def obsolesce(pop, rate: float) -> None:
    pop.know[: pop.n][pop.mask(remote=False)] *= 1.0 - rate


def research(pop, lab_mask: np.ndarray, frontier: float, rate: float) -> None:
    """Labs move their knowledge towards the world frontier, in their own fields."""
    k = pop.knowledge[lab_mask]
    level = k.sum(axis=1, keepdims=True)
    target = frontier * k / np.maximum(level, 1e-12)
    pop.codified[: pop.n][lab_mask] += rate * np.maximum(0.0, target - k)


def advance_world(pop, growth: float) -> None:
    """The outside world's knowledge grows with the frontier."""
    pop.know[: pop.n][pop.mask(remote=True)] *= 1.0 + growth
