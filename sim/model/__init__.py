"""The model layer: the cluster's agents, their state and one month of their interactions.

Imports numpy, scipy, pandas and mesa only: never a run, report or front end.
"""

from sim.model.cluster import ClusterModel

__all__ = ["ClusterModel"]
