"""Named scenarios: TOML files in `scenarios/` that name only what differs from the defaults.

A scenario file holds `title`, `description` and a `[params]` table:

    title = "Strict IP"
    description = "One paragraph saying which claim the scenario stresses."
    [params]
    ip_strictness = 0.95
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from sim.model.schema import ParamError, resolve
from sim.runs import tomlfile

SCENARIO_DIR = files("sim.scenarios")  # the top-level scenarios/ folder, shipped in the wheel
_KEYS = {"title", "description", "params"}
LAYOUT = "title, description and a [params] table"


class ScenarioError(tomlfile.OneLineError):
    """A scenario that cannot be loaded; the message is one line naming file and field."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    overrides: dict
    params: dict
    path: Path


def scenario_names(directory: Traversable = SCENARIO_DIR) -> list[str]:
    return tomlfile.names(directory)


def find(name_or_path: str, directory: Traversable = SCENARIO_DIR) -> Traversable:
    """A scenario's file: a path to a .toml file, or the name of one in `directory`."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.parent != Path("."):
        if not path.exists():  # a folder or a special file exists: reading it says what it is
            raise ScenarioError(f"{path}: no such file; allowed: a scenario file (.toml) or a name from `clustersim scenarios`")
        return path
    path = directory.joinpath(f"{name_or_path}.toml")
    if not path.is_file():
        names = ", ".join(scenario_names(directory))
        raise ScenarioError(f"unknown scenario '{name_or_path}'; allowed: {names}, or a path to a .toml file")
    return path


def load(name_or_path: str, directory: Traversable = SCENARIO_DIR) -> Scenario:
    path = find(name_or_path, directory)
    try:
        data = tomlfile.read(path, "a scenario file", LAYOUT)
    except tomlfile.TomlFileError as exc:
        raise ScenarioError(exc.args[0]) from None
    if not data:
        raise ScenarioError(f"{path}: empty file; allowed: {LAYOUT}")
    for key in data:
        if key not in _KEYS:
            raise ScenarioError(f"{path}: unknown field '{key}'; allowed: {', '.join(sorted(_KEYS))}")
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ScenarioError(f"{path}: field '{key}' must be a non-empty string")
    overrides = data.get("params", {})
    if not isinstance(overrides, dict):
        raise ScenarioError(f"{path}: field 'params' must be a table of parameter values")
    try:
        params = resolve(overrides, str(path))
    except ParamError as exc:
        raise ScenarioError(str(exc)) from None
    return Scenario(path.name.removesuffix(".toml"), data["title"], " ".join(data["description"].split()), overrides, params, path)
