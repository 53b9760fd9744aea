"""The agents' readable face: each Mesa agent reads its state from the model's arrays."""

import numpy as np

from model_helpers import build
from sim.model.agents import ClusterAgent, Firm, RemotePartner, ResearchLab


def test_agent_properties_read_the_arrays():
    model = build(5)
    for _ in range(6):
        model.step()
    pop = model.pop
    for agent in model.agents:
        assert isinstance(agent, ClusterAgent)
        s = agent.slot
        assert pop.agent[s] is agent and pop.uid[s] == agent.unique_id and agent.active
        assert agent.position == (pop.x[s], pop.y[s])
        assert np.array_equal(agent.knowledge, pop.codified[s] + pop.tacit[s])
        assert agent.staff == pop.staff[s] and agent.capital == pop.capital[s]
    kinds = {type(a): a.kind for a in model.agents}
    assert kinds[RemotePartner] == "remote_partner" and kinds[ResearchLab] == "lab"
    assert {a.kind for a in model.agents if isinstance(a, Firm)} <= {"large_firm", "sme", "startup"}


def test_trust_in_is_symmetric_and_matches_the_network():
    model = build(6)
    for _ in range(12):
        model.step()
    a, b = model.trust.ends()
    row = int(np.argmax(model.trust.trust))
    x, y = model.pop.agent[a[row]], model.pop.agent[b[row]]
    assert x.trust_in(y) == y.trust_in(x) == model.trust.trust[row] > 0
    known = set(b[a == x.slot]) | set(a[b == x.slot]) | {x.slot}  # x and everyone x has a tie with
    strangers = [ag for ag in model.agents if ag.slot not in known]
    assert strangers  # with seed 6, x has not met everyone
    assert all(x.trust_in(s) == s.trust_in(x) == 0.0 for s in strangers)
