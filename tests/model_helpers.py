"""Helpers shared by the model tests: a small cluster, runs, and a recorder of meetings.

Not a test module (no `test_` prefix); imported by name since `tests/` is on sys.path under pytest.
"""

from __future__ import annotations

import numpy as np

from sim.model import ClusterModel, knowledge

# a small cluster: every phase runs (firms of all sizes, labs, training, platforms, support,
# outside partners) but a 120-month run takes a fraction of a second; an open firm weighs every idea
# with partners (`partner_search_share` 1, not the calibrated 0.08), and projects cost 120 k€ (not the
# calibrated 250 k€, which leaves a small cluster few worth launching), so that the mechanisms of
# projects and teams have many of them to show on
SMALL = dict(
    n_large_firms=3, n_smes=150, n_startups=20, n_labs=5, n_training_bodies=2, n_tech_centres=2,
    n_support=2, n_remote_partners=50, talent_pool=300, partner_search_share=1.0, project_cost=120.0,
)
SEEDS = (11, 12, 13, 14, 15, 16)  # fixed replicate seeds for statistical comparisons


def build(seed: int, **params) -> ClusterModel:
    """A small cluster with `params` on top of SMALL."""
    return ClusterModel(rng=seed, **(SMALL | params))


def run(seed: int, steps: int, **params) -> ClusterModel:
    model = build(seed, **params)
    for _ in range(steps):
        model.step()
    return model


def record_meetings(model) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Wrap `model.trust.meet` so every batch of meetings is logged as (step, a, b)."""
    log = []
    original = model.trust.meet

    def meet(a, b, gain, remote, step, **kwargs):
        log.append((model.steps, np.asarray(a).copy(), np.asarray(b).copy()))
        return original(a, b, gain, remote, step, **kwargs)

    model.trust.meet = meet
    return log


def slots_of(model, kind: str) -> np.ndarray:
    from sim.model.population import KIND_CODES

    return np.flatnonzero(model.pop.mask(kind=KIND_CODES[kind]))


def distance(model, a, b) -> np.ndarray:
    pop = model.pop
    return np.hypot(pop.x[a] - pop.x[b], pop.y[a] - pop.y[b])


def empty_book(model) -> None:
    """Take every project under way off the book (as if none had started), freeing members and platforms."""
    book = model.projects
    if len(book):
        taken = book.take(np.ones(len(book), bool))
        members = taken["members"]
        np.subtract.at(model.pop.busy, members[members >= 0], 1)
        model.platforms.release(int(taken["platform"].sum()))
    assert len(book) == 0 and (model.pop.busy == 0).all()


def ready(seed: int, built_with: dict | None = None, **params) -> ClusterModel:
    """A fresh small cluster where every firm has an idea and money enough: what it launches is what it decides.

    `built_with` goes to the constructor. `params` are set after the model is built, so that models of one
    seed start alike and draw the same ideas. The projects under way at the start are dropped."""
    model = build(seed, **({"project_propensity": 1.0} | (built_with or {})))
    model.p.update(params)
    empty_book(model)
    firms = model.pop.mask(firm=True)
    model.pop.rd_fund[: model.pop.n][firms] = 1e6
    return model


def launched(model) -> int:
    """The projects `model` starts now (`ClusterModel.launch`), with this month's absorptive capacity."""
    return model.launch(knowledge.absorptive_capacity(model.pop, model.p["talent_absorption"], model.reference))


def hand_project(model, members, p_success, p_conflict=0.0, novelty=0.2, value=1.0, trust=1.0) -> None:
    """Put one project ending now into the book, as `projects.launch` would (members busy); `trust` is the
    leader's mean trust in its partners."""
    row = np.full((1, model.projects.width), -1, dtype=np.int64)
    row[0, : len(members)] = members
    model.projects.add(
        row, end=np.array([model.steps], np.int32), cost=np.array([100.0]), distance=np.array([0.3]),
        novelty=np.array([novelty]), value=np.array([value]), p_success=np.array([p_success]),
        p_conflict=np.array([p_conflict]), trust=np.array([trust]), equipment=np.array([False]), platform=np.array([False]), remote=np.array([False]),
        subsidised=np.array([False]), start=np.array([model.steps], np.int32))
    np.add.at(model.pop.busy, np.asarray(members), 1)
