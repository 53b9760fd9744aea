"""The actors of a cluster as Mesa agents.

Each agent is a view on its row (`slot`) of the model's Population arrays, where the
vectorised phases read and write its state. Agents carry the rare, individual events:
exiting the cluster.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.model.outputs import KINDS


class ClusterAgent(mesa.Agent):
    """An actor of the territory (or of the outside world) with knowledge and trust ties."""

    def __init__(self, model, slot: int):
        super().__init__(model)
        self.slot = int(slot)
        model.pop.agent[self.slot] = self
        model.pop.uid[self.slot] = self.unique_id

    def _get(self, name):
        return getattr(self.model.pop, name)[self.slot]

    @property
    def kind(self) -> str:
        return KINDS[self._get("kind")]

    @property
    def position(self) -> tuple[float, float]:
        return float(self._get("x")), float(self._get("y"))

    @property
    def knowledge(self) -> np.ndarray:
        """Codified plus tacit knowledge per domain."""
        return self._get("codified") + self._get("tacit")

    @property
    def tacit(self) -> np.ndarray:
        return self._get("tacit")

    @property
    def staff(self) -> float:
        return float(self._get("staff"))

    @property
    def capital(self) -> float:
        return float(self._get("capital"))

    @property
    def active(self) -> bool:
        return bool(self._get("active"))

    def trust_in(self, other: ClusterAgent) -> float:
        return self.model.trust.get(self.slot, other.slot)

    def exit(self) -> None:
        """Leave the cluster, with no staff left (the caller returns them to the talent pool); ties and
        projects stay as history."""
        self.model.pop.staff[self.slot] = 0.0
        self.model.pop.deactivate(self.slot)
        self.remove()


class Firm(ClusterAgent):
    """A firm: a startup in its first five years, then an SME or, from 250 staff, a large firm."""


class ResearchLab(ClusterAgent):
    """A research lab or university department: creates knowledge, trains talent, spins off startups."""


class TrainingBody(ClusterAgent):
    """A training body: raises the skills of the regional talent pool."""


class TechCentre(ClusterAgent):
    """A technical centre: holds a shared platform with limited capacity."""


class SupportInstitution(ClusterAgent):
    """A cluster manager, incubator or agency: organises events and hosts the incubator."""


class RemotePartner(ClusterAgent):
    """A partner in the outside world, reachable only through remote contacts."""


AGENT_CLASS = {
    "large_firm": Firm, "sme": Firm, "startup": Firm, "lab": ResearchLab, "training_body": TrainingBody,
    "tech_centre": TechCentre, "support": SupportInstitution, "remote_partner": RemotePartner,
}
