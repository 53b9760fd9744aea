"""Browser tests of the dashboard: one server per test module on a free local port, driven by Debian's Chromium.

Chromium is the system one (/usr/bin/chromium, installed by `.ci/run`), never a browser Playwright
downloads. Missing, it fails the tests rather than skipping them. Every request the page makes is
recorded and anything not addressed to this machine is aborted, so a test can assert that the
page works offline. Each test leaves a screenshot of each page it opened in its tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser_helpers import is_local
from sim.dashboard import server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT = 60_000  # ms; a loaded CI machine may be slow to start the first page


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """The server's address; it is stopped by its process id at the end, and its port waited free."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium)")
    port = server.free_port()
    with open(tmp_path_factory.mktemp("server") / "server.log", "w") as log:
        proc = server.start(port, log=log)
        try:
            server.wait_ready(proc, port)
            yield {"url": f"http://127.0.0.1:{port}/", "proc": proc}
        finally:
            server.stop(proc, port)


@pytest.fixture(scope="module")
def browser(dashboard):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(dashboard, browser, tmp_path):
    """Opens the dashboard in a new browser context (its own session, hence its own model) and waits for the map."""
    pages = []

    def open_():
        context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page = context.new_page()
        page.requests, page.failed = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("requestfailed", lambda r: page.failed.append((r.url, r.failure)))
        page.set_default_timeout(TIMEOUT)
        pages.append(page)
        page.goto(dashboard["url"])
        page.wait_for_selector(".cs-view-map .js-plotly-plot .gtitle")
        return page

    yield open_
    for i, page in enumerate(pages):
        if not page.is_closed():
            page.screenshot(path=tmp_path / f"page{i}.png")
        page.context.close()
