"""The statistics of the stylized facts, on synthetic data whose answer is known."""

import numpy as np
import pandas as pd
import pytest

from sim.reports import stats

SEEDS = range(5)
GROUPS = np.repeat(np.arange(30), 7)  # 30 seeds, 7 levels each
X = np.tile(np.linspace(0, 1, 7), 30)


def verdict(test: stats.Test) -> str:
    """The verdict of a test on its own (Holm over one test changes nothing)."""
    return stats.decide([test])[0].verdict


@pytest.mark.parametrize("seed", SEEDS)
def test_a_true_inverted_u_is_found_with_its_turning_point_inside_the_interval(seed):
    rng = np.random.default_rng(seed)
    y = 1 + 2 * X - 2.5 * X**2 + rng.normal(0, 0.1, len(X))  # turning point at 0.4
    t = stats.inverted_u(X, y, GROUPS, sesoi=0.1)
    assert verdict(t) == "holds"
    assert t.low < 0.4 < t.high and abs(t.effect - 0.4) < 0.05 and t.shape


@pytest.mark.parametrize("seed", SEEDS)
def test_a_monotone_curve_does_not_hold_under_the_u_test(seed):
    rng = np.random.default_rng(10 + seed)
    rising = 1 + X - 0.3 * X**2 + rng.normal(0, 0.05, len(X))  # concave, but still rising at x = 1
    t = stats.inverted_u(X, rising, GROUPS, sesoi=0.1)
    assert verdict(t) == "does not hold"
    assert not t.low < t.effect < t.high or not 0 < t.effect < 1  # its turning point lies beyond the range


def test_a_u_shape_does_not_hold_and_noise_is_not_an_inverted_u():
    rng = np.random.default_rng(8)
    assert verdict(stats.inverted_u(X, (X - 0.5) ** 2 + rng.normal(0, 0.01, len(X)), GROUPS, 0.1)) == "does not hold"
    noise = [verdict(stats.inverted_u(X, 5 + np.random.default_rng(s).normal(0, 1, len(X)), GROUPS, 0.1))
             for s in range(20)]
    assert "holds" not in noise


def test_a_flat_curve_is_equivalent_to_none_with_many_seeds():
    rng = np.random.default_rng(9)
    groups, x = np.repeat(np.arange(200), 7), np.tile(np.linspace(0, 1, 7), 200)
    assert verdict(stats.inverted_u(x, 10 + rng.normal(0, 0.1, len(x)), groups, sesoi=0.05)) == "does not hold"


def test_fieller_interval_covers_the_turning_point_and_opens_when_the_curvature_is_unclear():
    low, high = stats.fieller(1.0, -1.0, np.diag([0.01, 0.01]), 2.0)  # turning point 0.5
    assert low < 0.5 < high and high - low < 0.5
    assert stats.fieller(1.0, -0.01, np.diag([0.01, 0.01]), 2.0) == (-np.inf, np.inf)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_null_effect_does_not_hold_with_enough_seeds_and_is_inconclusive_with_too_few(seed):
    rng = np.random.default_rng(20 + seed)
    control = rng.normal(100, 5, 200)
    treated = control + rng.normal(0, 20, 200)  # no effect, noisy; SESOI 5 % of the control mean
    assert verdict(stats.paired_effect(treated, control, sesoi=0.05)) == "does not hold"
    assert verdict(stats.paired_effect(treated[:4], control[:4], sesoi=0.05)) == "inconclusive"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_true_effect_smaller_than_the_sesoi_is_not_called_holds(seed):
    rng = np.random.default_rng(30 + seed)
    control = rng.normal(100, 5, 1000)
    treated = control + 2 + rng.normal(0, 3, 1000)  # +2 %, clearly non-zero, below a 5 % SESOI
    t = stats.paired_effect(treated, control, sesoi=0.05)
    assert t.low > 0  # significant against zero...
    assert verdict(t) != "holds"  # ...but not an effect of interest


@pytest.mark.parametrize("seed", SEEDS)
def test_an_effect_beyond_the_sesoi_holds_and_its_opposite_does_not(seed):
    rng = np.random.default_rng(40 + seed)
    control = rng.normal(100, 5, 30)
    treated = control + 20 + rng.normal(0, 5, 30)
    assert verdict(stats.paired_effect(treated, control, sesoi=0.05)) == "holds"
    assert verdict(stats.paired_effect(treated, control, sesoi=0.05, expect="less")) == "does not hold"


def test_holm_turns_a_borderline_verdict_inconclusive_when_many_tests_run():
    rng = np.random.default_rng(5)
    x = rng.normal(0, 1, 30)
    x = x - x.mean() + 0.1 + 2.3 * x.std(ddof=1) / np.sqrt(30)  # minimal-effect p just under 0.025
    borderline = stats.mean_effect(x, sesoi=0.1)
    assert 0.01 < borderline.p_effect < 0.025
    assert verdict(borderline) == "holds"
    others = [stats.mean_effect(np.random.default_rng(s).normal(0, 1, 30), sesoi=0.1) for s in range(19)]
    decided = stats.decide([borderline, *others])
    assert decided[0].verdict == "inconclusive" and decided[0].adjusted[0] > borderline.p_effect


def test_mean_effect_in_the_claimed_negative_direction():
    rng = np.random.default_rng(4)
    t = stats.mean_effect(rng.normal(-0.3, 0.1, 30), sesoi=0.1, expect="less")
    assert verdict(t) == "holds" and t.high < -0.1


def test_bootstrap_effect_of_a_ratio_finds_a_known_fall_and_equivalence():
    rng = np.random.default_rng(6)
    first, second = rng.normal(10, 1, 40), rng.normal(5, 1, 40)  # the return halves: a fall of 0.5
    fall = lambda a, b: 1 - np.mean(b) / np.mean(a)  # noqa: E731
    t = stats.bootstrap_effect(fall, (first, second), sesoi=0.2, seed=1)
    assert verdict(t) == "holds" and t.low < 0.5 < t.high
    same = stats.bootstrap_effect(fall, (first, first + rng.normal(0, 0.2, 40)), sesoi=0.2, seed=1)
    assert verdict(same) == "does not hold"


def test_combining_verdicts():
    assert stats.combine("holds", "holds") == "holds"
    assert stats.combine("holds", "inconclusive") == "inconclusive"
    assert stats.combine("holds", "inconclusive", "does not hold") == "does not hold"
    assert stats.combine() == "inconclusive"


def test_paired_series_are_matched_by_seed_not_by_position():
    rng = np.random.default_rng(11)
    control = pd.Series(rng.normal(100, 20, 30), index=range(30))
    treated = (control + 20).sample(frac=1, random_state=1).drop(index=[3, 7])  # shuffled, two runs failed
    t = stats.paired_effect(treated, control, sesoi=0.05)
    assert np.isclose(t.effect, 20 / control.drop(index=[3, 7]).mean())
    assert t.high - t.low < 1e-9  # every pair differs by exactly 20: no spread once matched
