"""`clustersim calibrate`: the baseline scenario against published figures, one statistic a row.

Each Target names a statistic of `sim.model.moments`, the published figure it is set against,
a tolerance band stated before any run (the figures are averages over countries and years, so
the band is wide and says why; the one band set after a probe says that too), its unit and its
full source; where no exact figure was found, the source says so. The baseline runs over replicate seeds spawned from one fixed root; each row
gives the mean over seeds with its 95 % t-interval, and whether the mean lies within the band.
It is a report: a row outside its band is a finding about the model, not an error.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.model import ClusterModel
from sim.model.moments import moments
from sim.runs.memory import keep_freed_memory
from sim.runs.results import replicate_seeds
from sim.runs.scenarios import load
from sim.runs.settings import REPLICATES, SEED, STEPS
from sim.runs.sweep import process_pool, write_atomic

SCENARIO = "baseline"
SEEDS = REPLICATES.check(20, "calibration seeds")
ROOT_SEED = SEED.default  # fixed: the same seeds every time, so tables from different code can be compared
CONFIDENCE = 0.95
COLUMNS = ("statistic", "model_mean", "ci_low", "ci_high", "seeds", "target", "tolerance", "verdict", "unit",
           "tolerance_reason", "model_definition", "source")


@dataclass(frozen=True)
class Target:
    moment: str  # name in sim.model.moments.moments
    statistic: str
    value: float
    tolerance: float  # half-width of the band, in the unit
    why: str  # the tolerance's reason, in one phrase
    unit: str
    definition: str  # how the model's statistic is computed
    source: str


EUROSTAT_BD = ("Eurostat, Business demography statistics, Statistics Explained, data of November 2016 "
               "(EU-28 business economy, NACE B-N excluding K64.2): ")
BD_URL = " <http://ec.europa.eu/eurostat/statistics-explained/index.php/Business_demography_statistics>"
SURVIVAL_DEFINITION = ("firms born during the run at least {y} before its end: share that lived {y} "
                       "(age, which stops at exit, reached {m} months)")

TARGETS = (
    Target("innovation_cooperation", "Innovation-active firms that cooperate on innovation", 0.27, 0.10,
           "EU-wide CIS waves gave 26-34 %; national shares spread far wider", "share of innovation-active firms",
           "firms active at the end that took part in a project under way in the last 36 months (the CIS "
           "reference period): share that took part in at least one with a partner",
           "Eurostat, Community Innovation Survey 2010 (reference period 2008-2010), EU-27: 27 % of product "
           "and/or process innovative enterprises co-operated with other enterprises, universities or public "
           "research institutes (dataset inn_cis7_coop); CIS 2008 (2006-2008): 34 %, Eurostat news release "
           "STAT/10/166 of 10 Nov. 2010; CIS4 (2002-2004): 26 %. Enterprises with 10 or more employees"),
    Target("market_innovators", "Firms with an innovation new to the market, over three years", 0.132, 0.11,
           "national shares ran from 2.9 % (Romania) to 24.8 % (Finland); set after a 3-seed probe had given 0.22",
           "share of firms with 10 or more staff",
           "active firms at the end with 10 or more staff (the CIS counts enterprises of that size): share that "
           "was a member of a project that succeeded in the last 36 months (each of its firms counts the "
           "innovation as its own; the model's innovations find a market, judged against the world)",
           "Eurostat news, 'Community Innovation Survey: latest results', 15 Jan. 2021 (CIS 2018, EU-27): 13.2 % of "
           "enterprises with at least 10 persons employed launched one or more innovative products new to the "
           "market in 2016-2018, the same share as in 2014-2016; 24.8 % in Finland, 2.9 % in Romania; "
           "<https://ec.europa.eu/eurostat/web/products-eurostat-news/-/ddn-20210115-2>"),
    Target("survival_1y", "Startup survival, 1 year", 0.80, 0.10, "EU average over all sectors and cohorts",
           "share of a birth cohort", SURVIVAL_DEFINITION.format(y="1 year", m=12),
           EUROSTAT_BD + "one-year survival of enterprises born in 2013, about 80 %;" + BD_URL
           + " (data of May and Dec. 2022: about 82 % for births of 2018 and 2020)"),
    Target("survival_3y", "Startup survival, 3 years", 0.57, 0.10, "EU average over all sectors and cohorts",
           "share of a birth cohort", SURVIVAL_DEFINITION.format(y="3 years", m=36),
           "Eurostat business demography, EU, about 57 % (approximate; exact figure not found: no three-year "
           "rate was found in the Eurostat articles searched; the value lies between the one- and five-year "
           "figures of the rows above and below)"),
    Target("survival_5y", "Startup survival, 5 years", 0.44, 0.10, "EU average over all sectors and cohorts",
           "share of a birth cohort", SURVIVAL_DEFINITION.format(y="5 years", m=60),
           EUROSTAT_BD + "five-year survival of enterprises born in 2009 and still active in 2014, nearly 44 %;"
           + BD_URL),
    Target("micro_share", "Micro firms (fewer than 10 staff) among active firms", 0.927, 0.05,
           "national shares reach 96.7 % (Greece) and fall lower in Germany", "share of active firms",
           "active firms at the end with fewer than 10 staff, over all active firms",
           "Eurostat news release 201/2015, 17 Nov. 2015, '9 out of 10 enterprises in the EU employed fewer "
           "than 10 persons': 92.7 % of the 22.3 million enterprises of the EU-28 non-financial business "
           "economy in 2012 had 0-9 persons employed (structural business statistics, sbs_sc_sca_r2). All "
           "sectors: manufacturing alone has fewer micro enterprises"),
    Target("size_tail_exponent", "Firm-size tail exponent (Pareto, staff of 10 or more)", 1.059, 0.25,
           "exponent estimates move with the cut-off and the fitting method", "exponent",
           "maximum-likelihood Pareto exponent (scipy.stats.pareto.fit with loc 0 and scale 10) of the staff "
           "of active firms with 10 or more staff",
           "Axtell, R. L. (2001), 'Zipf distribution of U.S. firm sizes', Science 293(5536): 1818-1820, "
           "doi:10.1126/science.1062081: all US tax-paying firms (Census Bureau, 1997), P(size > s) inversely "
           "proportional to s; the fitted exponent 1.059 is the value usually quoted from the paper (the "
           "abstract, which we read, states only 'inversely proportional', exponent 1)"),
    Target("sme_rd_share", "R&D spending over turnover, R&D-active SMEs", 0.07, 0.035,
           "one country, one year, all sectors: ±50 %", "share of revenue",
           "active firms with 10 to 249 staff that paid for projects in the last full year: their project "
           "spending (after subsidies, before the tax credit) over their revenue, summed over them",
           "Ministère de l'enseignement supérieur et de la recherche, L'état de l'enseignement supérieur et de "
           "la recherche en France n° 8 (2015), indicator 28, "
           "<https://publication.enseignementsup-recherche.gouv.fr/eesr/8EN/EESR8EN_R_28-research_and_development_r_d_in_small_and_medium_sized_enterprises_smes_intermediate_sized_enterprises_and_large_enterprises-ILL_05.php>: "
           "in 2012, among the enterprises doing R&D, SMEs other than micro-enterprises spent 7 % of their "
           "turnover on it (micro-enterprises 26 %, large enterprises 2 %); France, all sectors. No EU figure "
           "for manufacturing SMEs was found"),
    Target("job_to_job_rate", "Job-to-job moves a year, per employed person", 0.082, 0.04,
           "national rates ran from about 5 % to 13 %", "moves per employed person per year",
           "job moves between firms over the last 12 months, over the mean of talent employed in those months",
           "Eurostat, EU Labour Force Survey 2003: 8.2 % of the EU's employed had moved to another job after "
           "one year (Denmark and the UK about 13 %, Sweden and Greece about 5 %), as quoted by the European "
           "Commission for the European Year of Workers' Mobility 2006, "
           "<http://europa.eu.int/comm/employment_social/workersmobility2006/fact_figures_en.htm> (secondary "
           "copy read; no more recent EU-wide job-to-job rate was found)"),
    Target("local_knowledge_share", "Codified knowledge flows from the same area", 0.08, 0.05,
           "order of magnitude only; the exact figure was not found", "share of codified knowledge learnt",
           "codified knowledge learnt over the last 12 months (in meetings and from the literature): share that "
           "came from the territory (its actors, face to face or not, and its own publications) rather than from "
           "outside partners and the world's literature; patent citations are codified knowledge. The same share "
           "for tacit knowledge is reported by experiments/knowledge_goals.py",
           "Jaffe, A. B., Trajtenberg, M. and Henderson, R. (1993), 'Geographic localization of knowledge "
           "spillovers as evidenced by patent citations', Quarterly Journal of Economics 108(3): 577-598: share "
           "of citations (self-citations excluded) from the cited patent's SMSA. Approximate; exact figure not "
           "found: the abstract and summaries read report that citations are 5 to 10 times as likely as "
           "control patents to come from the same SMSA; a same-SMSA share of about 5-10 % is our reading of "
           "their Table III, not checked against it"),
)


def run_seed(task: tuple[dict, int, int]) -> dict:
    """One replicate (in a worker): the statistics of `moments` at the end of a run of (params, steps, seed)."""
    params, steps, seed = task
    keep_freed_memory()
    model = ClusterModel(rng=seed, **params)
    for _ in range(steps):
        model.step()
    return {"seed": seed} | moments(model)


def run(seeds: int, steps: int, workers: int = 1, progress=None) -> pd.DataFrame:
    """The baseline over `seeds` replicate seeds of `steps` months: one row a seed, one column a statistic."""
    params = load(SCENARIO).params
    tasks = [(params, steps, seed) for seed in replicate_seeds(ROOT_SEED, seeds)]
    rows = []
    with ExitStack() as stack:  # one worker runs in this process, as sweeps do
        mapper = map if workers == 1 else stack.enter_context(process_pool(workers)).map
        for row in mapper(run_seed, tasks):
            rows.append(row)
            if progress is not None:
                progress(row)
    return pd.DataFrame(rows)


def interval(values) -> tuple[float, float, float, int]:
    """Mean, its 95 % t-interval over seeds and the number of seeds with a value (NaN where undefined)."""
    x = np.asarray(values, float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if len(x) < 2:
        return mean, float("nan"), float("nan"), 1
    from scipy import stats  # here, as in `sim.model.measures._rho`: the command line imports this module
    sem = float(stats.sem(x))
    if sem == 0:
        return mean, mean, mean, len(x)
    low, high = stats.t.interval(CONFIDENCE, len(x) - 1, loc=mean, scale=sem)
    return mean, float(low), float(high), len(x)


def verdict(value: float, target: float, tolerance: float) -> str:
    """'within' when `value` lies in target ± tolerance, 'outside' when not, 'no data' when the run gave none
    (too short for the statistic)."""
    if not np.isfinite(value):
        return "no data"
    return "within" if abs(value - target) <= tolerance else "outside"


def table(per_seed: pd.DataFrame, targets=TARGETS) -> pd.DataFrame:
    """Model against target, one row a Target (columns: COLUMNS)."""
    rows = []
    for t in targets:
        mean, low, high, n = interval(per_seed[t.moment])
        rows.append({"statistic": t.statistic, "model_mean": mean, "ci_low": low, "ci_high": high, "seeds": n,
                     "target": t.value, "tolerance": t.tolerance, "verdict": verdict(mean, t.value, t.tolerance),
                     "unit": t.unit, "tolerance_reason": t.why, "model_definition": t.definition, "source": t.source})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _num(x: float) -> str:
    return f"{x:.3g}" if np.isfinite(x) else "n/a"


def _cell(text) -> str:
    return str(text).replace("|", "\\|")


def markdown(result: pd.DataFrame, seeds: int, steps: int) -> str:
    """The table as Markdown, under one line saying what ran."""
    lines = [f"Calibration of the `{SCENARIO}` scenario: {seeds} seeds (root seed {ROOT_SEED}), {steps} months; "
             f"model: mean over seeds [{CONFIDENCE * 100:.0f} % t-interval]. Regenerate with `clustersim calibrate`.",
             "", f"| statistic | model [{CONFIDENCE * 100:.0f} % CI] | target | tolerance | verdict | unit | source |",
             "|---|---|---|---|---|---|---|"]
    for r in result.itertuples():
        lines.append(f"| {_cell(r.statistic)} | {_num(r.model_mean)} [{_num(r.ci_low)}, {_num(r.ci_high)}] "
                     f"| {r.target:g} | ±{r.tolerance:g} ({_cell(r.tolerance_reason)}) | {r.verdict} "
                     f"| {_cell(r.unit)} | {_cell(r.source)} |")
    return "\n".join(lines) + "\n"


def write(folder: Path, result: pd.DataFrame, text: str) -> tuple[Path, Path]:
    """calibration.csv and calibration.md in `folder`, each written atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    csv, md = folder / "calibration.csv", folder / "calibration.md"
    write_atomic(csv, lambda p: result.to_csv(p, index=False))
    write_atomic(md, lambda p: p.write_text(text, encoding="utf-8"))
    return csv, md
