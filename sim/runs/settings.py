"""Run settings: how long, how many replicates and from which root seed, declared once.

The command line, sweep files, the stylized facts and the dashboard all read these defaults and
bounds; a run setting is not a model parameter (the model's schema is `sim.model.schema`), it
says how the model is run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunSetting:
    name: str
    default: int
    low: int
    high: int
    unit: str
    description: str

    def check(self, value, where: str) -> int:
        """`value` if it is a whole number within bounds; else ValueError, "`where` is ...; allowed: ..."."""
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValueError(f"{where} is {value!r}; allowed: a whole number from {self.low} to {self.high}")
        return value


STEPS = RunSetting("steps", 240, 1, 10_000, "months", "Months to simulate (240 = 20 years).")
REPLICATES = RunSetting("replicates", 5, 1, 1_000, "runs", "Replicate runs, each with its own seed spawned from the root seed.")
SEED = RunSetting("seed", 42, 0, 2**32 - 1, "", "Root seed: the replicates' seeds are spawned from it with numpy's SeedSequence.")
RUN_SETTINGS = {s.name: s for s in (STEPS, REPLICATES, SEED)}
