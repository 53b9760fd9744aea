"""Invariants checked on every step of several seeded runs, in contrasting scenarios.

Trust stays in [0, 1] with sorted unique keys; counts agree with the agents Mesa holds; nothing
that should be non-negative goes negative; every euro of firms' money and of the public budget
is accounted for; agents that exit take no part in anything that starts after they left.
"""

from __future__ import annotations

import numpy as np
import pytest

from model_helpers import SMALL, record_meetings
from sim.model.agents import Firm
from sim.model import ClusterModel
from sim.model.ledger import ACCOUNTS as LEDGER
from sim.model.outputs import KINDS, OUTPUTS
from sim.model.policy import CATEGORIES
from sim.runs.scenarios import load

SEEDS = (21, 22, 23)
STEPS = 72
SCENARIOS = {
    "baseline": {},
    "lax_ip": load("lax_ip").overrides,
    "no_support": load("no_support").overrides,
    # a tight budget: rationing of every public lever, and many exits
    "tight": dict(public_budget=1500.0, fixed_cost=40.0, exit_months=3),
}
COUNT_OUTPUTS = [name for name in OUTPUTS if name.startswith("agents_")] + [
    "births", "deaths", "startups_alive", "innovations_incremental", "innovations_radical", "innovations",
    "projects_active", "projects_launched", "ip_conflicts", "job_moves", "talent_employed", "talent_available",
    "public_spending", "public_spending_total", "innovations_total"]
SHARES = ["collaborative_share", "remote_collab_share", "mean_trust", "trust_density", "clustering",
          "giant_component", "knowledge_diversity", "tacit_share", "capital_gini"]


class Tracker:
    """What the checks need to remember between steps."""

    def __init__(self, model):
        pop = model.pop
        self.n0 = pop.n
        self.seen = pop.n  # slots checked so far
        self.seeded = 0.0  # seed capital of the startups born since the start, as they held it at birth
        self.exited_at = {}  # slot -> step at which it left
        self.left = model.budget.left
        self.year_spent = 0.0
        self.public_total = 0.0


def check(model: ClusterModel, tr: Tracker) -> None:
    pop, p, step = model.pop, model.p, model.steps
    n = pop.n
    active = pop.active[:n]
    row = model.indicators

    # trust
    net = model.trust
    assert np.isfinite(net.trust).all()
    assert ((net.trust >= 0) & (net.trust <= 1)).all()
    assert (np.diff(net.key) > 0).all(), "trust keys not sorted or not unique"
    a, b = net.ends()
    assert (a < b).all() and (b < n).all()
    assert ((net.remote_meetings >= 0) & (net.remote_meetings <= net.meetings)).all()
    assert (net.last <= step).all()

    # counts
    for name in COUNT_OUTPUTS:
        assert row[name] >= 0, name
    for name in SHARES:
        assert 0 <= row[name] <= 1 + 1e-12, name
    kinds = np.bincount(pop.kind[:n][active], minlength=len(KINDS))
    for i, kind in enumerate(KINDS):
        assert row[f"agents_{kind}"] == kinds[i], kind
    assert row["startups_alive"] == row["agents_startup"]
    assert len(model.agents) == int(active.sum())
    slots = np.array(sorted(agent.slot for agent in model.agents))
    assert (slots == np.flatnonzero(active)).all()
    assert len(model.agents_by_type.get(Firm, [])) == int((active & pop.firm[:n]).sum())
    assert all(pop.uid[agent.slot] == agent.unique_id for agent in model.agents)
    assert row["projects_active"] == len(model.projects)
    members = model.projects.members
    assert (pop.busy[:n] == np.bincount(members[members >= 0], minlength=n)).all()
    assert 0 <= model.platforms.used == int(model.projects.platform.sum()) <= model.platforms.capacity

    # people and knowledge
    assert (pop.staff[:n] >= 0).all() and model.talent.people >= 0
    assert 0 <= model.talent.skill <= 1 and ((pop.skill[:n] >= 0) & (pop.skill[:n] <= 1)).all()
    k = pop.know[:n] if hasattr(pop, "know") else np.stack([pop.codified[:n], pop.tacit[:n]], axis=1)
    assert np.isfinite(k).all() and (k >= 0).all()
    assert (pop.staff[:n][~active] == 0).all()

    # births and exits
    newly = np.flatnonzero(~active)
    for slot in newly:
        tr.exited_at.setdefault(int(slot), step)
    assert len(tr.exited_at) == n - int(active.sum())
    df = model.datacollector.get_model_vars_dataframe()
    assert df["deaths"].sum() == len(tr.exited_at)
    assert df["births"].sum() == n - tr.n0
    # births come after the month's business: a startup born this month still holds its seed capital, all of it
    born = pop.capital[tr.seen:n]
    assert (born > 0).all() or p["startup_capital"] == 0
    tr.seeded += born.sum()
    tr.seen = n
    assert model.ledger["seed_capital"] == pytest.approx(tr.seeded)
    assert df["innovations"].sum() == row["innovations_total"] == model.innovations_total
    # exited agents are in no project launched after they left
    started = model.projects.start == step
    gone = np.array([s for s, at in tr.exited_at.items() if at < step], dtype=np.int64)
    assert not np.isin(members[started], gone).any()
    joined = members[started][members[started] >= 0]
    assert all(tr.exited_at[s] == step for s in joined[~pop.active[joined]])  # only if they left later this month

    # firms' money: every slot that was ever a firm, active or not
    firm = pop.firm[:n]
    held = pop.capital[:n][firm].sum() + pop.rd_fund[:n][firm].sum()
    L = model.ledger
    assert set(L) == set(LEDGER)
    expected = (L["initial_capital"] + L["seed_capital"] + L["revenue"] - L["wages"]
                - L["project_spending"] + L["public_to_firms"])
    assert held == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert all(L[key] >= 0 for key in ("revenue", "wages", "project_spending", "public_to_firms", "seed_capital"))

    # public money
    budget = model.budget
    assert set(budget.total) == set(CATEGORIES)
    assert all(v >= 0 for v in budget.total.values()) and all(v >= 0 for v in budget.month.values())
    assert row["public_spending"] == pytest.approx(sum(budget.month.values()))
    assert row["public_spending_total"] == pytest.approx(sum(budget.total.values()))
    tr.public_total += row["public_spending"]
    assert tr.public_total == pytest.approx(row["public_spending_total"])
    assert L["public_to_firms"] == pytest.approx(budget.total["tax_credit"] + budget.total["incubator"])
    assert budget.left >= 0
    january = (step - 1) % 12 == 0
    start = p["public_budget"] if january else tr.left
    assert budget.left == pytest.approx(start - row["public_spending"], abs=1e-6)
    tr.year_spent = (0.0 if january else tr.year_spent) + row["public_spending"]
    assert tr.year_spent <= p["public_budget"] * (1 + 1e-12)
    tr.left = budget.left


def _cases():
    for name in SCENARIOS:
        for seed in SEEDS:
            yield pytest.param(name, seed, id=f"{name}-{seed}")


@pytest.mark.parametrize("scenario, seed", list(_cases()))
def test_invariants_hold_on_every_step(scenario, seed):
    model = ClusterModel(rng=seed, **(SMALL | SCENARIOS[scenario]))
    tracker = Tracker(model)
    assert model.ledger["initial_capital"] > 0
    for _ in range(STEPS):
        model.step()
        check(model, tracker)
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == STEPS + 1 and list(df.columns) == list(OUTPUTS)
    # the run exercised what the invariants are about
    assert df["projects_launched"].sum() > 0 and df["births"].sum() > 0
    if scenario == "tight":
        assert len(tracker.exited_at) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_exited_agents_get_no_new_trust_updates(seed):
    model = ClusterModel(rng=seed, **(SMALL | SCENARIOS["tight"]))
    log = record_meetings(model)
    exited_at = {}
    for _ in range(STEPS):
        keys, trust = model.trust.key.copy(), model.trust.trust.copy()
        model.step()
        step = model.steps
        gone = np.array([s for s, at in exited_at.items() if at < step], dtype=np.int64)
        if len(gone):
            # no meeting with them
            met = [np.r_[a, b] for at, a, b in log if at == step]
            assert met and not np.isin(np.concatenate(met), gone).any(), "an exited agent was met"
            # no tie of theirs created or strengthened: only decay may touch it
            lo, hi = model.trust.ends()
            theirs = np.isin(lo, gone) | np.isin(hi, gone)
            pos = np.minimum(np.searchsorted(keys, model.trust.key), max(len(keys) - 1, 0))
            existed = (keys[pos] == model.trust.key) if len(keys) else np.zeros(len(lo), bool)
            assert not (theirs & ~existed).any(), "a new tie with an exited agent"
            assert not (theirs & existed & (model.trust.trust > trust[pos] * (1 + 1e-12))).any(), \
                "trust in an exited agent rose"
            assert (model.trust.last[theirs] < step).all()
        for slot in np.flatnonzero(~model.pop.active[: model.pop.n]):
            exited_at.setdefault(int(slot), step)
    assert exited_at  # the scenario makes firms exit
