"""Tests of the stylized facts against a smallest effect size of interest (SESOI).

Each estimator returns a `Test`: the effect in the units of its claim, its 95 % interval, and
three one-sided p-values. `decide` applies Holm's correction to each kind of p-value across all
the evidence tests of a run, then gives every test its verdict:

- *holds*: the effect lies beyond the SESOI in the claimed direction. The minimal-effect test
  (H0: effect at most the SESOI) rejects at ALPHA / 2, which, uncorrected, is "the 95 % interval
  excludes every value smaller than the SESOI";
- *does not hold*: the effect is equivalent to none within +-SESOI (two one-sided tests at
  ALPHA, the usual TOST), or it has the opposite sign, significant at ALPHA / 2 (two-sided 5 %);
- *inconclusive*: anything else.

Where statsmodels and SciPy have the test, they compute it (t-tests, TOST, cluster-robust OLS,
Holm, the bootstrap). Two pieces are written here because neither library has them: the
Lind-Mehlum U-test and its Fieller interval, and p-values read off a bootstrap distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import DescrStatsW, ttost_paired

ALPHA = 0.05
BOOTSTRAP = 4000  # resamples: with Holm over about twenty tests, p must be resolvable down to 1e-3
VERDICTS = ("holds", "does not hold", "inconclusive")


@dataclass
class Test:
    test: str  # what was computed, in words
    effect: float  # the estimate, signed as measured
    low: float  # its 95 % interval
    high: float
    sesoi: float  # smallest effect of interest, in the effect's units (for a U-test: of each end's slope)
    p_effect: float  # minimal-effect test: the effect exceeds the SESOI in the claimed direction
    p_equivalent: float  # TOST: the effect lies within +-SESOI
    p_opposite: float  # the effect has the opposite sign
    shape: bool = True  # a U-test also needs its turning point's interval inside the range studied
    detail: str = ""  # what else the reader needs (the slopes of a U-test)
    verdict: str = "inconclusive"  # set by `decide`, once every test of the run is known
    adjusted: tuple = (np.nan, np.nan, np.nan)  # the three p-values after Holm's correction


def _sign(expect: str) -> int:
    if expect not in ("greater", "less"):
        raise ValueError(f"expect is {expect!r}; allowed: 'greater' or 'less'")
    return 1 if expect == "greater" else -1


def _clean(x) -> np.ndarray:
    x = np.asarray(x, float)
    return x[np.isfinite(x)]


def mean_effect(x, sesoi: float, expect: str = "greater", name: str = "mean across seeds") -> Test:
    """The mean of independent per-seed values (one statistic a seed), tested with t-tests."""
    x, s = _clean(x), _sign(expect)
    if len(x) < 2:
        return Test(name, float(np.mean(x)) if len(x) else np.nan, np.nan, np.nan, sesoi, np.nan, np.nan, np.nan)
    ci = stats.ttest_1samp(x, 0.0).confidence_interval(1 - ALPHA)
    side, against = ("greater", "less") if s > 0 else ("less", "greater")
    return Test(name, float(x.mean()), float(ci.low), float(ci.high), sesoi,
                float(stats.ttest_1samp(x, s * sesoi, alternative=side).pvalue),
                float(DescrStatsW(x).ttost_mean(-sesoi, sesoi)[0]),
                float(stats.ttest_1samp(x, 0.0, alternative=against).pvalue))


def paired_effect(treated, control, sesoi: float, expect: str = "greater", relative: bool = True,
                  name: str = "paired difference") -> Test:
    """Mean difference treated - control over seeds; with `relative`, as a share of the control
    mean (so the SESOI reads as a percentage). Series are paired by their index (the replicate),
    so a failed run drops its seed from both sides; arrays are paired by position."""
    both = pd.concat([pd.Series(treated, dtype=float), pd.Series(control, dtype=float)], axis=1, join="inner")
    both = both[np.isfinite(both).all(axis=1)].to_numpy()
    treated, control = both[:, 0], both[:, 1]
    scale = abs(control.mean()) if relative and len(control) and control.mean() != 0 else 1.0
    t, c = treated / scale, control / scale
    result = mean_effect(t - c, sesoi, expect, name)
    if len(t) >= 2:
        result.p_equivalent = float(ttost_paired(t, c, -sesoi, sesoi)[0])
    return result


def bootstrap_effect(statistic, data: tuple, sesoi: float, expect: str = "greater", seed: int = 0,
                     name: str = "bootstrap over seeds") -> Test:
    """`statistic(*data)` with a percentile interval from resampling seeds (rows of every array
    together, so pairs stay paired); p-values are the bootstrap distribution's tail shares."""
    s = _sign(expect)
    estimate = float(statistic(*data))
    res = stats.bootstrap(data, statistic, paired=True, vectorized=False, n_resamples=BOOTSTRAP,
                          confidence_level=1 - ALPHA, method="percentile", rng=np.random.default_rng(seed))
    draws = s * res.bootstrap_distribution[np.isfinite(res.bootstrap_distribution)]
    tail = lambda share: float((share * len(draws) + 1) / (len(draws) + 1))  # noqa: E731  never exactly 0
    return Test(name, estimate, float(res.confidence_interval.low), float(res.confidence_interval.high), sesoi,
                tail(np.mean(draws <= sesoi)),
                max(tail(np.mean(draws <= -sesoi)), tail(np.mean(draws >= sesoi))),
                tail(np.mean(draws >= 0)))


def inverted_u(x, y, groups, sesoi: float, name: str = "Lind-Mehlum U-test") -> Test:
    """Lind and Mehlum (2010) test of an inverted U of y in x over the range studied.

    y = b0 + b1 x + b2 x^2 by OLS with errors clustered by `groups` (seeds); the slope
    b1 + 2 b2 x is tested at both ends of the range: it must rise at the low end and fall at the
    high end, each by more than the SESOI. The SESOI is a change of y over the whole range as a
    share of mean y (an end slope smaller than that is "flat"). The turning point -b1 / (2 b2) is
    the effect, with its Fieller interval, which must lie inside the range. A curve that falls
    significantly at the low end or rises at the high end (monotone, or a U) does not hold, and
    so does a flat one (both end slopes within +-SESOI).
    """
    x, y, groups = np.asarray(x, float), np.asarray(y, float), np.asarray(groups)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y, groups = x[ok], y[ok], groups[ok]
    fit = sm.OLS(y, np.column_stack([np.ones_like(x), x, x**2])).fit(
        cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    lo, hi = x.min(), x.max()
    unit = sesoi * abs(y.mean()) / (hi - lo)  # the SESOI as a slope: y per unit of x
    ends = [fit.t_test(np.array([[0.0, 1.0, 2.0 * end]])) for end in (lo, hi)]
    slope = [float(np.squeeze(e.effect)) for e in ends]
    se = [float(np.squeeze(e.sd)) for e in ends]
    dist = stats.t(fit.df_resid_inference)
    up = lambda k, h: float(dist.sf((slope[k] - h) / se[k]))  # noqa: E731  one-sided p of "slope k > h"
    down = lambda k, h: float(dist.cdf((slope[k] - h) / se[k]))  # noqa: E731  one-sided p of "slope k < h"
    p_effect = max(up(0, unit), down(1, -unit))
    p_equivalent = max(up(0, -unit), down(0, unit), up(1, -unit), down(1, unit))  # both ends within +-SESOI
    p_opposite = min(1.0, 2 * min(down(0, 0.0), up(1, 0.0)))  # Bonferroni over the two ends
    b1, b2 = fit.params[1], fit.params[2]
    turn = -b1 / (2 * b2) if b2 != 0 else np.nan
    low, high = fieller(b1, b2, fit.cov_params()[1:, 1:], dist.ppf(1 - ALPHA / 2))
    detail = (f"slope at x = {lo:g}: {slope[0]:.3g} (se {se[0]:.2g}); at x = {hi:g}: {slope[1]:.3g} (se {se[1]:.2g}); "
              f"SESOI as a slope: {unit:.3g}")
    return Test(name, float(turn), low, high, sesoi, p_effect, p_equivalent, p_opposite,
                shape=bool(lo < low and high < hi), detail=detail)


def fieller(b1: float, b2: float, cov: np.ndarray, t: float) -> tuple[float, float]:
    """Fieller interval of the turning point -b1 / (2 b2): the x where b1 + 2 b2 x is not
    significantly different from 0; unbounded (-inf, inf) when b2 itself is not significant."""
    v11, v12, v22 = cov[0, 0], cov[0, 1], cov[1, 1]
    # (b1 + 2 b2 x)^2 = t^2 (v11 + 4 x v12 + 4 x^2 v22), a quadratic a x^2 + b x + c = 0
    a, b, c = 4 * (b2**2 - t**2 * v22), 4 * (b1 * b2 - t**2 * v12), b1**2 - t**2 * v11
    disc = b * b - 4 * a * c
    if a <= 0 or disc < 0:
        return -np.inf, np.inf
    roots = (-b + np.array([-1.0, 1.0]) * np.sqrt(disc)) / (2 * a)
    return float(roots.min()), float(roots.max())


def decide(tests: list[Test]) -> list[Test]:
    """Holm's correction over `tests` (all the evidence tests of a run), then each verdict."""
    if not tests:
        return tests
    columns = []
    for field in ("p_effect", "p_equivalent", "p_opposite"):
        p = np.array([getattr(t, field) for t in tests], float)
        adjusted = np.ones_like(p)
        finite = np.isfinite(p)
        if finite.any():
            adjusted[finite] = multipletests(p[finite], method="holm")[1]
        columns.append(adjusted)
    for t, pe, pq, po in zip(tests, *columns):
        t.adjusted = (float(pe), float(pq), float(po))
        if pe < ALPHA / 2 and t.shape:
            t.verdict = "holds"
        elif pq < ALPHA or po < ALPHA / 2:
            t.verdict = "does not hold"
        else:
            t.verdict = "inconclusive"
    return tests


def combine(*verdicts: str) -> str:
    """A fact made of several claims holds when all hold, fails when any fails, else is inconclusive."""
    if "does not hold" in verdicts:
        return "does not hold"
    return "holds" if verdicts and all(v == "holds" for v in verdicts) else "inconclusive"
