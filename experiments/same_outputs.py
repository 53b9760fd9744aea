"""Whether the working tree's model gives the same outputs, bit for bit, as an earlier revision.

    python experiments/same_outputs.py 63777bb

For speed work that must change no result. Both versions run, each in its own process, a
10,000-agent cluster (the benchmark's) for 60 months and the baseline scenario for 240 months;
their monthly indicators, knowledge flows and trust ties (every field both versions have) are
compared exactly. Prints one line per output; exits with 1 if any differs.
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def outputs() -> dict:
    """Every output compared, from the `sim` on the path."""
    sys.path.insert(0, str(Path.cwd() / "experiments"))
    from benchmark import scaled_params

    from sim.model import ClusterModel
    from sim.runs.scenarios import load

    out = {}
    for name, params, months in (("10,000 agents", scaled_params(10_000), 60), ("baseline", load("baseline").params, 240)):
        model = ClusterModel(rng=3, **params)
        for _ in range(months):
            model.step()
        ties = model.trust.ties
        out[f"{name}: indicators"] = model.datacollector.get_model_vars_dataframe().to_numpy()
        out[f"{name}: knowledge flows"] = np.array(model.knowledge_flows)
        out[f"{name}: trust ties"] = {"key": model.trust.key, **{f: ties[f] for f in ties.dtype.names}}
    return out


def run_in(tree: Path, into: Path) -> dict:
    """`outputs` computed by the model in `tree`, in a fresh process."""
    code = f"import pickle, sys; sys.path.insert(0, {str(tree)!r}); from same_outputs import outputs; " \
           f"pickle.dump(outputs(), open({str(into)!r}, 'wb'))"
    subprocess.run([sys.executable, "-c", code], cwd=tree, check=True,
                   env=os.environ | {"PYTHONPATH": f"{tree}{os.pathsep}{ROOT / 'experiments'}"})
    with open(into, "rb") as f:
        return pickle.load(f)


def same(a, b) -> bool:
    if isinstance(a, dict):
        shared = a.keys() & b.keys()
        return "key" in shared and all(np.array_equal(a[k], b[k]) for k in shared)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def tree_at(revision: str, into: Path, *paths: str) -> None:
    """The files of the repository at `revision` (only `paths`, if given) written into `into`; a revision git does
    not know ends the script with a one-line error."""
    archive = subprocess.run(["git", "archive", revision, *paths], cwd=ROOT, capture_output=True)
    if archive.returncode:
        sys.exit(f"{Path(sys.argv[0]).name}: revision: {revision!r} is no revision of {ROOT}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the git revision to compare the working tree with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = Path(tmp) / "old"
        tree_at(args.revision, old_tree)
        theirs = run_in(old_tree, Path(tmp) / "old.pkl")
        mine = run_in(ROOT, Path(tmp) / "new.pkl")
    differ = False
    for name in mine:
        ok = same(mine[name], theirs[name])
        differ |= not ok
        print(f"{name:34} {'identical' if ok else 'DIFFERENT'}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
