"""Firms' money moves through one place: only `sim.model.ledger` writes capital and R&D funds."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import sim.model
from sim.model.ledger import Ledger
from sim.model.population import Population

MONEY = {"capital", "rd_fund"}
OWNERS = {"ledger.py", "population.py"}  # the ledger moves money; the population only allocates the columns


def money_writes(source: str) -> list[int]:
    """Lines that assign to, add into, copy into or compute `out=` a `.capital` or `.rd_fund` column,
    or name one as a keyword (`pop.add(capital=...)`)."""
    def is_money(node) -> bool:
        while isinstance(node, ast.Subscript):
            node = node.value
        return isinstance(node, ast.Attribute) and node.attr in MONEY

    lines = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        if any(is_money(t) for t in targets):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            writes_first = isinstance(node.func, ast.Attribute) and node.func.attr in ("at", "copyto", "put", "place")
            if ((writes_first and node.args and is_money(node.args[0]))
                    or any(k.arg == "out" and is_money(k.value) or k.arg in MONEY for k in node.keywords)):
                lines.append(node.lineno)
    return lines


def test_the_checker_sees_each_way_of_writing_money():
    bad = ("pop.capital[:n] += x\npop.rd_fund[s] = 0\nnp.add.at(pop.capital, s, v)\nnp.subtract.at(pop.rd_fund, s, v)\n"
           "np.copyto(pop.rd_fund, v)\nnp.add(a, b, out=pop.capital)\npop.add(3, capital=v)\ny = pop.capital[s]\n")
    assert money_writes(bad) == [1, 2, 3, 4, 5, 6, 7]


def test_new_rows_cannot_carry_money():
    with pytest.raises(ValueError, match="capital are booked by the Ledger"):
        Population(4, 2).add(1, firm=True, capital=5.0)


def test_only_the_ledger_writes_firms_money():
    folder = Path(sim.model.__file__).parent
    found = {p.name: money_writes(p.read_text(encoding="utf-8")) for p in folder.glob("*.py") if p.name not in OWNERS}
    assert not {name: lines for name, lines in found.items() if lines}


def test_each_movement_is_booked_in_its_account():
    pop = Population(8, 2)
    slots = pop.add(4, firm=True)
    ledger = Ledger(pop)
    ledger.open_accounts(slots, np.full(4, 100.0), np.full(4, 10.0))
    ledger.count_opening(pop.mask(firm=True))
    profit = ledger.operate(np.full(4, 50.0), np.full(4, 30.0), np.full(4, 5.0))
    np.testing.assert_allclose(profit, 15.0)
    # slot 1 pays more than its fund holds; slot 0 pays two shares, each drawn on the fund as it stood
    ledger.pay_projects(np.array([0, 0, 1]), np.array([12.0, 12.0, 40.0]))
    ledger.grant(np.array([1]), np.array([4.0]))
    ledger.grant_each(np.array([False, False, True, True]), 2.0)
    ledger.seed(pop.add(1, firm=True), 7.0)
    np.testing.assert_allclose(pop.rd_fund[:5], [15.0 - 24.0, 0.0, 15.0, 15.0, 0.0])
    np.testing.assert_allclose(pop.capital[:5], [115.0, 115.0 - 25.0 + 4.0, 117.0, 117.0, 7.0])
    held = pop.capital[:5].sum() + pop.rd_fund[:5].sum()
    expected = (ledger["initial_capital"] + ledger["seed_capital"] + ledger["revenue"] - ledger["wages"]
                - ledger["project_spending"] + ledger["public_to_firms"])
    assert held == pytest.approx(expected)
    assert ledger["project_spending"] == 64.0 and ledger["public_to_firms"] == 8.0
