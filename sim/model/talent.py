"""The regional labour market: a pool of skilled people, migration, hiring, training and job moves.

Talent migrates in when the cluster innovates and has jobs, and leaves when it waits idle in
the pool; firms that make profits hire from the pool, firms that make losses let people go.
Training bodies raise skills; labs add graduates. A worker who changes firm carries part of
her former employer's tacit knowledge and leaves a tie between the two firms (knowledge spillover
through labour mobility: Almeida and Kogut 1999; Agrawal, Cockburn and McHale 2006).
"""

from __future__ import annotations

import numpy as np

from sim.model.knowledge import SOURCE
from sim.model.population import LAB, TRAINING

REFERENCE_RATE = 1.0  # innovations per 1,000 staff per year at which attraction is half its maximum
INFLOW_SHARE = 0.05  # inflow at full attraction, as a share of the employed, per unit of migration_rate
GRADUATE_RATE = 0.01  # graduates per lab staff member per month
GRADUATE_SKILL = 0.7
MIGRANT_SKILL = 0.6
MOVE_TRANSFER = 2.0  # a mover brings this much over (staff + 1) of the gap in tacit knowledge
MOVE_TIE = 0.3  # trust a move creates between the old and the new firm: the mover keeps in touch


class TalentPool:
    def __init__(self, people: float, skill: float):
        self.people = float(people)
        self.skill = float(skill)
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


def labour_market(pool: TalentPool, pop, p, rng, recent_innovations: float, month: int,
                  flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Graduates, migration, training, hiring, layoffs and job moves. Changes `pool` and the staff and skill of agents.

    Returns the firms each mover left and joined, for the caller to tie them; the know-how movers
    carried is added to `flows`.

    In month `talent_inflow_month`, `talent_inflow` skilled people arrive at once: an outside shock
    (an attraction programme, a plant closed elsewhere) whose consequences the model then follows.
    """
    n = pop.n
    employers = pop.mask(remote=False) & (pop.staff[:n] > 0)
    employed = pop.staff[:n][employers].sum()

    # graduates and migration
    labs = pop.mask(kind=LAB)
    pool.release(GRADUATE_RATE * pop.staff[:n][labs].sum(), GRADUATE_SKILL)
    rate = 1000.0 * recent_innovations / max(employed, 1.0)
    inflow = p["migration_rate"] * INFLOW_SHARE * employed * rate / (rate + REFERENCE_RATE)
    outflow = p["migration_rate"] * pool.people
    shock = p["talent_inflow"] if month == p["talent_inflow_month"] else 0
    pool.release(inflow + shock, MIGRANT_SKILL)
    pool.people -= outflow
    pool.migration = inflow + shock - outflow + pool.newcomers
    pool.newcomers = 0.0

    # training raises the skill of the pool and of staff, less when spread over more people
    trainers = int(pop.mask(kind=TRAINING).sum())
    # a share of the gap to full skill, at most all of it: many trainers for few people cannot overshoot
    boost = min(1.0, p["training_gain"] * trainers * 1000.0 / max(pool.people + employed, 1000.0))
    pool.skill += boost * (1.0 - pool.skill)
    pop.skill[:n][employers] += boost * (1.0 - pop.skill[:n][employers])

    # hiring by profitable firms, layoffs by loss-making ones
    firms = pop.mask(firm=True)
    hire = firms & (pop.last_profit[:n] > 0)
    got = pool.take(np.where(hire, p["hiring_rate"] * np.maximum(pop.staff[:n], 1.0), 0.0))
    staff = pop.staff[:n]
    mixed = staff + got
    pop.skill[:n] = np.where(mixed > 0, (staff * pop.skill[:n] + got * pool.skill) / np.maximum(mixed, 1e-12), pop.skill[:n])
    staff += got
    fire = firms & (pop.last_profit[:n] < 0)
    lost = np.where(fire, p["hiring_rate"] * staff, 0.0)
    if lost.any():
        pool.release(lost.sum(), float(np.average(pop.skill[:n], weights=lost)))
        staff -= lost

    src, dst = _job_moves(pop, p, rng, firms, flows)
    pool.job_moves = len(src)
    return src, dst


def _job_moves(pop, p, rng, firms: np.ndarray, flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Some workers leave for a profitable firm, taking tacit know-how with them; returns the firms left and joined."""
    n = pop.n
    candidates = np.flatnonzero(firms & (pop.staff[:n] >= 2))
    hirers = np.flatnonzero(firms & (pop.last_profit[:n] > 0))
    if len(candidates) == 0 or len(hirers) == 0:
        return candidates[:0], candidates[:0]
    src = candidates[rng.random(len(candidates)) < p["job_move_rate"]]
    dst = hirers[rng.integers(len(hirers), size=len(src))]
    ok = src != dst
    src, dst = src[ok], dst[ok]
    share = np.minimum(1.0, MOVE_TRANSFER / (pop.staff[dst] + 1.0))[:, None]
    carried = share * np.maximum(0.0, pop.tacit[src] - pop.tacit[dst])
    np.add.at(pop.tacit, dst, carried)
    flows[1, SOURCE["job_move"]] += carried.sum()
    np.add.at(pop.staff, src, -1.0)
    np.add.at(pop.staff, dst, 1.0)
    return src, dst
