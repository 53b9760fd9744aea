"""The firms' economy: revenue, costs, exit and the birth of startups.

Revenue has two parts: the existing business, whose productivity rises with the firm's
knowledge relative to the world's level (obsolete know-how loses market share), and the products of
past innovations, whose revenue decays as they age. Staff cost the regional wage; a share of revenue feeds
the R&D fund that pays for projects; every firm also has a fixed cost. Demand shocks are
persistent; a new firm's business ramps up over its first year. A firm whose capital stays negative
too long exits.
"""

from __future__ import annotations

import numpy as np

from sim.model.knowledge import profiles
from sim.model.population import KIND_CODES
from sim.model.territory import near

KNOWLEDGE_PREMIUM = 0.4  # productivity gained per unit of knowledge relative to the world's level
PREMIUM_CAP = 2.5  # relative knowledge beyond which productivity stops rising
DEMAND_PERSISTENCE = 0.95  # monthly autocorrelation of a firm's demand shocks
SCALE_RETURNS = 0.5  # elasticity of an existing business's revenue to staff beyond the staff it entered with
STARTUP_RAMP_MONTHS = 12  # a new firm's existing business reaches full size over this many months
STARTUP_STAFF = 4.0
INHERITED = 0.5  # share of its parent's knowledge a startup starts with, and of its trust in the ties it inherits
INHERITED_TIES = 3  # strongest ties of its parent a startup is introduced to
PARENT_TRUST = 0.5


def produce(pop, p, rng, ledger, reference: float, wage: float) -> None:
    """A month of business. Changes each firm's demand, revenue streams, age and loss streak; money via `ledger`.

    `reference` is the world's knowledge level (`knowledge.reference_level`) against which know-how is valued;
    `wage` is the regional wage each staff member costs (`talent.labour_market`).
    """
    n = pop.n
    firms = pop.mask(firm=True)
    cluster = pop.mask(remote=False)
    rel = pop.levels() / max(reference, 1e-12)
    staff = pop.staff[:n]
    demand = pop.demand[:n]
    demand += (1 - DEMAND_PERSISTENCE) * (1.0 - demand) + p["market_volatility"] * rng.standard_normal(n)
    np.maximum(demand, 0.0, out=demand)
    ramp = np.minimum(1.0, pop.age[:n] / STARTUP_RAMP_MONTHS)
    premium = 1 - KNOWLEDGE_PREMIUM + KNOWLEDGE_PREMIUM * np.minimum(rel, PREMIUM_CAP)
    # an existing business is sized for the staff it entered with: staff beyond that add less and less
    niche = np.maximum(pop.entry_staff[:n], 1.0)
    worked = np.minimum(staff, niche ** (1 - SCALE_RETURNS) * staff ** SCALE_RETURNS)
    revenue = worked * p["productivity"] * premium * demand * ramp
    revenue = np.where(firms, revenue + pop.product_revenue[:n], 0.0)
    wages = np.where(firms, staff * wage + p["fixed_cost"], 0.0)
    pop.last_profit[:n] = ledger.operate(revenue, wages, p["rd_intensity"] * revenue)
    pop.product_revenue[:n] *= 1.0 - p["revenue_decay"]
    pop.neg_months[:n] = np.where(firms & (pop.capital[:n] < 0), pop.neg_months[:n] + 1, 0)
    pop.age[:n][cluster] += 1


def exits(pop, exit_months: int) -> np.ndarray:
    """The firms that leave this month: negative capital for `exit_months` months in a row."""
    return np.flatnonzero(pop.mask(firm=True) & (pop.neg_months[: pop.n] >= exit_months))


def spin_off_parents(pop, p, rng) -> np.ndarray:
    """Labs and firms that spin off a startup this month."""
    labs = np.flatnonzero(pop.mask(kind=KIND_CODES["lab"]))
    firms = np.flatnonzero(pop.mask(firm=True))
    return np.concatenate([labs[rng.random(len(labs)) < p["lab_spinoff_rate"]],
                           firms[rng.random(len(firms)) < p["firm_spinoff_rate"]]])


def seed_capital(rng, n: int, mean: float, spread: float) -> np.ndarray:
    """What each of `n` founders brings: lognormal of mean `mean` and log-scale `spread`. Founders differ in
    wealth and backing, so some startups can bear losses for years and others for months (spread 0: all alike)."""
    return mean * rng.lognormal(-spread**2 / 2, spread, size=n)


def startups(pop, p, rng, parents: np.ndarray, skill: float, now: int) -> dict:
    """The rows of new startups near their parents (lab, firm or incubator), with part of their knowledge."""
    n = len(parents)
    x, y = near(rng, pop.x[parents], pop.y[parents], p["spinoff_distance_km"], p["territory_km"])
    fresh = profiles(rng, n, pop.n_domains, p["sector_diversity"]) * pop.mean_level() * (1 - INHERITED)
    tacit_share = rng.uniform(0.4, 0.6, size=(n, 1))
    return dict(
        kind=KIND_CODES["startup"], firm=True, x=x, y=y, staff=STARTUP_STAFF, skill=skill, demand=1.0, born=now,
        parent=parents,
        culture=np.clip(pop.culture[parents] + rng.normal(0, 0.05, n), 0, 1),
        openness=rng.uniform(0.5, 1.0, n), opportunist=rng.random(n) < p["opportunist_share"],
        codified=INHERITED * pop.codified[parents] + (1 - tacit_share) * fresh,
        tacit=INHERITED * pop.tacit[parents] + tacit_share * fresh)
