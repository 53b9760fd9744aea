"""Compare two settings side by side: several seeds each, a mean line and band per outcome, and a table.

A side is the current controls, a scenario, or a lesson's preset or contrast. Both sides run
over the same seeds (spawned from the tab's seed) in a Solara task that reports progress and
stops when asked or when the tab closes (`state.Comparison`).
"""

from __future__ import annotations

from html import escape

import pandas as pd
import solara

from sim.dashboard import figures, kpi, lessons
from sim.dashboard.controls import select
from sim.dashboard.i18n import KPI_TEXT, scenario_title, t
from sim.dashboard.state import one_line, scenario, scenario_names
from sim.dashboard.views import Chart, html, plotly_json
from sim.model.policy import CATEGORIES
from sim.runs.settings import REPLICATES, STEPS

# The choices offered, within the run settings' bounds (checked here, at import) and with their defaults.
SEEDS = tuple(REPLICATES.check(k, "dashboard seeds") for k in sorted({2, 3, 4, REPLICATES.default}))
MONTHS = tuple(STEPS.check(m, "dashboard months") for m in sorted({60, 120, STEPS.default}))


def side_label(source: str, lang: str) -> str:
    if source == "current":
        return t("current_settings", lang)
    if source.startswith("lesson:"):
        return lessons.source_label(source, lang)
    return scenario_title(scenario(source), lang)


def side_params(session, source: str) -> dict:
    if source == "current":
        return session.settings()
    if source.startswith("lesson:"):
        return lessons.source_params(source)
    return scenario(source).params


def indicator_rows(result, lang: str) -> list[list[str]]:
    """Each indicator at the last month, mean over seeds, for A and B, and B - A."""
    means = {side: pd.DataFrame([kpi.values(g.set_index("step")) for _, g in ts.groupby("seed")]).mean()
             for side, ts in result.runs.items()}
    rows = []
    for k in kpi.KPIS:
        label, unit, _ = KPI_TEXT[k][lang]
        rows.append([label if unit in label else f"{label} ({unit})", kpi.number(means["a"][k], lang),
                     kpi.number(means["b"][k], lang), _signed(means["b"][k] - means["a"][k], lang)])
    return rows


def lever_rows(result, lang: str) -> list[list[str]]:
    """Public money by lever over the run, mean over seeds, for A and B, B - A, and that difference per
    innovation of difference: what each innovation one side makes beyond the other cost in public money
    (the same whichever side is B). "—" where the side that spends more does not make more innovations."""
    mean = {side: table.mean() for side, table in result.spending.items()}
    extra = extra_innovations(result)
    rows = []
    for lever in (*CATEGORIES, None):
        key = [f"public_{c}" for c in CATEGORIES] if lever is None else [f"public_{lever}"]
        a, b = mean["a"][key].sum(), mean["b"][key].sum()
        unpriced = extra == 0 or (b - a) / extra < 0
        per = "—" if unpriced else kpi.number((b - a) / extra, lang)
        rows.append([t("lever_total" if lever is None else f"lever_{lever}", lang), kpi.number(a, lang),
                     kpi.number(b, lang), _signed(b - a, lang), per])
    return rows


def extra_innovations(result) -> float:
    """Innovations over the run, B minus A, mean over seeds."""
    return result.spending["b"]["innovations"].mean() - result.spending["a"]["innovations"].mean()


def _signed(value: float, lang: str) -> str:
    text = kpi.number(value, lang)
    return f"+{text}" if value > 0 else text.replace("-", "−")


def _table(header: list[str], rows: list[list[str]]) -> str:
    cell = "padding:4px 14px;border-bottom:1px solid #ddd"

    def cells(tag: str, values: list[str]) -> str:
        return "".join(f'<{tag} style="{cell};text-align:{"left" if i == 0 else "right"}">{escape(v)}</{tag}>'
                       for i, v in enumerate(values))

    head = cells("th", header)
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"


@solara.component
def CompareView(session, lang: str):
    c = session.comparison
    sources = ["current", *scenario_names()]
    sources += [s for s in (c.a.value, c.b.value) if s not in sources]
    options = [(s, side_label(s, lang)) for s in sources]
    task = c.task
    running = task.pending

    def run():
        c.start({side: (r.value, side_params(session, r.value)) for side, r in (("a", c.a), ("b", c.b))},
                session.seed.value)

    solara.Text(t("compare_intro", lang), style={"color": "#444"})
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="12px"):
        for side, r in (("a", c.a), ("b", c.b)):
            with solara.Div(style={"min-width": "260px", "flex": "1 1 260px"}):
                select(t(f"compare_{side}", lang), r.value, options, r.set, [f"cs-compare-{side}"])
        with solara.Div(style={"width": "90px"}):
            select(t("seeds", lang), c.n_seeds.value, [(k, str(k)) for k in SEEDS], c.n_seeds.set, ["cs-seeds"])
        with solara.Div(style={"width": "110px"}):
            select(t("months", lang), c.months.value, [(m, str(m)) for m in MONTHS], c.months.set, ["cs-months"])
        if running:
            solara.Button(t("stop", lang), on_click=c.stop, icon_name="mdi-stop", classes=["cs-stop-compare"])
        else:
            solara.Button(t("run_compare", lang), on_click=run, color="primary", icon_name="mdi-scale-balance",
                          classes=["cs-run-compare"])
    if running:
        total, progress = 2 * c.n_seeds.value, task.progress or 0.0
        solara.ProgressLinear(value=100 * progress, classes=["cs-compare-progress"])
        solara.Text(t("compare_progress", lang, done=min(total, int(progress * total) + 1), total=total))
    elif task.cancelled:
        solara.Text(t("compare_cancelled", lang), classes=["cs-compare-cancelled"])
    if task.error:
        solara.Error(t("error", lang, msg=one_line(task.exception)), dense=True)
    result = task.latest  # the last comparison finished, shown until the next one is
    labels = {side: side_label(src, lang) for side, src in result.sources.items()} if result else {}
    fig = solara.use_memo(lambda: figures.compare(result.runs, labels, lang) if result else None,
                          dependencies=[result, lang])
    figure = solara.use_memo(lambda: plotly_json(fig) if fig else "", [fig])
    if result is not None:
        solara.Text(t("compare_done", lang, a=labels["a"], b=labels["b"], k=len(result.seeds), n=result.months),
                    classes=["cs-compare-done"], style={"font-weight": "600"})
        html("table", _table([t("indicator", lang), "A", "B", t("difference", lang)], indicator_rows(result, lang)),
             style={"border-collapse": "collapse", "margin": "8px 0"}, classes=["cs-compare-table"])
        solara.Text(t("levers_intro", lang, extra=_signed(extra_innovations(result), lang)), style={"color": "#444"})
        html("table", _table([t("lever", lang), "A", "B", t("difference", lang), t("per_extra_innovation", lang)],
                             lever_rows(result, lang)),
             style={"border-collapse": "collapse", "margin": "8px 0"}, classes=["cs-compare-levers"])
        Chart(figure, lambda: fig, "comparison", lang)
