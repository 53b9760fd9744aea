"""Model v2, firms that decide: ideas of skewed value, launching by expected value, going alone or with
partners, one revenue stream shared among a project's members, and an R&D fund that is a yearly flow.

Each mechanism alone; the emergent effects (what support buys, the share that cooperates) are
measured by `experiments/firm_decisions.py` and the stylized facts, not asserted here.
"""

import numpy as np
import pytest
from model_helpers import SEEDS, build, empty_book, hand_project, launched, ready, slots_of
from scipy import stats

from sim.model import projects
from sim.model.ledger import Ledger
from sim.model.population import Population


def test_idea_values_average_one_and_a_few_carry_most_of_the_value():
    values = projects.idea_values(np.random.default_rng(1), 400_000, 1.5)
    assert values.mean() == pytest.approx(1.0, rel=0.02)
    top = np.sort(values)[::-1][: len(values) // 10].sum() / values.sum()
    assert top == pytest.approx(stats.norm.sf(stats.norm.ppf(0.9) - 1.5), abs=0.02)  # 0.59 for a lognormal
    assert (projects.idea_values(np.random.default_rng(1), 10, 0.0) == 1.0).all()


def test_worth_to_each_is_the_shared_expected_revenue_less_the_firms_share_of_the_cost():
    p = {"innovation_revenue": 10.0, "radical_threshold": 0.45, "revenue_decay": 0.03, "rd_tax_credit": 0.3}
    traits = {"p_success": np.array([0.5, 0.5]), "novelty": np.array([0.1, 0.5])}  # incremental, radical
    worth = projects.worth_to_each(p, traits, np.array([2.0, 2.0]), members=np.array([2, 3]),
                                   firms_pay=np.array([100.0, 100.0]), firms=np.array([2, 1]))
    discounted = 1 / (0.03 + projects.HURDLE)
    expected = [0.5 * 20 * discounted / 2 - 100 * 0.7 / 2, 0.5 * 60 * discounted / 3 - 100 * 0.7]
    np.testing.assert_allclose(worth, expected)


def test_a_leader_takes_the_best_option_it_can_pay_for(monkeypatch):
    """§7.3 step 10: of the options worth more than 0 whose share its R&D fund covers, the one worth more.
    Five leaders with a fund of 100 and options set by hand (team of two firms, alone): alone is worth more
    but beyond the fund; both within it; no partner found (its only option: alone, although a team would
    have been worth more); neither worth anything; the team beyond the fund."""
    team_each, alone_each = np.array([5.0, 5.0, 50.0, -1.0, 3.0]), np.array([10.0, 10.0, 4.0, -2.0, 1.0])
    team_cost, alone_cost = np.array([100.0, 100.0, 10.0, 100.0, 400.0]), np.array([300.0, 50.0, 50.0, 50.0, 50.0])

    def option(pop, p, trust, absorptive, reference, members, platform, called, **idea):
        alone, leader = members[:, 1] < 0, np.searchsorted(firms, members[:, 0])  # options come in one batch
        each = np.where(alone, alone_each[leader], team_each[leader])
        cost = np.where(alone, alone_cost[leader], team_cost[leader])
        return {"each": each, "cost": cost, "subsidy": np.zeros(len(members)),
                "is_firm": np.column_stack([np.ones(len(members), bool), ~alone]),
                "open": projects._payable(pop, members[:, 0], cost, np.where(alone, 1, 2), each)}

    monkeypatch.setattr(projects, "_option", option)
    pop = Population(8, 2)
    firms = pop.add(5, firm=True)
    pop.rd_fund[firms] = 100.0
    team = np.column_stack([firms, firms[::-1]])
    team[2, 1] = -1  # the third leader found no partner
    pick, go = projects._decide(pop, {}, None, None, 1.0, firms, team, np.zeros(5, bool), np.ones(5, bool))
    np.testing.assert_array_equal(go, [True, True, True, False, True])
    np.testing.assert_array_equal(pick["each"][go], [5.0, 10.0, 4.0, 1.0])  # the team, alone, alone, alone
    np.testing.assert_array_equal(pick["is_firm"][:, 1], [True, False, False, False, False])


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_firms_launch_only_ideas_worth_their_cost(seed):
    assert launched(ready(seed, innovation_revenue=0.0)) == 0  # no revenue: nothing is worth paying for
    some, every = launched(ready(seed)), launched(ready(seed, innovation_revenue=10_000.0, idea_value_sigma=0.0))
    assert 0 < some < every


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_support_only_adds_projects_to_the_same_ideas(seed):
    """With the same ideas (same seed), a subsidy or a tax credit can only make an option worth more and a
    share cheaper: every idea carried out without support is carried out with it, and some more when every
    application to the call is selected (a refused team decides as without the subsidy)."""
    bare = launched(ready(seed, subsidy_rate=0.0, rd_tax_credit=0.0))
    assert launched(ready(seed, subsidy_rate=0.6, rd_tax_credit=0.0)) >= bare
    assert launched(ready(seed, subsidy_rate=0.6, rd_tax_credit=0.0, call_selection_rate=1.0)) > bare
    assert launched(ready(seed, subsidy_rate=0.0, rd_tax_credit=0.5)) > bare


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_firms_go_alone_when_partners_cost_more_than_they_bring(seed):
    def joint(**params):
        model = ready(seed, innovation_revenue=100.0, idea_value_sigma=0.0, **params)
        launched(model)
        return int(model.projects.collaborative.sum())

    assert joint(coordination_cost=0.0) > 0 and joint(coordination_cost=10_000.0) == 0


def test_revenue_is_shared_among_the_members_and_counted_once():
    """A firm and a lab succeed with a radical idea worth 2: one stream of 2 x 3 x innovation_revenue, half
    for the firm, half leaving with the lab; the cluster counts one innovation."""
    model = build(3)
    empty_book(model)
    firm, lab = int(slots_of(model, "sme")[0]), int(slots_of(model, "lab")[0])
    hand_project(model, [firm, lab], p_success=1.0, novelty=0.9, value=2.0)
    before, total = model.pop.product_revenue[[firm, lab]].copy(), model.innovations_total
    counts = model.resolve_projects()
    assert counts["radical"] == 1 and model.innovations_total == total + 1
    stream = 2.0 * projects.RADICAL_REVENUE * model.p["innovation_revenue"]
    np.testing.assert_allclose(model.pop.product_revenue[[firm, lab]] - before, [stream / 2, 0.0])


def test_rd_funds_beyond_the_years_accruals_return_to_capital():
    pop = Population(4, 2)
    slots = pop.add(2, firm=True, staff=10.0)
    ledger = Ledger(pop)
    ledger.open_accounts(slots, np.array([100.0, 100.0]), np.array([50.0, 0.0]))
    ledger.operate(np.array([40.0, 40.0]), np.zeros(2), np.array([4.0, 4.0]))  # the year's accruals: 4 each
    pop.rd_fund[1] -= 3.0  # firm 1 spent 3 of its 4
    held = pop.capital[:2] + pop.rd_fund[:2]
    ledger.close_year()
    np.testing.assert_allclose(pop.rd_fund[:2], [4.0, 1.0])  # firm 0 keeps this year's 4 of its 54
    np.testing.assert_allclose(pop.capital[:2] + pop.rd_fund[:2], held)  # money moved, none made or lost
    np.testing.assert_allclose(pop.capital[:2], [100.0 + 36.0 + 50.0, 136.0])

