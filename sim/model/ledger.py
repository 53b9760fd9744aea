"""The firms' money: every euro that enters, leaves or moves between a firm's two accounts.

A firm holds capital and an R&D fund (columns of the Population). Only this module writes
them, so the accounting identity

    held = initial_capital + seed_capital + revenue - wages - project_spending + public_to_firms

can be checked on every step: the Ledger is a dict of those running totals, in euros. It also keeps
each firm's revenue, project spending and R&D set aside over the year so far and over the last
full year (`FIRM_FLOWS`), so that R&D intensity can be read firm by firm. The R&D fund is a yearly
flow, not a hoard: at each year's end, what it holds beyond that year's contributions returns to
capital, so money set aside for R&D is spent within about a year or given back.
"""

from __future__ import annotations

import numpy as np

ACCOUNTS = ("initial_capital", "revenue", "wages", "project_spending", "public_to_firms", "seed_capital")
FIRM_FLOWS = ("revenue", "project_spending", "rd_set_aside")  # flows also kept per firm, year by year


class Ledger(dict):
    """Running totals by account; its methods are the only ways money moves."""

    def __init__(self, pop):
        super().__init__(dict.fromkeys(ACCOUNTS, 0.0))
        self.pop = pop
        self.this_year = {name: np.zeros(pop.capacity) for name in FIRM_FLOWS}  # per slot, since the year began
        self.last_year = {name: np.zeros(0) for name in FIRM_FLOWS}  # per slot, the last full year (close_year)

    def _flow(self, name: str) -> np.ndarray:
        """This year's running total of `name` per slot, grown with the population."""
        flow = self.this_year[name]
        if len(flow) < self.pop.n:
            flow = self.this_year[name] = np.concatenate([flow, np.zeros(self.pop.capacity - len(flow))])
        return flow

    def close_year(self) -> None:
        """End the firms' year: R&D funds beyond the year's contributions return to capital, the per-slot flows
        become `last_year` and a new year starts from zero."""
        n, pop = self.pop.n, self.pop
        unspent = np.maximum(pop.rd_fund[:n] - self._flow("rd_set_aside")[:n], 0.0)
        pop.rd_fund[:n] -= unspent
        pop.capital[:n] += unspent
        self.last_year = {name: self._flow(name)[:n].copy() for name in FIRM_FLOWS}
        for flow in self.this_year.values():
            flow[:] = 0.0

    def open_accounts(self, slots: np.ndarray, capital: np.ndarray, rd_fund: np.ndarray) -> None:
        """The money firms hold when the model starts (zero for non-firms)."""
        self.pop.capital[slots] = capital
        self.pop.rd_fund[slots] = rd_fund

    def count_opening(self, firms: np.ndarray) -> None:
        pop = self.pop
        self["initial_capital"] = float(pop.capital[: pop.n][firms].sum() + pop.rd_fund[: pop.n][firms].sum())

    def seed(self, slots: np.ndarray, amount: np.ndarray | float) -> None:
        """Start-up capital of new firms (one amount for all, or one each), brought in by their founders."""
        self.pop.capital[slots] = amount
        self["seed_capital"] += float(np.broadcast_to(amount, len(slots)).sum())

    def operate(self, revenue: np.ndarray, wages: np.ndarray, rd: np.ndarray) -> np.ndarray:
        """A month of business for every slot in use: revenue in, wages out, a share into the R&D fund; returns profit."""
        n = self.pop.n
        profit = revenue - wages - rd
        self.pop.capital[:n] += profit
        self.pop.rd_fund[:n] += rd
        self["revenue"] += float(revenue.sum())
        self["wages"] += float(wages.sum())
        self._flow("revenue")[:n] += revenue
        self._flow("rd_set_aside")[:n] += rd
        return profit

    def pay_projects(self, payers: np.ndarray, paid: np.ndarray) -> None:
        """Project shares, from the R&D fund while it lasts, then from capital.

        A firm paying two shares in one month draws each on its fund as it stood, so the fund can
        go below zero; the identity above still holds.
        """
        pop = self.pop
        from_fund = np.minimum(paid, np.maximum(pop.rd_fund[payers], 0.0))
        np.subtract.at(pop.rd_fund, payers, from_fund)
        np.subtract.at(pop.capital, payers, paid - from_fund)
        self["project_spending"] += float(paid.sum())
        np.add.at(self._flow("project_spending"), payers, paid)

    def grant(self, payees: np.ndarray, amounts: np.ndarray) -> None:
        """Public money paid into firms' capital (R&D tax credit)."""
        np.add.at(self.pop.capital, payees, amounts)
        self["public_to_firms"] += float(amounts.sum())

    def grant_each(self, payees: np.ndarray, amount: float) -> None:
        """The same public amount to each of `payees` (a mask over the slots in use): incubator places."""
        self.pop.capital[: self.pop.n][payees] += amount
        self["public_to_firms"] += amount * payees.sum()
