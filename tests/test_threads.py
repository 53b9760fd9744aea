"""The second thread (sim.model.threads): where it takes work, the numbers are those of one thread, bit for bit.

A small model stays on one thread (below the MANY_* sizes), so these tests lower the sizes to 0 to
send every job that can go to the second thread there.
"""

import pickle
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np
import pytest
from model_helpers import build
from test_kernels import random_network, twin

from sim.model import kernels, knowledge, territory, threads, trust
from sim.model.trust import NEW_TIE, TIE, adjacency, pair_keys


@pytest.fixture
def every_job_shared(monkeypatch):
    """Every job the second thread can take goes there, whatever its size."""
    monkeypatch.setattr(trust, "MANY_TIES", 0)
    monkeypatch.setattr(territory, "MANY_POINTS", 0)
    monkeypatch.setattr(knowledge, "MANY_MEETINGS", 0)


def run_on(threads_setting: str, monkeypatch, seed: int, months: int):
    monkeypatch.setenv("CLUSTERSIM_THREADS", threads_setting)
    model = build(seed)
    for _ in range(months):
        model.step()
    return model


@pytest.mark.parametrize("seed", [3, 4])
def test_a_run_is_the_same_on_one_thread_or_two(seed, monkeypatch, every_job_shared):
    one, two = (run_on(setting, monkeypatch, seed, 36) for setting in ("1", "2"))
    frames = [m.datacollector.get_model_vars_dataframe() for m in (one, two)]
    assert frames[0].equals(frames[1]) and frames[0]["innovations_total"].iloc[-1] > 0
    assert np.array_equal(one.trust.key, two.trust.key) and one.trust.ties.tobytes() == two.trust.ties.tobytes()
    assert one.pop.know.tobytes() == two.pop.know.tobytes()
    assert np.array_equal(np.array(one.knowledge_flows), np.array(two.knowledge_flows))


def test_jobs_run_on_the_second_thread_when_there_are_two(monkeypatch):
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    assert threads.later(lambda: threads.threading.current_thread().name).result().startswith("clustersim")
    assert threads.later(lambda: threads.threading.current_thread().name, worth=False).result() == "MainThread"
    monkeypatch.setenv("CLUSTERSIM_THREADS", "1")
    assert threads.later(lambda: threads.threading.current_thread().name).result() == "MainThread"


def test_a_job_started_on_the_second_thread_runs_there_at_once(monkeypatch):
    """A job that starts another waits for it: on a single second thread it must run in place, not queue."""
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    assert threads.later(lambda: threads.later(lambda: 7).result() + 1).result() == 8


def test_a_jobs_error_reaches_the_caller(monkeypatch):
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    job = threads.later(int, "not a number")
    with pytest.raises(ValueError):
        job.result()


def test_a_pool_worker_runs_on_one_thread(monkeypatch):
    monkeypatch.delenv("CLUSTERSIM_THREADS", raising=False)
    assert threads.two_threads()
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        assert pool.submit(threads.two_threads).result() is False


@pytest.mark.parametrize("seed", range(4))
def test_an_insertion_written_in_two_parts_is_the_insertion_in_one(seed):
    """Whatever new key splits the two parts: none before it, half, or all."""
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    keys = np.unique(pair_keys(*rng.integers(60, size=(2, 50))))
    keys = keys[net.find(keys) < 0]
    pos = np.searchsorted(net.key, keys)
    width = TIE.itemsize // 8
    words = net.ties.view(np.int64)

    unwritten = -(2**62) + 3  # a word no key or record holds

    def written(split):
        out_key = np.full(len(net) + len(keys), unwritten)
        out = np.full((len(net) + len(keys)) * width, unwritten)
        args = (net.key, words, width, keys, np.full(len(keys), NEW_TIE).view(np.int64), pos, out_key, out)
        kernels.insert_ties(*args, 0, split)
        kernels.insert_ties(*args, split, len(keys))
        return out_key, out

    whole = written(len(keys))
    assert np.all(np.diff(whole[0]) > 0) and (whole[1] != unwritten).all()
    for split in (0, 1, len(keys) // 2, len(keys) - 1):
        key, out = written(split)
        assert np.array_equal(key, whole[0]) and np.array_equal(out, whole[1])


@pytest.mark.parametrize("seed", range(4))
def test_ties_laid_out_ahead_serve_only_while_nothing_changed(seed, monkeypatch, every_job_shared):
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    layouts = []
    monkeypatch.setattr(trust, "adjacency", lambda *args: layouts.append(1) or adjacency(*args))
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    active = rng.random(40) < 0.9
    seekers = rng.integers(40, size=300)
    fresh = twin(net).pick_known(np.random.default_rng(seed), seekers, active)
    layouts.clear()
    net.lay_out_revisits(active)
    assert np.array_equal(net.pick_known(np.random.default_rng(seed), seekers, active), fresh)  # nothing changed
    assert len(layouts) == 1  # the layout made ahead served
    net.lay_out_revisits(active)
    stale = twin(net)
    a = rng.integers(40, size=200)
    b = (a + rng.integers(1, 40, size=200)) % 40
    net.meet(a, b, np.full(200, 0.5), np.zeros(200, bool), 11)  # after the layout: it must not serve
    mine = net.pick_known(np.random.default_rng(seed), seekers, active)
    assert np.array_equal(mine, twin(net).pick_known(np.random.default_rng(seed), seekers, active))
    assert not np.array_equal(mine, stale.pick_known(np.random.default_rng(seed), seekers, active))  # not vacuous
    net.lay_out_revisits(active)
    other = active.copy()
    other[seekers[0]] = not other[seekers[0]]  # another set of active agents: laid out anew
    assert np.array_equal(net.pick_known(np.random.default_rng(seed), seekers, other),
                          twin(net).pick_known(np.random.default_rng(seed), seekers, other))


@pytest.mark.parametrize("seed", range(4))
def test_strong_ties_found_ahead_serve_only_the_same_search_while_nothing_changed(seed, monkeypatch,
                                                                                   every_job_shared):
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    searches = []
    monkeypatch.setattr(trust, "ties_of", lambda *args: searches.append(1) or kernels.ties_of(*args))
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    nodes = np.unique(rng.integers(40, size=8))
    fresh = twin(net).strong_of(nodes, 0.3)
    searches.clear()
    net.lay_out_strong(nodes, 0.3)
    assert all(np.array_equal(x, y) for x, y in zip(net.strong_of(nodes, 0.3), fresh, strict=True))
    assert len(searches) == 1 and len(fresh[0]) > 0  # found once, ahead
    for other in ((nodes[1:], 0.3), (nodes, 0.2)):  # other nodes, another threshold: found anew
        before = len(searches)
        net.lay_out_strong(nodes, 0.3)
        assert all(np.array_equal(x, y) for x, y in zip(net.strong_of(*other), twin(net).strong_of(*other), strict=True))
        assert len(searches) == before + 3  # the one ahead, not served; this network's own and its twin's
    net.lay_out_strong(nodes, 0.3)
    stale = twin(net)
    a = np.repeat(nodes, 5)
    b = (a + rng.integers(1, 40, size=len(a))) % 40
    net.meet(a, b, np.full(len(a), 0.5), np.zeros(len(a), bool), 11)  # after the search: it must not serve
    mine = net.strong_of(nodes, 0.3)
    assert all(np.array_equal(x, y) for x, y in zip(mine, twin(net).strong_of(nodes, 0.3), strict=True))
    assert len(mine[0]) != len(stale.strong_of(nodes, 0.3)[0])  # not vacuous


@pytest.mark.parametrize("change", ["ties set", "a field written"])
def test_ties_changed_from_outside_are_not_served_a_layout_made_before(change, monkeypatch, every_job_shared):
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    rng = np.random.default_rng(5)
    net = random_network(rng)
    active, seekers = np.ones(40, bool), rng.integers(40, size=300)
    before = net.pick_known(np.random.default_rng(5), seekers, active)
    net.lay_out_revisits(active)
    if change == "ties set":
        ties = net.ties.copy()
        ties["trust"] = ties["trust"][::-1].copy()
        net.ties = ties
    else:
        net.trust[::-1] = net.trust.copy()  # the same trust, the other way round
    mine = net.pick_known(np.random.default_rng(5), seekers, active)
    assert np.array_equal(mine, twin(net).pick_known(np.random.default_rng(5), seekers, active))
    assert not np.array_equal(mine, before)  # not vacuous


def test_a_model_with_work_laid_out_ahead_can_be_copied(monkeypatch, every_job_shared):
    """A pickled model (as a sweep's process pool or a dashboard session keeps one) goes on as the original."""
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    model = build(7)
    for _ in range(3):
        model.step()
    assert "revisits" in model.trust._ahead  # a layout made ahead is pending or done
    copy = pickle.loads(pickle.dumps(model))
    for m in (model, copy):
        for _ in range(3):
            m.step()
    assert model.datacollector.get_model_vars_dataframe().equals(copy.datacollector.get_model_vars_dataframe())


def _revisit_in_a_fork(net, seekers, active, queue):
    queue.put(net.pick_known(np.random.default_rng(0), seekers, active))


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
def test_a_fork_does_not_wait_for_its_parents_second_thread(monkeypatch, every_job_shared):
    """A process forked while a layout waits for the parent's second thread (mesa.batch_run forks) has no such
    thread: it lays the ties out again instead of waiting for ever."""
    monkeypatch.setenv("CLUSTERSIM_THREADS", "2")
    rng = np.random.default_rng(6)
    net = random_network(rng)
    active, seekers = np.ones(40, bool), rng.integers(40, size=300)
    busy = threading.Event()
    threads.later(busy.wait)  # the second thread is held: the layout waits behind it when the fork happens
    net.lay_out_revisits(active)
    context = get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_revisit_in_a_fork, args=(net, seekers, active, queue))
    child.start()
    child.join(timeout=20)
    busy.set()
    if child.exitcode is None:
        child.kill()
    assert child.exitcode == 0
    assert np.array_equal(queue.get(timeout=5), twin(net).pick_known(np.random.default_rng(0), seekers, active))
