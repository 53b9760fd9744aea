"""`clustersim facts`: the stylized-facts experiments, run with the sweep machinery and tested.

Each fact is a module of this package (`f*.py`) with a NAME, TITLE, CLAIM (with its source),
MECHANISM (what in the model could produce it), a SWEEP definition (TOML text with `{replicates}`
and `{steps}` left open) and `analyze(final, timeseries) -> (tests, figure, finding)`. The test
and its verdict rule are fixed in the module before the results are seen; a fact that does not
hold is reported as such.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.runs import design, sweep
from sim.reports import stats
from sim.reports.report import CSS, to_div
from sim.runs.settings import REPLICATES, STEPS
from sim.runs.sweep import write_atomic

# seeds per condition and months: the full protocol, and an indicative quick run for CI
FULL = {"replicates": REPLICATES.check(30, "facts replicates"), "steps": STEPS.default}
QUICK = {"replicates": REPLICATES.check(6, "quick facts replicates"), "steps": STEPS.check(120, "quick facts months")}


@dataclass
class Fact:
    name: str
    title: str
    claim: str
    mechanism: str
    tests: list  # sim.reports.stats.Test, the first being the headline
    verdict: str
    finding: str
    figure: object  # plotly Figure
    runs: int
    failed: int
    conditions: str  # where it was tested: what varied, over how many seeds and months


def modules() -> list:
    """The fact modules, in file-name order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("f"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def plans(out: Path, quick: bool) -> list[tuple]:
    """(module, sweep plan, folder) for every fact; the sweep files are saved beside the results."""
    settings = QUICK if quick else FULL
    out.mkdir(parents=True, exist_ok=True)
    result = []
    for module in modules():
        path = out / f"{module.NAME}.toml"
        path.write_text(module.SWEEP.format(**settings), encoding="utf-8")
        result.append((module, design.load(path), out / module.NAME))
    return result


def run(out: Path, quick: bool, workers: int, resume: bool, progress=None) -> list[Fact]:
    """Run every fact's sweep (resuming finished runs if asked), then test each fact."""
    facts = []
    for module, plan, folder in plans(out, quick):
        if folder.exists() and not resume:
            shutil.rmtree(folder)
        recorded = sweep.prepare(plan, folder, resume=True)
        sweep.run(plan, folder, recorded, workers=workers, progress=progress)
        _, final, series, errors = sweep.load_results(folder)
        tests, figure, finding = module.analyze(final, series)
        facts.append(Fact(module.NAME, module.TITLE, module.CLAIM, module.MECHANISM, tests, stats.combine(*tests),
                          finding, figure, plan.n_runs - len(errors), len(errors), conditions(plan)))
    return facts


def conditions(plan) -> str:
    """The parameter range a fact was tested over, in words."""
    varied = "; ".join(f"{p} in {values}" if isinstance(values, list) else f"{p} from {values[0]} to {values[1]}"
                       for axis in plan.axes for p, values in axis.params.items())
    return (f"scenario {plan.scenario} with {varied}; {plan.replicates} seeds per condition, "
            f"{plan.steps} months")


def summary_table(facts: list[Fact]) -> pd.DataFrame:
    rows = []
    for f in facts:
        for i, t in enumerate(f.tests):
            rows.append({"fact": f.name, "title": f.title, "verdict": f.verdict, "test_no": i + 1, "test": t.test,
                         "effect": t.effect, "ci_low": t.low, "ci_high": t.high, "p": t.p, "test_verdict": t.verdict,
                         "runs": f.runs, "failed_runs": f.failed})
    return pd.DataFrame(rows)


def markdown(facts: list[Fact], quick: bool) -> str:
    """The verdicts as Markdown: a summary table, then each fact with its tests."""
    mode = (f"quick run ({QUICK['replicates']} seeds, {QUICK['steps']} months: indicative only)" if quick
            else f"full run ({FULL['replicates']} seeds, {FULL['steps']} months)")
    lines = [f"Stylized facts, {mode}. Regenerate with `clustersim facts`.", "",
             "| fact | verdict | headline effect [95 % CI] | p |", "|---|---|---|---|"]
    for f in facts:
        t = f.tests[0]
        lines.append(f"| {f.title} | **{f.verdict}** | {t.effect:.3g} [{t.low:.3g}, {t.high:.3g}] | {t.p:.3g} |")
    for f in facts:
        lines += ["", f"### {f.title}: {f.verdict}", "", f"*Claim.* {f.claim}", "", f"*Mechanism in the model.* {f.mechanism}",
                  "", f"*Result.* {f.finding}", "", f"*Tested over.* {f.conditions}.", ""]
        lines += [f"- {t.test}: {t.effect:.3g} [{t.low:.3g}, {t.high:.3g}], p = {t.p:.3g}: {t.verdict}" for t in f.tests]
    return "\n".join(lines) + "\n"


def write(facts: list[Fact], out: Path, quick: bool) -> Path:
    """summary.csv, summary.md, one HTML figure per fact and an index page; returns the index."""
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    table = summary_table(facts)
    write_atomic(out / "summary.csv", lambda p: table.to_csv(p, index=False))
    text = markdown(facts, quick)
    write_atomic(out / "summary.md", lambda p: p.write_text(text, encoding="utf-8"))
    for f in facts:
        write_atomic(figures / f"{f.name}.html",
                     lambda p, fig=f.figure: fig.write_html(p, include_plotlyjs="directory", full_html=True))
    body = ["<h1>Stylized facts</h1>", f"<p>{html.escape(text.splitlines()[0])}</p>", _verdict_table(facts)]
    for i, f in enumerate(facts):
        body += [f"<h2>{html.escape(f.title)}: {f.verdict}</h2>", f"<p><b>Claim.</b> {html.escape(f.claim)}</p>",
                 f"<p><b>Mechanism.</b> {html.escape(f.mechanism)}</p>", f"<p><b>Result.</b> {html.escape(f.finding)}</p>",
                 f"<p><b>Tested over.</b> {html.escape(f.conditions)}.</p>",
                 "<ul>" + "".join(f"<li>{html.escape(t.test)}: {t.effect:.3g} [{t.low:.3g}, {t.high:.3g}], "
                                  f"p = {t.p:.3g}: <b>{t.verdict}</b></li>" for t in f.tests) + "</ul>",
                 to_div(f.figure, include_js=i == 0)]
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>clustersim: stylized facts</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
    write_atomic(out / "index.html", lambda p: p.write_text(page, encoding="utf-8"))
    return out / "index.html"


def _verdict_table(facts: list[Fact]) -> str:
    rows = "".join(f"<tr><td>{html.escape(f.title)}</td><td><b>{f.verdict}</b></td>"
                   f"<td>{f.tests[0].effect:.3g} [{f.tests[0].low:.3g}, {f.tests[0].high:.3g}]</td>"
                   f"<td>{f.tests[0].p:.3g}</td><td>{f.runs}</td></tr>" for f in facts)
    return ("<table><tr><th>fact</th><th>verdict</th><th>headline effect [95 % CI]</th><th>p</th><th>runs</th></tr>"
            f"{rows}</table>")
