"""Knowledge: codified and tacit parts over K domains, absorptive capacity, its flows and its upkeep.

Four channels move knowledge. Meetings carry codified knowledge always and tacit knowledge only
between actors who trust each other, at full rate only face to face (`exchange`). The literature
(publications, patents, standards, trade press) carries codified knowledge from the whole region
and from the world frontier, whatever the distance (`literature`). Projects and job moves carry
tacit know-how (`sim.model.projects`, `sim.model.talent`). What a receiver takes in is a share of
its gap to the source, scaled by its absorptive capacity and by how related each domain is to what
it knows; at a distance, only as far as it has a local base of related tacit knowledge.
Attention, which grows with staff and skill, is limited (`focus`): it goes to an actor's strongest
domains, which it keeps up and learns in; the others depreciate fast (`upkeep`), so specialisations
persist while learning goes on.
Every channel reports what it carried, by part and source (`PARTS`, `SOURCES`); the accounting
reads the gains and changes nothing.
"""

from __future__ import annotations

import numpy as np

from sim.model import threads
from sim.model.kernels import attention_reach, depreciate, learn, read
from sim.model.kernels import uptake as uptake_of

RING_WIDTH = (0.5, 2.0)  # range of the breadth of an actor's profile, in domains
RELATED = 0.5  # how related a domain is to its neighbours on the ring, relative to itself
MANY_MEETINGS = 10_000  # from this many meetings, learning is worth sharing with the second thread (`threads`)
LEADERS = 0.9  # quantile of actors whose codified knowledge in a domain is what a place publishes there
PARTS = ("codified", "tacit")
# where knowledge came from: meetings (face to face, remote with an actor of the territory, with an
# outside partner), the literature (the region's, the world's), projects (with or without an outside
# partner) and workers who changed firm
SOURCES = ("face_to_face", "remote_meeting", "outside_partner", "literature_region", "literature_world",
           "project", "project_outside", "job_move")
LOCAL_SOURCES = ("face_to_face", "remote_meeting", "literature_region", "project", "job_move")  # from the territory
SOURCE = {name: i for i, name in enumerate(SOURCES)}


def no_flows() -> np.ndarray:
    """A month's knowledge flows before anything moved: one row per part, one column per source."""
    return np.zeros((len(PARTS), len(SOURCES)))


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


def related_mass(k: np.ndarray) -> np.ndarray:
    """Knowledge in each domain and, at weight RELATED, in its two neighbours on the ring."""
    out = k.copy()
    out[..., 1:] += RELATED * k[..., :-1]  # the neighbour before, the last domain's before the first
    out[..., :1] += RELATED * k[..., -1:]
    out[..., :-1] += RELATED * k[..., 1:]  # the neighbour after, the first domain's after the last
    out[..., -1:] += RELATED * k[..., :1]
    return out


def relatedness(k: np.ndarray) -> np.ndarray:
    """How well an actor can take in each domain: its knowledge there and in related domains, relative to its best.

    Absorptive capacity is built on related prior knowledge (Cohen and Levinthal 1990): actors learn
    fast in and next to their core and hardly at all far from it.
    """
    return _relative(related_mass(k))


def _relative(mass: np.ndarray) -> np.ndarray:
    """Each row over its maximum, found a column at a time: numpy is slow to reduce many short rows."""
    best = mass[..., 0].copy()
    for j in range(1, mass.shape[-1]):
        np.maximum(best, mass[..., j], out=best)
    return mass / np.maximum(best, 1e-12)[..., None]


def absorptive_capacity(pop, talent_absorption: float, reference: float) -> np.ndarray:
    """Between 0 and 1: skill of staff, and own knowledge relative to `reference`, the world's level
    (see `reference_level`)."""
    rel = pop.levels() / max(reference, 1e-12)
    own = np.minimum(1.0, 2.0 * rel / (1.0 + rel))
    return talent_absorption * pop.skill[: pop.n] + (1.0 - talent_absorption) * own


def reference_level(frontier: float, remote_lead: float) -> float:
    """The knowledge level of an average actor kept abreast of the world: the frontier over its lead at the start.

    Equal to the cluster's mean level at the start; knowledge is valued against it (Model v2:
    against the world, not the cluster), so a cluster that falls behind the world loses ground.
    """
    return frontier / remote_lead


def cognitive_distance(k_a: np.ndarray, k_b: np.ndarray) -> np.ndarray:
    """1 minus the cosine similarity of two knowledge vectors (rows): 0 same profile, 1 disjoint."""
    dot = np.einsum("ij,ij->i", k_a, k_b)
    norm = np.linalg.norm(k_a, axis=1) * np.linalg.norm(k_b, axis=1)
    return 1.0 - dot / np.maximum(norm, 1e-12)


def uptake(pop, absorptive: np.ndarray, focused: np.ndarray | float = 1.0) -> np.ndarray:
    """The share of a gap each actor takes in, per domain: rows 0 to n-1 face to face, rows n to 2n-1 at a distance.

    Absorptive capacity times relatedness, in the domains the actor attends to (`focused`, see
    `focus`; by default all); at a distance also times the local base of related tacit knowledge.
    Zero for outside partners, whose knowledge follows the frontier instead.
    """
    n = pop.n
    focused = np.broadcast_to(np.asarray(focused, float), (n, pop.n_domains))
    return uptake_of(pop.know[:n], absorptive, focused, pop.remote[:n], RELATED)


def exchange(pop, meetings, trust_after: np.ndarray, absorb: np.ndarray, params,
             flows: np.ndarray | None = None) -> None:
    """Apply a month of meetings to knowledge, both ways; `trust_after` is each pair's trust after meeting,
    `absorb` what each actor takes in, face to face and at a distance (`uptake`).

    Adds what was learnt to `flows` (see `no_flows`): face to face (always from an actor of the
    territory), in a remote meeting with an actor of the territory, and from an outside partner.
    """
    flows = no_flows() if flows is None else flows
    if len(meetings.a) == 0:
        return
    n = pop.n
    # a receiver's meetings together may not close more than its whole gap: busy receivers are scaled down
    meetings_of = np.bincount(meetings.a, minlength=n) + np.bincount(meetings.b, minlength=n)
    trusted = trust_after >= params["tacit_trust_threshold"]
    rate = np.stack([np.full(len(trusted), params["codified_rate"]),
                     params["tacit_rate"] * np.where(meetings.remote, params["remote_tacit_factor"], 1.0)])
    origin = np.array([SOURCE["outside_partner"], SOURCE["remote_meeting"], SOURCE["face_to_face"]])
    learnt = np.zeros((len(PARTS), len(SOURCES)))  # sums from zero, then added: as numpy's bincount gave them
    args = (meetings.a, meetings.b, meetings.remote, absorb, rate, trusted, meetings_of, pop.remote[:n], origin, learnt)
    # each part reads and writes only its own knowledge: tacit learning runs beside codified learning
    tacit = threads.later(learn, pop.know[:n], 1, *args, worth=len(meetings.a) >= MANY_MEETINGS)
    learn(pop.know[:n], 0, *args)
    tacit.result()
    flows += learnt


def literature(pop, absorb: np.ndarray, rate: float, regional_weight: float, flows: np.ndarray) -> None:
    """A month of reading: codified knowledge from the region's and the world's publications, at any distance.

    What a place publishes in a domain is what its leaders know there (the LEADERS quantile of its
    actors' codified knowledge: the territory's own actors, and the outside partners for the world).
    Each actor of the territory closes the
    share `rate` of its gap to the region's literature, at weight `regional_weight`, and to the
    world's, at the rest, times what it takes in face to face (`absorb`, see `uptake`: reading needs
    no local base). Adds to `flows`.
    """
    readers, world = np.flatnonzero(pop.mask(remote=False)), np.flatnonzero(pop.mask(remote=True))
    if rate == 0 or len(readers) == 0:
        return
    c = pop.codified
    sources = [(weight, leaders(c[rows]), source) for weight, rows, source in
               ((regional_weight, readers, "literature_region"), (1 - regional_weight, world, "literature_world"))
               if weight != 0 and len(rows)]
    if not sources:
        return
    weights, written, names = zip(*sources)
    gains = np.empty((len(sources), len(readers), pop.n_domains))
    read(c, readers, rate * absorb[readers], np.array(weights), np.array(written), gains)
    for name, gain in zip(names, gains):
        flows[0, SOURCE[name]] += gain.sum()


def leaders(written: np.ndarray) -> np.ndarray:
    """The LEADERS quantile of each column of `written`, bit for bit `np.quantile(written, LEADERS, axis=0)`.

    About 3 x quicker: a single partition of the columns, where numpy partitions at four places
    along the strided axis; the value just above comes from the minimum of the part above.
    """
    n = len(written)
    at = (n - 1) * LEADERS  # numpy's linear method: between the order statistics k and k + 1
    k = int(np.floor(at))
    if k + 1 >= n:
        return np.quantile(written, LEADERS, axis=0)
    part = np.partition(written.T, k, axis=1)
    below, above = part[:, k], part[:, k + 1:].min(axis=1)
    gamma, diff = at - k, above - below
    return above - diff * (1 - gamma) if gamma >= 0.5 else below + diff * gamma  # numpy's `_lerp`


def attention(pop, attention_per_domain: float) -> np.ndarray:
    """Domains each actor can keep up: grows with its staff's skill and, less than in proportion, with staff."""
    n = pop.n
    return attention_per_domain * pop.skill[:n] * np.log2(2.0 + pop.staff[:n])


def focus(pop, attention_per_domain: float) -> np.ndarray:
    """How much of each domain an actor's attention reaches, from 1 (kept up, learnt in) to 0 (neglected).

    Attention goes to the strongest domains first: each gets 1 while attention lasts, the last one
    reached its remaining fraction (min(H, 1) for the strongest).
    """
    return attention_reach(pop.know[: pop.n], attention(pop, attention_per_domain))


def upkeep(pop, focused: np.ndarray, obsolescence: float, neglect: float) -> None:
    """A month of depreciation for the actors of the territory: `obsolescence` everywhere, plus `neglect`
    in the domains their attention does not reach (`focused`, see `focus`)."""
    depreciate(pop.know, pop.mask(remote=False), focused, obsolescence, neglect)


def research(pop, lab_mask: np.ndarray, frontier: float, rate: float) -> None:
    """Labs move their knowledge towards the world frontier, in their own fields."""
    k = pop.knowledge_of(np.flatnonzero(lab_mask))
    level = k.sum(axis=1, keepdims=True)
    target = frontier * k / np.maximum(level, 1e-12)
    pop.codified[: pop.n][lab_mask] += rate * np.maximum(0.0, target - k)


def advance_world(pop, growth: float) -> None:
    """The outside world's knowledge grows with the frontier."""
    pop.know[: pop.n][pop.mask(remote=True)] *= 1.0 + growth
