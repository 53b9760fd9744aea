"""MODEL.md stays in step with the code: the parameter table, every parameter, output and named constant."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

import sim.model
from sim.reports.docs import block, markers, parameter_table, update_block, update_model_md
from sim.model.outputs import OUTPUTS
from sim.model.schema import PARAMS

MODEL_MD = Path(__file__).resolve().parent.parent / "MODEL.md"  # the repository's, even in a tree without .git
START, END = markers("params")
FACTS = markers("facts")
# modules of the model whose module-level numeric constants MODEL.md must state with their values
MODEL_MODULES = ("cluster", "population", "territory", "trust", "knowledge", "projects", "economy",
                 "talent", "policy", "indicators")


@pytest.fixture(scope="module")
def text() -> str:
    return MODEL_MD.read_text(encoding="utf-8")


def _outside_table(text: str) -> str:
    return text[: text.index(START)] + text[text.index(END):]


def test_markers_exist_once_and_in_order(text):
    for start, end in ((START, END), FACTS):
        assert text.count(start) == 1 and text.count(end) == 1, (start, end)
        assert text.index(start) < text.index(end)


def test_parameter_table_is_up_to_date(text):
    assert block(text) == "\n" + parameter_table() + "\n", (
        "MODEL.md's parameter table differs from the schema: run `clustersim docs`")


def test_table_has_one_row_per_parameter():
    rows = [line for line in parameter_table().splitlines() if line.startswith("| `")]
    assert [re.match(r"\| `(\w+)`", row).group(1) for row in rows] == list(PARAMS)


def test_every_parameter_is_documented_outside_the_table(text):
    """Each parameter appears in the model description itself, not only in the generated table."""
    prose = _outside_table(text).replace("\\_", "_")  # LaTeX writes \text{name\_with\_underscores}
    missing = [name for name in PARAMS if f"`{name}`" not in prose and f"\\text{{{name}}}" not in prose]
    assert not missing, f"parameters not described in MODEL.md: {missing}"


def test_every_output_is_documented(text):
    missing = [name for name in OUTPUTS if f"`{name}`" not in text]
    assert not missing, f"outputs not described in MODEL.md: {missing}"


def _constants(module: str) -> dict:
    """Module-level UPPER_CASE constants defined as numbers or tuples of numbers in sim/model/<module>.py."""
    tree = ast.parse((Path(sim.model.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if not name.isupper() or name.startswith("_"):
                continue
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            numbers = value if isinstance(value, tuple) else (value,)
            if numbers and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
                found[name] = value
    return found


def test_named_constants_are_stated_with_their_values(text):
    """`NAME` | value or `NAME` = value, as the code has it: a changed constant fails until MODEL.md follows."""
    wrong = []
    for module in MODEL_MODULES:
        for name, value in _constants(module).items():
            shown = re.escape(repr(value) if isinstance(value, float) else str(value))
            if not re.search(rf"`{name}`\s*(?:\||=|\(=)\s*{shown}(?![\d.])", text):
                wrong.append(f"{module}.{name} = {value!r}")
    assert not wrong, f"named constants missing from MODEL.md or shown with another value: {wrong}"


def test_update_rewrites_a_stale_table_and_then_leaves_it(tmp_path, text):
    stale = tmp_path / "MODEL.md"
    stale.write_text(text.replace(block(text), "\n| stale |\n"), encoding="utf-8")
    assert update_model_md(stale) is True
    assert stale.read_text(encoding="utf-8") == text
    assert update_model_md(stale) is False


def test_update_refuses_a_file_without_markers(tmp_path):
    bare = tmp_path / "MODEL.md"
    bare.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(ValueError):
        update_model_md(bare)
    assert bare.read_text(encoding="utf-8") == "# no markers\n"


def test_cli_docs_reports_and_fails_cleanly(tmp_path, capsys):
    from sim.cli import main

    copy = tmp_path / "MODEL.md"
    shutil.copy(MODEL_MD, copy)
    main(["docs", "--file", str(copy)])
    assert "already up to date" in capsys.readouterr().out
    (tmp_path / "bare.md").write_text("nothing\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["docs", "--file", str(tmp_path / "bare.md")])
    assert exit_.value.code == 2
    assert "markers" in capsys.readouterr().err


def test_update_block_rewrites_only_between_its_markers(tmp_path):
    copy = tmp_path / "MODEL.md"
    shutil.copy(MODEL_MD, copy)
    before = copy.read_text(encoding="utf-8")
    assert update_block(copy, "facts", "| fact | verdict |") is True
    after = copy.read_text(encoding="utf-8")
    assert block(after, "facts") == "\n| fact | verdict |\n"
    assert block(after, "params") == block(before, "params")
    assert update_block(copy, "facts", "| fact | verdict |") is False
    with pytest.raises(ValueError):
        update_block(copy, "nothing", "x")


def test_every_test_named_in_model_md_exists(text):
    """MODEL.md names the tests behind its verification table and elsewhere (`file.py::test_x`, looked up in
    that file, or a bare `test_x`, looked up in every test file): each must be a test function of tests/, or
    the document points at nothing."""
    tests = Path(__file__).resolve().parent
    defined = {path.name: set(re.findall(r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
               for path in tests.rglob("test_*.py")}
    everywhere = set().union(*defined.values())
    named = re.findall(r"`(?:([\w/]+\.py)::)?(test_\w+)`", text)
    assert len(named) > 50  # the verification table's, at least
    missing = [f"{file}::{name}" if file else name for file, name in named
               if name not in (defined.get(Path(file).name, set()) if file else everywhere)]
    assert not missing, missing
