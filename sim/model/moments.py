"""Statistics of a finished run that published figures can be set against: the model's side of the
calibration table (`sim.reports.calibration` holds the targets and their sources).

Each statistic is computed the way the survey or study behind its target counts, as far as the
model allows: the Community Innovation Survey looks back three years, business demography
follows cohorts of births, structural business statistics count enterprises by staff. The
helpers take plain arrays so that each can be checked on cases with a known answer; `moments`
reads them off a model. Nothing here changes the model.
"""

from __future__ import annotations

import numpy as np

from sim.model.knowledge import LOCAL_SOURCES, SOURCE, no_flows
from sim.model.ledger import FIRM_FLOWS

YEAR = 12  # months
CIS_MONTHS = 36  # the Community Innovation Survey's reference period: the last three years
SURVIVAL_YEARS = (1, 3, 5)
MICRO_STAFF = 10  # fewer staff than this: a micro enterprise (EU definition)
SME_STAFF = (10, 250)  # small and medium-sized enterprises, micro enterprises left out
TAIL_STAFF = 10  # the firm-size tail whose Pareto exponent is fitted starts here


def cooperating_share(members: np.ndarray, eligible: np.ndarray) -> float:
    """Of the eligible slots found in any project (rows of `members`, -1 pads), the share found in a joint one."""
    valid = members >= 0
    joint = np.broadcast_to((valid.sum(axis=1) > 1)[:, None], members.shape)[valid]
    slots = members[valid]
    keep = eligible[slots]
    active = np.unique(slots[keep])
    return len(np.unique(slots[keep & joint])) / len(active) if len(active) else float("nan")


def found_in(members: np.ndarray, n: int) -> np.ndarray:
    """Which of `n` slots are found among `members` (rows of projects, -1 pads)."""
    found = np.zeros(n, bool)
    found[members[members >= 0]] = True
    return found


def member_share(members: np.ndarray, eligible: np.ndarray) -> float:
    """Of the eligible slots, the share found among `members` (rows of projects, -1 pads)."""
    return float(found_in(members, len(eligible))[eligible].mean()) if eligible.any() else float("nan")


def recent_projects(model, succeeded: bool = False) -> np.ndarray:
    """Members (rows, -1 pads) of the projects of the survey's period: those that ended in the last `CIS_MONTHS`
    months and those under way; with `succeeded`, only those that ended in success."""
    since = model.steps - CIS_MONTHS
    if succeeded:
        return np.concatenate([*(r["members"][(r["step"] > since) & r["success"]] for r in model.project_log),
                               model.projects.members[:0]])
    return np.concatenate([*(r["members"][r["step"] > since] for r in model.project_log), model.projects.members])


def survival(born: np.ndarray, age: np.ndarray, firm: np.ndarray, now: int, years: int) -> float:
    """Of the firms born during the run (`born` > 0) at least `years` before month `now`, the share whose age
    reached `years`; age stops growing at exit, so it is how long a firm lived."""
    months = YEAR * years
    cohort = firm & (born > 0) & (born <= now - months)
    return float((age[cohort] >= months).mean()) if cohort.any() else float("nan")


def pareto_exponent(sizes: np.ndarray, xmin: float = TAIL_STAFF) -> float:
    """Maximum-likelihood exponent of a Pareto law fitted to the sizes from `xmin` up (Zipf's law: 1)."""
    tail = sizes[sizes >= xmin]
    if len(tail) < 2 or not (tail > xmin).any():
        return float("nan")
    from scipy.stats import pareto  # here, not at the top, as in `measures._rho`
    return float(pareto.fit(tail, floc=0, fscale=xmin)[0])


def rd_share(revenue: np.ndarray, spending: np.ndarray, eligible: np.ndarray) -> float:
    """Project spending over revenue, both summed over the eligible slots that spent on projects."""
    spenders = eligible & (spending > 0)
    total = revenue[spenders].sum()
    return float(spending[spenders].sum() / total) if total > 0 else float("nan")


def yearly_rate(events: np.ndarray, base: np.ndarray) -> float:
    """Monthly `events` over the last year, per unit of the year's mean `base` (both one value a month)."""
    events, base = np.asarray(events)[-YEAR:], np.asarray(base)[-YEAR:]
    return float(YEAR * events.mean() / base.mean()) if len(base) and base.mean() > 0 else float("nan")


def source_share(flows, part: int, sources) -> float:
    """Share of the flows of knowledge `part` (flows: months x knowledge.PARTS x knowledge.SOURCES) that came
    from `sources` (names of knowledge.SOURCES); NaN when none flowed."""
    flows = np.asarray(flows).reshape(-1, *no_flows().shape)[:, part]
    total = flows.sum()
    return float(flows[:, [SOURCE[s] for s in sources]].sum() / total) if total > 0 else float("nan")


def local_share(flows) -> float:
    """Share of codified knowledge flows that came from the territory: from its actors, in meetings or
    projects, and from its own literature (patent citations are codified)."""
    return source_share(flows, 0, LOCAL_SOURCES)


def moments(model) -> dict:
    """Every statistic of the calibration table, by name, at the end of `model`'s run."""
    pop, n, now = model.pop, model.pop.n, model.steps
    firms = pop.mask(firm=True)
    staff = pop.staff[:n]
    out = {"innovation_cooperation": cooperating_share(recent_projects(model), firms),
           "market_innovators": member_share(recent_projects(model, succeeded=True), firms & (staff >= MICRO_STAFF))}
    for years in SURVIVAL_YEARS:
        out[f"survival_{years}y"] = survival(pop.born[:n], pop.age[:n], pop.firm[:n], now, years)
    out["micro_share"] = float((staff[firms] < MICRO_STAFF).mean()) if firms.any() else float("nan")
    out["size_tail_exponent"] = pareto_exponent(staff[firms])
    year = {name: np.zeros(n) for name in FIRM_FLOWS}
    for name, flow in model.ledger.last_year.items():
        year[name][: len(flow)] = flow
    sme = firms & (staff >= SME_STAFF[0]) & (staff < SME_STAFF[1])
    out["sme_rd_share"] = rd_share(year["revenue"], year["project_spending"], sme)
    series = model.datacollector.model_vars
    out["job_to_job_rate"] = yearly_rate(series["job_moves"][1:], series["talent_employed"][1:])
    out["local_knowledge_share"] = local_share(model.knowledge_flows[-YEAR:])
    return out
