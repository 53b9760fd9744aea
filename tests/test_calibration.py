"""`clustersim calibrate`: each statistic on cases with a known answer, the accounting behind them,
the table's verdicts, and the command end to end on a short run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from model_helpers import build, run, slots_of
from sim.cli import main
from sim.model import knowledge, moments
from sim.model.territory import Meetings
from sim.reports import calibration

CIS = moments.CIS_MONTHS


# --- the statistics on hand-built cases ------------------------------------------------------


def test_cooperating_share_counts_each_eligible_slot_once():
    members = np.array([[0, 1, -1], [2, -1, -1], [3, -1, -1], [3, 4, -1], [5, -1, -1]])
    eligible = np.array([True, True, True, True, False, True])  # slot 4 is not a firm (a lab, say)
    # innovation-active: 0, 1, 2, 3, 5; with a partner: 0, 1 and 3 (whose partner 4 is not counted itself)
    assert moments.cooperating_share(members, eligible) == pytest.approx(3 / 5)
    assert np.isnan(moments.cooperating_share(members, np.zeros(6, bool)))


def test_member_share_counts_eligible_slots_found_in_any_project():
    members = np.array([[0, 3, -1], [3, -1, -1], [4, 1, -1]])
    eligible = np.array([True, False, True, True, False, True])  # slots 0, 2, 3, 5; slot 1 is found but not eligible
    # 0 and 3, once each; 2 and 5 in none (a pad, -1, is no slot: not the last one)
    assert moments.member_share(members, eligible) == pytest.approx(2 / 4)
    assert moments.member_share(members[:0], eligible) == 0.0
    assert np.isnan(moments.member_share(members, np.zeros(6, bool)))


def test_market_innovators_are_firms_of_ten_or_more_in_a_recent_success():
    model = run(9, 12)
    pop, now, width = model.pop, model.steps, model.projects.width
    firms = slots_of(model, "sme")
    pop.staff[: pop.n][pop.mask(firm=True)] = 5.0  # no firm of 10 or more but those below
    big, small = firms[:4], firms[4]
    pop.staff[big] = 50.0

    def record(step, success, *members):
        row = np.full((1, width), -1)
        row[0, : len(members)] = members
        return {"members": row, "step": np.array([step]), "success": np.array([success])}

    model.project_log = [record(now, True, big[0], small),  # counted: big[0] (small has under 10 staff)
                         record(now - CIS, True, big[1]),  # ended 36 months ago: outside the window
                         record(now, False, big[2]),  # failed
                         record(now - CIS + 1, True, big[3])]  # counted
    assert moments.moments(model)["market_innovators"] == pytest.approx(2 / 4)


def test_survival_follows_cohorts_born_long_enough_ago():
    now = 40
    born = np.array([-10, 1, 1, 5, 30, 2])
    age = np.array([50, 39, 12, 11, 10, 5])
    firm = np.array([True, True, True, True, True, False])
    # one year: born by month 28, firms only -> slots 1, 2, 3, of which 1 and 2 reached 12 months
    assert moments.survival(born, age, firm, now, 1) == pytest.approx(2 / 3)
    # three years: born by month 4 -> slots 1 and 2; only slot 1 reached 36 months
    assert moments.survival(born, age, firm, now, 3) == pytest.approx(1 / 2)
    assert np.isnan(moments.survival(born, age, firm, now, 5))  # no cohort old enough


def test_age_stops_at_exit_so_it_is_a_firms_lifetime():
    model = build(3, startup_capital=20.0, exit_months=3)
    pop, exited_at = model.pop, {}
    for _ in range(48):
        model.step()
        for slot in np.flatnonzero(~pop.active[: pop.n] & pop.firm[: pop.n]):
            exited_at.setdefault(int(slot), model.steps)
    born_here = [s for s in exited_at if pop.born[s] > 0]
    assert len(born_here) >= 3, "the case needs startups that exit"
    for slot in born_here:
        assert pop.age[slot] == exited_at[slot] - pop.born[slot]
    alive = np.flatnonzero(pop.mask(firm=True) & (pop.born[: pop.n] > 0))
    assert (pop.age[alive] == model.steps - pop.born[alive]).all()


def test_pareto_exponent_recovers_a_known_tail_and_ignores_sizes_below_it():
    rng = np.random.default_rng(5)
    tail = 10.0 * (1.0 + rng.pareto(1.5, size=20_000))  # P(size > s) = (10 / s) ** 1.5 from 10 up
    alpha = moments.pareto_exponent(tail, xmin=10.0)
    assert alpha == pytest.approx(1.5, abs=0.05)
    assert moments.pareto_exponent(np.r_[tail, rng.uniform(1, 10, 50_000)], xmin=10.0) == alpha
    assert np.isnan(moments.pareto_exponent(np.array([1.0, 2.0, 12.0]), xmin=10.0))


def test_rd_share_sums_over_eligible_spenders_only():
    revenue = np.array([100.0, 200.0, 300.0, 50.0])
    spending = np.array([10.0, 0.0, 30.0, 40.0])
    eligible = np.array([True, True, True, False])
    assert moments.rd_share(revenue, spending, eligible) == pytest.approx(40.0 / 400.0)  # slot 1 spent nothing
    assert np.isnan(moments.rd_share(revenue, np.zeros(4), eligible))


def test_yearly_rate_reads_only_the_last_twelve_months():
    events = np.r_[np.full(30, 1000.0), np.full(12, 10.0)]
    base = np.r_[np.full(30, 1.0), np.full(12, 1200.0)]
    assert moments.yearly_rate(events, base) == pytest.approx(120.0 / 1200.0)
    assert np.isnan(moments.yearly_rate(np.zeros(0), np.zeros(0)))


def test_local_share_is_the_codified_share_from_the_territory():
    flows = np.zeros((2, *knowledge.no_flows().shape))
    source = knowledge.SOURCE
    flows[0, 0, [source["face_to_face"], source["literature_world"]]] = (3.0, 1.0)
    flows[1, 0, [source["remote_meeting"], source["literature_region"], source["outside_partner"]]] = (1.0, 2.0, 1.0)
    flows[:, 1] = 50.0  # tacit flows do not count: patent citations are codified
    assert moments.local_share(flows) == pytest.approx(6 / 8)
    assert np.isnan(moments.local_share(np.zeros((0, *knowledge.no_flows().shape))))


# --- the accounting the statistics read ------------------------------------------------------


def test_exchange_reports_every_gain_by_source():
    model = build(2)
    pop = model.pop
    n = pop.n
    outside, smes = slots_of(model, "remote_partner"), slots_of(model, "sme")
    a = np.r_[smes[:20], smes[20:30], smes[30:40]]
    b = np.r_[smes[40:60], smes[60:70], outside[:10]]
    remote = np.r_[np.zeros(20, bool), np.ones(20, bool)]
    before = pop.know[:n].copy()
    flows = knowledge.no_flows()
    knowledge.exchange(pop, Meetings(a, b, remote), np.full(40, 0.9), knowledge.uptake(pop, np.full(n, 0.8)), model.p,
                       flows)
    learnt = pop.know[:n] - before
    meeting = [knowledge.SOURCE[s] for s in ("face_to_face", "remote_meeting", "outside_partner")]
    assert (flows[:, meeting] > 0).all() and np.delete(flows, meeting, axis=1).sum() == 0
    for part in (0, 1):
        assert flows[part].sum() == pytest.approx(learnt[:, part].sum(), rel=1e-9)
    gained = flows.sum(axis=0)
    assert gained[0] == pytest.approx(learnt[np.r_[smes[:20], smes[40:60]]].sum(), rel=1e-9)
    assert gained[2] == pytest.approx(learnt[smes[30:40]].sum(), rel=1e-9)  # outside partners learn nothing back


def test_knowledge_flows_are_all_local_without_remote_contacts():
    closed = run(4, 24, n_remote_partners=0, digital_openness=0.0)
    assert len(closed.knowledge_flows) == 24
    assert moments.moments(closed)["local_knowledge_share"] == pytest.approx(1.0, abs=1e-12)
    open_ = run(4, 24, digital_openness=0.5)
    assert 0 < moments.moments(open_)["local_knowledge_share"] < 1


def test_ledger_keeps_each_firms_year_and_closes_it_in_december():
    model = build(6)
    totals = []
    for _ in range(24):
        model.step()
        if model.steps % 12 == 0:
            totals.append((model.ledger["revenue"], model.ledger["project_spending"]))
    year = model.ledger.last_year
    assert len(year["revenue"]) == model.pop.n
    assert year["revenue"].sum() == pytest.approx(totals[1][0] - totals[0][0], rel=1e-9)
    assert year["project_spending"].sum() == pytest.approx(totals[1][1] - totals[0][1], rel=1e-9)
    assert (year["revenue"][~model.pop.firm[: model.pop.n]] == 0).all()


def test_finished_projects_record_their_members():
    model = run(7, 24)
    log = model.project_log
    assert log and all(((r["members"] >= 0).sum(axis=1) == r["size"]).all() for r in log)
    assert "members" not in model.project_table().columns


def test_moments_name_every_target():
    assert set(moments.moments(run(8, 12))) == {t.moment for t in calibration.TARGETS}


# --- the table -------------------------------------------------------------------------------


def test_verdict_reads_the_band_inclusively():
    assert calibration.verdict(0.35, 0.27, 0.10) == "within"
    assert calibration.verdict(0.17, 0.27, 0.10) == "within"
    assert calibration.verdict(0.38, 0.27, 0.10) == "outside"
    assert calibration.verdict(0.0, 0.27, 0.10) == "outside"
    assert calibration.verdict(float("nan"), 0.27, 0.10) == "no data"


def test_table_gives_mean_t_interval_and_verdict():
    values = [0.30, 0.34, 0.29, np.nan]  # a seed without a value is left out, not counted as zero
    target = calibration.Target("x", "a statistic", 0.27, 0.05, "why", "share", "how", "where")
    far = calibration.Target("y", "another", 0.9, 0.05, "why", "share", "how", "where")
    row, other = calibration.table(pd.DataFrame({"x": values, "y": values}), (target, far)).itertuples()
    x = np.array(values[:3])
    low, high = stats.t.interval(0.95, 2, loc=x.mean(), scale=stats.sem(x))
    assert (row.model_mean, row.ci_low, row.ci_high, row.seeds) == pytest.approx((x.mean(), low, high, 3))
    assert row.verdict == "within" and other.verdict == "outside"
    assert calibration.interval([0.5, 0.5]) == (0.5, 0.5, 0.5, 2)
    assert calibration.interval([np.nan])[3] == 0


def test_every_target_states_its_band_unit_and_source():
    for t in calibration.TARGETS:
        assert t.tolerance > 0 and t.why and t.unit and t.definition
        assert len(t.source) > 40, t.statistic


# --- the command -----------------------------------------------------------------------------


def test_calibrate_writes_the_table_and_prints_it(tmp_path, capsys):
    main(["calibrate", "--seeds", "2", "--steps", "24", "--workers", "1", "--out", str(tmp_path / "cal")])
    out = capsys.readouterr().out
    table = pd.read_csv(tmp_path / "cal" / "calibration.csv")
    assert list(table.columns) == list(calibration.COLUMNS)
    assert list(table["statistic"]) == [t.statistic for t in calibration.TARGETS]
    assert set(table["verdict"]) <= {"within", "outside", "no data"}
    assert table.loc[table["statistic"].str.contains("5 years"), "verdict"].item() == "no data"  # 24 months: no cohort
    text = (tmp_path / "cal" / "calibration.md").read_text(encoding="utf-8")
    assert text.count("\n| ") == len(calibration.TARGETS) + 1 and text in out
    assert sorted(p.name for p in (tmp_path / "cal").iterdir()) == ["calibration.csv", "calibration.md"]


def test_calibrate_defaults_to_the_results_root(results_root, capsys):
    main(["calibrate", "--seeds", "2", "--steps", "3", "--workers", "1"])
    assert (results_root / "calibration" / "calibration.md").is_file()


@pytest.mark.parametrize("args", [["--seeds", "0"], ["--seeds", "1"], ["--steps", "0"], ["--workers", "x"]])
def test_calibrate_refuses_bad_input_in_one_line(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "allowed" in err


def test_workers_give_the_same_table_as_one_process():
    one = calibration.run(2, 12, workers=1)
    two = calibration.run(2, 12, workers=2)
    pd.testing.assert_frame_equal(one, two)
