"""Model v2's knowledge and network mechanisms, each on its own (MODEL.md §7.1-7.5, §7.7).

Attention and upkeep, relatedness on the ring, the literature channel, recombination, knowledge
valued against the world, gatekeepers and their remote ties, outside partners seeking contacts,
ties that served, spin-offs' location and inherited ties, job moves' knowledge and tie. Effects
that only show over a run are compared over fixed seeds with a one-sided test.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model_helpers import SEEDS, build, distance, empty_book, hand_project, run, slots_of
from sim.model import economy, knowledge, projects, talent
from sim.model.measures import knowledge_channels, profile_distance
from sim.model.population import LAB
from sim.model.territory import Meetings
from sim.model.trust import TrustNetwork, pair_keys

ALPHA = 0.01


def greater(high, low) -> float:
    """One-sided Mann-Whitney p-value that `high` tends to exceed `low`."""
    return stats.mannwhitneyu(high, low, alternative="greater").pvalue


def _one_domain(model, slots, domain: int, level: float = 1.0) -> None:
    """Give `slots` all their knowledge in one domain, half codified, half tacit."""
    pop = model.pop
    pop.know[slots] = 0.0
    pop.know[slots, :, domain] = level / 2


# --- attention and upkeep ----------------------------------------------------------------------


def test_attention_reaches_the_strongest_domains_first():
    model = build(1)
    pop = model.pop
    r = int(slots_of(model, "sme")[0])
    pop.staff[r], pop.skill[r] = 2.0, 0.5  # attention 2 x 0.5 x log2(4) = 2 domains, then 2.5 below
    pop.know[r, 0] = np.arange(1, pop.n_domains + 1)[::-1] / 10  # domain 0 strongest, then 1, 2, ...
    pop.know[r, 1] = 0.0
    focused = knowledge.focus(pop, 2.0)[r]
    assert focused.tolist() == [1.0, 1.0] + [0.0] * (pop.n_domains - 2)
    pop.staff[r] = 2.0 ** 2.5 - 2.0  # log2(2 + staff) = 2.5: half of the third domain
    assert knowledge.focus(pop, 2.0)[r][:3] == pytest.approx([1.0, 1.0, 0.5])
    assert (knowledge.focus(pop, 0.0) == 0).all()


def test_neglected_domains_depreciate_faster():
    model = build(2)
    pop = model.pop
    n = pop.n
    focused = knowledge.focus(pop, model.p["attention"])
    before = pop.know[:n].copy()
    knowledge.upkeep(pop, focused, 0.003, 0.04)
    kept = pop.know[:n] / np.where(before > 0, before, 1.0)
    cluster = pop.mask(remote=False)
    expected = 1.0 - 0.003 - 0.04 * (1.0 - focused[cluster])
    np.testing.assert_allclose(kept[cluster], np.repeat(expected[:, None, :], 2, axis=1), rtol=1e-12)
    assert (pop.know[:n][~cluster] == before[~cluster]).all()  # the outside world follows the frontier
    assert (focused[cluster] == 1).any() and (focused[cluster] == 0).any()


def test_no_learning_where_attention_does_not_reach():
    model = build(3)
    pop = model.pop
    r, s = (int(x) for x in slots_of(model, "sme")[:2])
    pop.know[r] = 0.1
    pop.know[s] = 0.5
    focused = np.zeros((pop.n, pop.n_domains))
    focused[r, :3] = 1.0
    before = pop.know[r].copy()
    knowledge.exchange(pop, Meetings(np.array([r]), np.array([s]), np.array([False])), np.array([0.9]),
                       knowledge.uptake(pop, np.full(pop.n, 0.8), focused), model.p)
    learnt = pop.know[r] - before
    assert (learnt[:, :3] > 0).all() and (learnt[:, 3:] == 0).all()


def test_relatedness_reaches_the_neighbouring_domains_on_the_ring():
    k = np.zeros((1, 8))
    k[0, 0] = 2.0
    assert knowledge.relatedness(k)[0].tolist() == [1.0, knowledge.RELATED] + [0.0] * 5 + [knowledge.RELATED]


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_at_a_distance_uptake_is_scaled_by_the_local_base(seed):
    """Uptake at a distance is uptake face to face times the tacit share of related knowledge."""
    pop = build(seed).pop
    n = pop.n
    absorb = knowledge.uptake(pop, np.full(n, 0.8))
    near, far = absorb[:n], absorb[n:]
    assert ((far >= 0) & (far <= near + 1e-12)).all() and (far < near).any()
    assert (absorb[np.r_[pop.remote[:n], pop.remote[:n]]] == 0).all()  # outside partners take in nothing
    r = int(np.flatnonzero(~pop.remote[:n])[0])
    pop.know[r, 0], pop.know[r, 1] = 0.3, 0.1  # a quarter tacit in every domain
    absorb = knowledge.uptake(pop, np.full(n, 0.8))
    assert absorb[r] == pytest.approx(np.full(pop.n_domains, 0.8))
    assert absorb[n + r] == pytest.approx(np.full(pop.n_domains, 0.8 * 0.25))


# --- the literature: codified knowledge at any distance ------------------------------------------


def _readers(seed=4, **params):
    model = build(seed, **params)
    pop = model.pop
    r, s = (int(x) for x in slots_of(model, "sme")[:2])
    _one_domain(model, [r, s], 2, level=0.2)
    pop.x[s], pop.y[s] = pop.x[r] + 40.0, pop.y[r]  # far apart: distance must not matter
    return model, r, s


def test_literature_ignores_distance_and_follows_its_formula():
    model, r, s = _readers()
    pop, p = model.pop, model.p
    n = pop.n
    c, tacit = pop.codified[:n].copy(), pop.tacit[:n].copy()
    cluster, world = pop.mask(remote=False), pop.mask(remote=True)
    related = knowledge.relatedness(pop.knowledge)
    flows = knowledge.no_flows()
    knowledge.literature(pop, knowledge.uptake(pop, np.full(n, 0.7)), 0.05, 0.3, flows)
    gain = pop.codified[:n] - c
    expected = 0.05 * 0.7 * related * (0.3 * np.maximum(0, np.quantile(c[cluster], knowledge.LEADERS, axis=0) - c)
                                       + 0.7 * np.maximum(0, np.quantile(c[world], knowledge.LEADERS, axis=0) - c))
    np.testing.assert_allclose(gain[cluster], expected[cluster], rtol=1e-10, atol=1e-15)
    assert (gain[r] == gain[s]).all() and gain[r].sum() > 0  # same knowledge, 40 km apart: same gain
    assert (gain[world] == 0).all() and (pop.tacit[:n] == tacit).all()
    region, abroad = knowledge.SOURCE["literature_region"], knowledge.SOURCE["literature_world"]
    assert flows[0, [region, abroad]].sum() == pytest.approx(gain.sum(), rel=1e-10)
    assert flows[0, region] > 0 and flows[0, abroad] > 0 and flows[1].sum() == 0


def test_without_an_outside_world_only_the_region_is_read():
    model, r, s = _readers(n_remote_partners=0)
    flows = knowledge.no_flows()
    n = model.pop.n
    knowledge.literature(model.pop, knowledge.uptake(model.pop, np.full(n, 0.7)), 0.05, 0.3, flows)
    assert flows[0, knowledge.SOURCE["literature_world"]] == 0 and flows[0, knowledge.SOURCE["literature_region"]] > 0


# --- recombination and the world's level --------------------------------------------------------


def test_success_creates_knowledge_half_of_it_in_one_recombined_domain():
    model = build(5)
    empty_book(model)
    pop = model.pop
    a, b = (int(x) for x in slots_of(model, "sme")[:2])
    _one_domain(model, [a, b], 0)
    row = np.full((1, model.projects.width), -1, dtype=np.int64)
    row[0, :2] = a, b
    before = pop.codified[[a, b]].copy()
    projects._learn(pop, model.p, np.random.default_rng(0), row, np.array([True]), np.array([False]), np.array([0.4]),
                    np.array([1.0]), knowledge.no_flows())
    created = pop.codified[[a, b]] - before
    total = projects.CREATION * 0.4 * 1.0  # x the members' mean level, 1
    assert created.sum(axis=1) == pytest.approx([total, total])
    # half along what the team knows (domain 0), half in one domain next to it, which nobody held
    assert created[0, 0] == pytest.approx((1 - projects.RECOMBINATION) * total)
    other = np.flatnonzero(created[0] > 0)
    other = other[other != 0]
    assert len(other) == 1 and other[0] in (1, pop.n_domains - 1)
    assert created[0, other[0]] == pytest.approx(projects.RECOMBINATION * total)


def test_knowledge_is_valued_against_the_world():
    model = build(6)
    pop, p = model.pop, model.p
    low = knowledge.absorptive_capacity(pop, p["talent_absorption"], model.reference)
    high = knowledge.absorptive_capacity(pop, p["talent_absorption"], 2 * model.reference)
    assert (high <= low).all() and (high < low).any()
    cluster = pop.mask(remote=False)
    assert model.reference == pytest.approx(pop.knowledge[cluster].sum(axis=1).mean())  # at the start

    def revenue(scale: float) -> np.ndarray:
        m = build(6, market_volatility=0.0)
        seen = []

        def operate(revenue, wages, rd):
            seen.append(revenue.copy())
            return revenue - wages

        m.ledger.operate = operate
        economy.produce(m.pop, m.p, m.rng, m.ledger, scale * m.reference, m.p["wage"])
        return seen[0]

    firms = pop.mask(firm=True)
    ahead, behind = revenue(1.0)[firms], revenue(2.0)[firms]  # the world twice as far ahead
    assert (behind <= ahead).all() and (behind < ahead).any()


# --- gatekeepers and global pipelines -----------------------------------------------------------


def test_gatekeepers_are_open_firms_and_labs_with_high_absorptive_capacity():
    model = build(7)
    pop, n = model.pop, model.pop.n
    absorptive = np.linspace(0, 1, n)
    model._choose_gatekeepers(absorptive)
    able = pop.mask(remote=False) & (pop.firm[:n] | (pop.kind[:n] == LAB))
    expected = able & (absorptive * pop.openness[:n] >= model.p["gatekeeper_threshold"])
    assert (pop.gatekeeper[:n] == expected).all() and expected.any() and (able & ~expected).any()


def test_kept_remote_ties_decay_slower():
    net = TrustNetwork()
    net.meet(np.array([1, 3]), np.array([2, 4]), np.array([0.5, 0.5]), np.array([True, True]), 1)
    keepers = np.zeros(5, bool)
    keepers[2] = True  # keeps its tie with 1; nobody keeps 3-4 up
    net.decay(0.1, 2, keepers=keepers, upkeep=0.8)
    assert net.get(1, 2) == pytest.approx(0.5 * (1 - 0.1 * 0.2)) and net.get(3, 4) == pytest.approx(0.5 * 0.9)


def test_ties_with_an_agent_gone_are_dropped():
    net = TrustNetwork()
    net.meet(np.array([1, 3]), np.array([2, 4]), np.array([0.5, 0.5]), np.zeros(2, bool), 1)
    active = np.ones(5, bool)
    active[4] = False
    net.decay(0.1, 1, active=active)  # met this month: no decay, but agent 4 has left
    assert net.get(1, 2) == 0.5 and len(net) == 1


def test_gatekeepers_keep_up_their_remote_ties_worth_seeking_again():
    """At the month's end only idle remote ties with a gatekeeper end and trust of REVISIT_MIN_TRUST or
    more save the share pipeline_upkeep of their decay."""
    model = build(15, pipeline_upkeep=0.8)
    pop = model.pop
    g, x, y, z = (int(s) for s in slots_of(model, "sme")[:4])
    world = int(slots_of(model, "remote_partner")[0])
    pop.gatekeeper[:] = False
    pop.gatekeeper[g] = True
    model.trust = TrustNetwork()
    pairs = [(g, world, True, 0.4), (x, world, True, 0.4), (g, y, False, 0.4), (g, z, True, 0.04)]
    for a, b, remote, t in pairs:
        model.trust.meet(np.array([a]), np.array([b]), np.array([t]), np.array([remote]), model.steps - 1)
    model._fade_ties()
    rate, saved = model.p["trust_decay"], 0.8
    expected = [0.4 * (1 - rate * (1 - saved)), 0.4 * (1 - rate), 0.4 * (1 - rate), 0.04 * (1 - rate)]
    assert [model.trust.get(a, b) for a, b, _, _ in pairs] == pytest.approx(expected)


def test_ties_remember_when_they_served():
    net = TrustNetwork()
    net.meet(np.array([1, 3]), np.array([2, 4]), np.array([0.5, 0.1]), np.zeros(2, bool), 5, serve_at=0.3)
    assert net.served.tolist() == [5, -1]
    net.shift(np.array([3]), np.array([4]), 9, gain=0.1)
    assert net.served.tolist() == [5, 9]


def test_project_partners_ties_have_served():
    model = build(8)
    empty_book(model)
    a, b = (int(x) for x in slots_of(model, "sme")[:2])
    hand_project(model, [a, b], p_success=0.0)
    model.resolve_projects()
    rows = model.trust.find(np.array([(min(a, b) << 32) | max(a, b)]))
    assert model.trust.served[rows[0]] == model.steps


def test_a_gatekeeper_builds_remote_trust_as_face_to_face():
    model = build(9, cultural_friction=0.0, contacts_per_month=0.0, events_per_year=0)
    pop = model.pop
    empty_book(model)
    a, b, c = (int(x) for x in slots_of(model, "sme")[:3])
    world = int(slots_of(model, "remote_partner")[0])
    pop.gatekeeper[:] = False
    pop.gatekeeper[a] = True
    model.trust = TrustNetwork()
    model.territory.monthly_contacts = lambda *args: Meetings(np.array([a, b]), np.array([world, c]),
                                                              np.array([True, True]))
    model.meet()
    gain = model.p["trust_gain_meeting"]
    assert model.trust.get(a, world) == pytest.approx(gain)
    assert model.trust.get(b, c) == pytest.approx(gain * model.p["remote_trust_factor"])


def test_outside_partners_seek_actors_whose_knowledge_interests_them():
    model = build(10, digital_openness=0.6, revisit_share=0.0)
    pop = model.pop
    seekers = np.repeat(slots_of(model, "remote_partner"), 20)
    met = model.territory.monthly_contacts(model.rng, pop, model.trust, seekers, model.p)
    assert met.remote.all() and len(met.a) > 0.9 * len(seekers)
    chosen, cluster = met.b, np.flatnonzero(pop.mask(remote=False))
    level = pop.knowledge.sum(axis=1)
    assert not pop.remote[chosen].any()
    assert greater(level[chosen], level[cluster]) < 1e-6  # much knowledge
    rng = np.random.default_rng(0)
    random = cluster[rng.integers(len(cluster), size=len(chosen))]
    k = pop.knowledge
    assert greater(knowledge.cognitive_distance(k[met.a], k[random]),
                   knowledge.cognitive_distance(k[met.a], k[chosen])) < 1e-6  # close to their own fields


def test_no_outside_contacts_without_digital_channels():
    model = run(11, 24, digital_openness=0.0)
    pop = model.pop
    a, b = model.trust.ends()
    assert not (pop.remote[a] | pop.remote[b]).any()


def test_without_gatekeepers_fewer_projects_bring_in_outside_partners():
    """At openness 0.5, where outside partners join enough projects for six seeds to tell."""
    def share(threshold):
        return [knowledge_channels(run(s, 120, gatekeeper_threshold=threshold, pipeline_upkeep=0.8,
                                       digital_openness=0.5))["outside_partner_project_share"] for s in SEEDS]

    with_gatekeepers, without = share(0.5), share(1.0)
    assert greater(with_gatekeepers, without) < ALPHA


def test_limited_attention_keeps_knowledge_diverse():
    def distance_after(attention):
        return [profile_distance(run(s, 120, attention=attention)) for s in SEEDS]

    assert greater(distance_after(2.0), distance_after(20.0)) < ALPHA


def test_a_contact_goes_to_the_nearest_actor_still_there():
    """An actor that left frees its place at once: a contact sought at its very position meets the
    nearest actor still active, though the spatial index still holds the one that left."""
    model = build(16, revisit_share=0.0, digital_openness=0.0, distance_decay_km=0.5)
    pop = model.pop
    tree, slots = model.territory.index(pop)
    seeker, gone = (int(s) for s in slots_of(model, "sme")[:2])
    pop.x[seeker], pop.y[seeker] = pop.x[gone] + 0.01, pop.y[gone]
    _, near = tree.query([pop.x[gone], pop.y[gone]], k=3)
    pop.deactivate(gone)
    met = model.territory.monthly_contacts(model.rng, pop, model.trust, np.full(400, seeker), model.p)
    assert gone not in met.b and pop.active[met.b].all() and len(met.b) > 0
    assert set(slots[near[1:]]) & set(met.b)  # the next nearest to the point are met


# --- entrants and job moves --------------------------------------------------------------------


def test_spinoffs_settle_near_their_parent_rather_than_anywhere():
    """Over a run, each startup's distance to its parent against a random place in the territory."""
    model = run(12, 120, firm_spinoff_rate=0.01)
    pop = model.pop
    born = np.flatnonzero(pop.parent[: pop.n] >= 0)
    assert len(born) > 30 and (pop.firm[born]).all()
    rng = np.random.default_rng(12)
    size = model.p["territory_km"]
    x, y = rng.uniform(0, size, len(born)), rng.uniform(0, size, len(born))
    random = np.hypot(pop.x[born] - x, pop.y[born] - y)
    near = distance(model, pop.parent[born], born)
    assert greater(random, near) < 1e-6 and np.median(near) < model.p["spinoff_distance_km"] * 2


def test_spinoffs_are_introduced_to_their_parents_strongest_ties():
    model = run(13, 24)
    pop = model.pop
    parents = slots_of(model, "sme")[:60]
    a, b = model.trust.ends()
    before = {int(p): {int(q): model.trust.get(int(p), int(q)) for q in np.r_[b[a == p], a[b == p]] if pop.active[q]}
              for p in parents}
    new = model.found_startups(parents)
    a, b = model.trust.ends()
    introduced = 0
    for parent, child in zip(parents, new):
        partners = {int(q) for q in np.r_[b[a == child], a[b == child]]} - {int(parent)}
        strongest = sorted(before[int(parent)].values(), reverse=True)[: economy.INHERITED_TIES]
        assert sorted((before[int(parent)][q] for q in partners), reverse=True) == strongest
        for q in partners:  # met once, at a share of the parent's trust
            assert model.trust.get(int(child), q) == pytest.approx(economy.INHERITED * before[int(parent)][q])
        assert model.trust.get(int(child), int(parent)) == pytest.approx(economy.PARENT_TRUST)
        introduced += len(partners)
    assert introduced > 60


def test_a_job_move_carries_tacit_knowledge_and_leaves_a_tie(monkeypatch):
    model = run(14, 12, job_move_rate=0.3)
    moved = []
    original = talent._job_moves

    def job_moves(pop, p, rng, firms, vacancies, flows):
        before = pop.tacit[: pop.n].sum()
        already = flows[1, knowledge.SOURCE["job_move"]]
        src, dst = original(pop, p, rng, firms, vacancies, flows)
        assert flows[1, knowledge.SOURCE["job_move"]] - already == pytest.approx(pop.tacit[: pop.n].sum() - before)
        moved.append((src, dst))
        return src, dst

    monkeypatch.setattr(talent, "_job_moves", job_moves)
    model.step()
    src, dst = moved[0]
    assert len(src) > 10
    assert (model.trust.lookup(src, dst) >= talent.MOVE_TIE - 1e-9).all()  # met this month: no decay yet
    rows = model.trust.find(pair_keys(src, dst))
    assert (model.trust.moves[rows] >= 1).all() and (model.trust.meetings[rows] >= model.trust.moves[rows]).all()
    assert model.knowledge_flows[-1][1, knowledge.SOURCE["job_move"]] > 0
