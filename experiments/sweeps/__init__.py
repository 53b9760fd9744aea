"""Sweep definitions shipped with clustersim (TOML files), installed as `sim.sweeps`; `clustersim sweep NAME` finds them."""
