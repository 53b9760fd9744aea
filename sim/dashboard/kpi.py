"""Five plain-language indicators for policymakers, computed from a run's monthly outputs.

Rates are over the last twelve months (fewer early in a run, scaled to a year), so they read the
same at any month; the live panel and the comparison table both use them.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.runs.results import fmt

KPIS = ("innovations_per_year", "startups_alive", "talent_inflow", "cost_per_innovation", "trust_level")  # texts: sim.dashboard.i18n.KPI_TEXT


def _per_year(ts: pd.DataFrame, name: str) -> float:
    recent = ts[name].iloc[1:].tail(12)  # row 0 is the initial state, not a month
    return float(recent.mean() * 12) if len(recent) else math.nan


def values(ts: pd.DataFrame) -> dict[str, float]:
    """Each indicator's value at the last month of `ts` (one run: one row a month, 0 = start)."""
    last = ts.iloc[-1]
    return {
        "innovations_per_year": _per_year(ts, "innovations"),
        "startups_alive": float(last["startups_alive"]),
        "talent_inflow": _per_year(ts, "migration"),
        "cost_per_innovation": float(last["cost_per_innovation"]),
        "trust_level": float(last["mean_trust"]),
    }


def number(value: float, lang: str) -> str:
    """A value rounded for reading, with the language's separators; a dash when undefined."""
    if not math.isfinite(value):
        return "—"
    text = fmt(value)
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")
