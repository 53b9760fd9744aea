"""The effects the dashboard's lessons describe, measured: each lesson's preset against its contrast.

    python experiments/lesson_effects.py             # 5 seeds (about a minute on 2 cores)
    python experiments/lesson_effects.py --seeds 3

The lessons' texts (`sim/dashboard/i18n.py`) state effects in words and a few figures; when the
model changes, this prints what to check them against. Per lesson, the mean over seeds at the end
of its run (120 months) of the indicators its texts name, preset then contrast; for the support
lesson, the public cost of each extra innovation, from no support to the baseline and from the
baseline to strong support; for the pipelines note, the isolated cluster against the baseline over
240 months. Figures are printed, not asserted.
"""

from __future__ import annotations

import numpy as np

from probes import run_all, seeds_option

SHOWN = ("mean_trust", "clustering", "knowledge_mean", "innovations_total", "innovations_radical", "firms",
         "remote_collab_share", "startups_alive", "public_spending_total")
FIRMS = ("agents_large_firm", "agents_sme", "agents_startup")


def run(task: tuple[str, dict, int, int]) -> tuple[str, dict]:
    from sim.model.schema import defaults
    from sim.runs.simulate import simulate

    name, params, months, seed = task
    series = simulate(defaults() | params, months, seed).timeseries
    last = series.iloc[-1]
    out = {k: float(last[k]) for k in SHOWN if k in series}
    out["innovations_radical"] = float(series["innovations_radical"].sum())
    out["firms"] = float(last[list(FIRMS)].sum())
    return name, out


def main() -> None:
    seeds = range(seeds_option(__doc__, 5))

    from sim.dashboard.lessons import LESSONS
    from sim.dashboard.state import scenario

    tasks = [(f"{lesson.id}: {side}", params, lesson.months, s) for lesson in LESSONS
             for side, params in (("preset", lesson.preset), ("contrast", lesson.contrast)) for s in seeds]
    tasks += [("support: baseline", {}, 120, s) for s in seeds]
    tasks += [(f"pipelines note: {name}, 240 months", params, 240, s) for s in seeds
              for name, params in (("isolated local", scenario("isolated_local").overrides), ("baseline", {}))]
    results = run_all(run, tasks)

    means = {}
    for name in dict.fromkeys(name for name, _ in results):
        rows = [r for n, r in results if n == name]
        means[name] = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    print(f"{len(seeds)} seeds: mean at the end of each run\n")
    print(f"{'':42}" + "".join(f"{k[:14]:>15}" for k in SHOWN))
    for name, row in means.items():
        print(f"{name:42}" + "".join(f"{row[k]:>15.4g}" for k in SHOWN))

    none, base, strong = (means[f"support: {side}"] for side in ("contrast", "baseline", "preset"))
    print()
    for label, low, high in (("no support -> baseline", none, base), ("baseline -> strong support", base, strong)):
        extra = high["innovations_total"] - low["innovations_total"]
        cost = (high["public_spending_total"] - low["public_spending_total"]) / 1000
        print(f"{label}: {extra:+.1f} innovations for {cost:.1f} M€"
              + (f", {cost / extra:.2f} M€ each" if extra > 0 else ""))


if __name__ == "__main__":
    main()
