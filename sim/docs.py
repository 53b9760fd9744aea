"""The parameter table of MODEL.md, generated from the schema (`sim.params`).

MODEL.md keeps the table between two markers; `update_model_md` rewrites what lies between
them, so the documentation cannot drift from the defaults, bounds and units the model uses.
`clustersim docs` calls it, and a test fails when the file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from sim.params import GROUPS, PARAMS

MODEL_MD = Path(__file__).resolve().parent.parent / "MODEL.md"
START = "<!-- params:start -->"
END = "<!-- params:end -->"


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


def table_block(text: str) -> str:
    """What lies between the markers of `text`; ValueError when the markers are missing or misordered."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return text[start + len(START):end]


def update_model_md(path: Path | str = MODEL_MD) -> bool:
    """Rewrite the parameter table between the markers of `path`; return whether the file changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    old = table_block(text)
    new = "\n" + parameter_table() + "\n"
    if old == new:
        return False
    start = text.find(START) + len(START)
    path.write_text(text[:start] + new + text[start + len(old):], encoding="utf-8")
    return True
