"""Small helpers for the browser tests: read the month counter and the figures, pick from drop-downs."""

from __future__ import annotations

import re
from urllib.parse import urlparse

LOCAL = {"127.0.0.1", "localhost", "::1"}


def is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL


def month(page) -> int:
    return int(re.search(r"\d+", page.locator(".cs-month").text_content()).group())


def wait_month(page, at_least: int) -> None:
    page.wait_for_function("(m) => parseInt(document.querySelector('.cs-month').textContent.match(/\\d+/)[0]) >= m",
                           arg=at_least)


def plot(page, view: str) -> str:
    """A selector for the plotly figure of a view (map, charts, network, compare)."""
    return f".cs-view-{view} .js-plotly-plot"


def title(page, view: str) -> str:
    return page.locator(f"{plot(page, view)} .gtitle").text_content()


def traces(page, view: str) -> list[dict]:
    """The figure's traces as drawn in the browser: name and y values (plotly.js's decoded copy, `_fullData`:
    the page sends numeric arrays base64-encoded)."""
    return page.evaluate("(sel) => document.querySelector(sel)._fullData"
                         ".map(d => ({name: d.name, y: Array.from(d.y || [])}))",
                         plot(page, view))


def wait_points(page, view: str, n: int) -> None:
    """Wait until the figure's first trace is drawn with `n` points."""
    page.wait_for_function("([sel, n]) => document.querySelector(sel)._fullData[0].y.length === n",
                           arg=[plot(page, view), n])


def choose(page, select: str, text: str) -> None:
    """Pick an entry of a drop-down (a Vuetify select) by its text."""
    page.locator(f"{select} .v-select__slot").click()
    page.locator(".menuable__content__active .v-list-item", has_text=text).first.click()
