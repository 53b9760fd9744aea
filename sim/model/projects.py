"""Open-innovation projects: launch, team formation, and outcomes.

A firm with R&D funds launches a project, alone or, if it looks for partners for this idea (as
often as it is open, times the share of ideas firms weigh with partners), with trusted partners
chosen for complementary knowledge (labs, technical centres and outside partners can join); partners
take months to agree a project's terms before it starts.
Success needs both feasibility, which falls with the partners' cognitive distance relative to
their pooled absorptive capacity, and novelty, which rises with it: the inverted U of success
in cognitive distance is not written anywhere, it comes out of these two forces. Novelty is judged
against the world: a team whose knowledge is ahead of the world's level finds its market more
easily, so knowledge brought in from outside pays. A success creates knowledge, half of it by
recombination in a domain next to what the team knows but that no member held strongly. Some
ideas need equipment: a team with a large firm or a technical centre has it, others buy access or
take a free platform slot. IP strictness adds time and cost and holds opportunists back; under lax
rules honest firms count the risk of a conflict and hold back know-how from partners they do not yet
trust, and word of a conflict spreads to the victims' trusted contacts. Joint projects apply to a call
for their subsidy: the call selects the most promising share of them, and a subsidised project waits
for its answer.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from sim.model.kernels import by_group_then_score, complement, member_pairs
from sim.model.knowledge import SOURCE, cognitive_distance, relatedness
from sim.model.population import LAB, LARGE_STAFF, REMOTE, TECH_CENTRE
from sim.model.trust import pair_keys

NOVELTY_NOISE = 0.2  # novelty of a project with no cognitive or cultural distance is uniform below this
CULTURE_NOVELTY = 0.5  # novelty added per unit of cultural distance
LEARNING = (0.3, 0.1)  # share of the gap to the best member's tacit knowledge learnt on success, failure
CREATION = 0.1  # new codified knowledge on success, per unit of novelty, relative to the members' mean
RECOMBINATION = 0.5  # share of the new knowledge created in one recombined domain rather than across the team's
FRONTIER_CAP = 2.0  # a team's best knowledge counts at most this many times the world's level in its market
RADICAL_REVENUE = 3.0  # a radical innovation earns this many times an incremental one of the same value
HURDLE = 0.01  # monthly rate at which firms discount an innovation's future revenue (about 12.7 % a year)
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
        self.fields = {"end": np.int32, "cost": float, "distance": float, "novelty": float, "value": float,
                       "p_success": float, "p_conflict": float, "trust": float, "equipment": bool, "platform": bool, "remote": bool,
                       "subsidised": bool, "start": np.int32}
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


def ending_pairs(pop, book: ProjectBook, now: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs whose ties `resolve` updates at month `now`: members still here of the projects that end then with
    their leader (whatever their outcome). Known from the month's start: nothing before `resolve` changes them."""
    if len(book) == 0:
        return np.empty(0, int), np.empty(0, int)
    leader_here = pop.active[book.members[:, 0]]
    members = book.members[(book.end <= now) & leader_here]
    return member_pairs(np.where((members >= 0) & pop.active[np.maximum(members, 0)], members, -1))


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
    """Position of each element within its run of equal values (`groups` sorted): less its run's first."""
    return np.arange(len(groups)) - np.searchsorted(groups, groups)


def choose_partners(pop, p, rng, trust, launchers: np.ndarray, wanted: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Members matrix: each launcher with up to `wanted` trusted partners, the most complementary first."""
    members = np.full((len(launchers), 1 + p["max_partners"]), -1, dtype=np.int64)
    members[:, 0] = launchers
    row_of = np.full(pop.n, -1)
    row_of[launchers] = np.arange(len(launchers))
    lead, cand, t = trust.strong_of(launchers, p["partner_trust_threshold"])
    ok = (row_of[cand] < 0) & (room[cand] > 0)
    lead, cand, t = lead[ok], cand[ok], t[ok]
    if len(lead) == 0:
        return members
    score = complement(pop.know, lead, cand) * t
    # a random priority among launchers decides who gets a partner wanted by several
    priority = rng.permutation(len(launchers))[row_of[lead]]
    order = by_group_then_score(priority, score)  # numpy's lexsort((-score, priority))
    lead, cand, priority = lead[order], cand[order], priority[order]
    top = _rank(priority) < wanted[row_of[lead]]
    lead, cand, priority = lead[top], cand[top], priority[top]
    _, first = np.unique(cand, return_index=True)
    first.sort()
    lead, cand, priority = lead[first], cand[first], priority[first]
    members[row_of[lead], 1 + _rank(priority)] = cand
    return members


def draw_ideas(pop, p, rng, under_way: bool = False) -> dict:
    """The month's ideas: which firms with room for a project have one (a chance of `project_propensity`,
    more for larger firms) and the R&D funds to start it, and for each its value (`idea_values`), whether it
    needs equipment, how many partners its leader looks for and its novelty's own noise. They depend on no
    knowledge and no tie: drawn before the month's knowledge flows, the leaders' trusted ties can be looked
    up meanwhile (`TrustNetwork.lay_out_strong`). With `under_way`, those of the projects running at the
    start (their terms agreed, applying to no call: they end at random within one duration)."""
    n = pop.n
    room = free_slots(pop)
    firms = np.flatnonzero(pop.firm[:n] & (room > 0))
    overhead = 1.0 + p["ip_overhead"] * p["ip_strictness"]
    months = max(1, int(round(p["project_months"] * overhead)))
    chance = p["project_propensity"] * np.sqrt(pop.staff[firms] / SIZE_REF_STAFF) * (months if under_way else 1)
    firms = firms[rng.random(len(firms)) < chance]
    cost = p["project_cost"] * overhead
    # a firm starts only if its R&D fund could pay the cheapest share it may end up with
    firms = firms[pop.rd_fund[firms] >= cost * (1 - p["subsidy_rate"]) / 2]
    found = dict(firms=firms, room=room, months=months, under_way=under_way)
    if len(firms) == 0:
        return found
    value = idea_values(rng, len(firms), p["idea_value_sigma"])
    needs = rng.random(len(firms)) < p["equipment_share"]
    looking = rng.random(len(firms)) < pop.openness[firms] * p["partner_search_share"]
    wanted = np.where(looking, rng.integers(1, p["max_partners"] + 1, size=len(firms)), 0)
    # the projects under way at the start agreed their terms before it
    return found | dict(wanted=wanted, cost=cost, value=value, needs=needs,
                        noise=rng.uniform(0.0, NOVELTY_NOISE, len(firms)),
                        agreement=0 if under_way else p["agreement_months"])


def launch(pop, p, rng, *, book: ProjectBook, trust, platforms: Platforms, budget, ledger, absorptive: np.ndarray,
           reference: float, now: int, ideas: dict) -> int:
    """Firms with an idea and R&D funds decide whether and with whom to carry it out; return how many started.

    An idea comes with its value (`idea_values`) and may need equipment (`equipment_share`). Its leader
    looks for partners with a chance of its openness times `partner_search_share`, and weighs the team it
    could form (trusted, complementary partners: `choose_partners`) against going alone: a team changes
    the chance of success and novelty, adds `coordination_cost` per partner, may bring equipment, waits
    `agreement_months` to agree its terms, may apply for the subsidy, and shares the revenue among its
    members (`_option`). Of the options worth more than 0 (`worth_to_each`) whose share its R&D fund
    covers, the leader takes the one worth more to it (`_decide`). A leader without equipment weighs its
    idea as if it had a platform slot, and a team as if the call selected it; the free slots then go to
    the ideas that would go ahead on one, the call selects its share of the teams that apply (`select`),
    and those refused a slot or the subsidy decide again without it (a slot freed then waits for next
    month); a leader the call refused has waited `call_months` for its answer, whichever way it then goes.
    Changes: `book` (new projects), agents' `busy`, `platforms` slots, the public `budget`
    (subsidies, tax credit) and firms' money through `ledger`. For `ideas` drawn `under_way` (`draw_ideas`),
    the projects are those already running when the model starts, so outcomes flow from the first months.
    """
    idea = dict(ideas)
    firms, room, months, under_way = (idea.pop(k) for k in ("firms", "room", "months", "under_way"))
    platforms.refused = 0
    if len(firms) == 0:
        return 0
    wanted, value, needs = idea.pop("wanted"), idea["value"], idea["needs"]
    idea["waited"] = np.zeros(len(firms), np.int64)  # months lost waiting for a call that said no
    team = choose_partners(pop, p, rng, trust, firms, wanted, room)

    def decide(rows, platform, called):
        """The choice of the leaders of `rows` (`_decide`) with these platform slots and calls."""
        part = {k: v[rows] if np.ndim(v) else v for k, v in idea.items()}
        return _decide(pop, p, trust, absorptive, reference, firms[rows], team[rows], platform[rows], called[rows], **part)

    def again(rows, platform, called):
        """The leaders of `rows` decide again; the others keep their choice."""
        new, ok = decide(rows, platform, called)
        for k, v in new.items():
            pick[k][rows] = v
        go[rows] = ok

    # a leader without equipment whose idea needs some first weighs it as if it got a platform slot (if a slot
    # saves anything), and its team as if the call selected it (projects under way at the start applied to none)
    hope = needs & ~equipped(pop, firms) & (p["equipment_cost"] * p["platform_discount"] > 0)
    called = np.full(len(firms), not under_way)
    pick, go = decide(np.arange(len(firms)), hope, called)
    # the slots go, in random order, to the ideas that would go ahead on one; those refused decide again at full price
    want = np.flatnonzero(go & pick["equipment"] & hope)
    platform = np.zeros(len(firms), bool)
    platform[want] = platforms.claim(rng, len(want))
    platforms.refused = len(want) - int(platform.sum())
    if platforms.refused:
        again(want[~platform[want]], platform, called)
    # the call selects among the teams that apply; those refused decide again without the subsidy, having waited
    # for its answer, and a slot their idea no longer takes goes back
    applied = np.flatnonzero(go & pick["subsidised"])
    merit = pick["p_success"][applied] * monthly_revenue(p, value[applied],
                                                          pick["novelty"][applied] >= p["radical_threshold"])
    refused = applied[~select(rng, merit, p["call_selection_rate"])]
    if len(refused):
        called[refused] = False
        idea["waited"][refused] = p["call_months"]
        again(refused, platform, called)
        unused = refused[platform[refused] & ~(go[refused] & pick["equipment"][refused])]
        platforms.release(len(unused))
        platform[unused] = False
    pick = {k: v[go] for k, v in pick.items()}
    members, cost, subsidy, is_firm = pick.pop("members"), pick.pop("cost"), pick.pop("subsidy"), pick.pop("is_firm")
    wait = pick.pop("wait")
    del pick["each"]
    platform, value = platform[go], value[go]
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

    end = rng.integers(1, months + 1, size=len(members)) if under_way else now + months + wait
    np.add.at(pop.busy, members[members >= 0], 1)
    book.add(members, end=end.astype(np.int32), cost=cost, value=value, platform=platform,
             start=np.full(len(members), now, np.int32), **pick)
    return len(members)


def _decide(pop, p, trust, absorptive, reference, firms, team, platform, called, **idea) -> tuple[dict, np.ndarray]:
    """Each leader's choice between the `team` it found and going alone (`_option`, with or without a
    `platform` slot, the team `called` to the subsidy or not): of the options worth more than 0 whose share
    its R&D fund covers, the one worth more to it; and whether there is one (whether it goes ahead)."""
    # both options in one batch: each leader alone, then the teams (a leader without partners has no other way:
    # its team's option is its own, worked out once)
    n, teamed = len(firms), np.flatnonzero((team[:, 1:] >= 0).any(axis=1))
    rows = np.concatenate([np.arange(n), teamed])
    members = np.full((len(rows), team.shape[1]), -1)
    members[:n, 0], members[n:] = firms, team[teamed]
    both = _option(pop, p, trust, absorptive, reference, members, platform=platform[rows], called=called[rows],
                   **{k: v[rows] if np.ndim(v) else v for k, v in idea.items()})
    team_row = np.arange(n)
    team_row[teamed] = n + np.arange(len(teamed))
    alone, with_team = {k: v[:n] for k, v in both.items()}, {k: v[team_row] for k, v in both.items()}
    able = [with_team.pop("open"), alone.pop("open")]
    chosen = able[0] & (~able[1] | (with_team["each"] > alone["each"]))
    pick = {k: np.where(chosen.reshape((-1,) + (1,) * (v.ndim - 1)), v, alone[k]) for k, v in with_team.items()}
    return pick, able[0] | able[1]


def _payable(pop, leaders: np.ndarray, pays: np.ndarray, firms: np.ndarray, each: np.ndarray) -> np.ndarray:
    """Whether an option is open to its leader: worth more than 0 to each firm (`each`), and the leader's R&D
    fund covers its share of what the `firms` pay."""
    return (pop.rd_fund[leaders] >= pays / firms) & (each > 0)


def equipped(pop, agents: np.ndarray) -> np.ndarray:
    """Whether each agent has equipment of its own (a test bench, a pilot line): large firms and technical centres."""
    return (pop.firm[agents] & (pop.staff[agents] >= LARGE_STAFF)) | (pop.kind[agents] == TECH_CENTRE)


def _option(pop, p, trust, absorptive, reference, members, cost, value, needs, platform, called, noise,
            agreement, waited=0) -> dict:
    """One way to carry out each idea, with `members` (leader first): its cost (`cost`, plus
    `coordination_cost` per partner, plus access to equipment when the idea `needs` some and no member
    has it: `equipment_cost`, less `platform_discount` on a `platform` slot), the subsidy it would draw
    (a team `called` by the call, if that is the better way it can pay for), which members are firms, whether
    it buys access to `equipment`, the months it `wait`s before it starts (a team: `agreement` months to agree
    its terms, or `call_months` for the call's answer if longer; at least the months its leader already
    `waited` for a call that refused it, alone or not), what it is worth to each firm
    (`worth_to_each`, counting the risk of a conflict an honest leader sees and the wait), whether it is `open`
    to its leader (`_payable`, with the subsidy if it draws one) and its traits (`_assess`)."""
    members = np.hstack([members, np.full((len(members), 1 + p["max_partners"] - members.shape[1]), -1)])  # pad: none
    valid = members >= 0
    partners = valid[:, 1:].sum(axis=1)
    buys = needs & ~(valid & equipped(pop, np.maximum(members, 0))).any(axis=1)
    access = p["equipment_cost"] * np.where(platform, 1.0 - p["platform_discount"], 1.0)
    full = cost + p["coordination_cost"] * partners + np.where(buys, access, 0.0)
    is_firm = np.where(valid, pop.firm[np.maximum(members, 0)], False)
    traits = _assess(pop, p, trust, absorptive, reference, members, noise)
    # an honest leader cannot tell an opportunist, but knows lax rules and little trust leave it exposed
    exposure = traits.pop("exposure")
    seen = np.where((partners > 0) & ~pop.opportunist[members[:, 0]], p["ip_wariness"] * exposure, 0.0)
    firms = is_firm.sum(axis=1)
    worth = partial(worth_to_each, p, traits, value, valid.sum(axis=1), firms=firms, risk=seen)
    # partners first agree the project's terms; a call's answer comes while they do, and a refusal's months are lost
    wait = np.maximum(np.where(partners > 0, agreement, 0), waited)
    each = worth(full, wait=wait)
    open_ = _payable(pop, members[:, 0], full, firms, each)
    subsidised = np.zeros(len(members), bool)
    if p["subsidy_rate"] > 0 and called.any():
        # a team applies to the call if that is the better of the ways it can pay for (`_decide`'s rule): the
        # subsidy worth more than the longer wait costs, or the only way its leader's fund covers its share
        pays, called_wait = full - full * p["subsidy_rate"], max(p["call_months"], agreement)
        applying = worth(pays, wait=called_wait)
        better = ~open_ | (applying > each)
        subsidised = (partners > 0) & called & _payable(pop, members[:, 0], pays, firms, applying) & better
        each = np.where(subsidised, applying, each)
        wait = np.where(subsidised, called_wait, wait)
        open_ |= subsidised
    subsidy = np.where(subsidised, full * p["subsidy_rate"], 0.0)
    return dict(members=members, cost=full, subsidy=subsidy, subsidised=subsidised, is_firm=is_firm, equipment=buys,
                each=each, wait=wait, open=open_, **traits)


def select(rng, merit: np.ndarray, rate: float) -> np.ndarray:
    """A call for joint projects: of the applications, a Binomial(n, `rate`) number is selected, those of the
    highest `merit` first (evaluators rank proposals on their promise). True where selected; no draw
    when every application is selected."""
    chosen = np.zeros(len(merit), bool)
    if rate >= 1.0:
        chosen[:] = True
    elif len(merit):
        chosen[np.argsort(-merit, kind="stable")[: rng.binomial(len(merit), rate)]] = True
    return chosen


def idea_values(rng, n: int, sigma: float) -> np.ndarray:
    """What each of `n` ideas would be worth, relative to an average one: lognormal of mean 1 and log-scale
    `sigma`, so that a few ideas carry most of the value (Scherer and Harhoff 2000)."""
    return rng.lognormal(-sigma**2 / 2, sigma, size=n)


def monthly_revenue(p, value: np.ndarray, radical: np.ndarray) -> np.ndarray:
    """Revenue an innovation brings each month at launch, for the whole project: an idea's value times
    `innovation_revenue`, RADICAL_REVENUE times more when radical."""
    return p["innovation_revenue"] * value * np.where(radical, RADICAL_REVENUE, 1.0)


def worth_to_each(p, traits: dict, value: np.ndarray, members: np.ndarray, firms_pay: np.ndarray,
                  firms: np.ndarray, risk: np.ndarray | float = 0.0, wait: np.ndarray | float = 0.0) -> np.ndarray:
    """What a project is worth to each of its firms: its chance of success times its revenue, discounted at
    HURDLE as the product ages (`revenue_decay`) and for the months it `wait`s to start, shared among its
    `members` (`pay_off`), less the firm's share of what the firms pay, net of the tax credit. A conflict
    breaks the project: the revenue counts only if none happens, with the chance `risk` the firm sees.
    """
    revenue = monthly_revenue(p, value, traits["novelty"] >= p["radical_threshold"])
    gain = (1.0 - risk) * traits["p_success"] * revenue / (p["revenue_decay"] + HURDLE) * (1.0 + HURDLE) ** -wait
    return gain / members - firms_pay * (1.0 - p["rd_tax_credit"]) / firms


def _assess(pop, p, trust, absorptive, reference, members, noise: np.ndarray) -> dict:
    """What a team can expect of a project: partners' mean cognitive distance, novelty (with the idea's own
    `noise`), chances of success and of an IP conflict (§7.3) with the `exposure` behind it, the leader's
    mean trust in its partners, and whether it works across a remote tie."""
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
    novelty = distance + CULTURE_NOVELTY * culture + noise
    feasibility = np.exp(-distance / (p["feasibility_scale"] * np.maximum(pooled, 1e-6)))
    # against the world: the team's best knowledge relative to the world's level scales what its novelty is worth
    level = np.zeros(members.shape)
    level[members >= 0] = pop.know[members[members >= 0]].sum(axis=(1, 2))
    ahead = level.max(axis=1) / max(reference, 1e-12)
    market = 1.0 - np.exp(-novelty * np.minimum(ahead, FRONTIER_CAP) / p["market_novelty"])
    opportunist = (np.where(members >= 0, pop.opportunist[np.maximum(members, 0)], False)).any(axis=1)
    collab = (members[:, 1:] >= 0).any(axis=1)
    # how exposed the team is to an opportunist among its members: the conflict chance if there is one
    exposure = p["conflict_risk"] * (1 - p["ip_strictness"]) * (1 - mean_trust)
    return {"distance": distance, "novelty": novelty, "p_success": p["base_success"] * feasibility * market,
            "p_conflict": np.where(collab & opportunist, exposure, 0.0), "exposure": exposure, "trust": mean_trust,
            "remote": remote_tie.reshape(shape).any(axis=1)}


def resolve(pop, p, rng, *, book: ProjectBook, trust, platforms: Platforms, now: int,
            flows: np.ndarray) -> tuple[dict, dict | None]:
    """Projects that end this month succeed, fail or break in an IP conflict.

    Changes: `book` (ended projects leave), `platforms` slots, members' knowledge (what they learn
    is added to `flows`), revenue streams and innovation counts, and `trust` among members (their ties
    have served). Returns the month's counts and
    the ended projects' records (None when none ended), with their members' slots (-1 pads).
    """
    counts = {"incremental": 0, "radical": 0, "collaborative": 0, "conflicts": 0}
    trust.ensure(*ending_pairs(pop, book, now))  # rows for every pair updated below (the month's meetings may have)
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
    _learn(pop, p, rng, members, success, conflict, pr["novelty"], pr["trust"], flows)
    pay_off(pop, p, members, success, radical, pr["value"])
    present = np.where(valid & pop.active[np.maximum(members, 0)], members, -1)  # members who have not exited
    for outcome, kwargs in ((success, {"gain": p["trust_gain_success"]}),
                            (alive & ~success & ~conflict, {"loss": p["trust_loss_failure"]}),
                            (conflict, {"loss": p["trust_collapse"]})):
        trust.shift(*member_pairs(present[outcome]), now, **kwargs)
    trust.gossip(*_victims_and_culprits(pop, present[conflict]), p["partner_trust_threshold"], p["gossip_loss"])
    return counts, {
        "step": np.full(len(members), now), "start": pr["start"], "size": valid.sum(axis=1),
        "distance": pr["distance"], "novelty": pr["novelty"], "value": pr["value"], "equipment": pr["equipment"],
        "platform": pr["platform"], "subsidised": pr["subsidised"], "remote": pr["remote"], "leader_kind": pop.kind[members[:, 0]], "success": success,
        "radical": radical, "conflict": conflict, "cost": pr["cost"], "members": members}


def _victims_and_culprits(pop, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of an honest member and an opportunist of the same broken project (`members`, -1 pads)."""
    bad = (members >= 0) & pop.opportunist[np.maximum(members, 0)]
    honest = (members >= 0) & ~bad
    victims, culprits = [], []
    for i in range(members.shape[1]):
        for j in range(members.shape[1]):
            ok = honest[:, i] & bad[:, j]
            victims.append(members[ok, i])
            culprits.append(members[ok, j])
    return np.concatenate(victims), np.concatenate(culprits)


def _learn(pop, p, rng, members, success, conflict, novelty, trust, flows: np.ndarray) -> None:
    """Partners learn each other's tacit know-how; success creates new codified knowledge.

    What a member shares is what it does not hold back: under lax IP rules an honest member holds back
    from a team it does not yet trust (mean `trust` below `tacit_trust_threshold`) a share of its know-how
    that grows with the rules' laxity; opportunists share all. In a conflict only opportunists learn: they
    appropriate what their partners shared. Of what a
    success creates, the share RECOMBINATION goes to one domain drawn in proportion to how related
    it is to the team's pooled knowledge and how weakly the team's best member holds it: new
    combinations open or deepen domains (Weitzman 1998). What members learn goes to `flows`.
    """
    safe = np.maximum(members, 0)
    valid = (members >= 0) & pop.active[safe]
    tacit = np.where(valid[..., None], pop.tacit[safe], 0.0)
    threshold = p["tacit_trust_threshold"]
    trusted = np.where(trust >= threshold, 1.0, trust / max(threshold, 1e-12))[:, None]
    shared = np.where(pop.opportunist[safe], 1.0, p["ip_strictness"] + (1.0 - p["ip_strictness"]) * trusted)
    best = (tacit * shared[..., None]).max(axis=1, keepdims=True)
    rate = np.where(success, LEARNING[0], LEARNING[1])[:, None]
    learner = valid & ~pop.remote[safe] & (~conflict[:, None] | pop.opportunist[safe])
    know = np.where(valid[..., None], pop.knowledge_of(safe), 0.0)
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


def pay_off(pop, p, members, success, radical, value) -> None:
    """A successful project's innovation earns one revenue stream (`monthly_revenue`), shared equally among its
    members still active: each put in its part, firms their money, labs, centres and outside partners their
    know-how (their share leaves the firms, as royalties). Each firm counts the innovation as its own."""
    safe = np.maximum(members, 0)
    present = (members >= 0) & success[:, None] & pop.active[safe]
    win = present & pop.firm[safe]
    each = monthly_revenue(p, value, radical) / np.maximum(present.sum(axis=1), 1)
    np.add.at(pop.product_revenue, members[win], np.broadcast_to(each[:, None], members.shape)[win])
    np.add.at(pop.innovations, members[win], 1)


class Platforms:
    """Shared platforms: slots held by technical centres plus those bought by public investment."""

    def __init__(self):
        self.capacity = 0
        self.used = 0
        self.refused = 0  # this month's ideas that sought a slot and found none free: congestion

    def claim(self, rng, n: int) -> np.ndarray:
        """Give free slots to `n` projects in random order; True where a project got one."""
        free = max(self.capacity - self.used, 0)
        got = np.zeros(n, bool)
        got[rng.permutation(n)[: min(free, n)]] = True
        self.used += int(got.sum())
        return got

    def release(self, n: int) -> None:
        self.used -= n
