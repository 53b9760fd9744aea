"""What the exploratory probes share: a `--seeds` option, and their runs spread over the machine's cores.

A probe is a script of this folder that runs the model over seeds and settings and prints what it
finds; it asserts nothing. Imported by name (`from probes import ...`): a script's own folder is
first on Python's path.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor


def seeds_option(doc: str, default: int) -> int:
    """The number of seeds asked for on the command line (1 to 100), with the script's `doc` as its help."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seeds", type=count, default=default, metavar="1-100",
                        help=f"seeds per setting (default {default})")
    return parser.parse_args().seeds


def count(text: str) -> int:
    """A whole number from 1 to 100, or argparse's one-line error saying so."""
    n = int(text)  # argparse reports a ValueError as "invalid count value"
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"{n} is not from 1 to 100")
    return n


def run_all(run, tasks: list, fresh: bool = False) -> list:
    """`run(task)` for each task, one process per core, results in the tasks' order. `fresh`: a new process
    for each task, for probes that replace part of the model in the process that runs it."""
    with ProcessPoolExecutor(max_tasks_per_child=1 if fresh else None) as pool:
        return list(pool.map(run, tasks))
