"""The cluster model: a month of an industrial cluster, phase by phase.

Agents are Mesa agents (`sim.model.agents`) whose state lives in numpy arrays (`sim.model.population`),
so each phase of a month runs over all agents at once. Each phase is a function of its module
(policy, territory, knowledge, projects, economy, talent) that takes what it reads and names what
it changes; `ClusterModel.step` shows the month and what passes between phases. One object owns
each piece of state: the Population the agents' columns, the Ledger the firms' money, the
PublicBudget public money, the TrustNetwork ties, the ProjectBook projects, the TalentPool people. Built from keyword arguments only,
named in the parameter schema (`sim.model.schema`), so that `mesa.batch_run`, sweeps and the
dashboard can all drive it.
"""

from __future__ import annotations

import inspect
from collections import deque
from functools import partial

import mesa
import numpy as np
import pandas as pd

from sim.model import economy, indicators, knowledge, policy, projects, size, talent, threads
from sim.model.agents import AGENT_CLASS, Firm
from sim.model.ledger import Ledger
from sim.model.outputs import KINDS, OUTPUTS
from sim.model.schema import COUNT_PARAMS, PARAMS, resolve
from sim.model.population import KIND_CODES, LAB, STARTUP_MONTHS, Population
from sim.model.territory import Meetings, Territory, outside_ring, place
from sim.model.trust import TrustNetwork, pair_keys

COUNTERS = ("births", "deaths", "incremental", "radical", "collaborative", "conflicts", "launched")

# initial make-up of each kind of actor: median staff, knowledge level relative to the average
STAFF = {"large_firm": 600, "sme": 30, "startup": 5, "lab": 50, "training_body": 20,
         "tech_centre": 30, "support": 10, "remote_partner": 0}
LEVEL = {"large_firm": 1.2, "sme": 1.0, "startup": 0.8, "lab": 1.5, "training_body": 0.8,
         "tech_centre": 1.2, "support": 0.6}
INITIAL_TIES = 2  # nearest neighbours each actor already knows at the start
CAPITAL_MONTHS = 6  # months of wage bill firms hold as capital at the start


def _report(model, name):
    return model.indicators[name]


class ClusterModel(mesa.Model):
    """An industrial cluster of firms, labs, training bodies, technical centres and support institutions."""

    def __init__(self, *, rng=None, **params):
        self.p = resolve(params, "ClusterModel")
        available = size.available_bytes()
        size.check_fits(self.p, available)  # refused in one line before anything is allocated
        super().__init__(rng=rng)
        p = self.p
        self.pop = Population(self._initial_count() + 64, p["n_domains"], size.max_agents(p, available))
        self.trust = TrustNetwork()
        self.projects = projects.ProjectBook(p["max_partners"])
        self.platforms = projects.Platforms()
        self.budget = policy.PublicBudget(p["public_budget"])
        self.territory = Territory(p["territory_km"])
        self.talent = talent.TalentPool(p["talent_pool"], skill=0.5, wage=p["wage"])
        self.ledger = Ledger(self.pop)
        self.month = dict.fromkeys(COUNTERS, 0)  # this month's events, read by the indicators
        self.recent = deque([(0, 0)] * 12, maxlen=12)
        self.innovations_total = 0
        self.project_log: list[dict] = []
        self.knowledge_flows: list[np.ndarray] = []  # each month's knowledge flows, by knowledge.PARTS and SOURCES
        self._populate()
        self.focused = knowledge.focus(self.pop, p["attention"])  # attention per domain, set at each month's end
        self.launch(knowledge.absorptive_capacity(self.pop, p["talent_absorption"], self.reference), under_way=True)
        self.datacollector = mesa.DataCollector(model_reporters={name: partial(_report, name=name) for name in OUTPUTS})
        self.indicators = indicators.compute(self)
        self.datacollector.collect(self)

    def step(self):
        """One month; `self.steps` counts months from 1. Each line is a phase; what passes between them is named."""
        p, pop = self.p, self.pop
        events = policy.open_month(self.budget, self.platforms, pop, p, self.steps - 1)   # 0. public budget
        absorptive = knowledge.absorptive_capacity(pop, p["talent_absorption"], self.reference)
        if len(self.focused) != pop.n:  # agents added by hand since the last month's end
            self.focused = knowledge.focus(pop, p["attention"])
        absorb = knowledge.uptake(pop, absorptive, self.focused)  # attention as set at the end of last month
        self._choose_gatekeepers(absorptive)
        flows = knowledge.no_flows()  # each phase adds what it carried
        meetings, trust_after = self.meet(events)                                        # 1. meetings build trust
        ideas = projects.draw_ideas(pop, p, self.rng)  # their leaders' trusted ties are found while knowledge flows
        self.trust.lay_out_strong(ideas["firms"], p["partner_trust_threshold"])
        knowledge.exchange(pop, meetings, trust_after, absorb, p, flows)                 # 2. knowledge flows
        knowledge.literature(pop, absorb, p["codified_diffusion"], p["regional_literature"], flows)
        launched = self.launch(absorptive, ideas=ideas)                                  # 3. projects start
        outcome = self.resolve_projects(flows)                                           # 4. and end
        economy.produce(pop, p, self.rng, self.ledger, self.reference, self.talent.wage)  # 5. business, exits,
        deaths = self.close_firms(economy.exits(pop, p["exit_months"]))                  #    exits and births
        born = len(self.births(economy.spin_off_parents(pop, p, self.rng)))
        moved = talent.labour_market(self.talent, pop, p, self.rng, self.steps, flows)  # 6. labour market
        self.trust.meet(*moved, np.full(len(moved[0]), talent.MOVE_TIE), np.zeros(len(moved[0]), bool), self.steps,
                        moved=True, hold=True)  # held, as the births' ties, until the month's decay takes them in
        self._close_month(flows, launched=launched, deaths=deaths, births=born, **outcome)  # 7. world, decay, outputs

    @property
    def reference(self) -> float:
        """The world's knowledge level, against which knowledge is valued (`knowledge.reference_level`)."""
        return knowledge.reference_level(self.frontier, self.p["remote_lead"])

    # --- phases -----------------------------------------------------------------------------

    def meet(self, events: int = 0) -> tuple[Meetings, np.ndarray]:
        """This month's contacts, `events` networking events and project work, and each pair's trust once they have met."""
        pop, p, rng = self.pop, self.p, self.rng
        n = pop.n
        incubated = pop.incubated_until[:n] > self.steps
        # outside partners reach the territory only through remote channels, as open as `digital_openness`
        reach = np.where(pop.remote[:n], p["digital_openness"], 1.0 + incubated) * pop.active[:n]
        seekers = np.repeat(np.arange(n), rng.poisson(p["contacts_per_month"] * (0.5 + pop.openness[:n]) * reach))
        parts = [self.territory.monthly_contacts(rng, pop, self.trust, seekers, p)]
        parts += [self.territory.event(rng, pop, p["event_size"]) for _ in range(events)]
        parts.append(self._project_work())
        meetings = Meetings.concat(parts)
        friction = p["cultural_friction"] * np.abs(pop.culture[meetings.a] - pop.culture[meetings.b])
        # gatekeepers invest in their remote ties: at a distance they build trust as face to face
        at_distance = meetings.remote & ~(pop.gatekeeper[meetings.a] | pop.gatekeeper[meetings.b])
        gain = p["trust_gain_meeting"] * np.where(at_distance, p["remote_trust_factor"], 1.0) * (1 - friction)
        # the ties the month's ending projects will update get their rows in the same insertion (`projects.resolve`)
        return meetings, self.trust.meet(meetings.a, meetings.b, gain, meetings.remote, self.steps,
                                         serve_at=p["tacit_trust_threshold"],
                                         reserve=projects.ending_pairs(pop, self.projects, self.steps))

    def _choose_gatekeepers(self, absorptive: np.ndarray) -> None:
        """This month's gatekeepers: firms and labs of the territory whose absorptive capacity times
        openness reaches `gatekeeper_threshold` (Giuliani and Bell 2005; Bathelt, Malmberg and Maskell 2004)."""
        pop, n = self.pop, self.pop.n
        able = pop.mask(remote=False) & (pop.firm[:n] | (pop.kind[:n] == LAB))
        pop.gatekeeper[:n] = able & (absorptive * pop.openness[:n] >= self.p["gatekeeper_threshold"])

    def _project_work(self) -> Meetings:
        """Partners of a project under way work with its leader each month, at a distance if their tie is remote."""
        members = self.projects.members
        lead = np.repeat(members[:, 0], members.shape[1] - 1)
        part = members[:, 1:].ravel()
        ok = (part >= 0) & self.pop.active[np.maximum(part, 0)] & self.pop.active[lead]
        lead, part = lead[ok], part[ok]
        rows = self.trust.find(pair_keys(lead, part))
        remote = self.pop.remote[part] | np.where(rows >= 0, self.trust.is_remote(np.maximum(rows, 0)), False)
        return Meetings(lead, part, remote)

    def launch(self, absorptive: np.ndarray, under_way: bool = False, ideas: dict | None = None) -> int:
        """Firms start projects (see `projects.launch`) on the month's `ideas` (`projects.draw_ideas`, drawn now,
        `under_way` or not, if not given; given, they were drawn as they say); returns how many started."""
        ideas = projects.draw_ideas(self.pop, self.p, self.rng, under_way) if ideas is None else ideas
        return projects.launch(self.pop, self.p, self.rng, book=self.projects, trust=self.trust, platforms=self.platforms,
                               budget=self.budget, ledger=self.ledger, absorptive=absorptive,
                               reference=self.reference, now=self.steps, ideas=ideas)

    def resolve_projects(self, flows: np.ndarray | None = None) -> dict:
        """Projects that end this month; their records join `project_log`; returns the month's counts.
        What members learn is added to `flows` (see `knowledge.no_flows`), if given."""
        counts, record = projects.resolve(self.pop, self.p, self.rng, book=self.projects, trust=self.trust,
                                          platforms=self.platforms, now=self.steps,
                                          flows=knowledge.no_flows() if flows is None else flows)
        if record is not None:
            self.project_log.append(record)
        found = counts["incremental"] + counts["radical"]
        self.innovations_total += found
        self.recent.append((found, counts["collaborative"]))
        return counts

    def close_firms(self, leaving: np.ndarray) -> int:
        """Firms leave the cluster one by one; their staff return to the talent pool. Returns how many left."""
        for slot in leaving:
            self.talent.release(self.pop.staff[slot], self.pop.skill[slot])
            self.pop.agent[slot].exit()
        return len(leaving)

    def found_startups(self, parents: np.ndarray) -> np.ndarray:
        """New startups near `parents`, with founders from the talent pool (or from outside), seed capital,
        part of their parent's knowledge, a tie to it and introductions to its strongest ties (Klepper 2007)."""
        pop, p, n = self.pop, self.p, len(parents)
        if n == 0:
            return parents[:0]
        values = economy.startups(pop, p, self.rng, parents, self.talent.skill, self.steps)
        self.talent.take(np.full(n, economy.STARTUP_STAFF), newcomers_welcome=True)
        slots = pop.add(n, **values)
        self.ledger.seed(slots, economy.seed_capital(self.rng, n, p["startup_capital"], p["startup_capital_spread"]))
        Firm.create_agents(self, n, slot=slots)
        # each startup is introduced to its parent's strongest ties, at a share of the parent's trust
        origin, which = np.unique(parents, return_inverse=True)
        owner, partner, trust = self.trust.strongest(origin, economy.INHERITED_TIES, pop.active[: pop.n])
        count = np.bincount(owner, minlength=len(origin))[which]
        heir = np.repeat(np.arange(n), count)
        first, start = np.searchsorted(owner, which), np.cumsum(count) - count  # parent's first tie, child's first row
        row = np.repeat(first, count) + np.arange(len(heir)) - np.repeat(start, count)
        # one batch of first meetings: with the parent, then with the partners it introduces
        met = np.concatenate([parents, partner[row]])
        gain = np.concatenate([np.full(n, economy.PARENT_TRUST), economy.INHERITED * trust[row]])
        self.trust.meet(np.concatenate([slots, slots[heir]]), met, gain, pop.remote[met], self.steps, hold=True)
        return slots

    def births(self, parents: np.ndarray) -> np.ndarray:
        """The month's new startups: spin-offs of `parents`, and the incubator's admissions founded near their
        host (incubated startups are paid for first). All are founded at once, from the ties as they stood.
        Returns their slots."""
        hosts = policy.incubator(self.budget, self.ledger, self.pop, self.p, self.rng, self.steps)
        new = self.found_startups(np.concatenate([parents, hosts]))
        self.pop.incubated_until[new[len(parents):]] = self.steps + policy.INCUBATION_MONTHS
        return new

    def _close_month(self, flows: np.ndarray, **month) -> None:
        """The ties fade on the second thread (one compiled pass) while the world and the actors' knowledge move
        on and the actors' outputs are taken here (many smaller steps): neither reads what the other writes.
        Then the ties' outputs, and the month's record: its knowledge flows, its event counts and every output
        (`indicators`). Each twelfth month first closes the firms' year in the Ledger. Nothing is laid out ahead
        on the ties by then (the month's contacts and partner search took what was, and any change waited for
        it), so the decay, on the second thread, waits for no job queued behind it."""
        self.knowledge_flows.append(flows)
        if self.steps % 12 == 0:
            self.ledger.close_year()
        self.month = month
        faded = threads.later(self._fade_ties, worth=self.trust.large)
        try:
            actors = self._advance_world()
        finally:  # the second thread's work is over before anything else happens, even after an error
            faded.result()
        self.trust.lay_out_revisits(self.pop.active[: self.pop.n])  # for next month's contacts, beside what follows
        self.indicators = actors | indicators.of_ties(self)
        self.datacollector.collect(self)

    def _advance_world(self) -> dict:
        """The world's knowledge moves on, the actors' depreciates and firms change size class; returns the actors'
        outputs (`indicators.of_actors`)."""
        p, pop = self.p, self.pop
        self.frontier *= 1.0 + p["frontier_growth"]
        knowledge.advance_world(pop, p["frontier_growth"])
        knowledge.research(pop, pop.mask(kind=LAB), self.frontier, p["research_rate"])
        self.focused = knowledge.focus(pop, p["attention"])
        knowledge.upkeep(pop, self.focused, p["obsolescence"], p["neglect_rate"])
        pop.update_firm_kinds()
        return indicators.of_actors(self)

    def _fade_ties(self) -> None:
        """Ties not in contact this month fade; gatekeepers keep up their remote ties worth seeking out again,
        not every passing contact."""
        p, pop = self.p, self.pop
        self.trust.decay(p["trust_decay"], self.steps, active=pop.active, keepers=pop.gatekeeper,
                         upkeep=p["pipeline_upkeep"])

    # --- initialisation ---------------------------------------------------------------------

    def _initial_count(self) -> int:
        return sum(self.p[name] for name in COUNT_PARAMS.values())

    def _populate(self) -> None:
        """Actors around poles, with knowledge profiles, staff, capital and a few first ties."""
        p, rng, pop = self.p, self.rng, self.pop
        size = p["territory_km"]
        margin = min(p["pole_spread_km"], size / 4)
        poles = rng.uniform(margin, size - margin, size=(p["n_poles"], 2))
        for kind in KINDS:
            n = p[COUNT_PARAMS[kind]]
            if n == 0:
                continue
            remote = kind == "remote_partner"
            x, y = outside_ring(rng, n, size) if remote else place(rng, n, poles, p["pole_spread_km"], size)
            profile = knowledge.profiles(rng, n, p["n_domains"], p["sector_diversity"])
            level = rng.lognormal(-0.08, 0.4, size=n) * (p["remote_lead"] if remote else LEVEL[kind])
            tacit_share = rng.uniform(0.4, 0.6, size=(n, 1))
            firm = kind in ("large_firm", "sme", "startup")
            staff = np.round(STAFF[kind] * rng.lognormal(0.0, 0.4, size=n)) if not remote else np.zeros(n)
            if kind == "large_firm":
                staff = np.maximum(staff, 250)
            elif kind == "sme":
                staff = np.clip(staff, 1, 249)
            young = kind == "startup"
            age = rng.integers(0, STARTUP_MONTHS, n) if young else rng.integers(STARTUP_MONTHS, 480, n)
            wage_bill = staff * p["wage"]
            values = dict(
                kind=KIND_CODES[kind], firm=firm, remote=remote, x=x, y=y,
                codified=profile * level[:, None] * (1 - tacit_share), tacit=profile * level[:, None] * tacit_share,
                staff=staff, skill=1.0 if remote else rng.uniform(0.3, 0.7, size=n) + (0.2 if kind == "lab" else 0.0),
                culture=rng.uniform(0, 1, n) if remote else rng.uniform(0, p["cultural_diversity"], n),
                openness=rng.uniform(0.5, 1.0, n) if (young or not firm) else rng.beta(2, 2, n),
                opportunist=rng.random(n) < p["opportunist_share"],
                opening_capital=np.where(firm, p["startup_capital"] if young else CAPITAL_MONTHS * wage_bill * rng.uniform(0.5, 1.5, n), 0.0),
                opening_rd_fund=np.where(firm, p["rd_intensity"] * wage_bill * rng.uniform(0, 12, n), 0.0),
                age=age, born=-age, demand=1.0,
            )
            capital, rd_fund = values.pop("opening_capital"), values.pop("opening_rd_fund")  # drawn in this order
            slots = pop.add(n, **values)
            self.ledger.open_accounts(slots, capital, rd_fund)
            AGENT_CLASS[kind].create_agents(self, n, slot=slots)
        self.ledger.count_opening(pop.mask(firm=True))
        self.frontier = p["remote_lead"] * pop.mean_level()
        self._first_ties()

    def _first_ties(self) -> None:
        """Each actor starts knowing its nearest neighbours a little."""
        index, slots = self.territory.index(self.pop)
        if index is None or len(slots) <= INITIAL_TIES:
            return
        _, nearest = index.query(np.column_stack([self.pop.x[slots], self.pop.y[slots]]), k=INITIAL_TIES + 1)
        a = np.repeat(slots, INITIAL_TIES)
        b = slots[nearest[:, 1:].ravel()]
        self.trust.meet(a, b, self.rng.uniform(0.1, 0.5, len(a)), np.zeros(len(a), bool), 0)

    # --- tables for front ends -------------------------------------------------------------

    def agent_table(self) -> pd.DataFrame:
        """One row per active agent."""
        pop = self.pop
        s = np.flatnonzero(pop.mask())
        k = pop.knowledge[s]
        level = k.sum(axis=1)
        firm = pop.firm[s]
        return pd.DataFrame({
            "id": pop.uid[s], "kind": np.array(KINDS)[pop.kind[s]], "x": pop.x[s], "y": pop.y[s],
            "remote": pop.remote[s], "capital": np.where(firm, pop.capital[s], np.nan), "staff": pop.staff[s],
            "innovations": pop.innovations[s], "knowledge": level,
            "tacit_share": pop.tacit[s].sum(axis=1) / np.maximum(level, 1e-12), "age": pop.age[s],
        })

    def trust_ties(self, top: int = 300) -> pd.DataFrame:
        """The `top` strongest ties between active agents."""
        pop, trust = self.pop, self.trust
        a, b = trust.ends()
        live = np.flatnonzero(pop.active[a] & pop.active[b]) if len(a) else np.zeros(0, int)
        best = live[np.argsort(-trust.trust[live], kind="stable")[:top]]
        a, b = a[best], b[best]
        return pd.DataFrame({
            "a": pop.uid[a], "b": pop.uid[b], "trust": trust.trust[best], "meetings": trust.meetings[best],
            "xa": pop.x[a], "ya": pop.y[a], "xb": pop.x[b], "yb": pop.y[b],
            "remote": trust.is_remote(best) | pop.remote[a] | pop.remote[b],
        })

    def project_table(self) -> pd.DataFrame:
        """Every finished project: size, cognitive distance, novelty and outcome (members stay in `project_log`)."""
        if not self.project_log:
            return pd.DataFrame()
        table = pd.DataFrame({k: np.concatenate([r[k] for r in self.project_log])
                              for k in self.project_log[0] if k != "members"})
        table["leader_kind"] = np.array(KINDS)[table["leader_kind"].to_numpy()]
        return table



# the constructor's signature is the schema's, so tools that inspect it see every parameter
ClusterModel.__init__.__signature__ = inspect.Signature(
    [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
     inspect.Parameter("rng", inspect.Parameter.KEYWORD_ONLY, default=None)]
    + [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=prm.default) for name, prm in PARAMS.items()])
