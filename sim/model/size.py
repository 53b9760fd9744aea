"""How much memory a cluster needs, so that a setting too large for the machine is refused in one line.

The model's memory follows its actors, their knowledge domains and a month's meetings (each
meeting gathers both ends' knowledge rows for the exchange); nothing grows with a stock
parameter such as the talent pool. `check_fits` refuses, before a run, a setting whose
estimate exceeds the memory available; `max_agents` bounds how far a running cluster may grow
(spin-offs and the incubator add actors) before it is stopped with the same kind of message.
"""

from __future__ import annotations

import os
import resource

from sim.model.schema import COUNT_PARAMS, ParamError

AGENT_BYTES = 7 << 9  # per actor: its row, its Mesa agent, its share of the trust ties (measured about 2.7 KiB when a
# tie took 32 bytes with its key; about 3.0 KiB expected at 40 bytes and 35 ties an actor after 100 months)
DOMAIN_BYTES = 16  # per actor and knowledge domain: codified and tacit stock
MEETING_BYTES = 48  # per meeting and domain, at the month's peak: the exchange's gathered rows, gaps and gains
MEETING_FACTOR = 1.2  # meetings a month per contact sought (0.5 + openness, events, project work)
# measured after 3 months at 20,000 actors: 47 / 204 / 323 / 1,659 MiB where these give 88 / 283 / 346 /
# 2,300 MiB (contacts 2 or 30, domains 8 or 64): on the safe side, without refusing what fits
GROWTH = "firm_spinoff_rate, lab_spinoff_rate and incubator_capacity"


class TooLarge(ParamError):
    """A setting whose cluster needs, or has grown to need, more memory than the machine has."""


def agent_bytes(p: dict) -> float:
    """Memory one actor costs at the month's peak, under the settings `p`."""
    meetings = MEETING_FACTOR * p["contacts_per_month"] + 1.0
    return AGENT_BYTES + p["n_domains"] * (DOMAIN_BYTES + meetings * MEETING_BYTES)


def available_bytes() -> int | None:
    """Memory this process may still use: the system's available memory, within any address-space limit."""
    found = []
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            found += [int(line.split()[1]) << 10 for line in meminfo if line.startswith("MemAvailable:")]
    except OSError:
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            pass
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit != resource.RLIM_INFINITY:
        try:  # what is already mapped counts against the limit
            with open("/proc/self/statm", encoding="ascii") as statm:
                mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            mapped = 0
        found.append(max(limit - mapped, 0))
    return min(found) if found else None


def max_agents(p: dict, available: int | None) -> int | None:
    """How many actors fit in `available` bytes (None: no limit known)."""
    return None if available is None else int(available // agent_bytes(p))


def check_fits(p: dict, available: int | None, source: str = "settings") -> None:
    """Refuse, naming what drives the size, a setting whose starting cluster would not fit in memory."""
    agents = sum(p[name] for name in COUNT_PARAMS.values())
    need = agents * agent_bytes(p)
    if available is not None and need > available:
        raise TooLarge(
            f"{source}: {agents:,} actors with {p['n_domains']} knowledge domains and {p['contacts_per_month']:g} "
            f"contacts a month need about {need / 2**30:.1f} GiB, more than the {available / 2**30:.1f} GiB "
            f"available; allowed: fewer actors ({', '.join(COUNT_PARAMS.values())}), fewer domains or contacts")


def grown_too_large(rows: int) -> TooLarge:
    return TooLarge(f"settings: the cluster grew to {rows:,} actors (those that left included), more than memory "
                    f"allows; it grows through {GROWTH}; allowed: lower values of these, or fewer months")
