"""The named scenarios (TOML files); shipped inside the wheel as `sim.scenarios`, read with importlib.resources."""
