"""How responsive is the dashboard? Time to a usable page, and one step plus redraw, in a real browser.

Starts the server on a free local port, opens the page in headless Chromium (/usr/bin/chromium,
driven by Playwright), and reports:
  - seconds from starting the server until the page is usable (its controls are shown: the Step
    button answers), and until the map is drawn (plotly.js, 4.5 MB, loads after the controls);
  - for each live view (territory map, outcome charts, network panel), the time from clicking
    Step until that view's figure title and the month counter show the new month (the indicators
    are updated in the same message as the counter), measured in the page, over `--steps` steps
    of the default scenario (about 1,000 actors).
Targets: page usable within 5 s; step plus redraw under 200 ms.

    python experiments/dashboard_benchmark.py [--steps 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sim.dashboard import server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEWS = {"map": "territory map", "charts": "outcome charts", "network": "network panel"}
# In the page: click Step, then note the time when the counter and this view's figure title show the new month
# (measured in the browser, from the click to the redrawn figure, so the test driver's own latency is left out).
_STEP = """([view, month]) => new Promise((resolve) => {
  const shows = () => {
    const title = document.querySelector(`.cs-view-${view} .js-plotly-plot .gtitle`);
    const counter = document.querySelector('.cs-month');
    return title && counter && title.textContent.match(/\\d+/g).includes(String(month))
        && counter.textContent.match(/\\d+/)[0] === String(month);
  };
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (shows()) {  // then wait for the frame to be painted
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  document.querySelector('.cs-step').click();
})"""


def step_times(page, view: str, steps: int) -> list[float]:
    """Seconds from clicking Step to the redrawn view, `steps` times."""
    page.locator(f".cs-tab-{view}").click()
    page.wait_for_selector(f".cs-view-{view} .js-plotly-plot .gtitle", timeout=30_000)
    page.wait_for_timeout(1000)
    month = int(page.locator(".cs-month").text_content().split()[1])
    times = []
    for month in range(month + 1, month + steps + 1):
        times.append(page.evaluate(_STEP, [view, month]) / 1000)
        page.wait_for_timeout(150)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="steps timed per view (default 20)")
    args = parser.parse_args()
    port = server.free_port()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        started = time.perf_counter()
        proc = server.start(port)
        try:
            server.wait_ready(proc, port)
            answering = time.perf_counter() - started
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".cs-step", timeout=60_000)
            usable = time.perf_counter() - started
            page.wait_for_selector(".cs-view-map .js-plotly-plot .gtitle", timeout=60_000)
            drawn = time.perf_counter() - started
            results = {view: step_times(page, view, args.steps) for view in VIEWS}
        finally:
            browser.close()
            server.stop(proc, port)
    print(f"page usable {usable:.1f} s after the server was started (target: within 5 s): the server answered "
          f"after {answering:.1f} s, the map was drawn after {drawn:.1f} s")
    for view, times in results.items():
        ms = [1000 * t for t in times]
        print(f"step + redraw, {VIEWS[view]:<15} mean {statistics.mean(ms):4.0f} ms, "
              f"median {statistics.median(ms):4.0f} ms, "
              f"max {max(ms):4.0f} ms over {len(ms)} steps (target: under 200 ms)")


if __name__ == "__main__":
    main()
