"""Open-innovation projects: launch, team formation, and outcomes.

A firm with R&D funds launches a project, alone or, if it is open, with trusted partners
chosen for complementary knowledge (labs, technical centres and outside partners can join).
Success needs both feasibility, which falls with the partners' cognitive distance relative to
their pooled absorptive capacity, and novelty, which rises with it: the inverted U of success
in cognitive distance is not written anywhere, it comes out of these two forces. Novelty is judged
against the world: a team whose knowledge is ahead of the world's level finds its market more
easily, so knowledge brought in from outside pays. A success creates knowledge, half of it by
recombination in a domain next to what the team knows but that no member held strongly. IP
strictness adds time and cost and holds opportunists back; platforms cut cost while they have room.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from sim.model.knowledge import SOURCE, cognitive_distance, relatedness
from sim.model.population import LAB, REMOTE, TECH_CENTRE
from sim.model.trust import pair_keys

NOVELTY_NOISE = 0.2  # novelty of a project with no cognitive or cultural distance is uniform below this
CULTURE_NOVELTY = 0.5  # novelty added per unit of cultural distance
LEARNING = (0.3, 0.1)  # share of the gap to the best member's tacit knowledge learnt on success, failure
CREATION = 0.1  # new codified knowledge on success, per unit of novelty, relative to the members' mean
RECOMBINATION = 0.5  # share of the new knowledge created in one recombined domain rather than across the team's
FRONTIER_CAP = 2.0  # a team's best knowledge counts at most this many times the world's level in its market
RADICAL_REVENUE = 3.0  # a radical innovation earns this many times an incremental one
PUBLIC_SLOTS = {LAB: 3, TECH_CENTRE: 3, REMOTE: 2}  # projects a non-firm partner joins at once
FIRM_SLOT_STAFF = 100  # a firm runs one project at once, plus one per this many staff
SIZE_REF_STAFF = 20  # launch propensity grows with the square root of staff over this


def firm_slots(staff: np.ndarray) -> np.ndarray:
    return 1 + (staff // FIRM_SLOT_STAFF).astype(np.int32)


class ProjectBook:
    """Projects under way as arrays; finished ones leave a row in `history`."""

    def __init__(self, max_partners: int):
        self.width = 1 + max_partners
        self.members = np.empty((0, self.width), dtype=np.int64)
        self.fields = {"end": np.int32, "cost": float, "distance": float, "novelty": float,
                       "p_success": float, "p_conflict": float, "platform": bool, "remote": bool, "start": np.int32}
        for name, dtype in self.fields.items():
            setattr(self, name, np.empty(0, dtype=dtype))
        self.history: list[dict] = []

    def __len__(self) -> int:
        return len(self.members)

    @property
    def collaborative(self) -> np.ndarray:
        return (self.members[:, 1:] >= 0).any(axis=1)

    def add(self, members: np.ndarray, **values) -> None:
        self.members = np.vstack([self.members, members])
        for name in self.fields:
            setattr(self, name, np.concatenate([getattr(self, name), values[name]]))

    def take(self, sel: np.ndarray) -> dict:
        """Remove the selected projects and return their data."""
        out = {"members": self.members[sel], **{n: getattr(self, n)[sel] for n in self.fields}}
        self.members = self.members[~sel]
        for name in self.fields:
            setattr(self, name, getattr(self, name)[~sel])
        return out


def member_pairs(members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of members of every project (columns, not agents, are looped over)."""
    a, b = [], []
    for i, j in combinations(range(members.shape[1]), 2):
        ok = (members[:, i] >= 0) & (members[:, j] >= 0)
        a.append(members[ok, i])
        b.append(members[ok, j])
    return (np.concatenate(a), np.concatenate(b)) if a else (np.empty(0, int), np.empty(0, int))


def free_slots(pop) -> np.ndarray:
    """Projects each agent can still join this month (0 for those that never join)."""
    n = pop.n
    cap = np.zeros(n, dtype=np.int32)
    firms = pop.firm[:n]
    cap[firms] = firm_slots(pop.staff[:n][firms])
    for kind, slots in PUBLIC_SLOTS.items():
        cap[pop.kind[:n] == kind] = slots
    return np.where(pop.active[:n], np.maximum(cap - pop.busy[:n], 0), 0)


def _rank(groups: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal values (`groups` sorted)."""
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    return np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)]))


def choose_partners(pop, p, rng, trust, launchers: np.ndarray, wanted: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Members matrix: each launcher with up to `wanted` trusted partners, the most complementary first."""
    members = np.full((len(launchers), 1 + p["max_partners"]), -1, dtype=np.int64)
    members[:, 0] = launchers
    u, v, level = trust.strong(p["partner_trust_threshold"])
    row_of = np.full(pop.n, -1)
    row_of[launchers] = np.arange(len(launchers))
    lead = np.concatenate([u, v])
    cand = np.concatenate([v, u])
    t = np.concatenate([level, level])
    ok = (row_of[lead] >= 0) & (row_of[cand] < 0) & (room[cand] > 0)
    lead, cand, t = lead[ok], cand[ok], t[ok]
    if len(lead) == 0:
        return members
    k_lead = pop.knowledge_of(lead)
    complement = np.maximum(0.0, pop.knowledge_of(cand) - k_lead).sum(axis=1) / np.maximum(k_lead.sum(axis=1), 1e-12)
    score = complement * t
    # a random priority among launchers decides who gets a partner wanted by several
    priority = rng.permutation(len(launchers))[row_of[lead]]
    order = np.lexsort((-score, priority))
    lead, cand, priority = lead[order], cand[order], priority[order]
    top = _rank(priority) < wanted[row_of[lead]]
    lead, cand, priority = lead[top], cand[top], priority[top]
    _, first = np.unique(cand, return_index=True)
    first.sort()
    lead, cand, priority = lead[first], cand[first], priority[first]
    members[row_of[lead], 1 + _rank(priority)] = cand
    return members


def launch(pop, p, rng, *, book: ProjectBook, trust, platforms: Platforms, budget, ledger, absorptive: np.ndarray,
           reference: float, now: int, under_way: bool = False) -> int:
    """Firms with R&D funds start projects; return how many started.

    Changes: `book` (new projects), agents' `busy`, `platforms` slots, the public `budget`
    (subsidies, tax credit) and firms' money through `ledger`. With `under_way`, the projects are
    those already running when the model starts: they end at random within one duration, so
    outcomes flow from the first months.
    """
    n = pop.n
    room = free_slots(pop)
    firms = np.flatnonzero(pop.firm[:n] & (room > 0))
    overhead = 1.0 + p["ip_overhead"] * p["ip_strictness"]
    months = max(1, int(round(p["project_months"] * overhead)))
    chance = p["project_propensity"] * np.sqrt(pop.staff[firms] / SIZE_REF_STAFF) * (months if under_way else 1)
    firms = firms[rng.random(len(firms)) < chance]
    if len(firms) == 0:
        return 0
    base_cost = p["project_cost"] * overhead
    # a firm starts only if its R&D fund could pay the cheapest share it may end up with
    firms = firms[pop.rd_fund[firms] >= base_cost * (1 - p["platform_discount"]) * (1 - p["subsidy_rate"]) / 2]
    if len(firms) == 0:
        return 0
    open_ = rng.random(len(firms)) < pop.openness[firms]
    wanted = np.where(open_, rng.integers(1, p["max_partners"] + 1, size=len(firms)), 0)
    members = choose_partners(pop, p, rng, trust, firms, wanted, room)
    size = (members >= 0).sum(axis=1)
    collab = size > 1

    platform = platforms.claim(rng, len(firms))
    cost = base_cost * np.where(platform, 1.0 - p["platform_discount"], 1.0)
    subsidy = np.where(collab, cost * p["subsidy_rate"], 0.0)
    is_firm = np.where(members >= 0, pop.firm[np.maximum(members, 0)], False)
    share = (cost - subsidy) / is_firm.sum(axis=1)
    go = pop.rd_fund[firms] >= share
    platforms.release(int((platform & ~go).sum()))
    members, cost, subsidy, share, platform, collab, is_firm = (
        x[go] for x in (members, cost, subsidy, share, platform, collab, is_firm))
    if len(members) == 0:
        return 0
    subsidy = subsidy * budget.request("subsidies", subsidy.sum())

    # firms pay their share from their R&D fund, the rest from capital; the tax credit refunds part
    payers = members[is_firm]
    paid = np.repeat((cost - subsidy) / is_firm.sum(axis=1), is_firm.sum(axis=1))
    ledger.pay_projects(payers, paid)
    credit = paid * budget.request("tax_credit", p["rd_tax_credit"] * paid.sum())
    credit *= p["rd_tax_credit"]
    ledger.grant(payers, credit)

    _register(pop, p, rng, book, trust, absorptive, reference, members, cost, platform, months, now, under_way)
    return len(members)


def _register(pop, p, rng, book, trust, absorptive, reference, members, cost, platform, months: int, now: int,
              under_way: bool) -> None:
    lead = np.repeat(members[:, 0], members.shape[1] - 1)
    part = members[:, 1:].ravel()
    ok = part >= 0
    d = np.zeros(len(part))
    d[ok] = cognitive_distance(pop.knowledge_of(lead[ok]), pop.knowledge_of(part[ok]))
    cult = np.zeros(len(part))
    cult[ok] = np.abs(pop.culture[lead[ok]] - pop.culture[part[ok]])
    rows = trust.find(pair_keys(lead[ok], part[ok]))
    row = np.maximum(rows, 0)
    t = np.zeros(len(part))
    t[ok] = np.where(rows >= 0, trust.trust[row], 0.0)
    remote_tie = np.zeros(len(part), bool)
    remote_tie[ok] = np.where(rows >= 0, trust.is_remote(row), False) | pop.remote[part[ok]]
    shape = (len(members), members.shape[1] - 1)
    n_part = np.maximum(ok.reshape(shape).sum(axis=1), 1)
    distance = d.reshape(shape).sum(axis=1) / n_part
    culture = cult.reshape(shape).sum(axis=1) / n_part
    mean_trust = t.reshape(shape).sum(axis=1) / n_part

    absorb = absorptive[np.maximum(members, 0)]
    pooled = 1.0 - np.prod(np.where(members >= 0, 1.0 - absorb, 1.0), axis=1)
    novelty = distance + CULTURE_NOVELTY * culture + rng.uniform(0.0, NOVELTY_NOISE, size=len(members))
    feasibility = np.exp(-distance / (p["feasibility_scale"] * np.maximum(pooled, 1e-6)))
    # against the world: the team's best knowledge relative to the world's level scales what its novelty is worth
    level = np.where(members >= 0, pop.know[np.maximum(members, 0)].sum(axis=(2, 3)), 0.0)
    ahead = level.max(axis=1) / max(reference, 1e-12)
    market = 1.0 - np.exp(-novelty * np.minimum(ahead, FRONTIER_CAP) / p["market_novelty"])
    opportunist = (np.where(members >= 0, pop.opportunist[np.maximum(members, 0)], False)).any(axis=1)
    collab = (members[:, 1:] >= 0).any(axis=1)
    p_conflict = np.where(collab & opportunist, p["conflict_risk"] * (1 - p["ip_strictness"]) * (1 - mean_trust), 0.0)
    end = rng.integers(1, months + 1, size=len(members)) if under_way else np.full(len(members), now + months)
    np.add.at(pop.busy, members[members >= 0], 1)
    book.add(
        members, end=end.astype(np.int32), cost=cost, distance=distance,
        novelty=novelty, p_success=p["base_success"] * feasibility * market, p_conflict=p_conflict,
        platform=platform, remote=remote_tie.reshape(shape).any(axis=1),
        start=np.full(len(members), now, np.int32))


def resolve(pop, p, rng, *, book: ProjectBook, trust, platforms: Platforms, now: int,
            flows: np.ndarray) -> tuple[dict, dict | None]:
    """Projects that end this month succeed, fail or break in an IP conflict.

    Changes: `book` (ended projects leave), `platforms` slots, members' knowledge (what they learn
    is added to `flows`), revenue streams and innovation counts, and `trust` among members (their ties
    have served). Returns the month's counts and
    the ended projects' records (None when none ended), with their members' slots (-1 pads).
    """
    counts = {"incremental": 0, "radical": 0, "collaborative": 0, "conflicts": 0}
    leader_gone = ~pop.active[book.members[:, 0]] if len(book) else np.zeros(0, bool)
    done = (book.end <= now) | leader_gone
    if not done.any():
        return counts, None
    pr = book.take(done)
    members = pr["members"]
    valid = members >= 0
    np.subtract.at(pop.busy, members[valid], 1)
    platforms.release(int(pr["platform"].sum()))
    alive = ~leader_gone[done]
    conflict = alive & (rng.random(len(members)) < pr["p_conflict"])
    success = alive & ~conflict & (rng.random(len(members)) < pr["p_success"])
    radical = success & (pr["novelty"] >= p["radical_threshold"])
    collab = valid[:, 1:].any(axis=1)

    counts.update(incremental=int((success & ~radical).sum()), radical=int(radical.sum()),
                  collaborative=int((success & collab).sum()), conflicts=int(conflict.sum()))
    _learn(pop, rng, members, success, conflict, pr["novelty"], flows)
    _pay_off(pop, p, members, success, radical)
    present = np.where(valid & pop.active[np.maximum(members, 0)], members, -1)  # members who have not exited
    trust.ensure(*member_pairs(present[alive]))
    for outcome, kwargs in ((success, {"gain": p["trust_gain_success"]}),
                            (alive & ~success & ~conflict, {"loss": p["trust_loss_failure"]}),
                            (conflict, {"loss": p["trust_collapse"]})):
        trust.shift(*member_pairs(present[outcome]), now, **kwargs)
    return counts, {
        "step": np.full(len(members), now), "start": pr["start"], "size": valid.sum(axis=1),
        "distance": pr["distance"], "novelty": pr["novelty"], "platform": pr["platform"],
        "remote": pr["remote"], "leader_kind": pop.kind[members[:, 0]], "success": success,
        "radical": radical, "conflict": conflict, "cost": pr["cost"], "members": members}


def _learn(pop, rng, members, success, conflict, novelty, flows: np.ndarray) -> None:
    """Partners learn each other's tacit know-how; success creates new codified knowledge.

    In a conflict only opportunists learn: they appropriate their partners' knowledge. Of what a
    success creates, the share RECOMBINATION goes to one domain drawn in proportion to how related
    it is to the team's pooled knowledge and how weakly the team's best member holds it: new
    combinations open or deepen domains (Weitzman 1998). What members learn goes to `flows`.
    """
    safe = np.maximum(members, 0)
    valid = (members >= 0) & pop.active[safe]
    tacit = np.where(valid[..., None], pop.tacit[safe], 0.0)
    best = tacit.max(axis=1, keepdims=True)
    rate = np.where(success, LEARNING[0], LEARNING[1])[:, None]
    learner = valid & ~pop.remote[safe] & (~conflict[:, None] | pop.opportunist[safe])
    know = np.where(valid[..., None], pop.knowledge[safe], 0.0)
    gain = rate[..., None] * np.maximum(0.0, best - tacit) * learner[..., None] * relatedness(know)
    outside = (valid & pop.remote[safe]).any(axis=1)
    flows[1] += np.bincount(np.where(outside, SOURCE["project_outside"], SOURCE["project"]),
                            weights=gain.sum(axis=(1, 2)), minlength=flows.shape[1])
    mean = know.sum(axis=1) / np.maximum(valid.sum(axis=1), 1)[:, None]
    held = know.max(axis=1)
    weight = relatedness(know.sum(axis=1)) * (1.0 - held / np.maximum(held.max(axis=1, keepdims=True), 1e-12)) + 1e-9
    cum = np.cumsum(weight, axis=1)
    domain = np.minimum((cum < rng.random((len(members), 1)) * cum[:, -1:]).sum(axis=1), know.shape[2] - 1)
    recombined = np.zeros_like(mean)
    recombined[np.arange(len(members)), domain] = mean.sum(axis=1)
    amount = (CREATION * novelty * success)[:, None] * ((1 - RECOMBINATION) * mean + RECOMBINATION * recombined)
    created = amount[:, None, :] * valid[..., None]
    np.add.at(pop.tacit, members[valid], gain[valid])
    np.add.at(pop.codified, members[valid], created[valid])


def _pay_off(pop, p, members, success, radical) -> None:
    """Every firm in a successful project brings the innovation to its market."""
    revenue = p["innovation_revenue"] * np.where(radical, RADICAL_REVENUE, 1.0)
    safe = np.maximum(members, 0)
    win = (members >= 0) & success[:, None] & pop.firm[safe] & pop.active[safe]
    np.add.at(pop.product_revenue, members[win], np.broadcast_to(revenue[:, None], members.shape)[win])
    np.add.at(pop.innovations, members[win], 1)


class Platforms:
    """Shared platforms: slots held by technical centres plus those bought by public investment."""

    def __init__(self):
        self.capacity = 0
        self.used = 0

    def claim(self, rng, n: int) -> np.ndarray:
        """Give free slots to `n` projects in random order; True where a project got one."""
        free = max(self.capacity - self.used, 0)
        got = np.zeros(n, bool)
        got[rng.permutation(n)[: min(free, n)]] = True
        self.used += int(got.sum())
        return got

    def release(self, n: int) -> None:
        self.used -= n
