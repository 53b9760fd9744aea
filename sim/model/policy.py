"""Public support: a yearly budget that pays for every lever and accounts for each euro.

The budget is renewed each January; what is not spent by December is returned. Platforms are
bought at the start of the year; incubator places and events are paid month by month; project
subsidies and the R&D tax credit are granted first come, first served, while money is left.
"""

from __future__ import annotations

import numpy as np

from sim.model.population import SUPPORT, TECH_CENTRE

CATEGORIES = ("platforms", "incubator", "events", "subsidies", "tax_credit")
INCUBATION_MONTHS = 24
INCUBATOR_INTAKE = 0.1  # chance per free place per month that a new startup enters the incubator


class PublicBudget:
    def __init__(self, yearly: float):
        self.yearly = yearly
        self.left = 0.0
        self.month = dict.fromkeys(CATEGORIES, 0.0)
        self.total = dict.fromkeys(CATEGORIES, 0.0)

    def new_month(self, step: int) -> None:
        if step % 12 == 0:
            self.left = self.yearly
        self.month = dict.fromkeys(CATEGORIES, 0.0)

    def request(self, category: str, amount: float) -> float:
        """Pay up to `amount`; return the share granted (1 when the budget suffices)."""
        if amount <= 0:
            return 1.0
        paid = min(amount, self.left)
        self.left -= paid
        self.month[category] += paid
        self.total[category] += paid
        return paid / amount

    @property
    def spent_month(self) -> float:
        return sum(self.month.values())

    @property
    def spent_total(self) -> float:
        return sum(self.total.values())


def open_month(budget: PublicBudget, platforms, pop, p, month: int) -> int:
    """The month's public decisions: renew the budget each January and buy platform slots, pay for this
    month's networking events; returns how many events are held (their participants meet in the meeting phase)."""
    budget.new_month(month)
    if month % 12 == 0:
        fund_platforms(budget, platforms, pop, p)
    if not pop.mask(kind=SUPPORT).any():
        return 0
    held = 0
    for _ in range(events_this_month(month, p["events_per_year"])):
        if budget.left < p["event_cost"]:
            break
        budget.request("events", p["event_cost"])
        held += 1
    return held


def fund_platforms(budget: PublicBudget, platforms, pop, p) -> None:
    """Each January, technical centres' slots plus the slots public investment buys this year."""
    slots = int(min(p["platform_investment"], budget.left) // p["platform_slot_cost"])
    budget.request("platforms", slots * p["platform_slot_cost"])
    centres = int(pop.mask(kind=TECH_CENTRE).sum())
    platforms.capacity = centres * p["platform_capacity"] + slots


def events_this_month(step: int, per_year: int) -> int:
    """Events spread evenly over the year: how many fall in month `step`."""
    month = step % 12
    return (month + 1) * per_year // 12 - month * per_year // 12


def incubator(budget: PublicBudget, ledger, pop, p, rng, now: int) -> np.ndarray:
    """Pay the monthly costs of incubated startups and admit new ones; returns the support institutions
    that host each new startup (one slot per admission), for the caller to found them."""
    n = pop.n
    hosted = pop.active[:n] & (pop.incubated_until[:n] > now)
    support = np.flatnonzero(pop.mask(kind=SUPPORT))
    if len(support) == 0 or p["incubator_capacity"] == 0:
        return support[:0]
    if hosted.any():
        share = budget.request("incubator", p["incubator_cost"] * hosted.sum())
        ledger.grant_each(hosted, share * p["incubator_cost"])
    free = p["incubator_capacity"] - int(hosted.sum())
    admitted = int(rng.binomial(max(free, 0), INCUBATOR_INTAKE))
    if p["incubator_cost"] > 0:  # a place is offered only while the budget can pay for its first month
        affordable = budget.left // p["incubator_cost"]  # a float: with a tiny cost it can be beyond any int
        admitted = admitted if affordable >= admitted else int(affordable)
    if admitted == 0:
        return support[:0]
    return support[rng.integers(len(support), size=admitted)]
