"""The compiled kernels (sim.model.kernels) against their plain numpy reference, on random input.

Each reference below is the numpy code the kernel replaced (for the spatial index, SciPy's k-d tree). The kernel must give the same numbers
bit for bit, so that a run's output does not depend on which of the two computed it.
"""

from itertools import combinations

import numpy as np
import pytest
from scipy.sparse import csc_array, csr_matrix
from scipy.spatial import cKDTree

from sim.model import kernels, trust
from sim.model.knowledge import LEADERS, leaders
from sim.model.population import Population
from sim.model.territory import NearestIndex
from sim.model.trust import FORGET, NEW_TIE, REVISIT_MIN_TRUST, TIE, TrustNetwork, pair_keys

SEEDS = range(4)


def ref_learn(know, part, a, b, remote, absorb, rate, meetings_of, outside, origin, flows):
    n, m = know.shape[0], len(a)
    rec, source, remote2 = np.concatenate([a, b]), np.concatenate([b, a]), np.tile(remote, 2)
    k = np.ascontiguousarray(know[:, part])
    gap = np.take(k, b, axis=0)
    gap -= np.take(k, a, axis=0)
    delta = np.empty((2 * m, k.shape[1]))
    np.maximum(gap, 0.0, out=delta[:m])
    np.maximum(np.negative(gap, out=gap), 0.0, out=delta[m:])
    delta *= np.take(absorb, rec + n * remote2, axis=0)
    delta *= np.reshape(rate * np.minimum(1.0, 1.0 / np.maximum(rate * meetings_of[rec], 1e-12)), (-1, 1))
    know[:, part] += csc_array((np.ones(2 * m), rec, np.arange(2 * m + 1)), shape=(n, 2 * m)) @ delta
    where = np.where(outside[source], origin[0], np.where(remote2, origin[1], origin[2]))
    flows += np.bincount(where, weights=delta.sum(axis=1), minlength=len(flows))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("domains", [2, 5, 8, 13, 64])
def test_learn_matches_its_reference(seed, domains):
    rng = np.random.default_rng(seed)
    n, m = 60, 400
    know = rng.lognormal(0.0, 1.0, (n, 2, domains)) * (rng.random((n, 2, domains)) < 0.8)
    a = rng.integers(n, size=m)
    b = (a + rng.integers(1, n, size=m)) % n
    remote, outside = rng.random(m) < 0.3, rng.random(n) < 0.1
    absorb = rng.random((2 * n, domains))
    rate, trusted = rng.random((2, m)) * 0.5, rng.random(m) < 0.4
    meetings_of = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    origin = np.array([2, 1, 0])
    mine, theirs = know.copy(), know.copy()
    flows_mine, flows_theirs = np.zeros((2, 8)), np.zeros((2, 8))  # sums from zero, as numpy's bincount
    for part in (0, 1):
        kernels.learn(mine, part, a, b, remote, absorb, rate, trusted, meetings_of, outside, origin, flows_mine)
    for part, sel in ((0, slice(None)), (1, trusted)):  # codified at every meeting, tacit at the trusted ones
        ref_learn(theirs, part, a[sel], b[sel], remote[sel], absorb, np.tile(rate[part, sel], 2), meetings_of, outside,
                  origin, flows_theirs[part])
    assert np.array_equal(mine, theirs) and np.array_equal(flows_mine, flows_theirs)
    assert not np.array_equal(mine[:, 0], know[:, 0]) and not np.array_equal(mine[:, 1], know[:, 1])  # not vacuous


@pytest.mark.parametrize("length", range(1, 129))
def test_pairwise_sum_is_numpys(length):
    x = np.random.default_rng(length).lognormal(0.0, 3.0, length)
    assert kernels._sum(x) == x.sum()


def ref_domain_ranks(k):
    rank = np.zeros(k.shape)
    earlier = np.arange(k.shape[1])
    for j in range(k.shape[1]):
        above = k[:, j: j + 1]
        rank += (above > k) | ((above == k) & (j < earlier))
    return rank


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_reach_matches_its_reference(seed):
    rng = np.random.default_rng(seed)
    know = rng.integers(0, 3, (200, 2, 8)).astype(float)  # many ties within a row
    attention = rng.uniform(0.0, 9.0, 200)
    theirs = np.clip(attention[:, None] - ref_domain_ranks(know[:, 0] + know[:, 1]), 0.0, 1.0)
    assert np.array_equal(kernels.attention_reach(know, attention), theirs) and ((theirs > 0) & (theirs < 1)).any()


def ref_uptake(know, absorptive, focused, remote, related):
    def related_mass(k):
        out = k.copy()
        out[..., 1:] += related * k[..., :-1]
        out[..., :1] += related * k[..., -1:]
        out[..., :-1] += related * k[..., 1:]
        out[..., -1:] += related * k[..., :1]
        return out

    mass = related_mass(know[:, 0] + know[:, 1])
    best = mass[:, 0].copy()
    for j in range(1, mass.shape[1]):
        np.maximum(best, mass[:, j], out=best)
    near = absorptive[:, None] * focused * (mass / np.maximum(best, 1e-12)[:, None])
    near[remote] = 0.0
    return np.concatenate([near, near * related_mass(know[:, 1]) / np.maximum(mass, 1e-12)])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("domains", [2, 3, 8])
def test_uptake_matches_its_reference(seed, domains):
    rng = np.random.default_rng(seed)
    n = 80
    know = rng.lognormal(0.0, 1.0, (n, 2, domains)) * (rng.random((n, 2, domains)) < 0.7)
    args = (know, rng.random(n), rng.random((n, domains)), rng.random(n) < 0.2, 0.5)
    assert np.array_equal(kernels.uptake(*args), ref_uptake(*args))


def random_network(rng, agents=40, ties=300, step=10):
    net = TrustNetwork()
    a = rng.integers(agents, size=ties)
    b = (a + rng.integers(1, agents, size=ties)) % agents
    net.meet(a, b, rng.random(ties) * 0.3, rng.random(ties) < 0.5, step)
    net.last[:] = rng.choice([step - 2, step], size=len(net))
    net.moves[:] = rng.integers(0, 3, len(net))  # every word of a record holds something a copy could lose
    return net


def twin(net):
    """A copy of `net`, to run the reference on."""
    other = TrustNetwork()
    other.key, other.ties = net.key.copy(), net.ties.copy()
    return other


def ref_decay(net, rate, step, active, keepers, upkeep):
    rows = np.flatnonzero(net.trust >= REVISIT_MIN_TRUST)
    a, b = net.ends()
    rows = rows[(keepers[a[rows]] | keepers[b[rows]]) & net.is_remote(rows)]
    saved = np.zeros(len(net))
    saved[rows] = upkeep
    idle = net.last != step
    trust = net.trust
    trust *= np.where(idle, 1.0 - rate * (1.0 - saved), 1.0)
    keep = (net.trust >= FORGET) | ~idle
    keep &= active[a] & active[b]
    net.key, net.ties = net.key[keep], net.ties[keep]


@pytest.mark.parametrize("seed", SEEDS)
def test_decay_matches_its_reference(seed):
    rng = np.random.default_rng(seed)
    mine = random_network(rng)
    ties = len(mine)
    theirs = twin(mine)
    active, keepers = rng.random(40) < 0.9, rng.random(40) < 0.3
    mine.decay(0.3, 10, active=active, keepers=keepers, upkeep=0.8)
    ref_decay(theirs, 0.3, 10, active, keepers, 0.8)
    assert np.array_equal(mine.key, theirs.key) and mine.ties.tobytes() == theirs.ties.tobytes()
    assert 0 < len(mine) < ties  # some ties dropped, some kept
    # the kept rows were moved up in place: new meetings and a second month go on from them as from a copy
    a, b = rng.integers(40, size=50), rng.integers(40, size=50)
    for net in (mine, theirs):
        net.meet(a[a != b], b[a != b], np.full(int((a != b).sum()), 0.2), np.zeros(int((a != b).sum()), bool), 11)
    mine.decay(0.3, 12, active=active, keepers=keepers, upkeep=0.8)
    ref_decay(theirs, 0.3, 12, active, keepers, 0.8)
    assert np.array_equal(mine.key, theirs.key) and mine.ties.tobytes() == theirs.ties.tobytes()
    assert np.array_equal(mine.ends()[0], mine.key >> 32)


def ref_pick_known(net, rng, seekers, active):
    rows = np.flatnonzero(net.trust >= REVISIT_MIN_TRUST)
    a, b = net.ends()
    a, b = a[rows], b[rows]
    live = active[a] & active[b]
    rows, a, b = rows[live], a[live], b[live]
    if len(rows) == 0:
        return np.full(len(seekers), -1)
    weight = net.trust[rows]
    ties = csr_matrix((np.r_[weight, weight], (np.r_[b, a], np.r_[a, b])), shape=(len(active), len(active)))
    dst, cum = ties.indices, np.cumsum(ties.data)
    start, end = ties.indptr[seekers], ties.indptr[seekers + 1]
    has = end > start
    base = np.where(start > 0, cum[start - 1], 0.0)
    total = cum[np.maximum(end - 1, 0)] - base
    j = np.searchsorted(cum, base + rng.random(len(seekers)) * total, side="right")
    j = np.minimum(np.clip(j, start, np.maximum(end - 1, start)), len(cum) - 1)
    return np.where(has, dst[j], -1)


@pytest.mark.parametrize("seed", SEEDS)
def test_pick_known_matches_its_reference(seed):
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    active = rng.random(40) < 0.9
    seekers = rng.integers(40, size=500)
    mine = net.pick_known(np.random.default_rng(seed), seekers, active)
    theirs = ref_pick_known(net, np.random.default_rng(seed), seekers, active)
    assert np.array_equal(mine, theirs) and (mine >= 0).any() and (mine < 0).any()


def test_pick_known_draws_nothing_without_ties_worth_revisiting():
    """As its reference, it leaves the random stream untouched when no tie qualifies."""
    net = TrustNetwork()
    net.meet(np.array([1]), np.array([2]), np.array([0.03]), np.zeros(1, bool), 1)
    rng = np.random.default_rng(0)
    assert net.pick_known(rng, np.array([1, 2]), np.ones(3, bool)).tolist() == [-1, -1]
    assert rng.random() == np.random.default_rng(0).random()



def ref_depreciate(know, among, focused, obsolescence, neglect):
    n = len(among)
    know[:n][among] *= (1.0 - obsolescence - neglect * (1.0 - focused[among]))[:, None, :]


@pytest.mark.parametrize("seed", SEEDS)
def test_depreciate_matches_its_reference(seed):
    rng = np.random.default_rng(seed)
    n, domains = 50, 8
    know = rng.lognormal(0.0, 1.0, (n + 10, 2, domains))  # spare rows beyond the actors, as the population keeps
    among, focused = rng.random(n) < 0.7, np.clip(rng.random((n, domains)) * 2 - 0.5, 0.0, 1.0)
    mine, theirs = know.copy(), know.copy()
    kernels.depreciate(mine, among, focused, 0.01, 0.05)
    ref_depreciate(theirs, among, focused, 0.01, 0.05)
    assert np.array_equal(mine, theirs) and not np.array_equal(mine, know)


def ref_insert(net, keys, pos):
    new_rows = pos + np.arange(len(keys))
    old_rows = np.ones(len(net.key) + len(keys), bool)
    old_rows[new_rows] = False
    for name, fill in (("key", keys), ("ties", NEW_TIE)):
        old = getattr(net, name)
        merged = np.empty(len(old_rows), dtype=old.dtype)
        merged[old_rows] = old
        merged[new_rows] = fill
        setattr(net, name, merged)


@pytest.mark.parametrize("seed", SEEDS)
def test_insert_matches_its_reference(seed):
    rng = np.random.default_rng(seed)
    mine = random_network(rng)
    theirs = twin(mine)
    for _ in range(3):  # before the first row, between rows, after the last: all come up over a few batches
        keys = np.unique(pair_keys(*rng.integers(60, size=(2, 50))))
        keys = keys[mine.find(keys) < 0]
        pos = np.searchsorted(mine.key, keys)
        mine._insert(keys, pos)
        ref_insert(theirs, keys, pos)
        assert np.array_equal(mine.key, theirs.key) and mine.ties.tobytes() == theirs.ties.tobytes()
    assert np.all(np.diff(mine.key) > 0)


def ref_strong_among(net, threshold, index):
    sel = np.flatnonzero(net.trust >= threshold)
    a, b = net.key[sel] >> 32, net.key[sel] & 0xFFFFFFFF
    ok = (index[a] >= 0) & (index[b] >= 0)
    return index[a[ok]], index[b[ok]]


def ref_live_trust(net, active):
    a, b = net.ends()
    return net.trust[active[a] & active[b]]


def ref_ties_of(net, position, active):
    a, b = net.ends()
    rows = np.flatnonzero((position[a] >= 0) | (position[b] >= 0))
    a, b, trust = a[rows], b[rows], net.trust[rows]
    mine, other, trust = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([trust, trust])
    sel = np.flatnonzero((position[mine] >= 0) & active[other])
    return position[mine[sel]], other[sel], trust[sel]


@pytest.mark.parametrize("seed", SEEDS)
def test_tie_scans_match_their_references(seed):
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    active = rng.random(40) < 0.8
    position = np.full(40, -1)
    nodes = rng.choice(40, size=6, replace=False)
    position[nodes] = np.arange(6)
    index = np.where(active, np.cumsum(active) - 1, -1)
    net.trust[::7] = 0.2  # ties exactly at the threshold count as strong
    a, b = net.ends()
    assert ((net.trust == 0.2) & (index[a] >= 0) & (index[b] >= 0)).any()
    short = position[: nodes.max() + 1]  # as `_positions` lays it out: agents beyond the highest node have none
    for mine, theirs in ((net.live_and_strong(active, 0.2, index), (ref_live_trust(net, active),
                                                                   *ref_strong_among(net, 0.2, index))),
                         (kernels.ties_of(net.key, net.trust, position, -np.inf, active), ref_ties_of(net, position, active)),
                         (kernels.ties_of(net.key, net.trust, short, -np.inf, active), ref_ties_of(net, position, active))):
        assert all(np.array_equal(x, y) for x, y in zip(mine, theirs, strict=True)) and len(mine[0]) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_the_order_by_group_then_score_is_lexsorts(seed):
    """Groups with few entries and with none, equal scores (kept in their order), zeros of both signs."""
    rng = np.random.default_rng(seed)
    for m in (0, 1, 7, 300):
        group = rng.integers(0, 2 * m + 1, m)  # more groups than entries, some empty
        score = np.round(rng.random(m), 1) * (rng.random(m) < 0.8)
        score[rng.random(m) < 0.1] = -0.0
        assert np.array_equal(kernels.by_group_then_score(group, score), np.lexsort((-score, group)))


def ref_read(codified, readers, absorb, weights, written):
    mine = codified[readers]
    learnt, gains = np.zeros_like(mine), []
    for weight, lit in zip(weights, written):
        gain = weight * absorb * np.maximum(0.0, lit - mine)
        learnt += gain
        gains.append(gain)
    codified[readers] = mine + learnt
    return np.array(gains)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sources", [1, 2])
def test_read_matches_its_reference(seed, sources):
    rng = np.random.default_rng(seed)
    know = rng.lognormal(0.0, 1.0, (80, 2, 8))
    codified = know[:, 0]  # a strided view, as the population's
    readers = np.sort(rng.choice(80, 50, replace=False))
    absorb, weights = rng.random((50, 8)) * 0.1, rng.random(sources)
    written = rng.lognormal(0.0, 1.0, (sources, 8))
    theirs = codified.copy()
    gains = np.empty((sources, 50, 8))
    kernels.read(codified, readers, absorb, weights, written, gains)
    assert np.array_equal(gains, ref_read(theirs, readers, absorb, weights, written))
    assert np.array_equal(codified, theirs) and (gains > 0).any() and (gains == 0).any()


@pytest.mark.parametrize("seed", SEEDS)
def test_new_keys_counts_the_keys_not_there(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        key = np.unique(rng.integers(0, 1000, rng.integers(0, 400)))
        a, b = (np.unique(rng.integers(0, 1100, rng.integers(0, size))) for size in (100, 50))
        assert kernels.new_keys(key, a, b) == len(np.setdiff1d(np.union1d(a, b), key))


def ref_member_pairs(members):
    a, b = [], []
    for i, j in combinations(range(members.shape[1]), 2):
        ok = (members[:, i] >= 0) & (members[:, j] >= 0)
        a.append(members[ok, i])
        b.append(members[ok, j])
    return (np.concatenate(a), np.concatenate(b)) if a else (np.empty(0, int), np.empty(0, int))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("width", [1, 2, 4, 6])
def test_member_pairs_matches_its_reference(seed, width):
    rng = np.random.default_rng(seed)
    members = np.where(rng.random((50, width)) < 0.6, rng.integers(0, 1000, (50, width)), -1)
    for m in (members, members[::2], members[:0]):  # a strided view and no project at all too
        mine, theirs = kernels.member_pairs(m), ref_member_pairs(m)
        assert all(np.array_equal(x, y) and x.dtype == y.dtype for x, y in zip(mine, theirs, strict=True))
    assert width == 1 or len(kernels.member_pairs(members)[0]) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_summed_parts_matches_numpy(seed):
    rng = np.random.default_rng(seed)
    pop = Population(300, 8)
    pop.add(250, know=rng.lognormal(size=(250, 2, 8)))
    for rows in (rng.integers(0, 300, 40), rng.integers(0, 250, (7, 4)), np.arange(0), np.arange(pop.n)):
        assert np.array_equal(pop.knowledge_of(rows), pop.know[rows, 0] + pop.know[rows, 1])
    assert np.array_equal(pop.knowledge, pop.know[: pop.n, 0] + pop.know[: pop.n, 1])
    with pytest.raises(IndexError):
        pop.knowledge_of(np.array([300]))
    with pytest.raises(TypeError):
        pop.knowledge_of(np.ones(300, bool))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("domains", [1, 5, 8, 13, 64])
def test_summed_levels_match_numpy(seed, domains):
    rng = np.random.default_rng(seed)
    pop = Population(300, domains)
    pop.add(250, know=rng.lognormal(0.0, 3.0, size=(250, 2, domains)))
    for rows in (rng.integers(0, 300, 40), np.arange(0), np.arange(pop.n)):
        assert np.array_equal(pop.levels(rows), (pop.know[rows, 0] + pop.know[rows, 1]).sum(axis=1))
    assert np.array_equal(pop.levels(), pop.knowledge.sum(axis=1))
    with pytest.raises(IndexError):
        pop.levels(np.array([300]))


def brute_nearest(points, queries, k):
    """Every distance computed, squared as the kernel does: nearest first, lower row first at the same distance."""
    d = (points[None, :, 0] - queries[:, None, 0]) ** 2 + (points[None, :, 1] - queries[:, None, 1]) ** 2
    rows = np.stack([np.lexsort((np.arange(len(points)), row))[:k] for row in d])
    return np.sqrt(np.take_along_axis(d, rows, axis=1)), rows


@pytest.mark.parametrize("seed", SEEDS)
def test_nearest_index_finds_the_nearest_points(seed):
    """Points gathered around a few poles, as actors are, some on the very same spot; queries among them, far
    away and far beyond the edges: the nearest points (lower row first at the same distance), with SciPy's
    k-d tree's distances."""
    rng = np.random.default_rng(seed)
    poles = rng.uniform(0, 100, (5, 2))
    points = poles[rng.integers(5, size=2000)] + rng.normal(0, 4, (2000, 2))
    points[rng.integers(2000, size=100)] = points[rng.integers(2000, size=100)]  # actors on the same spot
    queries = np.concatenate([points[:300] + rng.exponential(3, (300, 2)), points[300:400],
                              rng.uniform(-80, 180, (300, 2)), rng.uniform(-1e6, 1e6, (50, 2))])
    index, tree = NearestIndex(points), cKDTree(points)
    for k in (1, 3, 7):
        dist, rows = index.query(queries, k=k)
        ref_dist, ref_rows = brute_nearest(points, queries, k)
        assert np.array_equal(rows.reshape(ref_rows.shape), ref_rows)
        assert np.array_equal(dist, tree.query(queries, k=k)[0]) and np.array_equal(dist.reshape(ref_dist.shape), ref_dist)
    assert all(np.array_equal(x, y) for x, y in zip(index.query(queries[0]), tree.query(queries[0])))
    line = np.column_stack([np.arange(50.0), np.zeros(50)])  # no height: one row of cells
    assert np.array_equal(NearestIndex(line).query(queries[:300], k=2)[1], brute_nearest(line, queries[:300], 2)[1])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_victims_strong_ties_match_their_reference(seed):
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    nodes = np.unique(rng.integers(40, size=5))
    a, b = net.ends()
    strong = net.trust >= 0.2
    mine, other, level = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([net.trust, net.trust])
    sel = np.flatnonzero(np.isin(mine, nodes) & np.concatenate([strong, strong]))
    theirs = (np.searchsorted(nodes, mine[sel]), other[sel], level[sel])
    position = np.full(nodes.max() + 1, -1)
    position[nodes] = np.arange(len(nodes))
    found = kernels.ties_of(net.key, net.trust, position, 0.2, np.zeros(0, bool))
    assert all(np.array_equal(x, y) for x, y in zip(found, theirs, strict=True)) and len(found[0]) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_the_leaders_quantile_is_numpys(seed):
    rng = np.random.default_rng(seed)
    for n in [*range(1, 25), 101, 1000]:  # every position of the quantile between two order statistics
        for values in (rng.lognormal(size=(n, 8)), rng.integers(0, 3, size=(n, 3)).astype(float)):  # and equal values
            assert np.array_equal(leaders(values), np.quantile(values, LEADERS, axis=0))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("domains", [3, 8, 13])
def test_complement_matches_its_reference(seed, domains):
    rng = np.random.default_rng(seed)
    know = rng.lognormal(0.0, 1.0, (50, 2, domains)) * (rng.random((50, 2, domains)) < 0.7)
    know[0] = 0.0  # a leader with no knowledge at all
    lead, cand = rng.integers(50, size=300), rng.integers(50, size=300)
    lead[:5] = 0
    k_lead = know[lead, 0] + know[lead, 1]
    theirs = np.maximum(0.0, (know[cand, 0] + know[cand, 1]) - k_lead).sum(axis=1) / np.maximum(k_lead.sum(axis=1), 1e-12)
    assert np.array_equal(kernels.complement(know, lead, cand), theirs) and (theirs > 0).any()


@pytest.mark.parametrize("seed", SEEDS)
def test_pairs_reserved_with_the_meetings_get_the_rows_ensure_gives(seed):
    """One insertion for the month's meetings and the pairs reserved for later updates, as if ensured first."""
    rng = np.random.default_rng(seed)
    mine = random_network(rng)
    theirs = twin(mine)
    a, b = rng.integers(60, size=(2, 200))
    a, b = a[a != b], b[a != b]
    gain, remote = rng.random(len(a)) * 0.3, rng.random(len(a)) < 0.3
    reserve = rng.integers(70, size=(2, 40))
    reserve = reserve[:, reserve[0] != reserve[1]]
    reserve = np.c_[reserve, [a[:5], b[:5]]]  # some reserved pairs meet too
    after = mine.meet(a, b, gain, remote, 11, serve_at=0.2, reserve=tuple(reserve))
    theirs.ensure(*reserve)
    assert np.array_equal(after, theirs.meet(a, b, gain, remote, 11, serve_at=0.2))
    assert np.array_equal(mine.key, theirs.key) and mine.ties.tobytes() == theirs.ties.tobytes()
    assert (mine.find(pair_keys(*reserve)) >= 0).all() and len(mine) > len(random_network(np.random.default_rng(seed)))


def ref_meet(net, a, b, gain, remote, step, serve_at, moved):
    uniq, inverse = np.unique(pair_keys(a, b), return_inverse=True)
    keep = np.exp(np.bincount(inverse, weights=np.log1p(-np.minimum(gain, 0.999)), minlength=len(uniq)))
    new = uniq[net.find(uniq) < 0]
    ref_insert(net, new, np.searchsorted(net.key, new))
    rows = net.find(uniq)
    met = net.ties[rows]
    after = 1.0 - (1.0 - met["trust"]) * keep
    met["trust"] = after
    met["meetings"] += np.bincount(inverse, minlength=len(uniq)).astype(np.int32)
    if moved:
        met["moves"] += np.bincount(inverse, minlength=len(uniq))
    met["remote_meetings"] += np.bincount(inverse, weights=remote, minlength=len(uniq)).astype(np.int32)
    met["last"] = step
    met["served"][after >= serve_at] = step
    net.ties[rows] = met
    return after[inverse]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("parts", ["one", "two"])
def test_meet_matches_its_reference(seed, parts, monkeypatch):
    """Meetings merged with the ties in one pass (`meet_ties`), written in one part or in two on two threads."""
    if parts == "two":
        monkeypatch.setattr(trust, "MANY_TIES", 0)
        monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    rng = np.random.default_rng(seed)
    mine = random_network(rng)
    theirs = twin(mine)
    for step, moved in ((11, False), (12, True)):
        a, b = rng.integers(70, size=(2, 300))  # some pairs new (agents 40 to 69 have no tie yet), some met twice
        a, b = a[a != b], b[a != b]
        gain, remote = rng.random(len(a)) * 0.3, rng.random(len(a)) < 0.3
        after = mine.meet(a, b, gain, remote, step, serve_at=0.2, moved=moved)
        assert np.array_equal(after, ref_meet(theirs, a, b, gain, remote, step, 0.2, moved))
        assert np.array_equal(mine.key, theirs.key) and mine.ties.tobytes() == theirs.ties.tobytes()
    assert (theirs.served == 12).any() and (theirs.moves > 0).any()  # not vacuous


@pytest.mark.parametrize("seed", SEEDS)
def test_ties_held_apart_are_the_ties_inserted(seed):
    """Meetings whose new ties are held apart (`hold`) leave, once a decay or a read takes them in, the ties that
    inserting them at once leaves; and their trust afterwards is the same."""
    rng = np.random.default_rng(seed)
    held, inserted = random_network(rng), None
    inserted = twin(held)
    active, keepers = rng.random(60) < 0.9, rng.random(60) < 0.3
    for step in (11, 12):
        for moved in (False, True):  # two batches before the decay, as the births' and the job moves' ties
            a = rng.integers(60, size=40)
            b = (a + rng.integers(1, 60, size=40)) % 60
            gain, remote = rng.random(40) * 0.3, rng.random(40) < 0.3
            after = held.meet(a, b, gain, remote, step, serve_at=0.2, moved=moved, hold=True)
            assert np.array_equal(after, inserted.meet(a, b, gain, remote, step, serve_at=0.2, moved=moved))
        assert len(held._held_key) > 0 and len(held) == len(inserted)  # not vacuous: some new ties were held
        if step == 11:
            held.decay(0.3, step, active=active, keepers=keepers, upkeep=0.8)  # takes them in on its pass
            inserted.decay(0.3, step, active=active, keepers=keepers, upkeep=0.8)
        else:
            assert np.array_equal(held.lookup(a, b), inserted.lookup(a, b))  # a read takes them in
            assert len(held._held_key) == 0
        assert np.array_equal(held.key, inserted.key) and held.ties.tobytes() == inserted.ties.tobytes()


@pytest.mark.parametrize("seed", SEEDS)
def test_unique_pairs_are_numpys(seed):
    """Repeated pairs, one pair, none, and ends too large to pack (numpy's unique then answers)."""
    rng = np.random.default_rng(seed)
    for agents, m in ((2, 1), (40, 300), (5000, 20000), (2**31, 2), (2**31, 50)):  # 63 bits: packed; then too many
        a = rng.integers(agents, size=m)
        b = (a + rng.integers(1, agents, size=m)) % agents if agents > 1 else a
        keys = pair_keys(a, b)
        keys = np.concatenate([keys, rng.permutation(keys)[: m // 3]])
        for mine, theirs in zip(trust.unique_pairs(keys), np.unique(keys, return_inverse=True), strict=True):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
    assert [len(x) for x in trust.unique_pairs(np.empty(0, np.int64))] == [0, 0]
    keys = pair_keys(np.array([2**31, 3, 2**31]), np.array([2**31 + 5, 4, 2**31 + 5]))  # negative keys: numpy's
    assert all(np.array_equal(x, y) for x, y in zip(trust.unique_pairs(keys), np.unique(keys, return_inverse=True)))
