"""Model v2, platforms that enable and IP risk that changes behaviour (issue 12, items 2 and 3).

Each mechanism alone: equipment needed by some ideas and the platform slots that stand in for it;
honest firms that count a conflict's risk, hold know-how back from partners they do not trust, and
hear from their trusted contacts who defected. Whether these change what the cluster achieves is
for the stylized facts (pooling, IP), not for these tests.
"""

import numpy as np
import pytest
from model_helpers import SEEDS, build, empty_book, hand_project, launched, ready, slots_of

from sim.model import projects
from sim.model.trust import TrustNetwork


def test_large_firms_and_technical_centres_have_their_own_equipment():
    model = build(1)
    pop = model.pop
    assert projects.equipped(pop, slots_of(model, "large_firm")).all()
    assert projects.equipped(pop, slots_of(model, "tech_centre")).all()
    for kind in ("sme", "startup", "lab", "support"):
        assert not projects.equipped(pop, slots_of(model, kind)).any()


def small_led(model) -> int:
    """Projects in the book whose leader has no equipment of its own."""
    return int((~projects.equipped(model.pop, model.projects.members[:, 0])).sum())


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_platform_slots_make_possible_projects_small_firms_could_not_afford(seed):
    """Every idea needs equipment that costs more than most are worth: with free slots, firms without
    equipment carry out ideas they drop without; large firms never take a slot. Every application to the
    call is selected, so that no team drops its slot after a refusal."""
    def run(capacity):
        model = ready(seed, equipment_share=1.0, equipment_cost=400.0, platform_discount=0.9, call_selection_rate=1.0)
        model.platforms.capacity, model.platforms.used = capacity, 0
        launched(model)
        return model

    none, plenty = run(0), run(100_000)
    assert small_led(plenty) > small_led(none)
    # without slots, the ideas that would have gone ahead on one are turned away and counted
    assert none.platforms.refused == plenty.platforms.used > 0
    assert plenty.platforms.used == int(plenty.projects.platform.sum()) and plenty.projects.equipment.any()
    leaders = plenty.projects.members[:, 0]
    assert not plenty.projects.platform[projects.equipped(plenty.pop, leaders)].any()


def test_a_team_with_an_equipped_partner_needs_no_slot_and_buys_no_access():
    """A small firm whose trusted partner is a technical centre: the team has equipment, so the project
    buys no access and keeps no platform slot, and its cost is the base cost plus coordination."""
    model = ready(SEEDS[0], equipment_share=1.0, innovation_revenue=1000.0, idea_value_sigma=0.0,
                  project_propensity=1.0)
    pop = model.pop
    model.platforms.capacity, model.platforms.used = 100, 0
    centres = slots_of(model, "tech_centre")
    smes = slots_of(model, "sme")
    model.trust.meet(smes, np.resize(centres, len(smes)), np.full(len(smes), 0.9), np.zeros(len(smes), bool),
                     model.steps)
    pop.openness[smes] = 1.0
    launched(model)
    book = model.projects
    with_centre = ((book.members[:, 1:] >= 0) & np.isin(book.members[:, 1:], centres)).any(axis=1)
    assert with_centre.any()
    assert not book.equipment[with_centre].any() and not book.platform[with_centre].any()
    assert model.platforms.used == int(book.platform.sum())


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_scarce_slots_turn_ideas_away(seed):
    model = ready(seed, equipment_share=1.0)
    model.platforms.capacity, model.platforms.used = 2, 0
    launched(model)
    assert model.platforms.used == int(model.projects.platform.sum()) <= 2
    assert model.platforms.refused > 0


def test_an_honest_firm_values_a_project_only_if_no_conflict_breaks_it():
    p = {"innovation_revenue": 10.0, "radical_threshold": 0.45, "revenue_decay": 0.03, "rd_tax_credit": 0.0}
    traits = {"p_success": np.array([0.5]), "novelty": np.array([0.1])}
    args = (p, traits, np.array([1.0]), np.array([2]), np.array([50.0]), np.array([2]))
    safe, risky = projects.worth_to_each(*args), projects.worth_to_each(*args, risk=np.array([0.2]))
    gain = 0.5 * 10 / (0.03 + projects.HURDLE) / 2
    np.testing.assert_allclose([safe, risky], [[gain - 25], [0.8 * gain - 25]])


def test_under_lax_rules_wary_firms_partner_less():
    """The same ideas: a team seen as risky is only ever worth less, so firms that see a conflict's risk
    (ip_wariness) never form more teams under lax rules, and over several seeds fewer; strict rules take
    that fear away."""
    def teams(seed, **params):
        model = ready(seed, innovation_revenue=40.0, **params)
        launched(model)
        return int(model.projects.collaborative.sum())

    carefree = np.array([teams(s, ip_strictness=0.0, ip_wariness=0.0) for s in SEEDS])
    wary = np.array([teams(s, ip_strictness=0.0, ip_wariness=1.0) for s in SEEDS])
    assert (wary <= carefree).all() and wary.sum() < carefree.sum()
    assert teams(SEEDS[0], ip_strictness=1.0, ip_wariness=1.0) == teams(SEEDS[0], ip_strictness=1.0, ip_wariness=0.0)


@pytest.mark.parametrize("agreement", [5, 9])
def test_the_risk_an_honest_leader_sees_scales_with_laxity_wariness_and_distrust(agreement):
    """§7.3 step 10 on one team: the worth of its option against the formula, at half strictness; the team
    applies to the call and weighs the longer of the call's wait and the months to agree."""
    model = ready(SEEDS[1], ip_strictness=0.5, ip_wariness=0.4, agreement_months=agreement)
    pop = model.pop
    lead, partner = (int(s) for s in slots_of(model, "sme")[:2])
    pop.opportunist[[lead, partner]] = False
    model.trust.meet(np.array([lead]), np.array([partner]), np.array([0.3]), np.zeros(1, bool), model.steps)
    absorptive = np.full(pop.n, 0.5)
    idea = dict(cost=100.0, value=np.array([1.0]), needs=np.array([False]), platform=np.array([False]),
                called=np.array([True]), noise=np.array([0.1]), agreement=model.p["agreement_months"])
    team = projects._option(pop, model.p, model.trust, absorptive, model.reference, np.array([[lead, partner]]), **idea)
    p = model.p
    seen = 0.4 * p["conflict_risk"] * 0.5 * (1 - 0.3)
    gain = (1 - seen) * team["p_success"] * projects.monthly_revenue(p, idea["value"], team["novelty"] >= p["radical_threshold"])
    waited = (1 + projects.HURDLE) ** -max(p["call_months"], p["agreement_months"])  # the subsidised team waits
    assert team["subsidised"][0] and team["wait"][0] == max(p["call_months"], p["agreement_months"])
    expected = gain / (p["revenue_decay"] + projects.HURDLE) * waited / 2 - team["cost"] * (1 - p["subsidy_rate"]) * (1 - p["rd_tax_credit"]) / 2
    np.testing.assert_allclose(team["each"], expected)
    pop.opportunist[lead] = True  # an opportunist leader fears nothing
    bold = projects._option(pop, model.p, model.trust, absorptive, model.reference, np.array([[lead, partner]]), **idea)
    assert bold["each"][0] > team["each"][0]


def learnt(strictness, trust, conflict=False):
    """Tacit know-how the weaker member of a two-firm project learns from the stronger, which is honest."""
    model = build(4, ip_strictness=strictness)
    empty_book(model)
    pop = model.pop
    strong, weak = (int(s) for s in slots_of(model, "sme")[:2])
    pop.opportunist[[strong, weak]] = [False, conflict]
    pop.tacit[strong], pop.tacit[weak] = 2.0, 0.1
    hand_project(model, [weak, strong], p_success=1.0, p_conflict=float(conflict), trust=trust)
    before = pop.tacit[weak].sum()
    model.resolve_projects()
    return pop.tacit[weak].sum() - before


@pytest.mark.parametrize("conflict", [False, True])
def test_honest_firms_hold_know_how_back_from_untrusted_partners_under_lax_rules(conflict):
    """Partners (or an opportunist that breaks the project) learn less from an honest firm that does not
    trust them, and only under lax rules: strict rules protect what it shares."""
    assert learnt(0.0, trust=0.0, conflict=conflict) == 0.0  # no rules, no trust: all held back
    assert 0.0 < learnt(0.0, trust=0.15, conflict=conflict) < learnt(0.0, trust=1.0, conflict=conflict)
    assert learnt(1.0, trust=0.0, conflict=conflict) == pytest.approx(learnt(1.0, trust=1.0, conflict=conflict))


def test_gossip_lowers_the_trust_of_a_victims_trusted_contacts_in_the_culprit():
    """Victim 0 trusts 1 (0.8) and 2 (0.1, too little to be told); 1 and 2 and 3 know culprit 9."""
    net = TrustNetwork()
    a, b = np.array([0, 0, 1, 2, 3, 0]), np.array([1, 2, 9, 9, 9, 9])
    net.meet(a, b, np.array([0.8, 0.1, 0.5, 0.5, 0.5, 0.2]), np.zeros(6, bool), 1)
    net.gossip(np.array([0]), np.array([9]), threshold=0.25, loss=0.5)
    np.testing.assert_allclose(net.lookup(a, b), [0.8, 0.1, 0.5 * (1 - 0.5 * 0.8), 0.5, 0.5, 0.2])
    net.gossip(np.array([0]), np.array([7]), threshold=0.25, loss=0.5)  # 1 never met 7: no tie is made
    assert net.find(np.array([(1 << 32) | 7]))[0] == -1 and len(net) == 6


def test_a_conflict_spreads_word_of_the_culprit_through_the_victims_ties():
    model = build(5, gossip_loss=1.0)
    empty_book(model)
    pop, trust = model.pop, model.trust
    victim, culprit, friend = (int(s) for s in slots_of(model, "sme")[:3])
    pop.opportunist[[victim, culprit, friend]] = [False, True, False]
    trust.meet(np.array([victim, friend]), np.array([friend, culprit]), np.array([0.9, 0.6]), np.zeros(2, bool),
               model.steps)
    before = trust.get(friend, culprit)
    hand_project(model, [victim, culprit], p_success=0.0, p_conflict=1.0)
    assert model.resolve_projects()["conflicts"] == 1
    assert trust.get(friend, culprit) < before * (1 - 0.9) + 1e-9
