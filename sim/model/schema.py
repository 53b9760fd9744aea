"""The parameter schema: every model parameter declared once.

Scenario files, the command line, the dashboard and sweep designs all read `PARAMS`; the
model's constructor takes exactly these names as keyword arguments (a test checks it).
"""

from __future__ import annotations

import difflib
import math
import numbers
from dataclasses import dataclass

import numpy as np

# the parameter that sets how many agents of each kind the cluster starts with
COUNT_PARAMS = {"large_firm": "n_large_firms", "sme": "n_smes", "startup": "n_startups", "lab": "n_labs",
                "training_body": "n_training_bodies", "tech_centre": "n_tech_centres", "support": "n_support",
                "remote_partner": "n_remote_partners"}
GROUPS = ("territory", "trust", "knowledge", "projects", "economy", "talent", "policy", "world")


class ParamError(ValueError):
    """A bad parameter value; the message is one line naming source, field and what is allowed."""


@dataclass(frozen=True)
class Param:
    name: str
    default: int | float
    low: int | float
    high: int | float
    unit: str
    group: str
    description: str

    @property
    def kind(self) -> type:
        return type(self.default)

    def check(self, value, source: str) -> int | float:
        """Return `value` as this parameter's type, or raise ParamError saying what is allowed."""
        allowed = f"a {'whole number' if self.kind is int else 'number'} from {self.low} to {self.high}"
        where = f"{source}: field '{self.name}'"
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise ParamError(f"{where} is {value!r} ({type(value).__name__}); allowed: {allowed}")
        if not math.isfinite(value):
            raise ParamError(f"{where} is {value}; allowed: {allowed}")
        if self.kind is int:
            if value != int(value):
                raise ParamError(f"{where} is {value}; allowed: {allowed}")
            value = int(value)
        else:
            value = float(value)
        if not self.low <= value <= self.high:
            raise ParamError(f"{where} is {value}, out of bounds; allowed: {allowed}")
        return value


def _p(name, default, low, high, unit, group, description):
    return Param(name, default, low, high, unit, group, description)


_SCHEMA = [
    # territory
    _p("n_large_firms", 15, 0, 10_000, "agents", "territory", "Large firms (250 staff or more) at the start."),
    _p("n_smes", 600, 0, 500_000, "agents", "territory", "Small and medium-sized firms at the start."),
    _p("n_startups", 100, 0, 200_000, "agents", "territory", "Young firms (under five years) at the start."),
    _p("n_labs", 25, 0, 20_000, "agents", "territory", "Research labs and university departments: produce knowledge, train talent, spin off startups."),
    _p("n_training_bodies", 10, 0, 20_000, "agents", "territory", "Training bodies: raise the skills of the regional talent pool."),
    _p("n_tech_centres", 8, 0, 20_000, "agents", "territory", "Technical centres: hold shared platforms (equipment, test benches) that small firms use at a fraction of the cost of buying access."),
    _p("n_support", 5, 0, 20_000, "agents", "territory", "Support institutions (cluster manager, incubator, agency): host networking events."),
    _p("territory_km", 60.0, 5.0, 2000.0, "km", "territory", "Side of the square territory."),
    _p("n_poles", 4, 1, 100, "poles", "territory", "Towns or science parks around which actors settle."),
    _p("pole_spread_km", 5.0, 0.1, 500.0, "km", "territory", "Typical distance of an actor from its pole: small values mean a dense cluster."),
    _p("distance_decay_km", 8.0, 0.5, 2000.0, "km", "territory", "Mean distance of face-to-face contacts: meeting chances fall off beyond it."),
    _p("contacts_per_month", 2.0, 0.0, 30.0, "contacts/month", "territory", "Contacts each actor seeks per month, outside events."),
    _p("digital_openness", 0.2, 0.0, 1.0, "share", "territory", "Share of contacts made remotely (video, platforms), including with the outside world."),
    # trust
    _p("revisit_share", 0.5, 0.0, 1.0, "share", "trust", "Share of contacts spent meeting known, trusted partners again rather than new people."),
    _p("trust_gain_meeting", 0.04, 0.0, 1.0, "trust/meeting", "trust", "Trust gained by a face-to-face meeting (closes this share of the gap to full trust)."),
    _p("remote_trust_factor", 0.5, 0.0, 1.0, "ratio", "trust", "Trust a remote meeting builds, relative to a face-to-face one."),
    _p("trust_gain_success", 0.25, 0.0, 1.0, "trust", "trust", "Trust gained among partners when a joint project succeeds."),
    _p("trust_loss_failure", 0.1, 0.0, 1.0, "trust", "trust", "Share of their trust partners lose when a joint project fails."),
    _p("trust_collapse", 0.8, 0.0, 1.0, "share", "trust", "Share of trust destroyed after opportunism or an IP conflict."),
    _p("gossip_loss", 0.5, 0.0, 1.0, "share", "trust", "Share of their trust in an opportunist that the victims' trusted contacts lose when told of a conflict (times their trust in the victim)."),
    _p("trust_decay", 0.03, 0.0, 1.0, "share/month", "trust", "Share of trust lost each month two actors do not meet."),
    _p("tacit_trust_threshold", 0.3, 0.0, 1.0, "trust", "trust", "Trust needed before tacit know-how is shared."),
    _p("partner_trust_threshold", 0.25, 0.0, 1.0, "trust", "trust", "Trust needed to be invited into a joint project."),
    _p("cultural_diversity", 0.3, 0.0, 1.0, "spread", "trust", "Spread of business cultures: distance in culture slows trust but adds novelty."),
    _p("cultural_friction", 0.5, 0.0, 1.0, "ratio", "trust", "How much cultural distance slows trust building."),
    # knowledge
    _p("n_domains", 8, 2, 64, "domains", "knowledge", "Number of knowledge domains (technologies, sectors)."),
    _p("sector_diversity", 1.0, 0.0, 1.0, "share", "knowledge", "How widely actors' core domains spread over all domains: 0 is a monoculture."),
    _p("codified_rate", 0.01, 0.0, 1.0, "share/meeting", "knowledge", "Share of the codified knowledge gap closed per meeting (travels remotely too)."),
    _p("tacit_rate", 0.03, 0.0, 1.0, "share/meeting", "knowledge", "Share of the tacit knowledge gap closed per trusted face-to-face meeting."),
    _p("remote_tacit_factor", 0.1, 0.0, 1.0, "ratio", "knowledge", "Tacit transfer at a distance, relative to face to face."),
    _p("talent_absorption", 0.5, 0.0, 1.0, "weight", "knowledge", "Weight of staff skill (against own knowledge) in absorptive capacity."),
    _p("obsolescence", 0.003, 0.0, 0.1, "share/month", "knowledge", "Share of knowledge that becomes obsolete each month."),
    _p("neglect_rate", 0.04, 0.0, 0.5, "share/month", "knowledge", "Extra share of knowledge lost each month in domains an actor has no attention left for: unused know-how is forgotten fast (about 40 % a year in Benkard 2000)."),
    _p("attention", 2.0, 0.0, 20.0, "domains", "knowledge", "Domains an actor keeps up, per unit of staff skill and per doubling of its staff: its strongest domains get its attention first."),
    _p("codified_diffusion", 0.03, 0.0, 1.0, "share/month", "knowledge", "Share of its gap to the literature (publications, patents, standards, trade press) an actor with full absorptive capacity closes each month, whatever the distance."),
    _p("regional_literature", 0.02, 0.0, 1.0, "share", "knowledge", "Weight of the region's own publications in what actors read; the rest comes from the outside world."),
    _p("research_rate", 0.01, 0.0, 0.2, "share/month", "knowledge", "Labs' own knowledge growth, towards the world frontier."),
    # projects
    _p("project_propensity", 0.05, 0.0, 1.0, "probability/month", "projects", "Monthly chance that a firm of 20 staff with R&D funds has a project idea (grows with the square root of staff); it carries the idea out only if worth the cost."),
    _p("idea_value_sigma", 1.5, 0.0, 3.0, "log-scale", "projects", "Spread of what ideas are worth (lognormal, mean 1): the larger, the more a few ideas carry most of the value."),
    _p("max_partners", 3, 1, 10, "partners", "projects", "Largest number of partners in a joint project."),
    _p("coordination_cost", 20.0, 0.0, 10_000.0, "k€/partner", "projects", "Cost of coordinating each partner of a joint project (meetings, contracts, integration), added to the project's cost."),
    _p("partner_search_share", 0.08, 0.0, 1.0, "share", "projects", "Share of its ideas for which a fully open firm looks for partners; a firm of openness o looks for partners for o times this share of its ideas. The others it weighs alone."),
    _p("agreement_months", 5, 0, 24, "months", "projects", "Months partners take to agree the terms of a joint project (scope, costs, intellectual property) before it starts: it lasts this much longer, and its revenue comes later. A call's wait runs at the same time."),
    _p("project_cost", 250.0, 1.0, 100_000.0, "k€", "projects", "Cost of a project, shared among its partners."),
    _p("project_months", 12, 1, 120, "months", "projects", "Duration of a project with no IP formalities."),
    _p("base_success", 0.7, 0.0, 1.0, "probability", "projects", "Ceiling of a project's chance of success, reached only by a feasible and novel project."),
    _p("feasibility_scale", 0.6, 0.01, 2.0, "distance", "projects", "Cognitive distance partners can bridge with full absorptive capacity: beyond it success falls fast."),
    _p("market_novelty", 0.3, 0.001, 2.0, "novelty", "projects", "Novelty at which a feasible project finds its market two times in three: routine projects rarely do."),
    _p("radical_threshold", 0.45, 0.0, 1.0, "novelty", "projects", "Novelty above which a success is a radical rather than an incremental innovation."),
    _p("ip_strictness", 0.5, 0.0, 1.0, "strictness", "projects", "IP-governance strictness: strict rules add time and cost, lax rules let opportunists defect."),
    _p("ip_overhead", 0.5, 0.0, 3.0, "share", "projects", "Extra duration and cost of a project under the strictest IP rules."),
    _p("opportunist_share", 0.1, 0.0, 1.0, "share", "projects", "Share of actors inclined to appropriate partners' knowledge."),
    _p("conflict_risk", 0.4, 0.0, 1.0, "probability", "projects", "Chance an opportunist defects in a project with no IP rules and no trust."),
    _p("ip_wariness", 0.1, 0.0, 1.0, "share", "projects", "Chance honest firms believe a partner they do not trust would defect: under lax IP rules it makes them weigh a conflict's risk before partnering."),
    _p("equipment_share", 0.5, 0.0, 1.0, "share", "projects", "Share of project ideas that need equipment (a test bench, a pilot line); large firms and technical centres have their own."),
    _p("equipment_cost", 150.0, 0.0, 100_000.0, "k€/project", "projects", "Cost of access to equipment for one project, for a team with none of its own and no platform slot."),
    _p("platform_discount", 0.7, 0.0, 1.0, "share", "projects", "Share of the equipment's cost a project saves on a technical centre's shared platform."),
    _p("platform_capacity", 4, 0, 1000, "projects", "projects", "Projects one technical centre's platform can host at once."),
    # economy
    _p("rd_intensity", 0.05, 0.0, 0.5, "share of revenue", "economy", "Share of revenue firms put into their R&D fund; what is not spent within a year returns to capital."),
    _p("productivity", 6.0, 0.0, 100.0, "k€/staff/month", "economy", "Revenue per staff member from existing business, scaled by the firm's knowledge."),
    _p("fixed_cost", 5.0, 0.0, 10_000.0, "k€/month", "economy", "Monthly fixed cost of running a firm (premises, equipment), whatever its size."),
    _p("market_volatility", 0.05, 0.0, 1.0, "sd/month", "economy", "Monthly shocks to each firm's demand: luck that knowledge alone does not explain."),
    _p("wage", 5.0, 0.0, 100.0, "k€/staff/month", "economy", "Cost of a staff member in the outside world, and in the region at the start; the regional wage then follows its labour market."),
    _p("innovation_revenue", 10.0, 0.0, 10_000.0, "k€/month", "economy", "Monthly revenue a new incremental innovation of average value brings at launch, shared among the project's firms (radical: three times)."),
    _p("revenue_decay", 0.03, 0.0, 1.0, "share/month", "economy", "Monthly decline of an innovation's revenue as the product ages."),
    _p("exit_months", 6, 1, 240, "months", "economy", "Months of negative capital after which a firm exits (calibrated with startup_capital to Eurostat's survival curve)."),
    _p("lab_spinoff_rate", 0.01, 0.0, 0.5, "probability/month", "economy", "Chance a lab spins off a startup in a month."),
    _p("firm_spinoff_rate", 0.004, 0.0, 0.02, "probability/month", "economy",
       "Chance a firm spins off a startup in a month. At most 0.02 (about a fifth of firms a year): above "
       "that, spin-offs of spin-offs outgrow exits and the cluster multiplies without end."),
    _p("startup_capital", 500.0, 0.0, 100_000.0, "k€", "economy", "Mean seed capital of a new startup (calibrated with its spread and exit_months so that about 80 %, 57 % and 44 % of startups live one, three and five years, as in Eurostat business demography)."),
    _p("startup_capital_spread", 1.0, 0.0, 3.0, "log-scale", "economy", "Spread of new startups' seed capital (lognormal around startup_capital): founders differ in wealth and backing."),
    _p("spinoff_distance_km", 2.0, 0.0, 200.0, "km", "economy", "Typical distance of a new startup from its parent."),
    # talent
    _p("talent_pool", 1500, 0, 10_000_000, "people", "talent", "Skilled people looking for work in the region at the start."),
    _p("migration_rate", 0.02, 0.0, 0.5, "share/month", "talent", "Share of job seekers who leave the region in a month when it pays as well as the outside world; more leave when it pays less, fewer when it pays more, and inflows answer alike."),
    _p("wage_flexibility", 0.05, 0.0, 1.0, "share/month", "talent", "Share of the gap to the wage its labour market implies (the wage curve) that the regional wage closes each month."),
    _p("training_gain", 0.002, 0.0, 0.1, "skill/month", "talent", "Skill added to the talent pool each month per training body (per 1,000 people)."),
    _p("hiring_rate", 0.02, 0.0, 0.5, "share/month", "talent", "Vacancies a profitable firm posts in a month, as a share of its staff; a loss-making firm lays off as many."),
    _p("job_move_rate", 0.0068, 0.0, 0.5, "probability/month", "talent", "Monthly chance that a worker leaves for another firm's vacancy, carrying tacit knowledge (8.2 % of the EU's employed changed jobs in a year)."),
    _p("talent_inflow", 0, 0, 10_000_000, "people", "talent", "Skilled people who arrive at once in month talent_inflow_month (an attraction programme, a plant closed elsewhere): a one-off shock, none by default."),
    _p("talent_inflow_month", 24, 1, 10_000, "month", "talent", "Month in which the one-off talent inflow arrives."),
    # policy
    _p("public_budget", 20_000.0, 0.0, 10_000_000.0, "k€/year", "policy", "Public money for the cluster each year; unspent money is returned."),
    _p("subsidy_rate", 0.4, 0.0, 0.9, "share", "policy", "Share of a collaborative project's cost paid by subsidies."),
    _p("call_selection_rate", 0.45, 0.0, 1.0, "share", "policy", "Share of the joint projects applying for a subsidy that the call selects, the most promising first; the others decide again without it."),
    _p("call_months", 6, 0, 36, "months", "policy", "Months from applying to a call to its answer: a subsidised joint project waits this long to start (or as long as its partners take to agree, if longer), and a refused applicant has lost as long, whichever way it then goes; revenue comes later."),
    _p("rd_tax_credit", 0.3, 0.0, 0.6, "share", "policy", "Share of firms' project spending (after subsidies) refunded as tax credit."),
    _p("incubator_capacity", 10, 0, 10_000, "startups", "policy", "Startups the incubator hosts at once (rent and coaching paid by the budget)."),
    _p("incubator_cost", 3.0, 0.0, 1000.0, "k€/startup/month", "policy", "Monthly cost of hosting one startup in the incubator."),
    _p("events_per_year", 4, 0, 52, "events/year", "policy", "Networking events held by support institutions each year."),
    _p("event_size", 60, 2, 100_000, "participants", "policy", "Participants in one networking event."),
    _p("event_cost", 20.0, 0.0, 10_000.0, "k€/event", "policy", "Cost of one networking event."),
    _p("platform_investment", 1000.0, 0.0, 1_000_000.0, "k€/year", "policy", "Yearly public investment in shared platforms (extra capacity)."),
    _p("platform_slot_cost", 100.0, 1.0, 100_000.0, "k€/year", "policy", "Yearly cost of one extra platform slot."),
    # world
    _p("n_remote_partners", 200, 0, 200_000, "agents", "world", "Partners in the outside world, reachable only through remote contacts."),
    _p("frontier_growth", 0.004, 0.0, 0.05, "share/month", "world", "Monthly growth of the outside world's knowledge frontier."),
    _p("remote_lead", 1.5, 0.5, 5.0, "ratio", "world", "Outside partners' knowledge at the start, relative to the cluster's average."),
    _p("gatekeeper_threshold", 0.6, 0.0, 1.0, "capacity x openness", "world", "Absorptive capacity times openness from which a firm or lab acts as a gatekeeper: it builds trust at a distance as face to face and keeps its remote ties up."),
    _p("pipeline_upkeep", 0.8, 0.0, 1.0, "share", "world", "Share of the monthly trust decay a gatekeeper saves on its remote ties by keeping them up on purpose."),
]


def check_schema(schema: list[Param]) -> None:
    """Raise ValueError naming the first badly declared parameter: run at import, so `python -O` keeps it."""
    seen = set()
    for p in schema:
        where = f"parameter schema: '{p.name}'"
        if p.name in seen:
            raise ValueError(f"{where} is declared twice")
        seen.add(p.name)
        if p.group not in GROUPS:
            raise ValueError(f"{where} has group {p.group!r}, not one of {', '.join(GROUPS)}")
        kinds = {type(p.default), type(p.low), type(p.high)}
        if kinds not in ({int}, {float}):
            raise ValueError(f"{where} mixes types: default {p.default!r}, low {p.low!r}, high {p.high!r} "
                             "must all be int or all be float")
        if not (math.isfinite(p.low) and math.isfinite(p.high) and p.low <= p.default <= p.high):
            raise ValueError(f"{where} has default {p.default} outside its bounds [{p.low}, {p.high}]")


check_schema(_SCHEMA)
PARAMS: dict[str, Param] = {p.name: p for p in _SCHEMA}


def defaults() -> dict:
    return {name: p.default for name, p in PARAMS.items()}


def validate(values: dict, source: str) -> dict:
    """Check `values` against the schema; return them converted, or raise ParamError."""
    out = {}
    for name, value in values.items():
        if name not in PARAMS:
            close = difflib.get_close_matches(name, PARAMS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ParamError(
                f"{source}: unknown field '{name}'{hint}; allowed: the parameter names listed by `clustersim params`"
            )
        out[name] = PARAMS[name].check(value, source)
    return out


def resolve(overrides: dict, source: str) -> dict:
    """Defaults updated with validated `overrides`: the full parameter set of a run."""
    return defaults() | validate(overrides, source)
