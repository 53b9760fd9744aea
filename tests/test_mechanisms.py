"""Each mechanism of the model on its own, with state set by hand where possible.

Unit tests call the phases (TrustNetwork, knowledge.exchange, the model's launch,
resolve_projects, close_firms, found_startups and births, economy.exits, policy) on a small model; effects that only emerge
from a run are compared over fixed seeds with a one-sided statistical test.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model_helpers import (SEEDS, build, distance, empty_book, hand_project, launched, ready, record_meetings, run,
                           slots_of)
from sim.model import economy, knowledge, policy, projects
from sim.model.population import KIND_CODES
from sim.model.territory import Meetings
from sim.model.trust import FORGET, TrustNetwork, pair_keys

ALPHA = 0.01


def greater(high, low) -> float:
    """One-sided Mann-Whitney p-value that `high` tends to exceed `low`."""
    return stats.mannwhitneyu(high, low, alternative="greater").pvalue


# --- trust -----------------------------------------------------------------------------------


def test_repeated_meetings_raise_trust_towards_one():
    net = TrustNetwork()
    a, b, gain = np.array([3]), np.array([7]), 0.2
    values = []
    for step in range(1, 40):
        after = net.meet(a, b, np.array([gain]), np.array([False]), step)
        values.append(net.get(3, 7))
        assert after[0] == values[-1]
    values = np.array(values)
    assert (np.diff(values) > 0).all()
    assert ((values > 0) & (values <= 1)).all()
    np.testing.assert_allclose(values, 1 - (1 - gain) ** np.arange(1, 40))
    assert net.get(7, 3) == net.get(3, 7)  # symmetric
    assert net.meetings[0] == 39 and net.remote_meetings[0] == 0 and net.last[0] == 39


def test_meetings_in_one_batch_compound_and_never_exceed_one():
    net = TrustNetwork()
    a = np.array([1, 2, 1, 5])
    b = np.array([2, 1, 2, 6])
    after = net.meet(a, b, np.array([0.5, 0.5, 0.5, 1.0]), np.array([True, False, False, False]), 1)
    assert net.get(1, 2) == pytest.approx(1 - 0.5**3)
    assert after[:3] == pytest.approx([net.get(1, 2)] * 3)
    assert 0.99 <= net.get(5, 6) <= 1.0  # a gain of 1 is capped below certainty
    row = net.find(pair_keys(np.array([1]), np.array([2])))[0]
    assert net.meetings[row] == 3 and net.remote_meetings[row] == 1


def test_ties_decay_without_contact_and_are_pruned():
    net = TrustNetwork()
    net.meet(np.array([1, 3]), np.array([2, 4]), np.array([0.5, 0.5]), np.zeros(2, bool), 0)
    rate, t = 0.2, 0.5
    for step in range(1, 40):
        net.meet(np.array([3]), np.array([4]), np.array([0.1]), np.array([False]), step)  # (3, 4) keeps meeting
        before_34 = net.get(3, 4)
        net.decay(rate, step)
        assert net.get(3, 4) == before_34  # met this month: no decay
        t *= 1 - rate
        if t >= FORGET:
            assert net.get(1, 2) == pytest.approx(t)
        else:
            assert net.get(1, 2) == 0.0
            assert len(net) == 1  # the forgotten pair's row is gone
            break
    else:
        pytest.fail("the idle tie never fell below FORGET")


def test_trust_keys_stay_sorted_unique_and_trust_in_unit_interval():
    rng = np.random.default_rng(3)
    net = TrustNetwork()
    for step in range(1, 60):
        a = rng.integers(0, 40, 30)
        b = rng.integers(0, 40, 30)
        ok = a != b
        net.meet(a[ok], b[ok], rng.uniform(0, 1, ok.sum()), rng.random(ok.sum()) < 0.3, step)
        if step % 3 == 0:
            net.shift(a[:5], b[:5] + 41, step, gain=rng.uniform(), loss=rng.uniform())
        net.decay(0.1, step)
        assert (np.diff(net.key) > 0).all()
        lo, hi = net.ends()
        assert (lo < hi).all()
        assert ((net.trust >= 0) & (net.trust <= 1)).all()
        assert (net.remote_meetings <= net.meetings).all()


def test_trust_table_agrees_with_a_dictionary_of_pairs():
    """Batches of meetings, shifts and decay against the same rules written pair by pair."""
    rng = np.random.default_rng(5)
    net, ref = TrustNetwork(), {}  # ref: (lo, hi) -> [trust, meetings, remote meetings, last]
    for step in range(1, 80):
        a, b = rng.integers(0, 60, 40), rng.integers(0, 60, 40)
        ok = a != b
        a, b, gain, remote = a[ok], b[ok], rng.uniform(0, 0.6, ok.sum()), rng.random(ok.sum()) < 0.3
        after = net.meet(a, b, gain, remote, step)
        for i, j, g, r in zip(a, b, gain, remote):
            tie = ref.setdefault((min(i, j), max(i, j)), [0.0, 0, 0, -1])
            tie[0] = 1 - (1 - tie[0]) * (1 - g)
            tie[1] += 1
            tie[2] += int(r)
            tie[3] = step
        assert after == pytest.approx([ref[(min(i, j), max(i, j))][0] for i, j in zip(a, b)])
        c, d = rng.integers(0, 60, 6), rng.integers(60, 70, 6)  # new and old pairs alike
        gain, loss = rng.uniform(), rng.uniform(0, 0.5)
        net.ensure(c, d)
        net.shift(c, d, step, gain=gain, loss=loss)
        for pair in set(zip(c, d)):
            tie = ref.setdefault(pair, [0.0, 0, 0, -1])
            tie[0] = (tie[0] + gain * (1 - tie[0])) * (1 - loss)
            tie[3] = step
        _assert_same_ties(net, ref)
        net.decay(0.15, step)
        for pair in list(ref):
            if ref[pair][3] != step:
                ref[pair][0] *= 0.85
                if ref[pair][0] < FORGET:
                    del ref[pair]
        _assert_same_ties(net, ref)


def _assert_same_ties(net, ref):
    lo, hi = net.ends()
    assert sorted(ref) == list(zip(lo.tolist(), hi.tolist()))
    expected = np.array([ref[pair] for pair in sorted(ref)])
    np.testing.assert_allclose(net.trust, expected[:, 0], rtol=1e-12, atol=1e-12)
    assert (net.meetings == expected[:, 1]).all() and (net.remote_meetings == expected[:, 2]).all()
    assert (net.last == expected[:, 3]).all()


def test_shift_gain_raises_and_loss_lowers_trust():
    net = TrustNetwork()
    net.meet(np.array([1, 3]), np.array([2, 4]), np.array([0.4, 0.4]), np.zeros(2, bool), 1)
    net.shift(np.array([1]), np.array([2]), 1, gain=0.25)
    net.shift(np.array([4]), np.array([3]), 1, loss=0.8)
    assert net.get(1, 2) == pytest.approx(0.4 + 0.25 * 0.6)
    assert net.get(3, 4) == pytest.approx(0.4 * 0.2)


def _pair_with_trust(model, t0=0.4):
    empty_book(model)
    smes = slots_of(model, "sme")
    a, b = int(smes[0]), int(smes[1])
    model.trust.shift(np.array([a]), np.array([b]), model.steps, loss=1.0)  # reset to 0
    model.trust.shift(np.array([a]), np.array([b]), model.steps, gain=t0)
    assert model.trust.get(a, b) == pytest.approx(t0)
    return a, b


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_successful_project_raises_trust_and_brings_an_innovation(seed):
    model = build(seed)
    a, b = _pair_with_trust(model)
    hand_project(model, [a, b], p_success=1.0, p_conflict=0.0)
    revenue_before = model.pop.product_revenue[[a, b]].copy()
    counts = model.resolve_projects()
    assert counts["incremental"] + counts["radical"] == 1 and counts["collaborative"] == 1
    assert counts["conflicts"] == 0
    gain = model.p["trust_gain_success"]
    assert model.trust.get(a, b) == pytest.approx(0.4 + gain * 0.6)
    assert (model.pop.innovations[[a, b]] == 1).all()
    # one revenue stream for the project (an incremental one, novelty 0.2), shared by its two firms
    assert model.pop.product_revenue[[a, b]] - revenue_before == pytest.approx([model.p["innovation_revenue"] / 2] * 2)
    assert (model.pop.busy[[a, b]] == 0).all() and len(model.projects) == 0


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_conflict_collapses_trust_and_failure_erodes_it(seed):
    model = build(seed)
    a, b = _pair_with_trust(model)
    hand_project(model, [a, b], p_success=1.0, p_conflict=1.0)
    counts = model.resolve_projects()
    assert counts["conflicts"] == 1 and counts["incremental"] + counts["radical"] == 0
    assert model.trust.get(a, b) == pytest.approx(0.4 * (1 - model.p["trust_collapse"]))
    assert model.pop.innovations[[a, b]].sum() == 0

    a, b = _pair_with_trust(model)
    hand_project(model, [a, b], p_success=0.0, p_conflict=0.0)
    counts = model.resolve_projects()
    assert counts == {"incremental": 0, "radical": 0, "collaborative": 0, "conflicts": 0}
    assert model.trust.get(a, b) == pytest.approx(0.4 * (1 - model.p["trust_loss_failure"]))
    table = model.project_table()
    assert table["conflict"].tolist() == [True, False] and table["success"].tolist() == [False, False]


@pytest.mark.parametrize("seed", SEEDS)
def test_radical_only_above_the_novelty_threshold(seed):
    model = build(seed)
    threshold = model.p["radical_threshold"]
    for novelty, radical in ((threshold + 0.1, 1), (threshold - 0.1, 0)):
        a, b = _pair_with_trust(model)
        hand_project(model, [a, b], p_success=1.0, p_conflict=0.0, novelty=novelty)
        counts = model.resolve_projects()
        assert counts["radical"] == radical and counts["incremental"] == 1 - radical


@pytest.mark.slow
def test_higher_meeting_gain_gives_a_denser_trust_network():
    low = [run(s, 36, trust_gain_meeting=0.01).indicators["trust_density"] for s in SEEDS]
    high = [run(s, 36, trust_gain_meeting=0.1).indicators["trust_density"] for s in SEEDS]
    assert greater(high, low) < ALPHA


@pytest.mark.slow
def test_lax_ip_breeds_more_conflicts_than_strict_ip():
    def conflicts(ip):
        return [run(s, 60, ip_strictness=ip, opportunist_share=0.3).datacollector
                .get_model_vars_dataframe()["ip_conflicts"].sum() for s in SEEDS]

    assert greater(conflicts(0.05), conflicts(0.95)) < ALPHA


# --- knowledge -------------------------------------------------------------------------------


class _Pair:
    """Two cluster actors with hand-set knowledge: `r` knows less than `s` in every domain."""

    def __init__(self, seed=1, **params):
        self.model = build(seed, **params)
        pop = self.model.pop
        smes = slots_of(self.model, "sme")
        self.r, self.s = int(smes[0]), int(smes[1])
        d = pop.n_domains
        pop.codified[self.r], pop.tacit[self.r] = np.full(d, 0.1), np.full(d, 0.1)
        pop.codified[self.s], pop.tacit[self.s] = np.full(d, 0.5), np.full(d, 0.5)
        self.absorptive = np.full(pop.n, 0.8)
        self.saved = pop.codified.copy(), pop.tacit.copy()

    def meet(self, trust_after: float, remote: bool, **params):
        pop = self.model.pop
        pop.codified[:], pop.tacit[:] = self.saved[0], self.saved[1]
        meetings = Meetings(np.array([self.r]), np.array([self.s]), np.array([remote]))
        knowledge.exchange(pop, meetings, np.array([trust_after]), knowledge.uptake(pop, self.absorptive),
                           self.model.p | params)
        codified = pop.codified[self.r] - self.saved[0][self.r]
        tacit = pop.tacit[self.r] - self.saved[1][self.r]
        # the source knows more everywhere: it learns nothing from the receiver
        assert (pop.codified[self.s] == self.saved[0][self.s]).all()
        assert (pop.tacit[self.s] == self.saved[1][self.s]).all()
        # nobody else is touched
        others = np.ones(len(pop.codified), bool)
        others[[self.r, self.s]] = False
        assert (pop.codified[others] == self.saved[0][others]).all() and (pop.tacit[others] == self.saved[1][others]).all()
        return codified.sum(), tacit.sum()


def test_below_tacit_threshold_only_codified_knowledge_moves():
    pair = _Pair()
    threshold = pair.model.p["tacit_trust_threshold"]
    codified, tacit = pair.meet(threshold - 0.05, remote=False)
    assert codified > 0 and tacit == 0


def test_above_tacit_threshold_tacit_knowledge_moves_too():
    pair = _Pair()
    threshold = pair.model.p["tacit_trust_threshold"]
    codified, tacit = pair.meet(threshold + 0.05, remote=False)
    assert codified > 0 and tacit > 0
    # a receiver never overtakes its source in one meeting
    pop = pair.model.pop
    assert (pop.tacit[pair.r] <= pop.tacit[pair.s]).all() and (pop.codified[pair.r] <= pop.codified[pair.s]).all()


@pytest.mark.parametrize("factor", [0.0, 0.1, 0.5])
def test_remote_meetings_move_less_tacit_and_only_as_far_as_the_local_base(factor):
    """At a distance both parts are scaled by the receiver's local base (here half its knowledge is tacit
    in every domain), tacit knowledge also by remote_tacit_factor."""
    pair = _Pair()
    trusted = pair.model.p["tacit_trust_threshold"] + 0.2
    near_c, near_t = pair.meet(trusted, remote=False, remote_tacit_factor=factor)
    far_c, far_t = pair.meet(trusted, remote=True, remote_tacit_factor=factor)
    assert far_c == pytest.approx(0.5 * near_c) and far_c > 0  # codified knowledge travels
    assert far_t < near_t
    assert far_t == pytest.approx(factor * 0.5 * near_t)


def test_absorptive_capacity_scales_what_is_learnt():
    pair = _Pair()
    codified_full, _ = pair.meet(0.0, remote=False)
    pair.absorptive[:] = 0.2
    codified_low, _ = pair.meet(0.0, remote=False)
    assert codified_low == pytest.approx(codified_full * 0.2 / 0.8)
    pair.absorptive[:] = 0.0
    assert pair.meet(1.0, remote=False) == (0.0, 0.0)


def test_exchange_agrees_with_meetings_applied_one_by_one():
    """Many meetings at once, both ways, with busy receivers and outside partners, against a plain loop."""
    model = build(2, codified_rate=0.4, tacit_rate=0.4)  # high rates: many receivers hit the cap on their gap
    pop, p, rng = model.pop, model.p, np.random.default_rng(8)
    n = pop.n
    a, b = rng.integers(0, n, 400), rng.integers(0, n, 400)
    ok = a != b
    meetings = Meetings(a[ok], b[ok], rng.random(ok.sum()) < 0.3)
    trust_after = rng.uniform(0, 1, ok.sum())
    absorptive = rng.uniform(0, 1, n)
    know = pop.knowledge

    def ring(k):  # each domain with its two neighbours at weight RELATED
        return k + knowledge.RELATED * (np.roll(k, 1, axis=1) + np.roll(k, -1, axis=1))

    near = absorptive[:, None] * ring(know) / ring(know).max(axis=1, keepdims=True)
    far = near * ring(pop.tacit[:n]) / ring(know)  # at a distance, only as far as the local tacit base
    start = pop.codified[:n].copy(), pop.tacit[:n].copy()
    count = np.bincount(np.r_[meetings.a, meetings.b], minlength=n)
    gained = np.zeros((2, n, pop.n_domains))
    for i, j, remote, t in zip(meetings.a, meetings.b, meetings.remote, trust_after):
        for rec, src in ((i, j), (j, i)):
            if pop.remote[rec]:
                continue  # the outside world does not learn from meetings
            rates = [p["codified_rate"]]
            if t >= p["tacit_trust_threshold"]:
                rates.append(p["tacit_rate"] * (p["remote_tacit_factor"] if remote else 1.0))
            for part, rate in enumerate(rates):
                scale = rate * min(1.0, 1.0 / (rate * count[rec]))
                absorb = far[rec] if remote else near[rec]
                gained[part, rec] += absorb * np.maximum(0.0, start[part][src] - start[part][rec]) * scale
    knowledge.exchange(pop, meetings, trust_after, knowledge.uptake(pop, absorptive), p)
    # the case is not trivial: tacit knowledge moves, outside partners meet, busy receivers are scaled down
    assert gained[1].sum() > 0 and pop.remote[np.r_[meetings.a, meetings.b]].any() and (0.4 * count > 1).any()
    np.testing.assert_allclose(pop.codified[:n], start[0] + gained[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(pop.tacit[:n], start[1] + gained[1], rtol=1e-12, atol=1e-15)


def test_outside_partners_do_not_learn_from_meetings():
    model = build(1)
    pop = model.pop
    outside = slots_of(model, "remote_partner")[0]
    sme = slots_of(model, "sme")[0]
    pop.codified[outside] = 0.0
    pop.codified[sme] = 1.0
    before = pop.codified[outside].copy()
    knowledge.exchange(pop, Meetings(np.array([outside]), np.array([sme]), np.array([True])),
                       np.array([1.0]), knowledge.uptake(pop, np.full(pop.n, 1.0)), model.p)
    assert (pop.codified[outside] == before).all()


# --- projects, platforms and public money ----------------------------------------------------


def _ready_to_launch(seed, **params):
    """A fresh model where every firm has an idea worth carrying out and can pay for it."""
    return ready(seed, built_with={"innovation_revenue": 10_000.0, "idea_value_sigma": 0.0} | params)


def _base_cost(p):
    return p["project_cost"] * (1 + p["ip_overhead"] * p["ip_strictness"])


def _partners(book) -> np.ndarray:
    return (book.members[:, 1:] >= 0).sum(axis=1)


def _expected_cost(model) -> np.ndarray:
    """§7.3 step 2: the base cost, coordination per partner, and equipment access for a team with none of its
    own (`platform_discount` off on a platform slot)."""
    book, p = model.projects, model.p
    members = book.members
    owns = ((members >= 0) & projects.equipped(model.pop, np.maximum(members, 0))).any(axis=1)
    access = p["equipment_cost"] * np.where(book.platform, 1 - p["platform_discount"], 1.0)
    return _base_cost(p) + p["coordination_cost"] * _partners(book) + np.where(owns, 0.0, access)


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_platform_slot_cuts_the_cost_of_equipment(seed):
    model = _ready_to_launch(seed, equipment_share=1.0)
    model.platforms.capacity, model.platforms.used = 5, 0
    started = launched(model)
    book = model.projects
    assert started == len(book) > 5
    assert book.platform.sum() == 5 == model.platforms.used
    np.testing.assert_allclose(book.cost, _expected_cost(model))
    assert (book.cost < _base_cost(model.p) + model.p["equipment_cost"])[book.platform].all()

    # slots come back when the projects end
    book.end[:] = model.steps
    model.resolve_projects()
    assert model.platforms.used == 0 and len(book) == 0
    assert (model.pop.busy == 0).all()


def test_no_free_platform_slot_means_full_cost():
    model = _ready_to_launch(1, equipment_share=1.0)
    model.platforms.capacity, model.platforms.used = 3, 3
    launched(model)
    assert not model.projects.platform.any() and model.platforms.refused > 0
    np.testing.assert_allclose(model.projects.cost, _expected_cost(model))


def test_ideas_that_need_no_equipment_cost_no_more_and_take_no_slot():
    model = _ready_to_launch(2, equipment_share=0.0)
    model.platforms.capacity, model.platforms.used = 50, 0
    launched(model)
    assert not model.projects.platform.any() and model.platforms.used == 0
    np.testing.assert_allclose(model.projects.cost, _base_cost(model.p) + model.p["coordination_cost"]
                               * _partners(model.projects))


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_subsidies_and_tax_credit_are_paid_from_the_budget(seed):
    model = _ready_to_launch(seed, call_months=0)  # ideas worth so much that only a call with no wait is worth it
    budget, p = model.budget, model.p
    budget.new_month(0)
    left = budget.left
    spending_before = model.ledger["project_spending"]
    launched(model)
    book = model.projects
    collab = book.collaborative
    assert collab.any() and (~collab).any()
    assert budget.left > 0  # enough money: nothing was rationed
    assert book.subsidised.any() and not (book.subsidised & ~collab).any()  # the call's selected teams only
    subsidies = p["subsidy_rate"] * book.cost[book.subsidised].sum()
    assert budget.total["subsidies"] == pytest.approx(subsidies) and subsidies > 0
    paid = model.ledger["project_spending"] - spending_before
    assert paid == pytest.approx(book.cost.sum() - subsidies)  # firms pay the rest
    assert budget.total["tax_credit"] == pytest.approx(p["rd_tax_credit"] * paid)
    assert model.ledger["public_to_firms"] == pytest.approx(budget.total["tax_credit"])
    assert budget.left == pytest.approx(left - budget.spent_month)
    assert budget.spent_month == pytest.approx(budget.month["subsidies"] + budget.month["tax_credit"])


def test_a_call_selects_the_applications_of_highest_merit():
    """§7.3 step 10: a Binomial(n, rate) number of applications is selected, the most promising first; every one
    at rate 1, without a draw, none at rate 0."""
    rng = np.random.default_rng(5)
    merit = rng.random(40)
    state = rng.bit_generator.state
    assert projects.select(rng, merit, 1.0).all() and rng.bit_generator.state == state
    assert not projects.select(rng, merit, 0.0).any()
    for _ in range(50):
        chosen = projects.select(rng, merit, 0.45)
        assert chosen.sum() == 0 or merit[chosen].min() > merit[~chosen].max()
    shares = [projects.select(rng, merit, 0.45).mean() for _ in range(4000)]
    # the selected share is Binomial(40, 0.45) / 40: its mean over 4,000 calls lies within 4 standard errors
    assert np.mean(shares) == pytest.approx(0.45, abs=4 * np.sqrt(0.45 * 0.55 / 40 / 4000))


def _duration(p) -> int:
    """§7.3 step 1: a project's duration D, before any wait (Python rounds half to even)."""
    return max(1, round(p["project_months"] * (1 + p["ip_overhead"] * p["ip_strictness"])))


def _teams(seed, **params):
    """A fresh model where a third of the firms have an idea (the others can be partners), every firm is open to
    partners, and no idea needs equipment: many teams, and no platform slot at stake."""
    model = ready(seed, built_with={"equipment_share": 0.0, "project_propensity": 0.3}, **params)
    model.pop.openness[: model.pop.n] = 1.0
    return model


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("agreement", [0, 3, 7])
def test_a_team_waits_to_agree_its_terms_and_for_its_call(seed, agreement):
    """A team's project lasts `agreement_months` longer than a firm's alone, and a selected team's
    max(`call_months`, `agreement_months`) longer (the call answers while partners agree); the subsidy only
    goes to those. (Every application selected: a refusal's wait is the next test's.)"""
    called = _teams(seed, call_months=5, agreement_months=agreement, call_selection_rate=1.0)
    uncalled = _teams(seed, subsidy_rate=0.0, agreement_months=agreement)
    for model in (called, uncalled):
        launched(model)
        book = model.projects
        months = _duration(model.p)
        wait = np.where(book.subsidised, max(5, agreement), np.where(book.collaborative, agreement, 0))
        np.testing.assert_array_equal(book.end - book.start, months + wait)
    assert called.projects.subsidised.any() and uncalled.projects.collaborative.any()
    assert (~uncalled.projects.collaborative).any()


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_firm_looks_for_partners_for_its_share_of_ideas(seed, monkeypatch):
    """§7.3 step 5: a firm of openness o looks for partners for an idea with chance o × `partner_search_share`,
    from the same draw whatever the share (the generator stands at the same place once the ideas are drawn),
    so the firms that look at a smaller share are among those that look at a larger one; at 0 no team forms."""
    looking, state = {}, {}
    original = projects.choose_partners

    def choose_partners(pop, p, rng, trust, launchers, wanted, room):
        looking[p["partner_search_share"]] = (launchers[wanted > 0], pop.openness[launchers])
        state[p["partner_search_share"]] = rng.bit_generator.state
        return original(pop, p, rng, trust, launchers, wanted, room)

    monkeypatch.setattr(projects, "choose_partners", choose_partners)
    for share in (0.0, 0.3, 1.0):
        model = ready(seed, partner_search_share=share)
        assert launched(model) > 0
        if share == 0.0:
            assert not model.projects.collaborative.any()
    assert len(looking[0.0][0]) == 0
    assert state[0.0] == state[0.3] == state[1.0]
    assert set(looking[0.3][0]) < set(looking[1.0][0])
    openness = looking[1.0][1]
    expected = 0.3 * openness
    z = (len(looking[0.3][0]) - expected.sum()) / np.sqrt((expected * (1 - expected)).sum())
    assert abs(z) < 3.3  # a two-sided 0.1 % band around the Poisson-binomial mean


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_longer_agreement_turns_leaders_from_teams(seed):
    """§7.3 step 9: the months partners take to agree their terms delay the revenue, so with the same ideas (drawn
    before the decision) fewer leaders take their team when agreeing takes two years, and none who went alone
    with no delay turns to a team."""
    quick, slow = (_teams(seed, subsidy_rate=0.0, agreement_months=months) for months in (0, 24))
    assert launched(quick) > 0 and launched(slow) > 0
    lead_q, lead_s = quick.projects.members[:, 0], slow.projects.members[:, 0]
    joint_q = set(lead_q[quick.projects.collaborative])
    joint_s = set(lead_s[slow.projects.collaborative])
    assert len(joint_s) < len(joint_q) and joint_s <= joint_q


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_team_the_call_refuses_decides_as_if_there_were_no_subsidy(seed):
    """§7.3 step 10: when the call selects no one, and answers at once, every leader ends with the choice it makes
    where joint projects get no subsidy at all (the same ideas, drawn before the call)."""
    refused = _teams(seed, call_selection_rate=0.0, call_months=0)
    unsubsidised = _teams(seed, subsidy_rate=0.0)
    assert launched(refused) == launched(unsubsidised) > 0
    np.testing.assert_array_equal(refused.projects.members, unsubsidised.projects.members)
    assert not refused.projects.subsidised.any() and refused.budget.total["subsidies"] == 0.0
    assert refused.projects.collaborative.any()  # some teams are worth forming without the subsidy
    # with the subsidy in reach, more of the same ideas are carried out together
    hoped = _teams(seed, call_selection_rate=1.0, call_months=0)
    launched(hoped)
    assert hoped.projects.collaborative.sum() > refused.projects.collaborative.sum()


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("agreement", [0, 5, 9])
def test_a_leader_the_call_refuses_has_lost_the_months_of_its_answer(seed, agreement):
    """§7.3 step 10: a leader that applied and was refused has waited `call_months` for the answer: whatever it
    then carries out, alone or with its team, starts at least that late; the other leaders wait as before. The
    leaders who applied are those the call subsidises when it selects everyone (the same ideas and choices)."""
    every = _teams(seed, call_months=6, agreement_months=agreement, call_selection_rate=1.0)
    none_ = _teams(seed, call_months=6, agreement_months=agreement, call_selection_rate=0.0)
    assert launched(every) > 0 and launched(none_) > 0
    applied = set(every.projects.members[every.projects.subsidised, 0])
    book = none_.projects
    refused = np.isin(book.members[:, 0], list(applied))
    assert refused.any() and (~refused).any() and not book.subsidised.any()
    own = np.where(book.collaborative, agreement, 0)
    wait = np.where(refused, np.maximum(own, 6), own)
    np.testing.assert_array_equal(book.end - book.start, _duration(none_.p) + wait)
    # the lost months make each way worth less, never more: of the refused leaders, those who still go ahead
    # would all have gone ahead had the answer come at once
    at_once = _teams(seed, call_months=0, agreement_months=agreement, call_selection_rate=0.0)
    launched(at_once)
    assert set(book.members[refused, 0]) <= set(at_once.projects.members[:, 0])


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_launch_sends_the_call_each_application_by_its_promise(seed, monkeypatch):
    """The call ranks applications by their expected revenue p_s R: what `launch` hands `select` is that, and
    the subsidised projects are those it ranked first."""
    seen = []
    original = projects.select

    def select(rng, merit, rate):
        chosen = original(rng, merit, rate)
        seen.append((merit, chosen))
        return chosen

    model = _teams(seed, call_months=0)
    monkeypatch.setattr(projects, "select", select)
    launched(model)
    (merit, chosen), = seen
    book, p = model.projects, model.p
    assert chosen.any() and (~chosen).any() and (merit >= 0).all()
    radical = book.novelty >= p["radical_threshold"]
    promise = book.p_success * projects.monthly_revenue(p, book.value, radical)
    np.testing.assert_allclose(np.sort(promise[book.subsidised]), np.sort(merit[chosen]))


def test_a_slot_an_idea_no_longer_takes_after_a_refusal_goes_back():
    """Every idea needs equipment, few slots, and the call refuses everyone: the slots of teams that then drop
    their idea, or go alone with equipment of their own, return; no slot is counted as used without a project."""
    model = _ready_to_launch(4, equipment_share=1.0, call_selection_rate=0.0)
    model.platforms.capacity, model.platforms.used = 6, 0
    launched(model)
    assert model.platforms.used == int(model.projects.platform.sum())
    assert not model.projects.subsidised.any()


def test_a_team_does_not_apply_when_the_wait_costs_more_than_the_subsidy():
    """§7.3 step 9: applying is a choice. A subsidy of 1 % is not worth three years' wait; with a call that
    answers within the months partners take to agree anyway, every team applies (and every application is
    selected at rate 1)."""
    slow = _ready_to_launch(5, subsidy_rate=0.01, call_months=36, call_selection_rate=1.0)
    launched(slow)
    assert slow.projects.collaborative.any() and not slow.projects.subsidised.any()
    quick = _ready_to_launch(5, subsidy_rate=0.01, call_months=0, call_selection_rate=1.0)
    launched(quick)
    np.testing.assert_array_equal(quick.projects.subsidised, quick.projects.collaborative)


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_projects_under_way_at_the_start_applied_to_no_call(seed):
    """§5 step 8: the projects under way at the start get no subsidy, so none is flagged as subsidised and
    nothing is asked of the budget, even where firms have the money for many (launched here as at the start).
    Their terms were agreed before it: they end within one duration, and their leaders weigh no months to agree
    (the same projects whatever `agreement_months`)."""
    def started(agreement):
        model = _teams(seed, project_propensity=0.02, agreement_months=agreement)  # times the duration: about a
        model.launch(knowledge.absorptive_capacity(model.pop, model.p["talent_absorption"], model.reference),
                     under_way=True)  # third of the firms have an idea
        return model

    model, slow = started(5), started(36)
    assert model.projects.collaborative.any() and not model.projects.subsidised.any()
    assert model.budget.total["subsidies"] == 0.0
    months = _duration(model.p)
    assert (model.projects.end >= 1).all() and (model.projects.end <= months).all()
    np.testing.assert_array_equal(slow.projects.members, model.projects.members)


def test_without_public_budget_no_subsidy_or_credit_is_paid():
    model = _ready_to_launch(1, public_budget=0.0)
    model.budget.new_month(0)
    spending_before = model.ledger["project_spending"]
    launched(model)
    assert model.projects.collaborative.any()
    assert model.budget.spent_total == 0.0
    assert model.ledger["project_spending"] - spending_before == pytest.approx(model.projects.cost.sum())
    assert model.ledger["public_to_firms"] == 0.0


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_zero_budget_run_spends_nothing(seed):
    model = run(seed, 24, public_budget=0.0)
    df = model.datacollector.get_model_vars_dataframe()
    assert df["projects_launched"].sum() > 0
    assert (df["public_spending"] == 0).all() and (df["public_spending_total"] == 0).all()
    assert all(v == 0 for v in model.budget.total.values()) and model.budget.left == 0
    assert model.ledger["public_to_firms"] == 0


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_budget_left_falls_by_exactly_the_months_spending(seed):
    model = build(seed)
    yearly = model.p["public_budget"]
    spent = 0.0
    for _ in range(30):
        left = model.budget.left
        model.step()
        start = yearly if (model.steps - 1) % 12 == 0 else left
        assert model.budget.left == pytest.approx(start - model.budget.spent_month, abs=1e-9)
        assert model.budget.left >= 0
        spent += model.budget.spent_month
    assert spent > 0 and model.budget.spent_total == pytest.approx(spent)


def test_public_budget_rations_and_renews_each_year():
    budget = policy.PublicBudget(100.0)
    budget.new_month(0)
    assert budget.request("subsidies", 60.0) == 1.0
    assert budget.request("events", 60.0) == pytest.approx(40.0 / 60.0)
    assert budget.left == 0.0 and budget.request("tax_credit", 10.0) == 0.0
    budget.new_month(5)
    assert budget.left == 0.0 and budget.spent_month == 0.0  # not renewed mid-year
    budget.new_month(12)
    assert budget.left == 100.0  # renewed, unspent money not carried over
    assert budget.spent_total == pytest.approx(100.0)
    assert budget.total == {"platforms": 0.0, "incubator": 0.0, "events": 40.0, "subsidies": 60.0, "tax_credit": 0.0}


def _count_events(model) -> list:
    held = []
    original = model.territory.event

    def event(rng, pop, size):
        held.append(model.steps)
        return original(rng, pop, size)

    model.territory.event = event
    return held


def test_events_are_held_and_paid_as_scheduled():
    model = build(1, events_per_year=12)
    held = _count_events(model)
    for _ in range(12):
        model.step()
    assert len(held) == 12
    assert model.budget.total["events"] == pytest.approx(12 * model.p["event_cost"])


def test_no_money_is_spent_on_an_event_that_is_not_held():
    # after 1000 k€ of platforms, 10 k€ are left: not enough for a 20 k€ event
    model = build(1, public_budget=1010.0, platform_investment=1000.0, events_per_year=12, event_cost=20.0)
    held = _count_events(model)
    for _ in range(12):
        model.step()
    assert model.budget.total["events"] == pytest.approx(len(held) * model.p["event_cost"])


def test_platform_spending_buys_whole_slots():
    model = build(1, platform_investment=1000.0, platform_slot_cost=300.0)
    model.step()
    p = model.p
    bought = model.platforms.capacity - p["n_tech_centres"] * p["platform_capacity"]
    assert model.budget.total["platforms"] == pytest.approx(bought * p["platform_slot_cost"])


# --- exit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_firm_with_persistent_negative_capital_exits_and_frees_its_staff(seed):
    exit_months = 3
    model = build(seed, exit_months=exit_months)
    pop = model.pop
    slot = int(slots_of(model, "sme")[0])
    agent = pop.agent[slot]
    pop.capital[slot] = -1e9
    releases = []
    original = model.talent.release

    def release(people, skill):
        releases.append((float(people), float(skill)))
        return original(people, skill)

    model.talent.release = release
    for _ in range(exit_months - 1):
        model.step()
        assert pop.active[slot] and agent in model.agents
    staff, skill = float(pop.staff[slot]), float(pop.skill[slot])
    assert staff > 0
    releases.clear()
    model.step()
    assert not pop.active[slot]
    assert agent not in model.agents
    assert len(model.agents) == int(pop.active[: pop.n].sum())
    assert (staff, skill) in releases  # staff went back to the talent pool
    assert pop.staff[slot] == 0
    assert model.datacollector.get_model_vars_dataframe()["deaths"].iloc[-1] >= 1


def test_exits_remove_only_firms_past_exit_months():
    model = build(1, exit_months=4)
    pop = model.pop
    firms = np.flatnonzero(pop.mask(firm=True))
    pop.neg_months[firms[:3]] = 4
    pop.neg_months[firms[3:6]] = 3
    labs = slots_of(model, "lab")
    pop.neg_months[labs] = 99  # labs have no capital: they never exit
    assert model.close_firms(economy.exits(model.pop, model.p["exit_months"])) == 3
    assert not pop.active[firms[:3]].any() and pop.active[firms[3:]].all() and pop.active[labs].all()


def _kill_connected_firms(model, n=10):
    """Make the `n` firms with most ties exit at the next step; return their slots."""
    pop = model.pop
    a, b = model.trust.ends()
    ties = np.bincount(np.r_[a, b], minlength=pop.n)
    firms = np.flatnonzero(pop.mask(firm=True))
    doomed = firms[np.argsort(-ties[firms], kind="stable")[:n]]
    pop.capital[doomed] = -1e9
    pop.neg_months[doomed] = model.p["exit_months"]
    return doomed


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_exited_firms_join_no_later_project(seed):
    model = run(seed, 12)
    doomed = _kill_connected_firms(model)
    model.step()
    gone_at = model.steps
    assert not model.pop.active[doomed].any()
    launched = 0
    for _ in range(24):
        model.step()
        new = model.projects.start == model.steps
        launched += new.sum()
        assert not np.isin(model.projects.members[new], doomed).any()
    assert launched > 0 and gone_at < model.steps


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_exited_firms_are_never_met_again(seed):
    model = run(seed, 12)
    doomed = _kill_connected_firms(model)
    model.step()
    assert not model.pop.active[doomed].any()
    log = record_meetings(model)
    knowledge_then = model.pop.knowledge[doomed].copy()
    for _ in range(24):
        model.step()
    met = np.concatenate([np.r_[a, b] for _, a, b in log])
    assert not np.isin(met, doomed).any()
    assert (model.pop.knowledge[doomed] == knowledge_then).all()


def test_project_outcomes_do_not_touch_trust_of_exited_members():
    model = build(1)
    a, b = _pair_with_trust(model)
    hand_project(model, [a, b], p_success=1.0, p_conflict=0.0)
    model.close_firms(np.array([b]))
    before = model.trust.get(a, b)
    model.resolve_projects()
    assert model.trust.get(a, b) == before


# --- births, incubator -----------------------------------------------------------------------


def _spinoff_distances(seed, spinoff_km, parents_per_lab=100):
    model = build(seed, spinoff_distance_km=spinoff_km)
    labs = slots_of(model, "lab")
    parents = np.repeat(labs, parents_per_lab)
    n_before = model.pop.n
    new = model.found_startups(parents)
    assert (new == np.arange(n_before, n_before + len(parents))).all()
    return model, parents, new, distance(model, parents, new)


def test_seed_capital_varies_among_founders_around_its_mean():
    drawn = economy.seed_capital(np.random.default_rng(2), 200_000, 500.0, 1.0)
    assert drawn.mean() == pytest.approx(500.0, rel=0.02) and np.median(drawn) == pytest.approx(500 * np.exp(-0.5), rel=0.02)
    assert (economy.seed_capital(np.random.default_rng(2), 5, 500.0, 0.0) == 500.0).all()


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_startups_are_born_near_their_parent(seed):
    model, parents, new, d = _spinoff_distances(seed, 2.0)
    pop, p = model.pop, model.p
    assert (pop.kind[new] == KIND_CODES["startup"]).all() and pop.active[new].all() and pop.firm[new].all()
    assert (pop.capital[new] > 0).all() and (pop.age[new] == 0).all()
    assert (model.trust.lookup(parents, new) > 0).all()  # a startup knows its parent
    # exponential distances of mean spinoff_distance_km (clipping at the border only shortens them)
    assert 0.7 * 2.0 < d.mean() < 1.2 * 2.0
    cluster = np.flatnonzero(pop.mask(remote=False)[: new[0]])  # the actors there before
    rng = np.random.default_rng(seed)
    i, j = rng.choice(cluster, 500), rng.choice(cluster, 500)
    assert greater(distance(model, i, j), d) < 1e-6  # closer to the parent than a random pair is


def test_spinoff_distance_sets_how_far_startups_settle():
    _, _, _, near = _spinoff_distances(1, 1.0)
    _, _, _, far = _spinoff_distances(1, 8.0)
    assert greater(far, near) < 1e-6
    model, parents, new, d = _spinoff_distances(2, 0.0, parents_per_lab=2)
    assert (d == 0).all()


@pytest.mark.parametrize("params", [dict(n_support=0), dict(incubator_capacity=0)], ids=["no-support", "no-capacity"])
def test_no_incubator_without_support_or_capacity(params):
    model = run(1, 36, **params)
    assert len(model.births(np.empty(0, int))) == 0
    assert (model.pop.incubated_until[: model.pop.n] == 0).all()
    assert model.budget.total["incubator"] == 0


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_incubator_never_exceeds_its_capacity(seed):
    model = build(seed, incubator_capacity=3, exit_months=240)
    pop = model.pop
    admitted = 0
    for _ in range(60):
        n_before = pop.n
        model.step()
        hosted = pop.active[: pop.n] & (pop.incubated_until[: pop.n] > model.steps)
        assert hosted.sum() <= 3
        admitted += int((pop.incubated_until[n_before: pop.n] > 0).sum())
    assert admitted > 0


def test_incubator_admits_up_to_capacity_near_support_institutions():
    model = build(3, incubator_capacity=40, spinoff_distance_km=1.0)
    model.budget.new_month(0)  # January: the year's budget is available
    pop = model.pop
    support = slots_of(model, "support")
    first = pop.n
    for _ in range(100):
        model.births(np.empty(0, int))
    new = np.arange(first, pop.n)
    hosted = pop.incubated_until[: pop.n] > model.steps
    assert hosted.sum() == len(new) == 40  # full, and nobody else admitted once full
    assert (pop.incubated_until[new] == model.steps + policy.INCUBATION_MONTHS).all()
    nearest = np.min(np.hypot(pop.x[new, None] - pop.x[support][None], pop.y[new, None] - pop.y[support][None]), axis=1)
    assert np.median(nearest) < 2.0


def test_incubator_admits_nobody_without_money():
    model = build(4, incubator_capacity=20, public_budget=0.0)
    for _ in range(24):
        model.step()
    assert not (model.pop.incubated_until[: model.pop.n] > 0).any()
    assert model.budget.total["incubator"] == 0.0


# --- world and labs --------------------------------------------------------------------------


@pytest.mark.parametrize("growth", [0.0, 0.004, 0.03])
def test_frontier_and_outside_knowledge_grow_at_frontier_growth(growth):
    model = build(1, frontier_growth=growth)
    outside = slots_of(model, "remote_partner")
    for _ in range(12):
        before = model.pop.knowledge[outside].copy()
        frontier = model.frontier
        model.step()
        assert model.frontier == pytest.approx(frontier * (1 + growth), rel=1e-12)
        np.testing.assert_allclose(model.pop.knowledge[outside], before * (1 + growth), rtol=1e-12)
    series = model.datacollector.get_model_vars_dataframe()["frontier"].to_numpy()
    np.testing.assert_allclose(series[1:] / series[:-1], 1 + growth, rtol=1e-12)


def test_research_moves_labs_towards_the_frontier():
    model = build(1)
    pop = model.pop
    labs = pop.mask(kind=KIND_CODES["lab"])
    level = pop.knowledge[labs].sum(axis=1)
    frontier = 2.0 * level.max()
    rate = 0.1
    profile = pop.knowledge[labs] / level[:, None]
    knowledge.research(pop, labs, frontier, rate)
    after = pop.knowledge[labs].sum(axis=1)
    np.testing.assert_allclose(frontier - after, (1 - rate) * (frontier - level))
    np.testing.assert_allclose(pop.knowledge[labs] / after[:, None], profile)  # in their own fields
    # labs already beyond the frontier do not move
    before = pop.knowledge[labs].copy()
    knowledge.research(pop, labs, 0.5 * after.min(), rate)
    assert (pop.knowledge[labs] == before).all()


@pytest.mark.slow
def test_research_rate_raises_labs_knowledge():
    def labs(rate):
        return np.array([
            (m := run(s, 36, research_rate=rate)).pop.knowledge[m.pop.mask(kind=KIND_CODES["lab"])].sum(axis=1).mean()
            for s in SEEDS])

    diff = labs(0.05) - labs(0.0)  # same seeds: paired
    assert stats.ttest_1samp(diff, 0.0, alternative="greater").pvalue < ALPHA


# --- proximity, digital contacts and events -------------------------------------------------


def _face_to_face_distance(model):
    a, b = model.trust.ends()
    pop = model.pop
    weight = (model.trust.meetings - model.trust.remote_meetings) * ~pop.remote[a] * ~pop.remote[b]
    return float((weight * distance(model, a, b)).sum() / weight.sum())


@pytest.mark.slow
def test_longer_distance_decay_means_more_distant_meetings():
    near = [_face_to_face_distance(run(s, 24, distance_decay_km=2.0)) for s in SEEDS]
    far = [_face_to_face_distance(run(s, 24, distance_decay_km=30.0)) for s in SEEDS]
    assert greater(far, near) < ALPHA


@pytest.mark.slow
def test_digital_openness_makes_meetings_remote():
    def remote_share(openness):
        out = []
        for s in SEEDS:
            model = run(s, 24, digital_openness=openness)
            out.append(model.trust.remote_meetings.sum() / model.trust.meetings.sum())
        return out

    local = remote_share(0.0)
    assert max(local) == 0.0  # no digital contacts, no outside partners met
    assert greater(remote_share(0.8), remote_share(0.2)) < ALPHA


@pytest.mark.slow
def test_networking_events_create_ties():
    none = [len(run(s, 24, events_per_year=0).trust) for s in SEEDS]
    many = [len(run(s, 24, events_per_year=24).trust) for s in SEEDS]
    assert greater(many, none) < ALPHA



def test_a_tie_made_by_a_shared_project_does_not_decay_in_its_first_month():
    net = TrustNetwork()
    net.shift(np.array([1]), np.array([2]), 5, gain=0.3)
    net.decay(0.5, 5)
    assert net.get(1, 2) == pytest.approx(0.3)
    net.decay(0.5, 6)
    assert net.get(1, 2) == pytest.approx(0.15)


def test_the_months_meetings_reserve_the_rows_its_ending_projects_update():
    """`projects.ending_pairs`, known at the month's start, are the pairs `resolve` updates: the meetings' insertion
    gives them their rows, and `resolve` finds every one (one insertion of new ties a month instead of two)."""
    model = run(2, 12)
    ensure, inserted, missing = model.trust.ensure, [], 0

    def counted(a, b):
        before = len(model.trust)
        ensure(a, b)
        inserted.append(len(model.trust) - before)

    model.trust.ensure = counted  # resolve's own call
    for _ in range(24):
        pairs = projects.ending_pairs(model.pop, model.projects, model.steps + 1)
        missing += int((model.trust.find(pair_keys(*pairs)) < 0).sum())
        model.step()
    assert missing > 0 and len(inserted) == 24 and sum(inserted) == 0
