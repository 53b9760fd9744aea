"""How the dashboard's server is started: by `clustersim dashboard`, by the browser tests and by the benchmark.

The environment keeps the page offline: JavaScript and CSS are served from the local copy that
solara-assets installs (`SOLARA_ASSETS_PROXY`; without it the browser asks a CDN and the page
stays blank), with no telemetry and no version check. Tabs left open are culled after ten
minutes, which stops their models.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_ASSETS_PROXY": "True", "SOLARA_KERNEL_CULL_TIMEOUT": "10m",
       "SOLARA_THEME_SHOW_BANNER": "False", "SOLARA_THEME_TITLE": "clustersim"}


def command(host: str = "127.0.0.1", port: int = 8765) -> list[str]:
    """The server's command line. `-P` keeps the working folder off sys.path (`python -m` puts it first),
    so the `sim` that serves is the installed one, even when started from inside a checkout or any
    folder holding a `sim/` (a wheel's dashboard would otherwise import that folder's code, and fail)."""
    return [sys.executable, "-P", "-m", "solara", "run", "sim.dashboard.app", "--host", host, "--port", str(port),
            "--production", "--no-check-version", "--no-open"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, log=subprocess.DEVNULL) -> subprocess.Popen:
    """The server in a child process of its own group, so that `stop` ends it and whatever it started."""
    return subprocess.Popen(command(port=port), env=os.environ | ENV, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_ready(proc: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the dashboard server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"the dashboard server did not answer on port {port} within {timeout} s")


def stop(proc: subprocess.Popen, port: int, timeout: float = 20) -> None:
    """End the server's process group by its id and wait until the port is free again."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} still open after the server stopped")
