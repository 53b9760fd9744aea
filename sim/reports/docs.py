"""The parameter table of MODEL.md, generated from the schema (`sim.model.schema`).

MODEL.md keeps the table between two markers; `update_model_md` rewrites what lies between
them, so the documentation cannot drift from the defaults, bounds and units the model uses.
`clustersim docs` calls it, and a test fails when the file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from sim.model.schema import GROUPS, PARAMS
from sim.runs.results import checkout

MODEL_MD = checkout() / "MODEL.md" if checkout() else None  # None when installed from a wheel


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def _number(value: int | float) -> str:
    """A default or bound as written in the table: thousands separated, floats keep their point."""
    if isinstance(value, int):
        return f"{value:,}"
    if float(value).is_integer():
        return f"{value:,.1f}"
    return repr(float(value))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def parameter_table() -> str:
    """Every parameter of the schema as Markdown: one table per group, in schema order."""
    parts = []
    for group in GROUPS:
        rows = [p for p in PARAMS.values() if p.group == group]
        if not rows:
            continue
        parts.append(f"#### {group}\n")
        parts.append("| name | default | bounds | unit | description |")
        parts.append("|---|---:|---|---|---|")
        for p in rows:
            parts.append(f"| `{p.name}` | {_number(p.default)} | [{_number(p.low)}, {_number(p.high)}] "
                         f"| {_cell(p.unit)} | {_cell(p.description)} |")
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def block(text: str, name: str = "params") -> str:
    """What lies between the `name` markers of `text`; ValueError when they are missing or misordered."""
    start_mark, end_mark = markers(name)
    start, end = text.find(start_mark), text.find(end_mark)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"the markers {start_mark} and {end_mark} are missing or out of order")
    return text[start + len(start_mark):end]


def update_block(path: Path | str, name: str, content: str) -> bool:
    """Rewrite what lies between the `name` markers of `path` with `content`; return whether it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    old, new = block(text, name), "\n" + content + "\n"
    if old == new:
        return False
    start = text.find(markers(name)[0]) + len(markers(name)[0])
    path.write_text(text[:start] + new + text[start + len(old):], encoding="utf-8")
    return True


def update_model_md(path: Path | str) -> bool:
    """Rewrite the parameter table between the markers of `path`; return whether the file changed."""
    return update_block(path, "params", parameter_table())
