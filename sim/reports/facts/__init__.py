"""`clustersim facts`: the stylized facts of clusters as experiments with protocols fixed in advance.

Each fact is a module of this package (`f*.py`) holding its NAME, TITLE, CLAIM (with its
source), MECHANISM (what in the model could make it emerge), its PROTOCOL (hypothesis, levers,
pairing, outcome, smallest effect size of interest, test and verdict rule), its SWEEPS (the
arguments of `sweep_toml`, one sweep per lever, all from one seed so that seeds are paired across
conditions) and `analyze(final, series) -> (tests, figure, finding)`, where `final` has a
`sweep` column naming the sweep of each run.
The protocol is committed before any full run: the results record the git revision of each
module, and say when it had uncommitted changes. Verdicts come from `stats.decide`, with Holm's
correction over every evidence test of the run. Checks that the code does what MODEL.md says
(imposed curves, formulas) are verification and live in the tests, not here.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.reports import stats
from sim.reports.report import CSS, to_div
from sim.runs import design, sweep
from sim.runs.results import code_revision, versions
from sim.runs.settings import REPLICATES, STEPS
from sim.runs.sweep import write_atomic

# seeds per condition and months: the full protocol, and an indicative quick run for CI
FULL = {"replicates": REPLICATES.check(30, "facts replicates"), "steps": STEPS.default}
QUICK = {"replicates": REPLICATES.check(6, "quick facts replicates"), "steps": STEPS.check(120, "quick facts months")}


@dataclass(frozen=True)
class Protocol:
    """What a fact's experiment tests and how, fixed before it runs."""
    hypothesis: str  # in one sentence
    levers: str  # what varies, one lever at a time, everything else at baseline
    pairing: str  # how seeds are paired across conditions
    outcome: str  # the measure compared
    sesoi: str  # the smallest effect size of interest, with the reason for its size
    test: str  # the test and the verdict rule

    def items(self) -> list[tuple[str, str]]:
        return [("Hypothesis", self.hypothesis), ("Levers", self.levers), ("Pairing", self.pairing),
                ("Outcome", self.outcome), ("Smallest effect of interest", self.sesoi), ("Test and verdict", self.test)]


def sweep_toml(title: str, seed: int, vary: dict, outcomes: list, replicates: int, steps: int,
               measures: list = (), keep: str = "final") -> str:
    """A grid over one lever of the baseline, as the text of a sweep file. A fact's sweeps share
    one seed, so that every condition runs on the same seeds."""
    quoted = lambda names: "[" + ", ".join(f'"{n}"' for n in names) + "]"  # noqa: E731
    lines = [f'title = "{title}"', 'description = "One lever varied, everything else as in the baseline."',
             'scenario = "baseline"', f"steps = {steps}", f"replicates = {replicates}", f"seed = {seed}",
             f'keep = "{keep}"', f"outcomes = {quoted(outcomes)}", f"measures = {quoted(measures)}",
             "[design]", 'kind = "grid"', "[vary]"]
    for name, values in vary.items():
        if isinstance(values, dict):  # parameters that move together on one axis
            lines += [f"[vary.{name}]", *(f"{p} = {list(v)}" for p, v in values.items())]
        else:
            lines.append(f"{name} = {list(values)}")
    return "\n".join(lines) + "\n"


@dataclass
class Fact:
    module: object
    tests: list  # sim.reports.stats.Test, the first being the headline
    finding: str
    figure: object  # plotly Figure
    runs: int
    failed: int
    revision: str  # git revision of the module (its protocol), or the version that ran outside a checkout

    @property
    def verdict(self) -> str:
        return stats.combine(*(t.verdict for t in self.tests))


def modules() -> list:
    """The fact modules, in file-name order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("f"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def plans(module, out: Path, quick: bool) -> list[tuple]:
    """(sweep plan, folder) of each of a fact's sweeps; the sweep files are saved beside the results."""
    settings = QUICK if quick else FULL
    folder = out / module.NAME
    folder.mkdir(parents=True, exist_ok=True)
    result = []
    for name, spec in module.SWEEPS.items():
        path = folder / f"{name}.toml"
        path.write_text(sweep_toml(**spec, **settings), encoding="utf-8")
        result.append((design.load(path), folder / name))
    return result


def revision(module) -> str:
    """The last commit of a fact's module, marked when it has changed since (its protocol is then
    not the committed one); outside a checkout, the installed version."""
    commit, dirty = code_revision(Path(module.__file__))
    if commit is None:
        return f"clustersim {versions().get('clustersim') or '(version unknown)'}"
    return commit[:10] + (" with uncommitted changes" if dirty else "")


def run(out: Path, quick: bool, workers: int, resume: bool, progress=None) -> list[Fact]:
    """Run every fact's sweeps (resuming finished runs if asked), test each fact, then decide all
    verdicts together (Holm over every evidence test)."""
    facts = []
    for module in modules():
        finals, series, failed, runs = [], [], 0, 0
        for plan, folder in plans(module, out, quick):
            if folder.exists() and not resume:
                shutil.rmtree(folder)
            recorded = sweep.prepare(plan, folder, resume=True)
            sweep.run(plan, folder, recorded, workers=workers, progress=progress)
            _, final, timeseries, errors = sweep.load_results(folder)
            finals.append(final.assign(sweep=plan.name))
            if timeseries is not None:
                series.append(timeseries.assign(sweep=plan.name))
            failed, runs = failed + len(errors), runs + plan.n_runs - len(errors)
        tests, figure, finding = module.analyze(pd.concat(finals, ignore_index=True),
                                                pd.concat(series, ignore_index=True) if series else None)
        facts.append(Fact(module, tests, finding, figure, runs, failed, revision(module)))
    stats.decide([t for f in facts for t in f.tests])
    return facts


def summary_table(facts: list[Fact]) -> pd.DataFrame:
    rows = []
    for f in facts:
        for i, t in enumerate(f.tests):
            rows.append({"fact": f.module.NAME, "title": f.module.TITLE, "verdict": f.verdict, "test_no": i + 1,
                         "test": t.test, "effect": t.effect, "ci_low": t.low, "ci_high": t.high, "sesoi": t.sesoi,
                         "p_effect_holm": t.adjusted[0], "p_equivalent_holm": t.adjusted[1],
                         "p_opposite_holm": t.adjusted[2], "test_verdict": t.verdict, "detail": t.detail,
                         "runs": f.runs, "failed_runs": f.failed, "protocol_revision": f.revision})
    return pd.DataFrame(rows)


def _line(t: stats.Test) -> str:
    """One test in words: effect, interval, SESOI, Holm-adjusted p-values, verdict."""
    text = (f"{t.test}: {t.effect:.3g} [{t.low:.3g}, {t.high:.3g}], SESOI {t.sesoi:.3g}; Holm-adjusted p: "
            f"effect beyond SESOI {t.adjusted[0]:.2g}, equivalence {t.adjusted[1]:.2g}, opposite sign "
            f"{t.adjusted[2]:.2g}")
    return text + (f" ({t.detail})" if t.detail else "")


def markdown(facts: list[Fact], quick: bool) -> str:
    """The verdicts as Markdown: a summary table, then each fact with its protocol and tests."""
    mode = (f"quick run ({QUICK['replicates']} seeds, {QUICK['steps']} months: indicative only)" if quick
            else f"full run ({FULL['replicates']} seeds, {FULL['steps']} months)")
    tests = [t for f in facts for t in f.tests]
    computed = sum(np.isfinite(t.p_effect) for t in tests)
    lines = [f"Stylized facts, {mode}. Regenerate with `clustersim facts`. Verdicts after Holm's correction over "
             f"the {computed} evidence tests that could be computed ({len(tests)} planned); intervals are 95 % and "
             "uncorrected.", "",
             "| fact | verdict | headline effect [95 % CI] | SESOI | protocol |", "|---|---|---|---|---|"]
    for f in facts:
        t = f.tests[0]
        lines.append(f"| {f.module.TITLE} | **{f.verdict}** | {headline(t)} | {t.sesoi:.3g} | {f.revision} |")
    for f in facts:
        m = f.module
        lines += ["", f"### {m.TITLE}: {f.verdict}", "", f"*Claim.* {m.CLAIM}", "",
                  f"*Mechanism in the model.* {m.MECHANISM}", "", "*Protocol* (committed in " f"{f.revision}):", ""]
        lines += [f"- {k}: {v}" for k, v in m.PROTOCOL.items()]
        lines += ["", f"*Result.* {f.finding} ({f.runs} runs, {f.failed} failed)", ""]
        lines += [f"- {_line(t)}: **{t.verdict}**" for t in f.tests]
    return "\n".join(lines) + "\n"


def headline(t: stats.Test) -> str:
    """A fact's first test as its summary cell: the effect and its interval, or words where a test that
    could not be computed would print nan. An infinite bound (Fieller's interval) is a result and stays."""
    if np.isnan([t.p_effect, t.effect, t.low, t.high]).any():
        return "not computable (see its tests)"
    return f"{t.effect:.3g} [{t.low:.3g}, {t.high:.3g}]"


def write(facts: list[Fact], out: Path, quick: bool) -> Path:
    """summary.csv, summary.md, one HTML figure per fact and an index page; returns the index."""
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    table = summary_table(facts)
    write_atomic(out / "summary.csv", lambda p: table.to_csv(p, index=False))
    text = markdown(facts, quick)
    write_atomic(out / "summary.md", lambda p: p.write_text(text, encoding="utf-8"))
    for f in facts:
        write_atomic(figures / f"{f.module.NAME}.html",
                     lambda p, fig=f.figure: fig.write_html(p, include_plotlyjs="directory", full_html=True))
    body = ["<h1>Stylized facts</h1>", f"<p>{html.escape(text.splitlines()[0])}</p>", _verdict_table(facts)]
    for i, f in enumerate(facts):
        m = f.module
        body += [f"<h2>{html.escape(m.TITLE)}: {f.verdict}</h2>", f"<p><b>Claim.</b> {html.escape(m.CLAIM)}</p>",
                 f"<p><b>Mechanism.</b> {html.escape(m.MECHANISM)}</p>",
                 f"<p><b>Protocol</b> (committed in {html.escape(f.revision)}):</p><ul>"
                 + "".join(f"<li><b>{k}.</b> {html.escape(v)}</li>" for k, v in m.PROTOCOL.items()) + "</ul>",
                 f"<p><b>Result.</b> {html.escape(f.finding)}</p>",
                 "<ul>" + "".join(f"<li>{html.escape(_line(t))}: <b>{t.verdict}</b></li>" for t in f.tests) + "</ul>",
                 to_div(f.figure, include_js=i == 0)]
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>clustersim: stylized facts</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
    write_atomic(out / "index.html", lambda p: p.write_text(page, encoding="utf-8"))
    return out / "index.html"


def _verdict_table(facts: list[Fact]) -> str:
    rows = "".join(f"<tr><td>{html.escape(f.module.TITLE)}</td><td><b>{f.verdict}</b></td>"
                   f"<td>{html.escape(headline(f.tests[0]))}</td>"
                   f"<td>{f.tests[0].sesoi:.3g}</td><td>{f.runs}</td></tr>" for f in facts)
    return ("<table><tr><th>fact</th><th>verdict</th><th>headline effect [95 % CI]</th><th>SESOI</th><th>runs</th></tr>"
            f"{rows}</table>")
