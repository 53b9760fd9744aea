"""Public support: a yearly budget that pays for every lever and accounts for each euro.

The budget is renewed each January; what is not spent by December is returned. Platforms are
bought at the start of the year; incubator places and events are paid month by month; project
subsidies and the R&D tax credit are granted first come, first served, while money is left.
"""

from __future__ import annotations

import numpy as np

from sim.model.economy import create_startups
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


def fund_platforms(model) -> None:
    """Each January, technical centres' slots plus the slots public investment buys this year."""
    p = model.p
    slots = int(min(p["platform_investment"], model.budget.left) // p["platform_slot_cost"])
    model.budget.request("platforms", slots * p["platform_slot_cost"])
    centres = int(model.pop.mask(kind=TECH_CENTRE).sum())
    model.platforms.capacity = centres * p["platform_capacity"] + slots


def events_this_month(step: int, per_year: int) -> int:
    """Events spread evenly over the year: how many fall in month `step`."""
    month = step % 12
    return (month + 1) * per_year // 12 - month * per_year // 12


def hold_events(model) -> list:
    """Networking events run by support institutions while the budget pays for them."""
    p = model.p
    if not model.pop.mask(kind=SUPPORT).any():
        return []
    meetings = []
    for _ in range(events_this_month(model.steps - 1, p["events_per_year"])):
        if model.budget.left < p["event_cost"]:
            break
        model.budget.request("events", p["event_cost"])
        meetings.append(model.territory.event(model.rng, model.pop, p["event_size"]))
    return meetings


def run_incubator(model) -> int:
    """Host incubated startups (their monthly costs are paid) and admit new ones; return admissions."""
    pop, p = model.pop, model.p
    n = pop.n
    hosted = pop.active[:n] & (pop.incubated_until[:n] > model.steps)
    support = np.flatnonzero(pop.mask(kind=SUPPORT))
    if len(support) == 0 or p["incubator_capacity"] == 0:
        return 0
    if hosted.any():
        share = model.budget.request("incubator", p["incubator_cost"] * hosted.sum())
        pop.capital[:n][hosted] += share * p["incubator_cost"]
        model.ledger["public_to_firms"] += share * p["incubator_cost"] * hosted.sum()
    free = p["incubator_capacity"] - int(hosted.sum())
    admitted = int(model.rng.binomial(max(free, 0), INCUBATOR_INTAKE))
    if p["incubator_cost"] > 0:  # a place is offered only while the budget can pay for its first month
        admitted = min(admitted, int(model.budget.left // p["incubator_cost"]))
    if admitted == 0:
        return 0
    hosts = support[model.rng.integers(len(support), size=admitted)]
    new = create_startups(model, hosts)
    pop.incubated_until[new] = model.steps + INCUBATION_MONTHS
    return admitted
