"""The regional labour market: vacancies, a wage that answers to tightness, migration, training and job moves.

Profitable firms post vacancies as they grow; loss-making firms let people go. Workers of other
firms take some whole vacancies (job moves follow vacancies), and the pool of people looking for
work fills what it can of the rest. The regional wage is higher where unemployment is lower (the wage curve:
Blanchflower and Oswald 1994) and follows that level with inertia; it is what every firm pays its
staff. People move in or out, with inertia, as the region's expected earnings (its wage times
the chance of finding a job there) compare with the outside world's (Harris and Todaro 1970;
Moretti 2012): attraction comes through jobs and wages, not through innovation directly.
Training bodies raise skills, and skill raises absorptive capacity, hence the feasibility of
projects. A worker who changes firm carries part of her former employer's tacit knowledge and
leaves a tie between the two firms (knowledge spillover through labour mobility: Almeida and
Kogut 1999; Agrawal, Cockburn and McHale 2006).
"""

from __future__ import annotations

import numpy as np

from sim.model.knowledge import SOURCE
from sim.model.population import LAB, TRAINING

NATURAL_POOL = 0.05  # job seekers per employed person at which migration balances when the region pays as the world
OUTSIDE_FINDING = 0.15  # monthly chance a job seeker finds work in the outside world
WAGE_ELASTICITY = 0.1  # the wage curve: wages fall by 1 % when local unemployment rises by 10 % (Blanchflower and Oswald 1994)
ATTRACTION_CAP = 2.0  # the log of earnings relative to the outside world counts at most this much either way
MIGRATION_INERTIA = 0.9  # weight of last month's attraction in this month's: news of jobs and wages travels slowly
GRADUATE_RATE = 0.01  # graduates per lab staff member per month
GRADUATE_SKILL = 0.7
MIGRANT_SKILL = 0.6
MOVE_TRANSFER = 2.0  # a mover brings this much over (staff + 1) of the gap in tacit knowledge
MOVE_TIE = 0.3  # trust a move creates between the old and the new firm: the mover keeps in touch


class TalentPool:
    def __init__(self, people: float, skill: float, wage: float):
        self.people = float(people)
        self.skill = float(skill)
        self.wage = float(wage)  # the regional wage, k€/staff/month: the outside world's at the start
        self.attraction = 0.0  # log of the region's expected earnings over the outside world's, smoothed
        self.vacancies = 0.0  # jobs posted this month
        self.migration = 0.0
        self.newcomers = 0.0  # founders who came from outside the pool this month
        self.job_moves = 0

    def release(self, people: float, skill: float) -> None:
        """People back in the pool (layoffs, exits), mixing their skill into the pool's."""
        total = self.people + people
        if total > 0:
            self.skill = (self.people * self.skill + people * skill) / total
        self.people = total

    def take(self, wanted: np.ndarray, newcomers_welcome: bool = False) -> np.ndarray:
        """Hire from the pool; when short, every employer gets the same share of what it wants.

        With `newcomers_welcome` (founders of startups), the shortfall moves into the region.
        """
        total = wanted.sum()
        if total <= 0:
            return np.zeros_like(wanted)
        got = wanted * min(1.0, self.people / total)
        self.people = max(0.0, self.people - got.sum())
        if newcomers_welcome:
            self.newcomers += total - got.sum()
            return wanted
        return got


def labour_market(pool: TalentPool, pop, p, rng, month: int, flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Graduates, training, vacancies, job moves, hiring from the pool, layoffs, the wage, then migration. Changes `pool`
    (people, skill, wage, attraction) and the staff and skill of agents.

    Returns the firms each mover left and joined, for the caller to tie them; the know-how movers
    carried is added to `flows`.

    In month `talent_inflow_month`, `talent_inflow` skilled people arrive at once: an outside shock
    (an attraction programme, a plant closed elsewhere) whose consequences the model then follows.
    """
    n = pop.n
    employers = pop.mask(remote=False) & (pop.staff[:n] > 0)
    labs = pop.mask(kind=LAB)
    pool.release(GRADUATE_RATE * pop.staff[:n][labs].sum(), GRADUATE_SKILL)

    # training raises the skill of the pool and of staff, less when spread over more people
    employed = pop.staff[:n][employers].sum()
    trainers = int(pop.mask(kind=TRAINING).sum())
    # a share of the gap to full skill, at most all of it: many trainers for few people cannot overshoot
    boost = min(1.0, p["training_gain"] * trainers * 1000.0 / max(pool.people + employed, 1000.0))
    pool.skill += boost * (1.0 - pool.skill)
    pop.skill[:n][employers] += boost * (1.0 - pop.skill[:n][employers])

    # profitable firms post vacancies as they grow: workers of other firms take some (job moves), the pool
    # fills what it can of the rest; loss-making firms lay off
    firms = pop.mask(firm=True)
    seekers = pool.people
    vacancies = np.where(firms & (pop.last_profit[:n] > 0), p["hiring_rate"] * np.maximum(pop.staff[:n], 1.0), 0.0)
    src, dst = _job_moves(pop, p, rng, firms, vacancies, flows)
    got = pool.take(np.maximum(vacancies - np.bincount(dst, minlength=n), 0.0))
    staff = pop.staff[:n]
    mixed = staff + got
    pop.skill[:n] = np.where(mixed > 0, (staff * pop.skill[:n] + got * pool.skill) / np.maximum(mixed, 1e-12), pop.skill[:n])
    staff += got
    fire = firms & (pop.last_profit[:n] < 0)
    lost = np.where(fire, p["hiring_rate"] * staff, 0.0)
    if lost.any():
        pool.release(lost.sum(), float(np.average(pop.skill[:n], weights=lost)))
        staff -= lost
    pool.job_moves = len(src)
    pool.vacancies = float(vacancies.sum())

    _set_wage(pool, p, pop.staff[:n][employers].sum())
    finding = got.sum() / seekers if seekers > 0 else float(vacancies.sum() > 0)
    migrate(pool, p, employed, finding, p["talent_inflow"] if month == p["talent_inflow_month"] else 0)
    return src, dst


def _set_wage(pool: TalentPool, p, employed: float) -> None:
    """The wage curve (Blanchflower and Oswald 1994): the regional wage is the outside world's `wage` times the
    ratio of the natural unemployment rate (NATURAL_POOL) to the region's, to the power WAGE_ELASTICITY; the
    wage closes the share `wage_flexibility` of its gap to that level each month. The ratio's log is capped at
    ATTRACTION_CAP either way: an empty pool does not price labour without bound."""
    rate = pool.people / max(pool.people + employed, 1.0)
    natural = NATURAL_POOL / (1.0 + NATURAL_POOL)
    gap = np.clip(np.log(natural / max(rate, 1e-12)), -ATTRACTION_CAP, ATTRACTION_CAP)
    target = p["wage"] * np.exp(WAGE_ELASTICITY * gap)
    pool.wage += p["wage_flexibility"] * (float(target) - pool.wage)


def migrate(pool: TalentPool, p, employed: float, finding: float, shock: float) -> None:
    """People move in and out as the region's expected earnings (wage times `finding`, this month's chance a
    job seeker found work) compare with the outside world's (`wage` times OUTSIDE_FINDING), through an
    attraction that keeps MIGRATION_INERTIA of last month's. At zero attraction, inflow and outflow balance
    when job seekers are NATURAL_POOL of the `employed`; each grows by the exponential of the attraction the
    way it goes. Founders who came from outside and the one-off `shock` count as migration too."""
    earnings = max(pool.wage * finding, 1e-12) / (p["wage"] * OUTSIDE_FINDING) if p["wage"] > 0 else 1.0
    now = np.clip(np.log(earnings), -ATTRACTION_CAP, ATTRACTION_CAP)
    pool.attraction = MIGRATION_INERTIA * pool.attraction + (1 - MIGRATION_INERTIA) * float(now)
    inflow = p["migration_rate"] * NATURAL_POOL * employed * np.exp(pool.attraction)
    outflow = min(pool.people, p["migration_rate"] * pool.people * np.exp(-pool.attraction))
    pool.release(inflow + shock, MIGRANT_SKILL)
    pool.people -= outflow
    pool.migration = float(inflow + shock - outflow + pool.newcomers)
    pool.newcomers = 0.0


def _job_moves(pop, p, rng, firms: np.ndarray, vacancies: np.ndarray, flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Workers leave for whole `vacancies` of other firms, drawn at random, taking tacit know-how with them:
    each worker of a firm quits with chance `job_move_rate` a month (binomial over its whole staff but one,
    who stays), and no more move than there are whole vacancies (a firm with less than one fills it from
    the pool). Returns the firm each mover left and the one it joined."""
    n = pop.n
    candidates = np.flatnonzero(firms & (pop.staff[:n] >= 2))
    jobs = np.repeat(np.arange(n), np.floor(np.where(firms, vacancies, 0.0)).astype(np.int64))
    if len(candidates) == 0 or len(jobs) == 0:
        return candidates[:0], candidates[:0]
    src = np.repeat(candidates, rng.binomial(np.floor(pop.staff[candidates]).astype(np.int64) - 1, p["job_move_rate"]))
    src = src[rng.permutation(len(src))[: len(jobs)]]
    dst = jobs[rng.permutation(len(jobs))[: len(src)]]
    ok = src != dst
    src, dst = src[ok], dst[ok]
    share = np.minimum(1.0, MOVE_TRANSFER / (pop.staff[dst] + 1.0))[:, None]
    carried = share * np.maximum(0.0, pop.tacit[src] - pop.tacit[dst])
    np.add.at(pop.tacit, dst, carried)
    flows[1, SOURCE["job_move"]] += carried.sum()
    np.add.at(pop.staff, src, -1.0)
    np.add.at(pop.staff, dst, 1.0)
    return src, dst
