"""Statistical tests for the stylized facts: each returns an effect, its 95 % interval and a p-value.

A fact's verdict follows from its test, decided before looking at the outcome:
"holds" when the effect has the claimed sign and p < ALPHA (and, for an inverted U, the turning
point's interval lies inside the range studied); "does not hold" when the effect is significant
with the opposite sign, or when the interval rules out the claimed shape; "inconclusive" otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

ALPHA = 0.05
BOOTSTRAP = 2000


@dataclass
class Test:
    test: str  # what was computed, in words
    effect: float
    low: float
    high: float
    p: float
    verdict: str


def _verdict(significant: bool, claimed_sign: bool) -> str:
    if significant:
        return "holds" if claimed_sign else "does not hold"
    return "inconclusive"


def difference_of_means(a, b, expect: str = "greater") -> Test:
    """Welch's t-test of mean(b) - mean(a), with its 95 % interval; `expect` is the claimed sign of b - a."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    res = stats.ttest_ind(b, a, equal_var=False)
    ci = res.confidence_interval(1 - ALPHA)
    effect = b.mean() - a.mean()
    claimed = effect > 0 if expect == "greater" else effect < 0
    return Test("difference of means (Welch t-test)", float(effect), float(ci.low), float(ci.high),
                float(res.pvalue), _verdict(res.pvalue < ALPHA, claimed))


def mean_differs_from_zero(x, expect: str = "greater") -> Test:
    """One-sample t-test of mean(x) against 0 (for per-seed statistics such as correlations)."""
    x = np.asarray(x, float)
    x = x[np.isfinite(x)]
    res = stats.ttest_1samp(x, 0.0)
    ci = res.confidence_interval(1 - ALPHA)
    claimed = x.mean() > 0 if expect == "greater" else x.mean() < 0
    return Test("mean across seeds against 0 (t-test)", float(x.mean()), float(ci.low), float(ci.high),
                float(res.pvalue), _verdict(res.pvalue < ALPHA, claimed))


def rank_correlation(x, y, expect: str = "greater") -> Test:
    """Spearman's rho for a monotone effect, with a Fisher-z 95 % interval."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    rho, p = stats.spearmanr(x, y)
    z, se = np.arctanh(np.clip(rho, -0.9999, 0.9999)), 1.0 / np.sqrt(max(len(x) - 3, 1))
    q = stats.norm.ppf(1 - ALPHA / 2)
    claimed = rho > 0 if expect == "greater" else rho < 0
    return Test("Spearman rank correlation", float(rho), float(np.tanh(z - q * se)), float(np.tanh(z + q * se)),
                float(p), _verdict(p < ALPHA, claimed))


def _quadratic(x, y, w=None):
    coef = np.polynomial.polynomial.polyfit(x, y, 2, w=None if w is None else np.sqrt(w))
    return coef  # b0, b1, b2


def inverted_u(x, y, groups=None, weights=None, seed: int = 0) -> Test:
    """Quadratic regression y = b0 + b1 x + b2 x^2; the effect is the turning point -b1 / (2 b2).

    Its interval comes from a bootstrap over `groups` (seeds: runs are the independent units), or
    over observations when no groups are given; the p-value is that of b2 < 0 in the bootstrap.
    The claim holds when b2 < 0 significantly and the turning point's interval lies strictly
    inside the range of x studied; it does not hold when b2 > 0 significantly or the interval
    lies outside that range.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = None if weights is None else np.asarray(weights, float)
    groups = np.arange(len(x)) if groups is None else groups
    b2s, turns = [], []
    for pick in _bootstrap_groups(groups, seed):
        c = _quadratic(x[pick], y[pick], None if w is None else w[pick])
        b2s.append(c[2])
        turns.append(-c[1] / (2 * c[2]) if c[2] != 0 else np.nan)
    c = _quadratic(x, y, w)
    turn = -c[1] / (2 * c[2]) if c[2] != 0 else float("nan")
    b2s, turns = np.array(b2s), np.array(turns)
    p = float(min(1.0, 2 * min((b2s >= 0).mean(), (b2s <= 0).mean())))
    low, high = np.nanpercentile(turns, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    inside = x.min() < low and high < x.max()
    if c[2] < 0 and p < ALPHA and inside:
        verdict = "holds"
    elif (c[2] > 0 and p < ALPHA) or (p < ALPHA and (high <= x.min() or low >= x.max())):
        verdict = "does not hold"
    else:
        verdict = "inconclusive"
    return Test("quadratic regression, turning point (bootstrap over seeds)", float(turn), float(low), float(high),
                p, verdict)


def combine(*tests: Test) -> str:
    """A fact made of several claims holds when all hold, fails when any fails, else is inconclusive."""
    verdicts = [t.verdict for t in tests]
    if "does not hold" in verdicts:
        return "does not hold"
    return "holds" if all(v == "holds" for v in verdicts) else "inconclusive"


def _bootstrap_groups(groups, seed: int):
    """Resamples of row indices, drawing whole groups (seeds) with replacement."""
    groups = np.asarray(groups)
    ids = np.unique(groups)
    members = [np.flatnonzero(groups == g) for g in ids]
    rng = np.random.default_rng(seed)
    for _ in range(BOOTSTRAP):
        yield np.concatenate([members[i] for i in rng.integers(len(ids), size=len(ids))])


def _from_bootstrap(name: str, estimate: float, draws: np.ndarray, claimed_sign: bool) -> Test:
    low, high = np.nanpercentile(draws, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    p = float(min(1.0, 2 * min((draws >= 0).mean(), (draws <= 0).mean())))
    return Test(name, float(estimate), float(low), float(high), p, _verdict(p < ALPHA, claimed_sign))


def curvature(x, y, groups, expect: str = "negative", seed: int = 0) -> Test:
    """The quadratic term b2 of y on x (diminishing returns when negative), bootstrap over groups."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    scale = np.ptp(x) or 1.0  # b2 per squared range of x, so that effects read on one scale
    draws = np.array([_quadratic(x[i] / scale, y[i])[2] for i in _bootstrap_groups(groups, seed)])
    b2 = _quadratic(x / scale, y)[2]
    return _from_bootstrap("quadratic term (bootstrap over seeds)", b2, draws, b2 < 0 if expect == "negative" else b2 > 0)


def dispersion_growth(early, late, seed: int = 0) -> Test:
    """Change of the coefficient of variation across seeds from `early` to `late` (paired by seed)."""
    early, late = np.asarray(early, float), np.asarray(late, float)
    cv = lambda v: v.std(ddof=1) / abs(v.mean())  # noqa: E731
    draws = np.array([cv(late[i]) - cv(early[i]) for i in _bootstrap_groups(np.arange(len(early)), seed)])
    change = cv(late) - cv(early)
    return _from_bootstrap("change in coefficient of variation across seeds (bootstrap)", change, draws, change > 0)
