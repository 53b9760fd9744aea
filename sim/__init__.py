"""clustersim: an agent-based model of industrial clusters and open innovation, on Mesa."""


def run(*, steps: int = 240, seed: int = 0, **params) -> dict:
    """Run the model once and return the final value of every output, by name.

    A plain, picklable, keyword-only function, so that sweep tools (the EMA workbench, SALib,
    Dask, `concurrent.futures`) can call the model without knowing Mesa. Parameters not given
    take their schema defaults; unknown or out-of-bounds ones raise `sim.params.ParamError`.
    """
    from sim.params import resolve
    from sim.simulate import simulate

    final = simulate(resolve(params, "sim.run"), steps, seed).timeseries.iloc[-1]
    return {name: float(value) for name, value in final.items() if name != "step"}
