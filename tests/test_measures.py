"""The end-of-run measures of the stylized facts, on hand-built populations whose answer is known."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from sim.model import measures
from sim.model.population import Population
from sim.model.schema import defaults
from sim.model.trust import TrustNetwork, pair_keys
from sim.runs.simulate import simulate


def line_of_actors(n: int, n_domains: int = 4) -> Population:
    """`n` actors of the territory on a line, 1 km apart."""
    pop = Population(n, n_domains)
    pop.add(n, x=np.arange(n, dtype=float), y=np.zeros(n))
    return pop


def test_trust_at_equal_meetings_compares_only_ties_met_equally_often():
    pop, trust = line_of_actors(200), TrustNetwork()
    a, b = np.zeros(199, int), np.arange(1, 200)  # actor 0 with every other: distance 1 to 199 km
    trust.meet(a, b, np.full(199, 0.1), np.zeros(199, bool), step=1)
    far = b > 100
    trust.meet(a[far], b[far], np.full(far.sum(), 0.5), np.zeros(far.sum(), bool), step=2)  # far pairs met twice
    rows = trust.find((a << 32) | b)
    once = trust.meetings[rows] == 1
    trust.trust[rows[once]] = np.linspace(0.9, 0.1, once.sum())  # within one count, trust falls with distance
    trust.trust[rows[~once]] = np.linspace(0.1, 0.9, (~once).sum())  # within the other, it rises
    out = measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))
    assert out["ties_compared"] == 199
    assert np.isclose(out["trust_distance_rho_equal_meetings"], (-1 * 100 + 1 * 99) / 199)
    unmet = np.arange(1, 41)  # 40 ties made by a shift alone (a spin-off), never met: not a stratum
    trust.shift(np.full(40, 199), unmet, step=3, gain=0.5)
    assert measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))["ties_compared"] == 199
    # 40 ties a job move left: counted as meetings, but not face to face, so not compared either; a move between a
    # pair that met once leaves it among the ties met once
    moved = np.arange(100, 140)
    trust.meet(np.full(40, 198), moved, np.full(40, 0.3), np.zeros(40, bool), step=3, moved=True)
    level = trust.trust[rows[4]]
    trust.meet(np.array([0]), np.array([5]), np.array([0.3]), np.zeros(1, bool), step=3, moved=True)
    assert (trust.meetings[trust.find(pair_keys(np.full(40, 198), moved))] == 1).all()
    assert trust.meetings[rows[4]] == 2 and trust.moves[rows[4]] == 1
    assert measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))["ties_compared"] == 199
    trust.trust[rows[4]] = level  # as before the move: the two strata give the rho they gave
    assert np.isclose(measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))
                      ["trust_distance_rho_equal_meetings"], (-1 * 100 + 1 * 99) / 199)
    # pooled over counts, far pairs met twice and trust more: the measure must not see that
    trust.trust[rows] = np.where(once, 0.2, 0.8)
    assert np.isnan(measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))
                    ["trust_distance_rho_equal_meetings"])


def test_remote_ties_and_small_strata_are_left_out():
    pop, trust = line_of_actors(40), TrustNetwork()
    a, b = np.zeros(39, int), np.arange(1, 40)
    trust.meet(a, b, np.full(39, 0.1), np.arange(39) < 20, step=1)  # 20 remote: 19 local ties left, under 30
    out = measures.trust_at_equal_meetings(SimpleNamespace(pop=pop, trust=trust))
    assert out["ties_compared"] == 0 and np.isnan(out["trust_distance_rho_equal_meetings"])


def test_knowledge_convergence_follows_the_same_pairs_and_sees_who_converged():
    pop = line_of_actors(300)
    rng = np.random.default_rng(0)
    pop.know[:300] = rng.uniform(0.1, 1.0, (300, 2, 4))
    model = SimpleNamespace(pop=pop)
    early = measures.snapshot(model, ["knowledge_convergence", "entry_cohorts"])
    assert list(early) == ["knowledge_convergence"] and len(early["knowledge_convergence"]["a"]) > 3000
    pop.know[:300, 1] = pop.know[:300, 1].mean(axis=0) * (1 + pop.x[:300, None] / 300)  # tacit: all alike...
    pop.know[:300, 1] += rng.uniform(0, 0.3, (300, 4)) * (pop.x[:300, None] > 150)  # ...but the east stays varied
    pop.active[:10] = False
    out = measures.measure(model, ["knowledge_convergence"], early)
    assert out["pairs_followed"] < len(early["knowledge_convergence"]["a"])  # pairs with a leaver dropped
    assert out["tacit_convergence_rho"] < -0.1  # far pairs (one in the east) converged less
    assert abs(out["codified_convergence_rho"]) < 0.1 or np.isnan(out["codified_convergence_rho"])  # unchanged


def test_knowledge_convergence_without_a_snapshot_is_missing_not_zero():
    out = measures.knowledge_convergence(SimpleNamespace(pop=line_of_actors(10)), None)
    assert out["pairs_followed"] == 0 and np.isnan(out["tacit_convergence_rho"])


def test_entry_cohorts_count_months_in_the_run_and_classes_at_entry():
    pop = Population(4, 2)
    # born -24 (in the cluster 24 months before the run), 240 months old at the end: 216 months in the run
    pop.add(4, firm=True, staff=np.array([5.0, 30.0, 100.0, 300.0]), born=np.array([-24, 10, 10, 50]),
            age=np.array([24, 0, 0, 0]), innovations=np.array([2, 1, 3, 4]))
    pop.staff[:4] = [500.0, 500.0, 5.0, 5.0]  # grown or shrunk since: the class is the one at entry
    pop.age[:4] = [240, 100, 70, 20]
    pop.active[3] = False
    out = measures.entry_cohorts(SimpleNamespace(pop=pop, steps=240))
    assert np.isclose(out["firm_years_micro_entrants"], 18) and np.isclose(out["innovations_per_year_micro_entrants"], 2 / 18)
    assert np.isclose(out["firm_years_large_entrants"], 20 / 12)
    assert out["small_entrants_5y"] == 1 and out["survival_5y_small_entrants"] == 1.0  # born 10, lived 100 months


def test_collaborative_innovation_per_firm_year():
    pop = Population(2, 2)
    pop.add(2, firm=True, born=np.array([0, 0]), age=np.array([0, 0]))
    pop.age[:2] = [120, 60]
    table = pd.DataFrame({"size": [1, 2, 3, 2], "success": [True, True, False, True]})
    out = measures.collaborative_innovation(SimpleNamespace(pop=pop, project_table=lambda: table))
    assert out["firm_years"] == 15 and np.isclose(out["collab_innovations_per_firm_year"], 2 / 15)


def test_measuring_never_changes_the_run():
    wanted = list(measures.MEASURES)
    plain = simulate(defaults() | {"n_smes": 80, "n_startups": 20}, 24, 5)
    measured = simulate(defaults() | {"n_smes": 80, "n_startups": 20}, 24, 5, measures=wanted)
    pd.testing.assert_frame_equal(plain.timeseries, measured.timeseries)
    assert set(measured.measures) >= {"pairs_followed", "trust_distance_rho_equal_meetings", "firm_years"}
    assert measured.measures["pairs_followed"] > 0  # the snapshot was taken a quarter into the run


def test_triangles_and_giant_component_match_matrix_algebra():
    """Every triangle once, against the trace of the cube of the adjacency matrix, and the largest component
    against SciPy's; on random graphs of several densities and on a complete graph (m^3 / 6 two-step paths)."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    from sim.model.kernels import triangles_and_giant

    def counted(ties):
        u, v = np.nonzero(np.triu(ties, 1))
        return triangles_and_giant(u.astype(np.int64), v.astype(np.int64), len(ties))

    rng = np.random.default_rng(5)
    for density in (0.005, 0.02, 0.3):
        ties = np.triu(rng.random((120, 120)) < density, 1)
        full = (ties | ties.T).astype(float)
        _, labels = connected_components(csr_array(full), directed=False)
        assert counted(ties) == (round(np.trace(full @ full @ full) / 6), np.bincount(labels).max())
    assert counted(np.ones((400, 400), bool)) == (400 * 399 * 398 // 6, 400)
    assert counted(np.zeros((5, 5), bool)) == (0, 1)
