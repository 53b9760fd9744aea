"""The territory: where actors sit, and who meets whom in a month.

A share `revisit_share` of contacts goes back to known ties, in proportion to trust: repeated
meetings are what builds trust. New face-to-face contacts follow a distance kernel: an actor looks for a contact at a distance
drawn from an exponential law of mean `distance_decay_km`, in a random direction, and meets
the active actor nearest that point (a grid of cells searched for all actors at once): an actor that
has left frees its place at once. A share `digital_openness` of contacts is remote instead: a
partner drawn from anywhere, including the outside world. Outside partners seek contacts too, all
remote, towards actors of the territory whose knowledge interests them: much of it, and close to
their own. Networking events bring a sample of actors together face to face.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import threads
from sim.model.kernels import grid_cells, grid_nearest
from sim.model.knowledge import cognitive_distance

EVENT_CONTACTS = 3  # contacts each participant makes at an event
NEAREST = 3  # actors looked at around a sought point: the nearest still active is met
INTEREST_CANDIDATES = 4  # actors an outside partner considers for a new contact; it picks the closest in knowledge
REBUILD_SHARE = 0.01  # share of actors come or gone that triggers a rebuild of the spatial index
PER_CELL = 2  # points per cell of the spatial index, on average over its bounding box
MANY_POINTS = 5_000  # from this many points, a query is worth sharing with the second thread (`threads`)
SEARCHED_AHEAD = 0.5  # share of a month's searches near that the second thread answers while contacts afar are drawn


@dataclass
class Meetings:
    a: np.ndarray
    b: np.ndarray
    remote: np.ndarray  # bool: met at a distance

    @classmethod
    def concat(cls, parts: list[Meetings]) -> Meetings:
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("a", "b", "remote")))


def reflect(v: np.ndarray, size_km: float) -> np.ndarray:
    """Fold coordinates back into [0, size] at the borders (no pile-up on the edge, as clipping gives)."""
    v = np.mod(v, 2 * size_km)
    return np.where(v > size_km, 2 * size_km - v, v)


def place(rng, n: int, poles: np.ndarray, spread_km: float, size_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Positions around randomly chosen poles (Gaussian spread), inside the square."""
    centre = poles[rng.integers(len(poles), size=n)]
    xy = reflect(centre + rng.normal(0.0, spread_km, size=(n, 2)), size_km)
    return xy[:, 0], xy[:, 1]


def near(rng, x: np.ndarray, y: np.ndarray, distance_km: float, size_km: float | None = None):
    """Points at an exponential distance of mean `distance_km` from (x, y), inside the square if `size_km`."""
    r = rng.exponential(distance_km, size=len(x)) if distance_km > 0 else np.zeros(len(x))
    theta = rng.uniform(0.0, 2 * np.pi, size=len(x))
    px, py = x + r * np.cos(theta), y + r * np.sin(theta)
    if size_km is None:
        return px, py
    return reflect(px, size_km), reflect(py, size_km)


def outside_ring(rng, n: int, size_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Outside partners sit on a ring beyond the territory: no face-to-face contact is possible."""
    theta = rng.uniform(0.0, 2 * np.pi, size=n)
    r = size_km * rng.uniform(0.9, 1.1, size=n)
    return size_km / 2 + r * np.cos(theta), size_km / 2 + r * np.sin(theta)


class NearestIndex:
    """The nearest of a fixed set of points on a grid of cells (`query`): those SciPy's k-d tree finds, and among
    points at exactly the same distance (two actors on one spot) the lower row first.

    In a territory the seekers' points fall among the actors, so a grid searched ring by ring finds
    a point's nearest in a few cells, about three times quicker than a tree (compiled kernels
    `grid_cells` and `grid_nearest`; `tests/test_kernels.py` compares them with a brute-force search
    and with `cKDTree`).
    """

    def __init__(self, points: np.ndarray):
        points = np.asarray(points, float)
        self.n = len(points)
        lo = points.min(axis=0)
        extent = np.maximum(points.max(axis=0) - lo, 1e-9)
        self.x0, self.y0 = float(lo[0]), float(lo[1])
        self.h = max(float(np.sqrt(extent.prod() * PER_CELL / self.n)), float(extent.max()) / 1024)  # <= 1024 a side
        self.gx, self.gy = (max(1, int(np.ceil(e / self.h))) for e in extent)
        self.order, self.start = grid_cells(points[:, 0], points[:, 1], self.x0, self.y0, self.h, self.gx, self.gy)
        self.xs, self.ys = points[self.order, 0], points[self.order, 1]

    def query(self, points, k: int = 1, shared: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Distances and rows of the `k` nearest points to each of `points` (one point: 1-d), as `cKDTree.query`
        gives them; `k` beyond the number of points is cut to it. `shared`: from MANY_POINTS points, each
        thread answers half (not where the caller has shared the work already)."""
        points = np.asarray(points, float)
        q = np.atleast_2d(points)
        px, py = np.ascontiguousarray(q[:, 0]), np.ascontiguousarray(q[:, 1])
        grid = (self.xs, self.ys, self.order, self.start, self.x0, self.y0, self.h, self.gx, self.gy, min(k, self.n))
        half = len(q) // 2  # each point is answered on its own: each thread answers half
        first = threads.later(grid_nearest, px[:half], py[:half], *grid, worth=shared and len(q) >= MANY_POINTS)
        rows, dist = grid_nearest(px[half:], py[half:], *grid)
        rows, dist = np.concatenate([first.result()[0], rows]), np.sqrt(np.concatenate([first.result()[1], dist]))
        if k == 1:
            rows, dist = rows[:, 0], dist[:, 0]
        return (dist[0], rows[0]) if points.ndim == 1 else (dist, rows)


class Territory:
    """Spatial index of the actors inside the territory.

    Rebuilt when more than REBUILD_SHARE of the actors have come or gone since the last build:
    in between, newcomers are not yet found by strangers and leavers found are skipped.
    """

    def __init__(self, size_km: float):
        self.size_km = size_km
        self._index = None
        self._slots = None
        self._built_at = None

    def index(self, pop) -> tuple[NearestIndex | None, np.ndarray]:
        """The spatial index of the actors of the territory, and the slot of each of its rows."""
        if self._built_at is None or pop.changes - self._built_at > REBUILD_SHARE * len(self._slots):
            self._slots = np.flatnonzero(pop.mask(remote=False))
            self._index = NearestIndex(np.column_stack([pop.x[self._slots], pop.y[self._slots]])) if len(
                self._slots) else None
            self._built_at = pop.changes
        return self._index, self._slots

    def monthly_contacts(self, rng, pop, trust, seekers: np.ndarray, params) -> Meetings:
        """Each seeker's contact: a known tie revisited, or a new one sought near or afar (outside partners:
        see `interesting`)."""
        index, slots = self.index(pop)
        if index is None or len(slots) < 2:
            return Meetings(np.empty(0, int), np.empty(0, int), np.empty(0, bool))
        partners = np.full(len(seekers), -1)
        revisit = rng.random(len(seekers)) < params["revisit_share"]
        partners[revisit] = trust.pick_known(rng, seekers[revisit], pop.active[: pop.n])
        known = partners >= 0
        outside = pop.remote[seekers]
        remote = (rng.random(len(seekers)) < params["digital_openness"]) | pop.remote[np.maximum(partners, 0)] & known
        remote |= outside

        local = ~known & ~remote
        tx, ty = near(rng, pop.x[seekers[local]], pop.y[seekers[local]], params["distance_decay_km"])
        points = np.column_stack([tx, ty])
        # half the searches near run on the second thread while this one draws the contacts afar and the outside
        # partners' (the searches draw nothing, so the draws keep their order), then answers the rest itself
        cut = int(len(points) * SEARCHED_AHEAD) if len(points) >= MANY_POINTS else 0
        ahead = threads.later(index.query, points[:cut], worth=cut > 0)

        afar = ~known & remote & ~outside
        everyone = np.flatnonzero(pop.mask())
        partners[afar] = everyone[rng.integers(len(everyone), size=int(afar.sum()))]
        sought = ~known & outside
        partners[sought] = interesting(rng, pop, seekers[sought], slots)

        nearest = slots[np.concatenate([ahead.result()[1], index.query(points[cut:], shared=cut == 0)[1]])]
        gone = np.flatnonzero(~pop.active[nearest])  # left since the index was built: the next nearest still here
        if len(gone):
            _, around = index.query(points[gone], k=min(NEAREST, len(slots)))
            around = slots[around]
            nearest[gone] = around[np.arange(len(gone)), pop.active[around].argmax(axis=1)]
        partners[local] = nearest  # the seeker itself when it is the nearest active actor: no meeting
        ok = (partners != seekers) & pop.active[partners]
        return Meetings(seekers[ok], partners[ok], remote[ok])

    @staticmethod
    def event(rng, pop, size: int) -> Meetings:
        """A networking event: participants drawn by openness, each meets a few others face to face."""
        slots = np.flatnonzero(pop.mask(remote=False))
        if len(slots) < 2:
            return Meetings(np.empty(0, int), np.empty(0, int), np.empty(0, bool))
        weight = pop.openness[slots]
        chosen = rng.choice(slots, size=min(size, len(slots)), replace=False, p=weight / weight.sum())
        a = np.repeat(chosen, EVENT_CONTACTS)
        b = chosen[rng.integers(len(chosen), size=len(a))]
        ok = a != b
        return Meetings(a[ok], b[ok], np.zeros(int(ok.sum()), bool))


def interesting(rng, pop, seekers: np.ndarray, cluster: np.ndarray) -> np.ndarray:
    """For each seeker, an actor of `cluster`: a few drawn in proportion to their knowledge, the closest in
    knowledge to the seeker kept (what an outside partner looks for: much knowledge, in its fields)."""
    if len(seekers) == 0:
        return seekers
    k = pop.knowledge_of
    cum = np.cumsum(pop.levels(cluster))
    target = (rng.random((len(seekers), INTEREST_CANDIDATES)) * cum[-1]).ravel()
    order = np.argsort(target)  # sorted targets are found faster, each after the last
    drawn = np.empty(len(target), np.int64)
    drawn[order] = np.searchsorted(cum, target[order], side="right")
    drawn = drawn.reshape(len(seekers), INTEREST_CANDIDATES)
    candidates = cluster[np.minimum(drawn, len(cluster) - 1)]
    distance = cognitive_distance(np.repeat(k(seekers), INTEREST_CANDIDATES, axis=0), k(candidates.ravel()))
    return candidates[np.arange(len(seekers)), distance.reshape(candidates.shape).argmin(axis=1)]
