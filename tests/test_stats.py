"""The statistical helpers of the stylized facts, on synthetic data with a known answer."""

import numpy as np
import pytest

from sim.reports import stats

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_known_inverted_u_is_found_with_its_turning_point_inside_the_interval(seed):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(30), 7)
    x = np.tile(np.linspace(0, 1, 7), 30)
    y = 1 + 2 * x - 2.5 * x**2 + rng.normal(0, 0.1, len(x))  # turning point at 0.4
    t = stats.inverted_u(x, y, groups=groups, seed=seed)
    assert t.verdict == "holds"
    assert t.low < 0.4 < t.high and abs(t.effect - 0.4) < 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_pure_noise_is_not_called_an_inverted_u(seed):
    rng = np.random.default_rng(100 + seed)
    groups = np.repeat(np.arange(30), 7)
    x = np.tile(np.linspace(0, 1, 7), 30)
    assert stats.inverted_u(x, rng.normal(0, 1, len(x)), groups=groups, seed=seed).verdict != "holds"


def test_a_monotone_rise_is_not_an_inverted_u():
    rng = np.random.default_rng(7)
    x = np.tile(np.linspace(0, 1, 7), 30)
    y = 3 * x + rng.normal(0, 0.1, len(x))
    assert stats.inverted_u(x, y, groups=np.repeat(np.arange(30), 7)).verdict != "holds"


def test_a_u_shape_does_not_hold():
    rng = np.random.default_rng(8)
    x = np.tile(np.linspace(0, 1, 7), 30)
    y = (x - 0.5) ** 2 + rng.normal(0, 0.01, len(x))
    assert stats.inverted_u(x, y, groups=np.repeat(np.arange(30), 7)).verdict == "does not hold"


@pytest.mark.parametrize("seed", SEEDS)
def test_difference_of_means_finds_a_known_shift_and_its_interval_covers_it(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1, 40), rng.normal(1, 1, 40)
    t = stats.difference_of_means(a, b, expect="greater")
    assert t.verdict == "holds" and t.low < 1 < t.high and t.p < 0.05
    assert stats.difference_of_means(a, b, expect="less").verdict == "does not hold"


def test_difference_of_means_on_noise_is_inconclusive_mostly():
    verdicts = [stats.difference_of_means(*np.random.default_rng(s).normal(0, 1, (2, 30))).verdict for s in range(40)]
    assert verdicts.count("inconclusive") >= 34  # about 95 % at alpha = 0.05


def test_rank_correlation_of_a_monotone_relation_and_of_noise():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 60)
    t = stats.rank_correlation(x, np.exp(3 * x) + rng.normal(0, 0.5, 60), expect="greater")
    assert t.verdict == "holds" and 0 < t.low < t.effect < t.high <= 1
    assert stats.rank_correlation(x, -x, expect="greater").verdict == "does not hold"
    noise = [stats.rank_correlation(*np.random.default_rng(s).normal(size=(2, 40))).verdict for s in range(40)]
    assert noise.count("inconclusive") >= 34


def test_mean_against_zero_and_combining_verdicts():
    rng = np.random.default_rng(4)
    t = stats.mean_differs_from_zero(rng.normal(-0.3, 0.1, 30), expect="less")
    assert t.verdict == "holds" and t.high < 0
    hold = stats.Test("x", 1, 0, 2, 0.01, "holds")
    unsure = stats.Test("x", 1, -1, 2, 0.3, "inconclusive")
    fail = stats.Test("x", -1, -2, -0.5, 0.01, "does not hold")
    assert stats.combine(hold, hold) == "holds"
    assert stats.combine(hold, unsure) == "inconclusive"
    assert stats.combine(hold, unsure, fail) == "does not hold"


@pytest.mark.parametrize("seed", SEEDS)
def test_curvature_finds_diminishing_returns(seed):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(30), 5)
    x = np.tile(np.linspace(0, 4, 5), 30)
    assert stats.curvature(x, np.sqrt(x) + rng.normal(0, 0.05, len(x)), groups).verdict == "holds"


@pytest.mark.slow
def test_curvature_of_a_noisy_line_is_rarely_called_significant():
    groups = np.repeat(np.arange(30), 5)
    x = np.tile(np.linspace(0, 4, 5), 30)
    verdicts = [stats.curvature(x, x + np.random.default_rng(s).normal(0, 0.5, len(x)), groups).verdict
                for s in range(20)]
    assert verdicts.count("holds") <= 3  # about 5 % expected at alpha = 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_dispersion_growth_sees_widening_and_not_constant_spread(seed):
    rng = np.random.default_rng(seed)
    early = rng.normal(100, 5, 30)
    assert stats.dispersion_growth(early, early + rng.normal(0, 30, 30)).verdict == "holds"
    assert stats.dispersion_growth(early, rng.normal(100, 5, 30)).verdict != "holds"
