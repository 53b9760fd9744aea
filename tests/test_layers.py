"""The package's layers hold: no module imports one from a layer above its own.

Layers, lowest first: sim.model < sim.runs < sim.reports < sim.dashboard < sim.cli. Every
`import` under sim/ is read with `ast`, those inside functions and `if` blocks too; sim.model
may also import nothing third-party but numpy, scipy, numba, pandas and mesa. sim/__init__.py, the
public surface, imports sim.model, and sim.runs.simulate only when `sim.run` is first used; a
fresh process that imports the model loads no module of a higher layer.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"
LAYERS = ["sim.model", "sim.runs", "sim.reports", "sim.dashboard", "sim.cli"]
MODEL_THIRD_PARTY = {"numpy", "scipy", "numba", "pandas", "mesa"}
SURFACE = "sim"
SURFACE_TOP_LEVEL = {"sim.model"}  # and its submodules
SURFACE_IN_FUNCTIONS = SURFACE_TOP_LEVEL | {"sim.runs.simulate"}  # `sim.run` is loaded lazily


def module_name(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str) -> int | None:
    """Index in LAYERS of a sim module (`sim` itself sits with sim.runs, whose `run` it serves)."""
    if name == SURFACE:
        return LAYERS.index("sim.runs")
    return next((i for i, top in enumerate(LAYERS) if name == top or name.startswith(top + ".")), None)


def within(name: str, allowed: set[str]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


def imports(tree: ast.Module, module: str, is_package: bool) -> list[tuple[int, str, bool]]:
    """(line, imported module, at top level?) for every import; `from a import b` gives a.b."""
    package = module if is_package else module.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [base] if base == "__future__" else [f"{base}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name, id(node) in top_level) for name in names]
    return found


def violations(path: Path, source: str) -> list[str]:
    """One message per import in `source` (the text of `path`, a file under sim/) that breaks the layering."""
    module = module_name(path)
    tree = ast.parse(source, filename=str(path))
    where = path.relative_to(SIM.parent)
    bad = []
    for line, name, at_top in imports(tree, module, path.name == "__init__.py"):
        top = name.partition(".")[0]
        if top != "sim":
            third_party = top not in sys.stdlib_module_names and top not in MODEL_THIRD_PARTY
            if layer(module) == 0 and third_party:
                bad.append(f"{where}:{line}: sim.model imports {name}, not numpy, scipy, pandas or mesa")
            continue
        if module == SURFACE:
            allowed = SURFACE_TOP_LEVEL if at_top else SURFACE_IN_FUNCTIONS
            if not within(name, allowed):
                bad.append(f"{where}:{line}: the package surface imports {name}; allowed: {', '.join(sorted(allowed))}")
            continue
        # `from sim.x import y`: y is a submodule, or a name defined in sim.x
        target = name if (SIM.parent / name.replace(".", "/")).with_suffix(".py").exists() \
            or (SIM.parent / name.replace(".", "/")).is_dir() else name.rpartition(".")[0]
        if layer(target) is None:
            bad.append(f"{where}:{line}: imports {name}, which is in no layer")
        elif layer(target) > layer(module):
            bad.append(f"{where}:{line}: {module} ({LAYERS[layer(module)]}) imports {target} ({LAYERS[layer(target)]})")
    return bad


MODULES = sorted(SIM.rglob("*.py"))


def test_every_module_is_in_a_layer():
    assert len(MODULES) > 30
    assert [p for p in MODULES if module_name(p) != SURFACE and layer(module_name(p)) is None] == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SIM.parent)))
def test_no_module_imports_a_higher_layer(path):
    assert violations(path, path.read_text()) == []


# --- the checker itself finds violations ---------------------------------------------------------

BAD = {
    "model imports runs": ("model/trust.py", "from sim.runs import simulate\n", "imports sim.runs.simulate (sim.runs)"),
    "model imports reports in a function": ("model/cluster.py", "def f():\n    import sim.reports.report\n",
                                            "imports sim.reports.report (sim.reports)"),
    "model imports the surface": ("model/agents.py", "from sim import run\n", "imports sim (sim.runs)"),
    "model imports plotly": ("model/economy.py", "import plotly.express as px\n", "sim.model imports plotly.express"),
    "model imports networkx in an if": ("model/economy.py", "if True:\n    from networkx import Graph\n",
                                        "sim.model imports networkx.Graph"),
    "relative import upwards": ("model/talent.py", "from ..runs.scenarios import load\n",
                                "imports sim.runs.scenarios (sim.runs)"),
    "runs imports reports": ("runs/sweep.py", "from sim.reports.analysis import analyze\n",
                             "imports sim.reports.analysis (sim.reports)"),
    "facts import the dashboard": ("reports/facts/f1_proximity_trust.py", "from sim.dashboard import figures\n",
                                   "imports sim.dashboard.figures (sim.dashboard)"),
    "dashboard imports cli": ("dashboard/app.py", "def f():\n    from sim.cli import main\n", "imports sim.cli (sim.cli)"),
    "surface imports a sweep": ("__init__.py", "from sim.runs.sweep import run\n", "surface imports sim.runs.sweep"),
    "surface imports simulate at import": ("__init__.py", "from sim.runs.simulate import simulate\n",
                                           "surface imports sim.runs.simulate"),
    "surface imports reports lazily": ("__init__.py", "def f():\n    import sim.reports\n", "surface imports sim.reports"),
}


@pytest.mark.parametrize("file, source, words", BAD.values(), ids=BAD.keys())
def test_checker_finds_a_bad_import(file, source, words):
    found = violations(SIM / file, "import numpy\n" + source)
    assert len(found) == 1 and words in found[0], found


GOOD = {
    "model imports model and allowed packages": ("model/trust.py",
                                                 "import math\nimport mesa\nfrom scipy import stats\nfrom sim.model import schema\n"),
    "reports import runs and model": ("reports/report.py", "import plotly\nfrom sim.runs import design\nimport sim.model.schema\n"),
    "relative import downwards": ("reports/facts/f2_tacit_local.py", "from ...runs import sweep\nfrom . import f3_diversity\n"),
    "cli imports everything": ("cli.py", "import sim\nfrom sim.dashboard import server\nfrom sim.reports import facts\n"),
    "surface runs the model lazily": ("__init__.py", "import sim.model\ndef run():\n    from sim.runs.simulate import simulate\n"),
}


@pytest.mark.parametrize("file, source", GOOD.values(), ids=GOOD.keys())
def test_checker_allows_imports_downwards(file, source):
    assert violations(SIM / file, source) == []


def test_importing_the_model_loads_no_higher_layer():
    """What the static check cannot see (imports built at run time): ask a fresh interpreter."""
    code = ("import sys, sim.model, sim.model.cluster; "
            "print(sorted(m for m in sys.modules if m.startswith(('sim.runs', 'sim.reports', 'sim.dashboard', 'sim.cli'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
