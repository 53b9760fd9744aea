"""Small compiled loops for the month's hottest array work, where numpy needs many passes.

Each kernel does in one pass what a few lines of numpy do in several, with the same operations in
the same order, so its results are bit for bit those of the numpy version; that numpy version is
kept in `tests/test_kernels.py` and compared with the kernel on random input. Compiled once and
cached on disk (`cache=True`).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def learn(know, part, a, b, remote, absorb, rate, meetings_of, outside, origin, flows):
    """Apply meetings to one part of knowledge (`know[:, part]`), both ways: `a` learns from `b`, then `b` from `a`.

    In meeting i, seen from side j (j = i, then j = m + i), a receiver closes its gap to the source
    (where the source knows more) times its uptake (`absorb`, rows n.. at a distance) times the rate
    `rate[j]`, scaled down so that all its meetings together close at most its whole gap
    (`meetings_of`). Gains are added after all meetings. Their sum per source of knowledge goes to
    `flows` (zeros, so that the sums are numpy's) at `origin[0]` (from an `outside` partner),
    `origin[1]` (met remotely) or `origin[2]` (face to face).
    """
    n, domains = know.shape[0], know.shape[2]
    m = len(a)
    total = np.zeros((n, domains))
    gain = np.empty(domains)
    for j in range(2 * m):
        i = j % m
        rec, src = (a[i], b[i]) if j < m else (b[i], a[i])
        r = rate[j]
        share = r * min(1.0, 1.0 / max(r * meetings_of[rec], 1e-12))
        row = rec + n * remote[i]
        for d in range(domains):  # seen from b, the gap is a's gap negated, as numpy computed it
            gap = know[src, part, d] - know[rec, part, d] if j < m else -(know[rec, part, d] - know[src, part, d])
            gain[d] = max(gap, 0.0) * absorb[row, d] * share
            total[rec, d] += gain[d]
        flows[origin[0] if outside[src] else origin[1] if remote[i] else origin[2]] += 0.0 + _sum(gain)
    for i in range(n):
        for d in range(domains):
            know[i, part, d] += total[i, d]


@njit(cache=True)
def _sum(x):
    """numpy's pairwise sum of `x`, as `ndarray.sum` does along a contiguous axis, so that sums match bit for bit.

    Written for up to 128 terms, numpy's block (n_domains is at most 64): beyond, numpy splits in halves.
    """
    n = len(x)
    if n < 8:
        res = 0.0
        for i in range(n):
            res += x[i]
        return res
    r0, r1, r2, r3, r4, r5, r6, r7 = x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]
    i = 8
    while i < n - n % 8:
        r0, r1, r2, r3 = r0 + x[i], r1 + x[i + 1], r2 + x[i + 2], r3 + x[i + 3]
        r4, r5, r6, r7 = r4 + x[i + 4], r5 + x[i + 5], r6 + x[i + 6], r7 + x[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += x[i]
        i += 1
    return res


@njit(cache=True)
def domain_ranks(k):
    """Rank of each domain in its actor's row: 0 for the strongest, ties in domain order."""
    n, domains = k.shape
    rank = np.zeros((n, domains))
    for i in range(n):
        for j in range(domains):
            r = 0
            for jj in range(domains):
                if k[i, jj] > k[i, j] or (k[i, jj] == k[i, j] and jj < j):
                    r += 1
            rank[i, j] = r
    return rank


@njit(cache=True)
def fade(key, trust, last, meetings, remote_meetings, step, rate, upkeep, keepers, min_trust, forget, active):
    """A month of decay for the ties not met at `step`, in place; returns which ties to keep.

    A remote tie with an end among `keepers` and trust of at least `min_trust` fades by
    rate × (1 − upkeep), any other by `rate`. A tie is dropped below `forget` or when an end is no
    longer `active`. Both are masks over agents; an empty one means nobody keeps ties up, or all are active.
    """
    keep = np.empty(len(key), np.bool_)
    any_keepers, all_active = len(keepers) > 0, len(active) == 0
    for i in range(len(key)):
        a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
        if last[i] != step:
            kept_up = (any_keepers and trust[i] >= min_trust and (keepers[a] or keepers[b])
                       and 2 * remote_meetings[i] > meetings[i])
            trust[i] *= 1.0 - rate * (1.0 - (upkeep if kept_up else 0.0))
            keep[i] = trust[i] >= forget
        else:
            keep[i] = True
        keep[i] = keep[i] and (all_active or active[a] and active[b])
    return keep


@njit(cache=True)
def adjacency(key, trust, min_trust, active):
    """Each agent's ties of trust at least `min_trust` with both ends `active`, as compressed rows.

    Returns `start` (agent i's ties are entries start[i] to start[i + 1] - 1), the partner of each
    entry, and the running sum of trust over entries. Within an agent, partners are in increasing
    order, as SciPy lays out a CSR matrix of these ties.
    """
    n = len(active)
    count = np.zeros(n + 1, np.int64)
    for i in range(len(key)):
        a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
        if trust[i] >= min_trust and active[a] and active[b]:
            count[a + 1] += 1
            count[b + 1] += 1
    start = np.cumsum(count)
    fill = start[:-1].copy()
    partner = np.empty(start[-1], np.int64)
    weight = np.empty(start[-1])
    for side in range(2):  # each agent's lower partners first (it is the higher end), in key order, then its higher
        for i in range(len(key)):
            a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
            if trust[i] >= min_trust and active[a] and active[b]:
                owner, other = (b, a) if side == 0 else (a, b)
                partner[fill[owner]] = other
                weight[fill[owner]] = trust[i]
                fill[owner] += 1
    return start, partner, np.cumsum(weight)


@njit(cache=True)
def draw_partners(start, partner, cum, seekers, u):
    """For each seeker, a partner drawn in proportion to trust with the uniform draw `u`; -1 if it has no ties."""
    out = np.full(len(seekers), -1, np.int64)
    for s in range(len(seekers)):
        lo, hi = start[seekers[s]], start[seekers[s] + 1]
        if hi == lo:
            continue
        base = cum[lo - 1] if lo > 0 else 0.0
        target = base + u[s] * (cum[hi - 1] - base)
        left, right = lo, hi  # the first entry whose running sum exceeds the target, at most the last
        while left < right:
            mid = (left + right) // 2
            if cum[mid] > target:
                right = mid
            else:
                left = mid + 1
        out[s] = partner[min(left, hi - 1)]
    return out


@njit(cache=True)
def uptake(know, absorptive, focused, remote, related):
    """Share of a gap each actor takes in, per domain: rows 0..n-1 face to face, rows n..2n-1 at a distance.

    Knowledge (codified plus tacit) and tacit knowledge are each summed with `related` times the two
    neighbouring domains on the ring. Face to face: `absorptive` × `focused` × related knowledge
    over its row's maximum; zero for `remote` actors. At a distance, also × the tacit share of
    related knowledge.
    """
    n, domains = len(absorptive), know.shape[2]
    out = np.empty((2 * n, domains))
    mass = np.empty(domains)
    for i in range(n):
        best = 0.0
        for d in range(domains):
            before, after = (d - 1) % domains, (d + 1) % domains
            mass[d] = ((know[i, 0, d] + know[i, 1, d]) + related * (know[i, 0, before] + know[i, 1, before])
                       + related * (know[i, 0, after] + know[i, 1, after]))
            best = mass[d] if d == 0 else max(best, mass[d])
        for d in range(domains):
            before, after = (d - 1) % domains, (d + 1) % domains
            near = 0.0 if remote[i] else absorptive[i] * focused[i, d] * (mass[d] / max(best, 1e-12))
            tacit = know[i, 1, d] + related * know[i, 1, before] + related * know[i, 1, after]
            out[i, d] = near
            out[n + i, d] = near * tacit / max(mass[d], 1e-12)
    return out

