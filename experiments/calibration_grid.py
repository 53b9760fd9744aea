"""One parameter's grid against every row of the calibration table: what a value would do to each row.

    python experiments/calibration_grid.py partner_search_share 0.10 0.15 0.20 0.25
    python experiments/calibration_grid.py project_cost 120 200 300 450 --seeds 8
    python experiments/calibration_grid.py project_cost 160 200 250 --set partner_search_share=0.08

For each value, the baseline with the parameter at that value (and any `--set` held at theirs,
to grid two parameters together) over seeds 101 onwards (not the
calibration table's own, which it spawns from root 42), 240 months: each row's mean over seeds,
with its standard error, its target and band, and whether the mean lies within the band; the
cumulative innovations too.
A parameter is calibrated to the value nearest its row's target (MODEL.md, Grounded defaults)
only where the data name that row; the other rows show what the choice costs. About a minute
for four values and 8 seeds on 2 cores. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse

import pandas as pd

from probes import count, run_all

MONTHS = 240
FIRST_SEED = 101


def one_run(task: tuple[dict, int]) -> dict:
    """The baseline with `params` changed, from `seed`: its parameters, every row's statistic and innovations."""
    from sim.model import ClusterModel
    from sim.model.moments import moments

    params, seed = task
    model = ClusterModel(rng=seed, **params)
    for _ in range(MONTHS):
        model.step()
    return {**params, "seed": seed, **moments(model), "innovations": model.innovations_total}


def arguments() -> argparse.Namespace:
    from sim.model.schema import ParamError, validate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parameter", help="a parameter of the schema (clustersim params lists them)")
    parser.add_argument("values", nargs="+", type=float, help="the values to try")
    parser.add_argument("--seeds", type=count, default=8, metavar="1-100", help="seeds per value (default 8)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="another parameter held at a value other than its default (repeatable)")
    args = parser.parse_args()
    try:
        args.held = validate(dict(held_pair(item) for item in args.set), "command line: --set")
        args.values = list(dict.fromkeys(validate({args.parameter: v}, "command line")[args.parameter]
                                         for v in args.values))
    except ParamError as exc:
        parser.error(str(exc))
    if args.parameter in args.held:
        parser.error(f"command line: --set {args.parameter}; allowed: a parameter other than the one gridded")
    return args


def held_pair(item: str) -> tuple[str, float]:
    """NAME=VALUE of `--set`, as a name and a number (the schema checks both after)."""
    from sim.model.schema import ParamError

    name, sep, value = item.partition("=")
    try:
        if sep:
            return name, float(value)
    except ValueError:
        pass
    raise ParamError(f"command line: --set '{item}'; allowed: NAME=VALUE, a parameter name and a number")


def main() -> None:
    from sim.reports.calibration import TARGETS

    args = arguments()
    seeds = range(FIRST_SEED, FIRST_SEED + args.seeds)
    runs = pd.DataFrame(run_all(one_run, [(args.held | {args.parameter: v}, s) for v in args.values for s in seeds]))
    by_value = runs.drop(columns=["seed", *args.held]).groupby(args.parameter)
    mean, sem = by_value.mean(), by_value.sem()

    def cells(name: str, band: tuple[float, float] | None = None) -> dict:
        return {repr(v): f"{m:.4g} ± {sem.at[v, name]:.2g}"
                + ("" if band is None or band[0] <= m <= band[1] else " out") for v, m in mean[name].items()}

    rows = [{"row": t.moment, "target": f"{t.value:g} [{t.value - t.tolerance:.3g}, {t.value + t.tolerance:.3g}]"}
            | cells(t.moment, (t.value - t.tolerance, t.value + t.tolerance)) for t in TARGETS]
    rows.append({"row": "innovations", "target": ""} | cells("innovations"))
    held = "".join(f", {name} = {value:g}" for name, value in args.held.items())
    print(f"{args.parameter} at each value{held}: mean ± standard error over {args.seeds} seeds from {FIRST_SEED}, "
          f"{MONTHS} months ('out': the mean lies outside the row's band)\n")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
