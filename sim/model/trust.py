"""Pairwise trust, stored sparsely: only pairs that have met have a row.

A pair (a, b) is keyed by one int64, (min << 32) | max, and rows are kept sorted by key so that
a batch of pairs is found with one `searchsorted`. Trust is symmetric and lies in [0, 1]: it
closes a share of the gap to 1 at each meeting, decays each month without contact, and is
pruned when it falls below `FORGET`, so the store grows with ties, not with the square of agents.
A tie remembers the last month it served, by carrying tacit knowledge or a joint project: the
ties that proved useful, among them the global pipelines.
"""

from __future__ import annotations

import os

import numpy as np

from sim.model import threads
from sim.model.kernels import (by_group_then_score, draw_partners, fade, fill_adjacency, insert_ties, live_and_strong,
                               meet_rows, meet_ties, new_keys, pack_keys, tie_ends, ties_of, unpacked_unique)

FORGET = 0.02  # trust below this is forgotten: the pair counts as never having met
REVISIT_MIN_TRUST = 0.05  # ties weaker than this are not sought out again on purpose
MANY_TIES = 50_000  # from this many ties, a pass over them is worth sharing with the second thread (`threads`)
_LOW = np.int64(0xFFFFFFFF)
_NO_KEYS = np.empty(0, np.int64)
ANYONE = np.zeros(0, bool)  # an empty mask of active agents: `ties_of` then counts ties to every agent


def pair_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    return (np.minimum(a, b) << 32) | np.maximum(a, b)


def unique_pairs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(keys, return_inverse=True)` for pair keys, about 3 x quicker: one numpy sort of the keys with
    their positions packed in (`kernels.pack_keys`), where numpy's sorts the positions by key."""
    packed, low_bits, at_bits = pack_keys(keys)
    if len(packed) < len(keys):  # too many agents and keys to pack in 63 bits
        return np.unique(keys, return_inverse=True)
    packed.sort()
    return unpacked_unique(packed, low_bits, at_bits)


# what a tie holds besides its key, in one record: inserting and pruning rows then moves one array, not four
# `moves` counts the workers' job moves between the pair, also counted as meetings (int64: it fills the fourth word)
TIE = np.dtype([("trust", float), ("meetings", np.int32), ("remote_meetings", np.int32), ("last", np.int32),
                ("served", np.int32), ("moves", np.int64)])
NEW_TIE = np.array((0.0, 0, 0, -1, -1, 0), dtype=TIE)
WIDTH = TIE.itemsize // 8  # 8-byte words of a record


def _positions(nodes: np.ndarray) -> np.ndarray:
    """Each agent's position in `nodes` (unique), -1 for the others, up to the highest of them."""
    position = np.full(int(nodes.max()) + 1 if len(nodes) else 0, -1, np.int64)
    position[nodes] = np.arange(len(nodes))
    return position


def adjacency(key: np.ndarray, trust: np.ndarray, min_trust: float, active: np.ndarray):
    """Each agent's ties of trust at least `min_trust` with both ends `active`, as compressed rows: `start`
    (agent i's ties are entries start[i] to start[i + 1] - 1), the partner of each entry, and the running
    sum of trust over entries. Within an agent, partners are in increasing order, as SciPy lays out a CSR
    matrix of these ties. Each thread counts and enters half the rows; the sum runs over all in order."""
    half, worth = len(key) // 2, len(key) >= MANY_TIES
    first = threads.later(tie_ends, key, trust, min_trust, active, 0, half, worth=worth)
    lower, higher = tie_ends(key, trust, min_trust, active, half, len(key))
    lower_first, higher_first = first.result()
    lower += lower_first
    higher += higher_first
    start = np.zeros(len(active) + 1, np.int64)
    start[1:] = np.cumsum(lower + higher)
    partner, weight = np.empty(start[-1], np.int64), np.empty(start[-1])
    fill = (key, trust, min_trust, active)
    first = threads.later(fill_adjacency, *fill, 0, half, start[:-1].copy(), start[:-1] + lower, partner, weight,
                          worth=worth)
    fill_adjacency(*fill, half, len(key), start[:-1] + lower_first, start[:-1] + lower + higher_first, partner, weight)
    first.result()
    return start, partner, np.cumsum(weight)


def merged(key: np.ndarray, ties: np.ndarray, uniq: np.ndarray, reserved: np.ndarray, keep: np.ndarray,
           counts: tuple, step: int, serve_at: float, shared: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ties (`key`, `ties`) merged in one pass (`meet_ties`) with a month's meetings (sorted, unique pairs
    `uniq`, with the share `keep` of their gap to full trust left and their `counts` of meetings, remote ones
    and job moves) and the rows `reserved`: the new keys and records, and each pair's trust afterwards.
    `shared`: each thread writes about half the rows."""
    after = np.empty(len(uniq))
    out_key = np.empty(len(key) + len(uniq) + len(reserved), np.int64)
    out = np.empty(len(out_key), TIE)
    args = (key, ties, uniq, reserved, keep, *counts, step, serve_at, NEW_TIE.reshape(1))
    if not (shared and len(key)):
        rows = meet_ties(*args, 0, len(key), 0, len(uniq), 0, len(reserved), 0, out_key, out, after)
    else:  # the first half of the old rows and the keys before the middle one, then the rest
        half = len(key) // 2
        j, r = np.searchsorted(uniq, key[half]), np.searchsorted(reserved, key[half])
        o = half + new_keys(key[:half], uniq[:j], reserved[:r])  # the first part's rows
        first = threads.later(meet_ties, *args, 0, half, 0, j, 0, r, 0, out_key, out, after)
        rows = meet_ties(*args, half, len(key), j, len(uniq), r, len(reserved), o, out_key, out, after)
        first.result()
    return out_key[:rows], out[:rows], after


class TrustNetwork:
    def __init__(self):
        self._key = np.empty(0, dtype=np.int64)
        self._ties = np.empty(0, dtype=TIE)
        # new ties held apart (`meet`'s `hold`): sorted keys and records, taken in by the next decay or any other use
        self._held_key, self._held = self._key, self._ties
        self._ends = (None, None, None)
        # ties laid out ahead on the second thread, by name: (what was asked, the job, the process that asked);
        # dropped before any change, and when a field's view is handed out (see `_drop_ahead`)
        self._ahead = {}

    def __getstate__(self) -> dict:
        """What a copy or a pickle keeps: the ties, not the jobs laid out ahead."""
        self._drop_ahead()
        return self.__dict__ | {"_ahead": {}}

    @property
    def large(self) -> bool:
        """Whether passes over the ties are worth sharing with the second thread."""
        return len(self) >= MANY_TIES

    @property
    def key(self) -> np.ndarray:
        """Each tie's key, in order."""
        self._take_in()
        return self._key

    @key.setter
    def key(self, key: np.ndarray) -> None:
        self._drop_ahead()
        self._key = key

    @property
    def ties(self) -> np.ndarray:
        """Each tie's record, in the order of `key`."""
        self._take_in()
        return self._ties

    @ties.setter
    def ties(self, ties: np.ndarray) -> None:
        self._drop_ahead()
        self._ties = ties

    def _take_in(self) -> None:
        """Insert the ties held apart, if any."""
        if len(self._held_key):
            keys, records = self._held_key, self._held
            self._held_key, self._held = keys[:0], records[:0]
            self._insert(keys, np.searchsorted(self._key, keys), records)

    def _field(self, name: str) -> np.ndarray:
        """A field of every tie's record, as a view to read or write in place: what was laid out ahead is dropped
        first, as a write through the view would change the ties behind it (the methods read `ties` instead)."""
        self._drop_ahead()
        return self.ties[name]

    trust = property(lambda self: self._field("trust"))
    meetings = property(lambda self: self._field("meetings"))
    remote_meetings = property(lambda self: self._field("remote_meetings"))
    last = property(lambda self: self._field("last"))
    served = property(lambda self: self._field("served"))  # last month the tie carried tacit knowledge or a project
    moves = property(lambda self: self._field("moves"))  # job moves between the pair: among `meetings`, but nobody met

    def __len__(self) -> int:
        return len(self._key) + len(self._held_key)

    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """Both ends of every tie; kept until the rows change (`key` is then replaced, by a new array or a view)."""
        if self._ends[0] is not self.key:
            a, b = self.key >> 32, self.key & _LOW
            a.setflags(write=False)  # shared by every caller until the rows change
            b.setflags(write=False)
            self._ends = (self.key, a, b)
        return self._ends[1], self._ends[2]

    @staticmethod
    def _locate(key: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of `keys` is or would be inserted in the sorted `key`, and whether it is there."""
        pos = np.searchsorted(key, keys)
        if len(key) == 0:
            return pos, np.zeros(len(keys), bool)
        return pos, key[np.minimum(pos, len(key) - 1)] == keys

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key, -1 where the pair has no tie."""
        pos, found = self._locate(self.key, keys)
        return np.where(found, pos, -1)

    def get(self, a: int, b: int) -> float:
        return float(self.lookup(np.array([a]), np.array([b]))[0])

    def lookup(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Trust of each pair, 0 where they have no tie."""
        rows = self.find(pair_keys(a, b))
        return np.where(rows >= 0, self.ties["trust"][np.maximum(rows, 0)] if len(self.key) else 0.0, 0.0)

    def _rows(self, keys: np.ndarray) -> np.ndarray:
        """Rows of sorted, unique `keys`, inserting a zero-trust tie for pairs that have none."""
        pos, found = self._locate(self.key, keys)
        if found.all():
            return pos
        new = ~found
        self._insert(keys[new], pos[new])
        return pos + np.cumsum(new) - new  # every key moves down by the new keys sorted before it

    def ensure(self, a: np.ndarray, b: np.ndarray) -> None:
        """Give every pair a row (zero trust if new): several updates that follow then insert nothing."""
        if len(a):
            self._rows(np.unique(pair_keys(a, b)))

    def _drop_ahead(self) -> None:
        """Before the ties change: a layout under way reads them, and none may serve after the change. A job of
        another process (this one a fork of it) has no thread here to finish it: it is only dropped."""
        for _, job, pid in self._ahead.values():
            if pid == os.getpid():
                job.result()
        self._ahead.clear()

    def _take_ahead(self, name: str, matches) -> tuple | None:
        """What was laid out ahead under `name`, if this process laid it out, nothing changed since and
        `matches(what was asked)`; else None. Either way it is taken: a job under way is waited for first."""
        asked, job, pid = self._ahead.pop(name, (None, None, None))
        laid_out = job.result() if pid == os.getpid() else None
        return laid_out if laid_out is not None and matches(asked) else None

    def _insert(self, keys: np.ndarray, pos: np.ndarray, records: np.ndarray | None = None) -> None:
        """Insert sorted new `keys` before rows `pos` with their `records` (zero trust by default), keeping rows
        sorted (`insert_ties`: block copies between the new rows, records moved as raw 8-byte words; each thread
        writes about half the rows)."""
        self._drop_ahead()
        records = np.full(len(keys), NEW_TIE) if records is None else records
        key = np.empty(len(self._key) + len(keys), np.int64)
        words = np.empty(len(key) * WIDTH, np.int64)
        args = (self._key, self._ties.view(np.int64), WIDTH, keys, records.view(np.int64), pos, key, words)
        half = int(np.searchsorted(pos, len(self._key) // 2))  # the new keys before the middle row
        first = threads.later(insert_ties, *args, 0, half, worth=self.large)
        insert_ties(*args, half, len(keys))
        first.result()
        self._key, self._ties = key, words.view(TIE)

    def meet(self, a: np.ndarray, b: np.ndarray, gain: np.ndarray, remote: np.ndarray, step: int,
             serve_at: float = np.inf, moved: bool = False, reserve: tuple | None = None,
             hold: bool = False) -> np.ndarray:
        """Record meetings: each closes the share `gain` of the pair's gap to full trust.

        Ties whose trust reaches `serve_at` (enough to share tacit knowledge) have served this month.
        `moved`: these contacts are workers' job moves, which count as meetings and also apart, as
        `moves`, for measures of face-to-face meetings. `reserve`: pairs (a, b) that get a row too, at
        zero trust if new (as `ensure` gives it), in the same insertion. `hold`: new ties are held apart
        until the next decay takes them in on its pass over every tie (or any other use of the ties, by
        an insertion): a few new ties then cost no copy of them all. Returns each meeting's trust
        afterwards.
        """
        if len(a) == 0:
            return np.empty(0)
        self._drop_ahead()
        uniq, inverse = unique_pairs(pair_keys(a, b))
        keep = np.exp(np.bincount(inverse, weights=np.log1p(-np.minimum(gain, 0.999)), minlength=len(uniq)))
        met = np.bincount(inverse, minlength=len(uniq))
        counts = (met.astype(np.int32), np.bincount(inverse, weights=remote, minlength=len(uniq)).astype(np.int32),
                  met if moved else np.zeros(len(uniq), np.int64))
        if not hold or reserve is not None:
            reserved = np.empty(0, np.int64) if reserve is None else np.unique(pair_keys(*reserve))
            self._key, self._ties, after = merged(self.key, self.ties, uniq, reserved, keep, counts, step, serve_at,
                                                  shared=self.large)
            return after[inverse]
        # held apart: the pairs with a tie meet in place, the others join the ties held apart
        pos, found = self._locate(self._key, uniq)
        after, in_place = np.empty(len(uniq)), np.empty(int(found.sum()))
        meet_rows(self._ties, pos[found], keep[found], *(c[found] for c in counts), step, serve_at, in_place)
        new = ~found
        self._held_key, self._held, after[new] = merged(self._held_key, self._held, uniq[new], _NO_KEYS, keep[new],
                                                        tuple(c[new] for c in counts), step, serve_at, shared=False)
        after[found] = in_place
        return after[inverse]

    def shift(self, a: np.ndarray, b: np.ndarray, step: int, gain: float = 0.0, loss: float = 0.0) -> None:
        """After a shared project: trust closes `gain` of its gap to 1, then loses the share `loss`.

        The pair was in contact this month, so the tie does not decay at its end, and it has served.
        """
        if len(a) == 0:
            return
        self._drop_ahead()
        rows = self._rows(np.unique(pair_keys(a, b)))
        t = self.trust[rows]
        self.trust[rows] = np.clip((t + gain * (1.0 - t)) * (1.0 - loss), 0.0, 1.0)
        self.last[rows] = step
        self.served[rows] = step

    def gossip(self, victims: np.ndarray, culprits: np.ndarray, threshold: float, loss: float) -> None:
        """Victims of a conflict warn their contacts of at least `threshold` trust: each contact's tie to the
        culprit loses the share `loss` times its trust in the victim (a contact that never met the culprit
        has nothing to lose; one warned by several victims loses for each)."""
        if len(victims) == 0 or loss == 0:
            return
        self._drop_ahead()
        nodes, which = np.unique(victims, return_inverse=True)
        owner, contact, level = ties_of(self.key, self.trust, _positions(nodes), threshold, ANYONE)  # by victim
        order = np.argsort(owner, kind="stable")
        owner, contact, level = owner[order], contact[order], level[order]
        first = np.searchsorted(owner, which)
        count = np.searchsorted(owner, which, side="right") - first
        told = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
        about = np.repeat(culprits, count)
        rows = self.find(pair_keys(contact[told], about))
        ok = (rows >= 0) & (contact[told] != about)
        np.multiply.at(self.trust, rows[ok], 1.0 - loss * level[told][ok])

    def decay(self, rate: float, step: int, active: np.ndarray | None = None, keepers: np.ndarray | None = None,
              upkeep: float = 0.0) -> None:
        """Ties not renewed this month fade by `rate`; forgotten ones are dropped, and so are ties with an agent
        no longer `active` (gone for good). Remote ties worth seeking out again (REVISIT_MIN_TRUST) with an end
        among `keepers` are kept up on purpose: they fade by `rate` times 1 - `upkeep`."""
        self._drop_ahead()
        none = np.zeros(0, bool)
        key = np.empty(len(self._key) + len(self._held_key), np.int64)
        ties = np.empty(len(key), TIE)
        kept = fade(self._key, self._ties, self._held_key, self._held, step, rate, upkeep,
                    none if keepers is None else keepers, REVISIT_MIN_TRUST, FORGET, none if active is None else active,
                    key, ties)  # the ties held apart are taken in on the way
        self._key, self._ties = key[:kept], ties[:kept]
        self._held_key, self._held = self._held_key[:0], self._held[:0]

    def lay_out_revisits(self, active: np.ndarray) -> None:
        """Start laying out, on the second thread, the ties worth seeking out again between `active` agents, for
        the next `pick_known`: a month's end does it, so the next month's contacts find them ready."""
        self._drop_ahead()
        active = active.copy()
        job = threads.later(adjacency, self.key, self.ties["trust"], REVISIT_MIN_TRUST, active, worth=self.large)
        self._ahead["revisits"] = (active, job, os.getpid())

    def pick_known(self, rng, seekers: np.ndarray, active: np.ndarray) -> np.ndarray:
        """For each seeker, a partner among its ties with active agents, drawn in proportion to trust.

        -1 where the seeker has no such tie of at least REVISIT_MIN_TRUST. The ties laid out ahead
        (`lay_out_revisits`) serve if nothing changed since, through these methods, and `active` is the same.
        """
        laid_out = self._take_ahead("revisits", lambda asked: np.array_equal(asked, active))
        if laid_out is None:
            laid_out = adjacency(self.key, self.ties["trust"], REVISIT_MIN_TRUST, active)
        start, partner, cum = laid_out
        if len(partner) == 0:
            return np.full(len(seekers), -1)
        return draw_partners(start, partner, cum, seekers, rng.random(len(seekers)))

    def strongest(self, nodes: np.ndarray, k: int, active: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Up to `k` strongest ties of each of `nodes` (unique) with active agents, grouped by node in order:
        the node's position in `nodes`, the partner and the trust of each."""
        owner, other, trust = ties_of(self.key, self.ties["trust"], _positions(nodes), -np.inf, active)
        order = by_group_then_score(owner, trust)  # numpy's lexsort((-trust, owner))
        owner, other, trust = owner[order], other[order], trust[order]
        top = np.arange(len(owner)) - np.searchsorted(owner, owner) < k  # rank within the node's ties
        return owner[top], other[top], trust[top]

    def is_remote(self, rows: np.ndarray) -> np.ndarray:
        """A tie is remote when most of its meetings were remote."""
        return 2 * self.ties["remote_meetings"][rows] > self.ties["meetings"][rows]

    def lay_out_strong(self, nodes: np.ndarray, threshold: float) -> None:
        """Start finding, on the second thread, the ties at or above `threshold` of `nodes` for the next `strong_of`
        (the month's partner search): they are found while the month's knowledge flows."""
        if self.large and len(nodes):
            self._drop_ahead()  # a search laid out before is waited for, not left running unseen
            job = threads.later(ties_of, self.key, self.ties["trust"], _positions(nodes), threshold, ANYONE)
            self._ahead["strong"] = ((nodes.copy(), threshold), job, os.getpid())

    def strong_of(self, nodes: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ties at or above `threshold` of `nodes` (unique), either way round: the node, the other end and the
        trust; first those where the node is the lower end, then the higher, each in row order. Those laid out
        ahead (`lay_out_strong`) serve if nothing changed since and they are of the same nodes and threshold."""
        found = self._take_ahead("strong", lambda asked: asked[1] == threshold and np.array_equal(asked[0], nodes))
        if found is None:
            found = ties_of(self.key, self.ties["trust"], _positions(nodes), threshold, ANYONE)
        owner, other, level = found
        return nodes[owner], other, level

    def live_and_strong(self, active: np.ndarray, threshold: float, index: np.ndarray) -> tuple[np.ndarray, ...]:
        """In one pass, in row order: the trust of the ties between `active` agents, and the ties at or above
        `threshold` between agents with an `index` (>= 0, one per agent), as the pairs of their indices."""
        return live_and_strong(self.key, self.ties["trust"], active, threshold, index)
