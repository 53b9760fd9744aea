"""Small compiled loops for the month's hottest array work, where numpy needs many passes.

Each kernel does in one pass what a few lines of numpy do in several, with the same operations in
the same order, so its results are bit for bit those of the numpy version; that numpy version is
kept in `tests/test_kernels.py` and compared with the kernel on random input (the spatial index's
kernels are compared with a brute-force search and SciPy's k-d tree). Compiled once and cached on disk (`cache=True`).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def learn(know, part, a, b, remote, absorb, rate, trusted, meetings_of, outside, origin, flows):
    """Apply meetings to one `part` of knowledge, both ways: `a` learns from `b`, then `b` from `a`;
    codified knowledge (part 0 of `know`) at every meeting, tacit knowledge (part 1) at the `trusted` ones.

    In meeting i, a receiver closes its gap to the source (where the source knows more) times its
    uptake (`absorb`, rows n.. at a distance) times the part's rate `rate[part, i]`, scaled down so
    that all its meetings together close at most its whole gap (`meetings_of`). Gains are added
    after all meetings. Their sum per source of knowledge goes to `flows[part]` (zeros, so that the
    sums are numpy's) at `origin[0]` (from an `outside` partner), `origin[1]` (met remotely) or
    `origin[2]` (face to face). A part reads and writes only its own knowledge and flows: the two
    parts can be applied at once.
    """
    n, domains = know.shape[0], know.shape[2]
    total = np.zeros((n, domains))
    gain = np.empty(domains)
    for side in range(2):
        for i in range(len(a)):
            if part == 1 and not trusted[i]:
                continue
            rec, src = (a[i], b[i]) if side == 0 else (b[i], a[i])
            row = rec + n * remote[i]
            where = origin[0] if outside[src] else origin[1] if remote[i] else origin[2]
            r = rate[part, i]
            share = r * min(1.0, 1.0 / max(r * meetings_of[rec], 1e-12))
            for d in range(domains):  # x - y is -(y - x) exactly: either way round, as numpy computed it
                gain[d] = max(know[src, part, d] - know[rec, part, d], 0.0) * absorb[row, d] * share
                total[rec, d] += gain[d]
            flows[part, where] += 0.0 + _sum(gain)
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
def summed_parts(know, rows):
    """Codified plus tacit knowledge (part 0 plus part 1 of `know`) of each of `rows`, per domain: numpy's
    `know[rows, 0] + know[rows, 1]` in one pass, without the two gathered copies (an IndexError out of range)."""
    out = np.empty((len(rows), know.shape[2]))
    for i in range(len(rows)):
        r = rows[i]
        if r < 0 or r >= know.shape[0]:
            raise IndexError("row out of range")
        for d in range(know.shape[2]):
            out[i, d] = know[r, 0, d] + know[r, 1, d]
    return out


@njit(cache=True)
def summed_levels(know, rows):
    """Codified plus tacit knowledge of each of `rows`, summed over domains: numpy's
    `(know[rows, 0] + know[rows, 1]).sum(axis=1)` in one pass, without the gathered copies."""
    out = np.empty(len(rows))
    k = np.empty(know.shape[2])
    for i in range(len(rows)):
        r = rows[i]
        if r < 0 or r >= know.shape[0]:
            raise IndexError("row out of range")
        for d in range(know.shape[2]):
            k[d] = know[r, 0, d] + know[r, 1, d]
        out[i] = _sum(k)
    return out


@njit(cache=True)
def complement(know, lead, cand):
    """For each pair (`lead[i]`, `cand[i]`), the knowledge the candidate has beyond the leader's, summed over
    domains, over the leader's whole knowledge (knowledge: codified plus tacit, part 0 plus part 1 of `know`)."""
    domains = know.shape[2]
    out = np.empty(len(lead))
    extra, own = np.empty(domains), np.empty(domains)
    for i in range(len(lead)):
        for d in range(domains):
            own[d] = know[lead[i], 0, d] + know[lead[i], 1, d]
            extra[d] = max(0.0, (know[cand[i], 0, d] + know[cand[i], 1, d]) - own[d])
        out[i] = _sum(extra) / max(_sum(own), 1e-12)
    return out


@njit(cache=True)
def read(codified, readers, absorb, weights, written, gains):
    """A month of reading, in place: each reader (row `readers[i]` of `codified`) gains, from each literature s
    (`written[s]`, what it publishes in each domain), `weights[s]` × `absorb[i]` × its gap to it where it
    knows less (`gains[s, i]`), and adds them up after both: numpy's `gain = weight * absorb * max(0, written
    - mine)`, `learnt += gain` from zero and `codified[readers] = mine + learnt`, without the copies."""
    for i in range(len(readers)):
        r = readers[i]
        for d in range(codified.shape[1]):
            learnt = 0.0
            for s in range(len(weights)):
                gain = weights[s] * absorb[i, d] * max(0.0, written[s, d] - codified[r, d])
                gains[s, i, d] = gain
                learnt += gain
            codified[r, d] = codified[r, d] + learnt


@njit(cache=True)
def attention_reach(know, attention):
    """How much of each domain an actor's `attention` reaches: attention minus the domain's rank in the actor's
    knowledge (codified plus tacit; 0 for the strongest, equal ones in domain order), between 0 and 1."""
    n, domains = know.shape[0], know.shape[2]
    out = np.empty((n, domains))
    k = np.empty(domains)
    for i in range(n):
        for d in range(domains):
            k[d] = know[i, 0, d] + know[i, 1, d]
        for j in range(domains):
            rank = 0
            for jj in range(domains):
                if k[jj] > k[j] or (k[jj] == k[j] and jj < j):
                    rank += 1
            out[i, j] = min(max(attention[i] - rank, 0.0), 1.0)
    return out


@njit(cache=True, nogil=True)
def fade(key, ties, held_key, held, step, rate, upkeep, keepers, min_trust, forget, active, out_key, out):
    """A month of decay for the ties not met at `step`, written with the ties held apart (`held_key`, sorted,
    none among `key`) taken in, in key order, into `out_key` and `out`; returns how many ties are kept.

    A remote tie with an end among `keepers` and trust of at least `min_trust` fades by
    rate × (1 − upkeep), any other by `rate`. A tie is dropped below `forget` or when an end is no
    longer `active`. Both are masks over agents; an empty one means nobody keeps ties up, or all are active.
    """
    any_keepers, all_active = len(keepers) > 0, len(active) == 0
    i = h = j = 0
    while i < len(key) or h < len(held_key):
        if h < len(held_key) and (i == len(key) or held_key[h] < key[i]):
            k, tie = held_key[h], held[h]
            h += 1
        else:
            k, tie = key[i], ties[i]
            i += 1
        a, b = k >> 32, k & 0xFFFFFFFF
        trust = tie.trust
        if tie.last != step:
            kept_up = (any_keepers and trust >= min_trust and (keepers[a] or keepers[b])
                       and 2 * tie.remote_meetings > tie.meetings)
            trust *= 1.0 - rate * (1.0 - (upkeep if kept_up else 0.0))
            if trust < forget:
                continue
        if all_active or active[a] and active[b]:
            out_key[j] = k
            out[j] = tie
            out[j].trust = trust
            j += 1
    return j


@njit(cache=True, nogil=True)
def tie_ends(key, trust, min_trust, active, first, last):
    """Among rows `first` to `last` - 1, each agent's ties of trust at least `min_trust` with both ends
    `active`: how many to lower agents, and how many to higher ones."""
    lower = np.zeros(len(active), np.int64)
    higher = np.zeros(len(active), np.int64)
    for i in range(first, last):
        a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
        if trust[i] >= min_trust and active[a] and active[b]:
            lower[b] += 1
            higher[a] += 1
    return lower, higher


@njit(cache=True, nogil=True)
def fill_adjacency(key, trust, min_trust, active, first, last, fill_lower, fill_higher, partner, weight):
    """Enter rows `first` to `last` - 1 of the ties `tie_ends` counts into `partner` and `weight` (their
    trust), for each agent from `fill_lower` (its ties to lower agents) and `fill_higher` (to higher
    ones). In key order, an agent's lower partners, then its higher ones, come in increasing order."""
    for i in range(first, last):
        a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
        if trust[i] >= min_trust and active[a] and active[b]:
            partner[fill_lower[b]], weight[fill_lower[b]] = a, trust[i]
            partner[fill_higher[a]], weight[fill_higher[a]] = b, trust[i]
            fill_lower[b] += 1
            fill_higher[a] += 1


@njit(cache=True)
def pack_keys(keys):
    """For `unpacked_unique`: each pair key (lower end << 32 | higher end) with its position in its lowest bits,
    each part in as few bits as the largest needs; and the widths of the higher end and of the position.
    Empty where the three do not fit in 63 bits."""
    m, high, low = len(keys), 0, 0
    for k in keys:
        if k < 0:  # a lower end of 2**31 or more: not a key this packs
            return np.empty(0, np.int64), 0, 0
        high, low = max(high, k >> 32), max(low, k & 0xFFFFFFFF)
    high_bits, low_bits, at_bits = _width(high), _width(low), _width(max(m - 1, 0))
    if high_bits + low_bits + at_bits > 63:
        return np.empty(0, np.int64), low_bits, at_bits
    packed = np.empty(m, np.int64)
    for i in range(m):
        packed[i] = ((keys[i] >> 32) << low_bits | (keys[i] & 0xFFFFFFFF)) << at_bits | i
    return packed, low_bits, at_bits


@njit(cache=True)
def _width(x):
    """Bits needed to write the integer `x` >= 0."""
    bits = 0
    while x >> bits:
        bits += 1
    return bits


@njit(cache=True)
def unpacked_unique(packed, low_bits, at_bits):
    """The distinct keys of the sorted `packed` keys (`pack_keys`), and for each original position the index of
    its key among them: numpy's `unique(keys, return_inverse=True)`."""
    uniq, inverse = np.empty(len(packed), np.int64), np.empty(len(packed), np.int64)
    u, last = -1, -1
    for p in packed:
        pair = p >> at_bits
        if pair != last:
            u, last = u + 1, pair
            uniq[u] = (pair >> low_bits) << 32 | (pair & ((1 << low_bits) - 1))
        inverse[p & ((1 << at_bits) - 1)] = u
    return uniq[: u + 1], inverse


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


@njit(cache=True, nogil=True)
def insert_ties(key, words, width, new_key, records, pos, out_key, out, first, last):
    """Write into `out_key` and `out` the keys `key` and their records `words` (rows of `width` words, flat)
    with `new_key[j]` and its record, row j of `records`, inserted before row `pos[j]` (`pos` sorted): the part
    from the row after new key `first - 1` (or the start) to new key `last - 1` and, if that is the
    last new key (or there is none), on to the end. Parts are block copies (numba copies 1-d slices as fast as memcpy)
    and do not overlap: two parts can be written at once."""
    k = len(pos)
    prev = pos[first - 1] if first > 0 else 0
    for j in range(first, last):
        p = pos[j]
        out_key[prev + j:p + j] = key[prev:p]
        out[(prev + j) * width:(p + j) * width] = words[prev * width:p * width]
        out_key[p + j] = new_key[j]
        out[(p + j) * width:(p + j + 1) * width] = records[j * width:(j + 1) * width]
        prev = p
    if last == k and (first < k or k == 0):
        out_key[prev + k:] = key[prev:]
        out[(prev + k) * width:] = words[prev * width:]


@njit(cache=True)
def _gallop(key, k, at):
    """The first row of the sorted `key` at or after `k`, from row `at` on (no earlier row is): steps that
    double, then bisection, so that a walk along sorted keys reads `key` near where it last did."""
    hi, step = at, 1
    while hi < len(key) and key[hi] < k:
        at, hi, step = hi + 1, hi + 1 + step, 2 * step
    hi = min(hi, len(key))
    while at < hi:
        mid = (at + hi) // 2
        if key[mid] < k:
            at = mid + 1
        else:
            hi = mid
    return at


@njit(cache=True)
def new_keys(key, a, b):
    """How many distinct keys of `a` and `b` are not in `key` (all three sorted): one walk along `a` and `b`, each
    key looked for in `key` by galloping on from where the last was found."""
    count, i, j, at = 0, 0, 0, 0
    top = np.iinfo(np.int64).max
    while i < len(a) or j < len(b):
        k = min(a[i] if i < len(a) else top, b[j] if j < len(b) else top)
        i += i < len(a) and a[i] == k
        j += j < len(b) and b[j] == k
        at = _gallop(key, k, at)
        count += at == len(key) or key[at] != k
    return count


@njit(cache=True)
def _meet_tie(tie, keep, met, remote, moves, step, serve_at):
    """A tie's month of meetings, in place (a record of `ties`): it closes the share 1 - `keep` of its gap to
    full trust, counts `met` meetings, `remote` of them remote and `moves` job moves, was in contact at `step`
    and has served if its trust reaches `serve_at`. Returns its trust afterwards."""
    trust = 1.0 - (1.0 - tie.trust) * keep
    tie.trust = trust
    tie.meetings += met
    tie.moves += moves
    tie.remote_meetings += remote
    tie.last = step
    if trust >= serve_at:
        tie.served = step
    return trust


@njit(cache=True)
def meet_rows(ties, rows, keep, met, remote, moves, step, serve_at, after):
    """The month's meetings (`_meet_tie`) of ties that have a row, `rows[j]` for pair j, in place; each pair's
    trust afterwards goes to `after[j]`."""
    for j in range(len(rows)):
        after[j] = _meet_tie(ties[rows[j]], keep[j], met[j], remote[j], moves[j], step, serve_at)


@njit(cache=True, nogil=True)
def meet_ties(key, ties, uniq, reserve, keep, met, remote, moves, step, serve_at, new_tie, i0, i1, j0, j1, r0, r1, o,
              out_key, out, after):
    """Old rows `i0` to `i1` - 1 of the ties (`key`, `ties`), with the met keys `uniq[j0:j1]` and the reserved
    keys `reserve[r0:r1]` (each sorted; the met and reserved keys among them, and no others), written in key
    order from row `o` of `out_key` and `out`; returns the row after the last. A pair without a tie gets
    `new_tie`; a met pair j has its month of meetings (`_meet_tie`), and its trust afterwards goes to
    `after[j]`."""
    i, j, r = i0, j0, r0
    while i < i1 or j < j1 or r < r1:
        k = key[i] if i < i1 else np.iinfo(np.int64).max
        if j < j1 and uniq[j] < k:
            k = uniq[j]
        if r < r1 and reserve[r] < k:
            k = reserve[r]
        old = i < i1 and key[i] == k
        new = j < j1 and uniq[j] == k
        if r < r1 and reserve[r] == k:
            r += 1
        out_key[o] = k
        out[o] = ties[i] if old else new_tie[0]
        if new:
            after[j] = _meet_tie(out[o], keep[j], met[j], remote[j], moves[j], step, serve_at)
        i += old
        j += new
        o += 1
    return o


@njit(cache=True)
def grid_cells(x, y, x0, y0, h, gx, gy):
    """Points sorted by the cell of a `gx` × `gy` grid of side `h` from (`x0`, `y0`) they fall in: the order,
    and where each cell's points start in it (cell cx * gy + cy; points beyond the grid go to its edge cells)."""
    n = len(x)
    cell = np.empty(n, np.int64)
    count = np.zeros(gx * gy + 1, np.int64)
    for i in range(n):
        cx = min(max(int((x[i] - x0) / h), 0), gx - 1)
        cy = min(max(int((y[i] - y0) / h), 0), gy - 1)
        cell[i] = cx * gy + cy
        count[cell[i] + 1] += 1
    start = np.cumsum(count)
    fill = start[:-1].copy()
    order = np.empty(n, np.int64)
    for i in range(n):
        order[fill[cell[i]]] = i
        fill[cell[i]] += 1
    return order, start


@njit(cache=True, nogil=True)
def grid_nearest(px, py, xs, ys, order, start, x0, y0, h, gx, gy, k):
    """The `k` nearest points (`k` at most their number) to each query point (`px`, `py`), nearest first and,
    at exactly the same distance, lower row first, with their squared distances.

    Points are given in cell order (`xs`, `ys`, their original rows `order`, `start` from
    `grid_cells`). Cells are searched in rings around the cell nearest the query until the points
    found are nearer than any cell not yet searched can be: a query outside the grid is first brought
    onto it (its projection), and what lies beyond its ring is at least as far as the projection's
    distance and the ring's combined (Pythagoras, the grid being convex). A small slack on that bound
    absorbs rounding where a point sits on a cell's edge.
    """
    m = len(px)
    rows = np.empty((m, k), np.int64)
    dist = np.empty((m, k))
    right, top = x0 + gx * h, y0 + gy * h
    slack = 1e-12 * (abs(x0) + abs(y0) + abs(right) + abs(top))
    for q in range(m):
        qx, qy = px[q], py[q]
        ox, oy = min(max(qx, x0), right), min(max(qy, y0), top)  # the query brought onto the grid
        off = (qx - ox) ** 2 + (qy - oy) ** 2
        cx = min(max(int(np.floor((ox - x0) / h)), 0), gx - 1)
        cy = min(max(int(np.floor((oy - y0) / h)), 0), gy - 1)
        found, r = 0, 0
        while True:
            for ix in range(max(cx - r, 0), min(cx + r, gx - 1) + 1):
                edge = ix == cx - r or ix == cx + r
                iy = cy - r
                while iy <= cy + r:
                    if 0 <= iy < gy:
                        c = ix * gy + iy
                        for e in range(start[c], start[c + 1]):
                            d, row = (xs[e] - qx) ** 2 + (ys[e] - qy) ** 2, order[e]
                            if found < k or d < dist[q, k - 1] or (d == dist[q, k - 1] and row < rows[q, k - 1]):
                                j = found if found < k else k - 1
                                while j > 0 and (dist[q, j - 1] > d or (dist[q, j - 1] == d and rows[q, j - 1] > row)):
                                    dist[q, j], rows[q, j] = dist[q, j - 1], rows[q, j - 1]
                                    j -= 1
                                dist[q, j], rows[q, j] = d, row
                                found = min(found + 1, k)
                    iy += 1 if edge or r == 0 else 2 * r
            ring = np.inf  # how near the projection the cells not yet searched come
            if cx - r > 0:
                ring = min(ring, ox - (x0 + (cx - r) * h))
            if cx + r < gx - 1:
                ring = min(ring, x0 + (cx + r + 1) * h - ox)
            if cy - r > 0:
                ring = min(ring, oy - (y0 + (cy - r) * h))
            if cy + r < gy - 1:
                ring = min(ring, y0 + (cy + r + 1) * h - oy)
            if ring == np.inf:
                break
            if found == k and dist[q, k - 1] < off + max(ring - slack, 0.0) ** 2 - slack:
                break
            r += 1
    return rows, dist


@njit(cache=True, nogil=True)
def triangles_and_giant(u, v, m):
    """Triangles, and the size of the largest connected component, of a graph of `m` nodes given by its ties
    (`u`, `v`), each once.

    Each tie is oriented from the end of lower degree to the other (ties broken by node number), so
    that no node has many ties to follow (Chiba and Nishizeki 1985); a triangle is then counted once,
    at its first node, as a tie between two of that node's outgoing ends. Components are joined by
    union-find.
    """
    degree = np.zeros(m, np.int64)
    for i in range(len(u)):
        degree[u[i]] += 1
        degree[v[i]] += 1
    start = np.zeros(m + 1, np.int64)
    for i in range(len(u)):
        low = u[i] if (degree[u[i]], u[i]) < (degree[v[i]], v[i]) else v[i]
        start[low + 1] += 1
    for x in range(m):
        start[x + 1] += start[x]
    fill = start[:-1].copy()
    out = np.empty(len(u), np.int64)
    for i in range(len(u)):
        low, high = (u[i], v[i]) if (degree[u[i]], u[i]) < (degree[v[i]], v[i]) else (v[i], u[i])
        out[fill[low]] = high
        fill[low] += 1
    found = 0
    mark = np.full(m, -1, np.int64)
    for a in range(m):
        for e in range(start[a], start[a + 1]):
            mark[out[e]] = a
        for e in range(start[a], start[a + 1]):
            b = out[e]
            for f in range(start[b], start[b + 1]):
                found += mark[out[f]] == a
    root = np.arange(m)
    for i in range(len(u)):
        ru, rv = u[i], v[i]
        while root[ru] != ru:
            root[ru] = root[root[ru]]
            ru = root[ru]
        while root[rv] != rv:
            root[rv] = root[root[rv]]
            rv = root[rv]
        if ru != rv:
            root[max(ru, rv)] = min(ru, rv)
    size = np.zeros(m, np.int64)
    for x in range(m):
        r = x
        while root[r] != r:
            r = root[r]
        size[r] += 1
    return found, size.max() if m else 0


@njit(cache=True)
def by_group_then_score(group, score):
    """The order that sorts by `group` (integers from 0), then by `score` (numbers, no NaN) from the highest, ties
    kept in their order: numpy's `lexsort((-score, group))`, by counting the groups and inserting each entry
    among the others of its group, which are few (a launcher's candidate partners, a parent's ties)."""
    m = len(group)
    groups = group.max() + 1 if m else 0
    start = np.zeros(groups + 1, np.int64)
    for i in range(m):
        start[group[i] + 1] += 1
    for g in range(groups):
        start[g + 1] += start[g]
    fill = start[:-1].copy()
    order = np.empty(m, np.int64)
    for i in range(m):
        g = group[i]
        at = fill[g]
        while at > start[g] and score[order[at - 1]] < score[i]:  # after every entry of the group scoring as much
            order[at] = order[at - 1]
            at -= 1
        order[at] = i
        fill[g] += 1
    return order


@njit(cache=True)
def member_pairs(members):
    """Every pair of members of every project (rows of `members`, -1 pads): for each pair of columns i < j in
    order, the rows where both are members, in row order."""
    rows, width = members.shape
    a, b = np.empty(rows * width * (width - 1) // 2, np.int64), np.empty(rows * width * (width - 1) // 2, np.int64)
    k = 0
    for i in range(width):
        for j in range(i + 1, width):
            for r in range(rows):
                if members[r, i] >= 0 and members[r, j] >= 0:
                    a[k], b[k] = members[r, i], members[r, j]
                    k += 1
    return a[:k].copy(), b[:k].copy()


@njit(cache=True)
def live_and_strong(key, trust, active, threshold, index):
    """In one pass over the ties, in key order: the trust of those whose ends are both `active`, and those of at
    least `threshold` trust between two agents with an `index` (>= 0), as the pairs of their indices."""
    live = np.empty(len(key))
    u, v = np.empty(len(key), np.int64), np.empty(len(key), np.int64)
    nl = ns = 0
    for i in range(len(key)):
        a, b = key[i] >> 32, key[i] & 0xFFFFFFFF
        if active[a] and active[b]:
            live[nl] = trust[i]
            nl += 1
        if trust[i] >= threshold and index[a] >= 0 and index[b] >= 0:
            u[ns], v[ns] = index[a], index[b]
            ns += 1
    return live[:nl], u[:ns], v[:ns]


@njit(cache=True, nogil=True)
def ties_of(key, trust, position, threshold, active):
    """The ties of at least `threshold` trust of the nodes with a `position` (>= 0; agents beyond its length have
    none) to `active` agents (an empty mask: to anyone), either way round: the node's position, the other end
    and the trust of each; first the ties where the node is the lower end, then the higher, each in key order.

    A node's ties as the lower end are one block of the sorted keys, found by galloping on from the last
    node's; only those as the higher end need a scan, of the keys alone, whose matching rows are noted on
    the way.
    """
    n, anyone = len(position), len(active) == 0
    lower = np.empty(len(key), np.int64)  # rows, in key order: ties whose lower end is a node
    nl = i = 0
    for a in range(n):
        if position[a] >= 0:
            i = _gallop(key, a << 32, i)
            while i < len(key) and key[i] >> 32 == a:
                if trust[i] >= threshold and (anyone or active[key[i] & 0xFFFFFFFF]):
                    lower[nl] = i
                    nl += 1
                i += 1
    higher = np.empty(len(key), np.int64)  # rows, in key order: ties whose higher end is a node
    nh = 0
    for i in range(len(key)):
        b = key[i] & 0xFFFFFFFF
        if b < n and position[b] >= 0 and trust[i] >= threshold and (anyone or active[key[i] >> 32]):
            higher[nh] = i
            nh += 1
    owner, other, level = np.empty(nl + nh, np.int64), np.empty(nl + nh, np.int64), np.empty(nl + nh)
    for j in range(nl):
        i = lower[j]
        owner[j], other[j], level[j] = position[key[i] >> 32], key[i] & 0xFFFFFFFF, trust[i]
    for j in range(nh):
        i = higher[j]
        owner[nl + j], other[nl + j], level[nl + j] = position[key[i] & 0xFFFFFFFF], key[i] >> 32, trust[i]
    return owner, other, level


@njit(cache=True)
def depreciate(know, among, focused, obsolescence, neglect):
    """A month of depreciation, in place, for the actors `among` (a mask): each domain of both parts of knowledge
    keeps 1 - `obsolescence` - `neglect` × (1 - `focused`) of itself."""
    for i in range(len(among)):
        if among[i]:
            for d in range(know.shape[2]):
                keep = 1.0 - obsolescence - neglect * (1.0 - focused[i, d])
                know[i, 0, d] *= keep
                know[i, 1, d] *= keep
