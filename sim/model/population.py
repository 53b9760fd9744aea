"""The state of every agent as numpy arrays, one row (slot) per agent ever created.

Agents are the readable face of the model; their state lives here so that every phase of a
step runs as numpy over all agents at once. A slot is never reused: an agent that exits keeps
its row with `active` False, so ids held elsewhere (trust ties, projects) stay valid.
"""

from __future__ import annotations

import numpy as np

from sim.model.kernels import summed_levels, summed_parts
from sim.model.outputs import KINDS
from sim.model.size import grown_too_large

KIND_CODES = {k: i for i, k in enumerate(KINDS)}
LAB, TECH_CENTRE = KIND_CODES["lab"], KIND_CODES["tech_centre"]
TRAINING, SUPPORT, REMOTE = KIND_CODES["training_body"], KIND_CODES["support"], KIND_CODES["remote_partner"]
STARTUP_MONTHS = 60  # a firm is a startup for its first five years
LARGE_STAFF = 250  # the EU threshold between SMEs and large firms
MONEY = {"capital", "rd_fund"}  # columns only the Ledger writes (sim.model.ledger)

_SCALARS = {
    "kind": np.int8, "active": bool, "firm": bool, "remote": bool, "opportunist": bool,
    "x": float, "y": float, "culture": float, "openness": float,
    "capital": float, "rd_fund": float, "product_revenue": float, "staff": float, "skill": float,
    "neg_months": np.int32, "age": np.int32, "innovations": np.int32, "busy": np.int32,
    "incubated_until": np.int32, "last_profit": float, "uid": np.int64, "demand": float, "born": np.int32,
    "entry_staff": float,  # staff when the agent entered: size classes of entry cohorts (sim.model.measures)
    "parent": np.int64,  # slot of the firm, lab or incubator a startup came from; -1 for the first actors
    "gatekeeper": bool,  # keeps remote ties on purpose this month (sim.model.cluster, `ClusterModel.meet`)
}


class Population:
    """Struct of arrays with room to grow; `n` slots are in use."""

    def __init__(self, capacity: int, n_domains: int, max_rows: int | None = None):
        self.n = 0
        self.max_rows = max_rows  # rows that fit in memory (sim.model.size); None: no limit known
        self.changes = 0  # agents added or removed so far: lets spatial indexes know when to rebuild
        self.n_domains = n_domains
        for name, dtype in _SCALARS.items():
            setattr(self, name, np.zeros(capacity, dtype=dtype))
        self.know = np.zeros((capacity, 2, n_domains))  # [:, 0] codified, [:, 1] tacit, per domain
        self.agent = [None] * capacity  # slot -> Agent, for the rare per-agent events

    @property
    def capacity(self) -> int:
        return len(self.kind)

    def add(self, count: int, **values) -> np.ndarray:
        """Reserve `count` new slots, fill the given fields, return the slot indices.

        Money is not a field to fill here: the Ledger books every euro a new firm holds.
        """
        if MONEY & values.keys():
            raise ValueError(f"Population.add: {', '.join(sorted(MONEY & values.keys()))} are booked by the Ledger")
        if self.n + count > self.capacity:
            if self.max_rows is not None and self.n + count > self.max_rows:
                raise grown_too_large(self.n + count)
            grown = max(2 * self.capacity, self.n + count)
            self._grow(grown if self.max_rows is None else min(grown, self.max_rows))
        slots = np.arange(self.n, self.n + count)
        self.n += count
        self.changes += count
        for name, value in values.items():
            getattr(self, name)[slots] = value
        self.entry_staff[slots] = self.staff[slots]
        if "parent" not in values:
            self.parent[slots] = -1
        self.active[slots] = True
        return slots

    def deactivate(self, slot: int) -> None:
        self.active[slot] = False
        self.changes += 1

    def _grow(self, capacity: int) -> None:
        for name in (*_SCALARS, "know"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)
        self.agent.extend([None] * (capacity - len(self.agent)))

    @property
    def codified(self) -> np.ndarray:
        return self.know[:, 0]

    @property
    def tacit(self) -> np.ndarray:
        return self.know[:, 1]

    @property
    def knowledge(self) -> np.ndarray:
        """Codified plus tacit knowledge per domain, of the slots in use."""
        return summed_parts(self.know, np.arange(self.n))

    def knowledge_of(self, rows: np.ndarray) -> np.ndarray:
        """`knowledge[rows]` (rows of any shape), adding up only the rows asked for."""
        rows = np.asarray(rows)
        if rows.dtype == bool:
            raise TypeError("knowledge_of takes slots, not a mask")
        return summed_parts(self.know, rows.ravel()).reshape(*rows.shape, self.n_domains)

    def levels(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Knowledge of each of `rows` (all slots in use if None), summed over domains: `knowledge_of(rows).sum(axis=1)`."""
        return summed_levels(self.know, np.arange(self.n) if rows is None else np.asarray(rows))

    def mean_level(self) -> float:
        """Mean knowledge (codified plus tacit, summed over domains) of the actors of the territory; 1 if none."""
        cluster = np.flatnonzero(self.mask(remote=False))
        return float(self.levels(cluster).mean()) if len(cluster) else 1.0

    def mask(self, *, firm: bool | None = None, remote: bool | None = None, kind: int | None = None) -> np.ndarray:
        """Active slots, optionally restricted to firms, remote partners or one kind."""
        m = self.active[: self.n].copy()
        if firm is not None:
            m &= self.firm[: self.n] == firm
        if remote is not None:
            m &= self.remote[: self.n] == remote
        if kind is not None:
            m &= self.kind[: self.n] == kind
        return m

    def update_firm_kinds(self) -> None:
        """Firms change size class as they age and grow: startup, then SME or large firm."""
        f = self.firm[: self.n]
        kind = np.where(self.staff[: self.n] >= LARGE_STAFF, KIND_CODES["large_firm"], KIND_CODES["sme"])
        kind = np.where(self.age[: self.n] < STARTUP_MONTHS, KIND_CODES["startup"], kind)
        self.kind[: self.n][f] = kind[f]
