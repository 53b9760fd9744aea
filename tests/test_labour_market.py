"""Model v2, a labour market (issue 12, item 4): vacancies, the wage curve, migration by earnings, job moves
that follow vacancies, wages in firms' costs and businesses sized for the staff they entered with.

Each mechanism alone; what a talent shock does to the cluster is for the cumulative-causation fact.
"""

import numpy as np
import pytest
from model_helpers import SEEDS, build, run

from sim.model import economy, knowledge, talent


def pool_at(rate: float, employed: float = 1000.0, wage: float = 5.0) -> talent.TalentPool:
    """A pool whose job seekers are `rate` of the labour force."""
    return talent.TalentPool(rate * employed / (1 - rate), 0.5, wage)


P = {"wage": 5.0, "wage_flexibility": 1.0, "migration_rate": 0.02}


def test_the_wage_curve_pays_more_where_unemployment_is_lower():
    natural = talent.NATURAL_POOL / (1 + talent.NATURAL_POOL)
    wages = {}
    for rate in (natural / 4, natural, natural * 4, 1e-9, 0.99):
        pool = pool_at(rate)
        talent._set_wage(pool, P, 1000.0)
        wages[rate] = pool.wage
    assert wages[natural] == pytest.approx(5.0)
    assert wages[natural / 4] == pytest.approx(5.0 * 4 ** talent.WAGE_ELASTICITY)
    assert wages[natural * 4] == pytest.approx(5.0 / 4 ** talent.WAGE_ELASTICITY)
    cap = np.exp(talent.WAGE_ELASTICITY * talent.ATTRACTION_CAP)
    assert wages[1e-9] == pytest.approx(5.0 * cap) and wages[0.99] == pytest.approx(5.0 / cap)


def test_the_wage_follows_its_level_with_inertia():
    pool = pool_at(0.01)
    talent._set_wage(pool, P | {"wage_flexibility": 0.1}, 1000.0)
    natural = talent.NATURAL_POOL / (1 + talent.NATURAL_POOL)
    target = 5.0 * (natural / 0.01) ** talent.WAGE_ELASTICITY
    assert pool.wage == pytest.approx(5.0 + 0.1 * (target - 5.0))


@pytest.mark.parametrize("wage, finding", [(6.0, 0.15), (5.0, 0.5), (4.0, 0.15), (5.0, 0.05)])
def test_people_move_towards_better_earnings(wage, finding):
    """Attraction is the sign of the log of earnings (wage x chance of a job) over the outside world's; it keeps
    MIGRATION_INERTIA of last month's, so it moves a tenth of the way."""
    pool = pool_at(talent.NATURAL_POOL / (1 + talent.NATURAL_POOL), wage=wage)
    talent.migrate(pool, P, 1000.0, finding, 0.0)
    better = wage * finding > 5.0 * talent.OUTSIDE_FINDING
    assert (pool.attraction > 0) == better and (pool.migration > 0) == better
    assert pool.attraction == pytest.approx((1 - talent.MIGRATION_INERTIA) * np.log(wage * finding / 0.75))


def test_at_par_migration_balances_at_the_natural_pool():
    pool = talent.TalentPool(talent.NATURAL_POOL * 1000.0, 0.5, 5.0)
    talent.migrate(pool, P, 1000.0, talent.OUTSIDE_FINDING, 0.0)
    assert pool.migration == pytest.approx(0.0, abs=1e-9)


def firms_with_vacancies(seed):
    model = run(seed, 6)
    pop, n = model.pop, model.pop.n
    firms = pop.mask(firm=True)
    vacancies = np.where(firms & (pop.last_profit[:n] > 0), 0.6, 0.0)
    vacancies[np.flatnonzero(vacancies)[::2]] = 5.0  # every other firm with vacancies has five whole ones
    return model, firms, vacancies


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_job_moves_follow_whole_vacancies(seed):
    model, firms, vacancies = firms_with_vacancies(seed)
    p = model.p | {"job_move_rate": 0.5}
    src, dst = talent._job_moves(model.pop, p, model.rng, firms, vacancies, knowledge.no_flows())
    assert len(src) > 20 and (src != dst).all()
    # movers take whole vacancies only, never more than a firm posted
    assert (vacancies[dst] == 5.0).all()
    assert (np.bincount(dst, minlength=len(vacancies)) <= np.floor(vacancies)).all()
    none = talent._job_moves(model.pop, p, model.rng, firms, np.where(firms, 0.9, 0.0), knowledge.no_flows())
    assert len(none[0]) == 0  # less than one vacancy each: the pool fills them


def test_each_worker_quits_with_the_move_rate():
    """With more whole vacancies than movers, a firm loses each worker but one with chance `job_move_rate` a
    month: the moves over several seeds match the binomial mean, and no firm loses its last worker. A worker
    of one of the three hiring firms who draws a vacancy of its own firm stays (a third of its draws)."""
    moved, expected, spread = 0, 0.0, 0.0
    for seed in SEEDS:
        model = run(seed, 6)
        pop, n = model.pop, model.pop.n
        firms = pop.mask(firm=True)
        vacancies = np.zeros(n)
        hiring = np.flatnonzero(firms)[:3]
        vacancies[hiring] = 1e6  # three firms hire without limit
        rate = 0.02
        staff = pop.staff[:n].copy()
        src, _ = talent._job_moves(pop, model.p | {"job_move_rate": rate}, model.rng, firms, vacancies,
                                   knowledge.no_flows())
        at_risk = np.where(firms & (staff >= 2), np.floor(staff) - 1, 0.0)
        assert (np.bincount(src, minlength=n) <= at_risk).all()
        moved += len(src)
        chance = rate * np.where(np.isin(np.arange(n), hiring), 2 / 3, 1.0)  # a draw of one's own firm is no move
        expected += (chance * at_risk).sum()
        spread += (chance * (1 - chance) * at_risk).sum()
    assert abs(moved - expected) < 4 * spread**0.5 and moved > 100


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_vacancies_are_filled_by_movers_and_the_pool_never_beyond_what_was_posted(seed):
    model = run(seed, 6, hiring_rate=0.1)
    pop, n, p = model.pop, model.pop.n, model.p
    firms = pop.mask(firm=True)
    posted = np.where(firms & (pop.last_profit[:n] > 0), p["hiring_rate"] * np.maximum(pop.staff[:n], 1.0), 0.0)
    staff, people = pop.staff[:n].copy(), model.talent.people
    hires = []
    original = model.talent.take
    model.talent.take = lambda wanted, **kw: hires.append(original(wanted, **kw)) or hires[-1]
    src, dst = talent.labour_market(model.talent, pop, p | {"job_move_rate": 0.3}, model.rng, model.steps + 1,
                                    knowledge.no_flows())
    assert model.talent.vacancies == pytest.approx(posted.sum()) and len(src) > 0 and hires[0].sum() > 0
    moved_in = np.bincount(dst, minlength=n)
    assert (moved_in + hires[0] <= posted + 1e-9).all()  # nobody hired beyond the vacancies
    growing = posted > 0
    gained = pop.staff[:n] - staff + np.bincount(src, minlength=n)  # layoffs only hit loss-making firms
    np.testing.assert_allclose(gained[growing], (moved_in + hires[0])[growing])
    assert model.talent.people <= people + 1e-9 or model.talent.migration > 0


@pytest.mark.parametrize("pool_people, employed, wage, finding, rate", [
    (0.0, 0.0, 5.0, 0.0, 0.0), (0.0, 1000.0, 0.0, 1.0, 0.5), (500.0, 0.0, 5.0, 0.0, 0.5), (1e7, 10.0, 5.0, 1.0, 0.5)])
def test_wage_and_migration_stay_finite_at_the_edges(pool_people, employed, wage, finding, rate):
    pool = talent.TalentPool(pool_people, 0.5, wage)
    p = {"wage": wage, "wage_flexibility": 1.0, "migration_rate": rate}
    talent._set_wage(pool, p, employed)
    talent.migrate(pool, p, employed, finding, 0.0)
    values = [pool.wage, pool.people, pool.attraction, pool.migration]
    assert np.isfinite(values).all() and pool.wage >= 0 and pool.people >= 0


def test_wages_are_what_firms_pay_their_staff():
    def profits(wage):
        model = build(7, market_volatility=0.0)
        economy.produce(model.pop, model.p, model.rng, model.ledger, model.reference, wage)
        n = model.pop.n
        return model.pop.last_profit[:n], model.pop.staff[:n], model.pop.mask(firm=True)

    (low, staff, firms), (high, _, _) = profits(5.0), profits(6.0)
    np.testing.assert_allclose((low - high)[firms], staff[firms] * 1.0, rtol=1e-9)


def test_a_business_beyond_the_staff_it_entered_with_earns_less_per_head():
    def revenue(scale):
        model = build(8, market_volatility=0.0)
        firms = np.flatnonzero(model.pop.mask(firm=True))
        model.pop.staff[firms] = model.pop.entry_staff[firms] * scale
        seen = []
        model.ledger.operate = lambda revenue, wages, rd: seen.append(revenue) or revenue - wages
        economy.produce(model.pop, model.p, model.rng, model.ledger, model.reference, 5.0)
        return seen[0][firms] - model.pop.product_revenue[firms] / (1 - model.p["revenue_decay"])

    base, half, four = revenue(1.0), revenue(0.5), revenue(4.0)
    live = base > 0
    np.testing.assert_allclose(half[live] / base[live], 0.5)  # below its size: each head earns the same
    np.testing.assert_allclose(four[live] / base[live], 4 ** economy.SCALE_RETURNS)  # beyond it: less and less
