"""The `clustersim` command: run a scenario, run and analyse sweeps, list scenarios and parameters.

Any bad input ends in one line on stderr naming the file or option, the field and what is
allowed, with exit status 2, and is caught before anything is written.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from sim.runs.design import SweepError, shipped
from sim.runs.memory import keep_freed_memory
from sim.model import size
from sim.model.schema import GROUPS, PARAMS, ParamError
from sim.reports import calibration
from sim.runs.scenarios import ScenarioError, load, scenario_names
from sim.runs.settings import REPLICATES, SEED, STEPS


class _Parser(argparse.ArgumentParser):
    """argparse with its error on one line (it prints usage first by default)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class _BadInput(Exception):
    """Bad input found by the command itself; the message is one line."""


def _bounded(low: int, high: int):
    """An argparse type: a whole number from `low` to `high`, else an error saying so."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"got {text!r}; allowed: a whole number from {low} to {high}")
        return value
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="clustersim", description="Agent-based simulator of industrial clusters.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{run,sweep,analyze,scenarios,params,dashboard,docs,facts,calibrate}")
    run = sub.add_parser("run", help="run a scenario over several seeds and write a results folder")
    run.add_argument("scenario", help="a name from `clustersim scenarios` or a path to a .toml file")
    for flag, s, metavar in (("--steps", STEPS, "N"), ("--seeds", REPLICATES, "K"), ("--seed", SEED, "S")):
        run.add_argument(flag, type=_bounded(s.low, s.high), default=s.default, metavar=metavar,
                         help=f"{s.description[0].lower()}{s.description[1:-1]} (default {s.default})")
    run.add_argument("--out", type=Path, metavar="DIR", help="results folder (default results/<scenario>-<time>; "
                     "the results/ root can be moved with CLUSTERSIM_RESULTS)")
    run.set_defaults(func=_run)
    sweep = sub.add_parser("sweep", help="run a sweep definition, resumably")
    sweep.add_argument("file", help="a sweep definition (.toml), or the name of one shipped with clustersim: "
                       f"{', '.join(shipped())}")
    sweep.add_argument("--workers", type=_bounded(1, 1024), default=os.cpu_count() or 1, metavar="N",
                       help="local worker processes (default: one per core; 1 runs in this process)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://127.0.0.1:8786")
    sweep.add_argument("--resume", action="store_true", help="finish an interrupted sweep: run only what is missing")
    sweep.add_argument("--out", type=Path, metavar="DIR", help="sweep folder (default results/sweeps/<file name>)")
    sweep.set_defaults(func=_sweep)
    analyze = sub.add_parser("analyze", help="analyse a sweep folder: HTML report and CSV tables")
    analyze.add_argument("folder", type=Path, help="a folder written by `clustersim sweep`")
    analyze.set_defaults(func=_analyze)
    facts = sub.add_parser("facts", help="test the stylized facts of clusters over many seeds")
    facts.add_argument("--quick", action="store_true", help="6 seeds and 120 months per condition (indicative, for CI)")
    facts.add_argument("--workers", type=_bounded(1, 1024), default=os.cpu_count() or 1, metavar="N",
                       help="local worker processes (default: one per core)")
    facts.add_argument("--resume", action="store_true", help="keep the runs already finished")
    facts.add_argument("--out", type=Path, metavar="DIR", help="results folder (default results/facts or results/facts-quick)")
    facts.set_defaults(func=_facts)
    calibrate = sub.add_parser("calibrate", help="the baseline scenario against published figures, one row a statistic")
    calibrate.add_argument("--seeds", type=_bounded(2, REPLICATES.high), default=calibration.SEEDS, metavar="N",
                           help=f"replicate seeds, spawned from a fixed root (default {calibration.SEEDS})")
    calibrate.add_argument("--steps", type=_bounded(STEPS.low, STEPS.high), default=STEPS.default, metavar="N",
                           help=f"months to simulate (default {STEPS.default})")
    calibrate.add_argument("--workers", type=_bounded(1, 1024), default=os.cpu_count() or 1, metavar="N",
                           help="local worker processes (default: one per core; 1 runs in this process)")
    calibrate.add_argument("--out", type=Path, metavar="DIR", help="folder for calibration.csv and calibration.md "
                           "(default results/calibration)")
    calibrate.set_defaults(func=_calibrate)
    sub.add_parser("scenarios", help="list the scenarios").set_defaults(func=_scenarios)
    params = sub.add_parser("params", help="list the model parameters")
    params.add_argument("--group", choices=GROUPS, help="only this group")
    params.set_defaults(func=_params)
    dashboard = sub.add_parser("dashboard", help="start the interactive dashboard (works offline)")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    dashboard.add_argument("--port", type=_bounded(1, 65535), default=8765, help="port (default 8765)")
    dashboard.set_defaults(func=_dashboard)
    docs = sub.add_parser("docs", help="rewrite the parameter table of MODEL.md from the schema (prints it outside a checkout)")
    docs.add_argument("--file", type=Path, metavar="PATH", help="the file to update (default: MODEL.md of the checkout)")
    docs.set_defaults(func=_docs)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    keep_freed_memory()
    args.argv = sys.argv[1:] if argv is None else argv
    try:
        args.func(args)
    except (ParamError, ScenarioError, SweepError, _BadInput) as exc:
        print(f"clustersim: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("clustersim: interrupted; no results written", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _run(args) -> None:
    from sim.runs import results

    scenario = load(args.scenario)
    size.check_fits(scenario.params, size.available_bytes(), str(scenario.path))  # before anything is written
    started = datetime.now().astimezone()
    target = args.out or results.default_folder(scenario.name, started)
    if target.exists():
        raise _BadInput(f"--out {target}: folder already exists; allowed: a new folder path")
    seeds = results.replicate_seeds(args.seed, args.seeds)

    from tqdm import tqdm

    from sim.reports import report
    from sim.runs.simulate import simulate

    with ExitStack() as stack:
        try:
            tmp = stack.enter_context(results.atomic_folder(target))
        except OSError as exc:
            raise _BadInput(f"--out {target}: cannot create the folder ({exc}); allowed: a writable path")
        clock = time.perf_counter()
        with tqdm(total=args.steps * len(seeds), unit="month", desc=scenario.name) as bar:
            runs = [simulate(scenario.params, args.steps, seed, on_step=lambda _: bar.update()) for seed in seeds]
        meta = results.metadata(scenario.name, args.steps, args.seed, seeds, ["clustersim", *args.argv],
                                started, time.perf_counter() - clock)
        tables = results.save(tmp, scenario, meta, runs)
        summary = results.summary(tables["timeseries"])
        report.write(tmp / "report.html", scenario, meta, summary, **tables)
    _print_summary(scenario, meta, summary)
    print(f"\nresults: {target}\nreport:  {target / 'report.html'}")


def _sweep(args) -> None:
    from sim.runs import design, results, sweep

    plan = design.load(args.file)
    folder = args.out or results.results_root() / "sweeps" / plan.name
    try:
        recorded = sweep.prepare(plan, folder, args.resume)
    except sweep.SweepFolderError as exc:
        raise _BadInput(str(exc)) from None
    except OSError as exc:
        raise _BadInput(f"--out {folder}: cannot create the folder ({exc}); allowed: a writable path") from None
    backend = f"Dask scheduler {args.scheduler}" if args.scheduler else f"{args.workers} local worker(s)"
    print(f"{plan.title}: {plan.n_runs} runs ({len(plan.points)} points x {plan.replicates} replicates), "
          f"{len(recorded)} already done; {plan.n_runs - len(recorded)} to run on {backend}")

    from tqdm import tqdm

    bar = tqdm(total=plan.n_runs, initial=len(recorded), unit="run", desc=plan.name)

    def progress(result):
        bar.set_postfix(failed=len(list((folder / "errors").glob("*.json"))))
        bar.update()
    try:
        sweep.run(plan, folder, recorded, workers=args.workers, scheduler=args.scheduler, progress=progress)
    except KeyboardInterrupt:
        bar.close()
        print(f"clustersim: interrupted; finished runs are kept: `clustersim sweep {args.file} --resume"
              f"{' --out ' + str(args.out) if args.out else ''}` runs the rest", file=sys.stderr)
        sys.exit(130)
    bar.close()
    failures = len(list((folder / "errors").glob("*.json")))
    print(f"{plan.n_runs - failures} runs finished, {failures} failed (see {folder / 'errors'})" if failures
          else f"all {plan.n_runs} runs finished")
    print(f"results: {folder}\nnext:    clustersim analyze {folder}")


def _analyze(args) -> None:
    if not (args.folder / "manifest.json").is_file():
        raise _BadInput(f"{args.folder}: no manifest.json; allowed: a folder written by `clustersim sweep`")
    from sim.reports.analysis import analyze

    report = analyze(args.folder)
    print(f"report: {report}\ntables: {report.parent / 'tables'}")


def _facts(args) -> None:
    from tqdm import tqdm

    from sim.reports import facts
    from sim.runs import results

    out = args.out or results.results_root() / ("facts-quick" if args.quick else "facts")
    modules = facts.modules()
    total = sum(plan.n_runs for module in modules for plan, _ in facts.plans(module, out, args.quick))
    print(f"{len(modules)} facts, {total} runs on {args.workers} local worker(s)")
    with tqdm(total=total, unit="run", desc="facts") as bar:
        found = facts.run(out, args.quick, args.workers, args.resume, progress=lambda _: bar.update())
    index = facts.write(found, out, args.quick)
    from sim.reports.docs import MODEL_MD, update_block

    if not args.quick and MODEL_MD:  # in a checkout, the full run is the validation report of MODEL.md
        update_block(MODEL_MD, "facts", facts.markdown(found, quick=False))
        print(f"validation section of {MODEL_MD} rewritten")
    width = max(len(f.module.TITLE) for f in found)
    effects = [facts.headline(f.tests[0]) for f in found]
    effect_width = max(map(len, effects))
    for f, effect in zip(found, effects):
        print(f"  {f.module.TITLE:<{width}}  {f.verdict:<14} {effect:<{effect_width}}  SESOI {f.tests[0].sesoi:.3g}")
    print(f"\nsummary: {out / 'summary.md'}\nreport:  {index}")


def _calibrate(args) -> None:
    from tqdm import tqdm

    from sim.runs import results

    out = args.out or results.results_root() / "calibration"
    with tqdm(total=args.seeds, unit="run", desc="calibrate") as bar:
        per_seed = calibration.run(args.seeds, args.steps, args.workers, progress=lambda _: bar.update())
    table = calibration.table(per_seed)
    text = calibration.markdown(table, args.seeds, args.steps)
    try:
        files = calibration.write(out, table, text)
    except OSError as exc:
        raise _BadInput(f"--out {out}: cannot write the table ({exc}); allowed: a writable folder") from None
    from sim.reports.docs import MODEL_MD, update_block

    if MODEL_MD and args.seeds == calibration.SEEDS and args.steps == STEPS.default:  # the reference table
        update_block(MODEL_MD, "calibration", text)
        print(f"calibration section of {MODEL_MD} rewritten")
    print(f"\n{text}\ntables: {files[0]}\n        {files[1]}")


def _print_summary(scenario, meta: dict, summary) -> None:
    from sim.runs.results import fmt

    print(f"\n{scenario.title}: final values at month {meta['steps']}, "
          f"mean ± sd across {len(meta['seeds'])} seeds")
    width = max(len(label) for label in summary["label"])
    for r in summary.itertuples():
        print(f"  {r.label:<{width}}  {fmt(r.mean):>10} ± {fmt(r.sd):<8} {r.unit}")


def _scenarios(args) -> None:
    for name in scenario_names():
        s = load(name)
        print(f"{name}: {s.title}")
        print(textwrap.fill(s.description, width=88, initial_indent="    ", subsequent_indent="    "))


def _params(args) -> None:
    for group in [args.group] if args.group else GROUPS:
        print(f"[{group}]")
        for p in (p for p in PARAMS.values() if p.group == group):
            print(f"  {p.name:<24} {p.default!s:>10}  [{p.low} .. {p.high}] {p.unit}")
            print(textwrap.fill(p.description, width=88, initial_indent=" " * 6, subsequent_indent=" " * 6))


def _dashboard(args) -> None:
    from sim.dashboard import server

    print(f"clustersim dashboard: http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    os.execve(sys.executable, server.command(args.host, args.port), os.environ | server.ENV)


def _docs(args) -> None:
    from sim.reports.docs import MODEL_MD, parameter_table, update_model_md

    path = args.file or MODEL_MD
    if path is None:  # installed from a wheel: no MODEL.md of ours to rewrite
        print(parameter_table(), end="")
        print("clustersim docs: not run from a checkout, so the table is printed; --file PATH rewrites a MODEL.md",
              file=sys.stderr)
        return
    try:
        changed = update_model_md(path)
    except OSError as exc:
        raise _BadInput(f"{path}: cannot read or write the file ({exc}); allowed: an existing, writable MODEL.md") from None
    except ValueError as exc:
        raise _BadInput(f"{path}: {exc}; allowed: a file with both markers") from None
    print(f"{path}: parameter table {'updated' if changed else 'already up to date'}")


if __name__ == "__main__":
    main()
