"""The dashboard in a real browser: offline loading, controls, scenarios, play, compare, lessons, French, exports,
one model per tab, and no model left running once its tab is closed."""

from __future__ import annotations

import os
import time

from playwright.sync_api import expect

from browser_helpers import choose, is_local, month, plot, title, traces, wait_month, wait_points

from sim.model.schema import PARAMS


def open_group(page, group: str) -> None:
    page.locator(f".cs-group-{group} .v-expansion-panel-header").click()
    page.wait_for_selector(f".cs-group-{group} .cs-param")


def series(page, name: str) -> list[float]:
    """One outcome's monthly values as drawn in the Outcomes tab (traces in the order of CHART_OUTPUTS)."""
    from sim.dashboard.figures import CHART_OUTPUTS

    return traces(page, "charts")[CHART_OUTPUTS.index(name)]["y"]


def test_page_loads_offline(open_page):
    page = open_page()
    assert month(page) == 0 and "0" in title(page, "map")
    assert page.locator(".cs-kpis .cs-kpi-value").count() == 5
    page.wait_for_timeout(1000)  # late requests (fonts, icons) too
    assert page.requests and all(is_local(url) for url in page.requests), [u for u in page.requests if not is_local(u)]
    assert page.failed == []


def test_slider_and_steps_change_the_charts(open_page):
    page = open_page()
    page.locator(".cs-tab-charts").click()
    for _ in range(6):
        page.locator(".cs-step").click()
    wait_month(page, 6)
    wait_points(page, "charts", 7)
    default = series(page, "public_spending")
    open_group(page, "policy")
    page.locator(".cs-param-events_per_year .v-slider__thumb-container").focus()
    page.keyboard.press("End")  # 52 networking events a year instead of 4
    page.wait_for_selector(".cs-param-events_per_year :text('52')")
    page.wait_for_selector(".cs-pending")  # applies on reset, and says so
    page.locator(".cs-reset").click()
    page.wait_for_selector(".cs-pending", state="detached")
    assert month(page) == 0
    for _ in range(6):
        page.locator(".cs-step").click()
    wait_month(page, 6)
    wait_points(page, "charts", 7)
    assert "6" in title(page, "charts")
    changed = series(page, "public_spending")
    assert len(changed) == len(default) == 7 and changed != default


def test_scenario_sets_the_controls(open_page):
    page = open_page()
    open_group(page, "policy")
    label = page.locator(".cs-param-subsidy_rate .cs-param-label")
    default = PARAMS["subsidy_rate"].default
    assert label.text_content() == f"Subsidy rate (share): {default}" and default != 0
    choose(page, ".cs-scenario", "No public support")
    page.wait_for_function("() => document.querySelector('.cs-param-subsidy_rate .cs-param-label').textContent"
                           " === 'Subsidy rate (share): 0'")
    page.wait_for_function("() => document.querySelector('.cs-param-incubator_capacity input').value === '0'")
    assert "switched off" in page.locator(".cs-scenario-description").text_content()
    assert month(page) == 0 and not page.locator(".cs-pending").count()  # loaded and applied


def test_values_the_cluster_cannot_use_are_noted(open_page):
    """An event larger than the territory's actors gathers them all, and the control says so, in both languages."""
    page = open_page()
    open_group(page, "policy")
    assert not page.locator(".cs-param-event_size .cs-limit-note").count()  # 60 of about 800 actors
    field = page.locator(".cs-param-event_size input")
    field.fill("5000")
    field.press("Enter")
    note = page.locator(".cs-param-event_size .cs-limit-note")
    note.wait_for()
    assert "actors now" in note.text_content()
    page.locator(".cs-lang button", has_text="Français").click()
    page.locator(".cs-param-event_size .cs-limit-note", has_text="acteurs en ce moment").wait_for()


def test_play_and_pause(open_page):
    page = open_page()
    page.locator(".cs-play").click()
    wait_month(page, 3)
    page.locator(".cs-pause").click()
    page.wait_for_selector(".cs-play")
    stopped = month(page)
    page.wait_for_timeout(1500)
    assert month(page) == stopped >= 3
    page.wait_for_function("(m) => document.querySelector('.cs-view-map .gtitle').textContent.includes(m)",
                           arg=str(stopped))


def test_invalid_value_gives_a_message(open_page):
    page = open_page()
    open_group(page, "territory")
    field = page.locator(".cs-param-n_smes input")
    field.fill("-5")
    field.press("Enter")
    error = page.locator(".cs-param-n_smes .cs-field-error")
    error.wait_for()
    assert "out of bounds" in error.text_content() and "0 to 500000" in error.text_content()
    page.locator(".cs-step").click()  # the page is alive and the run unchanged
    wait_month(page, 1)
    assert not page.locator(".cs-error").count()


def test_compare_shows_two_series(open_page):
    page = open_page()
    page.locator(".cs-tab-compare").click()
    choose(page, ".cs-compare-b", "No public support")
    choose(page, ".cs-seeds", "2")
    choose(page, ".cs-months", "60")
    page.locator(".cs-run-compare").click()
    page.wait_for_selector(".cs-compare-done", timeout=120_000)
    page.wait_for_selector(f"{plot(page, 'compare')} .gtitle")
    names = {t["name"] for t in traces(page, "compare") if t["name"]}
    assert any(n.startswith("A: Current settings") for n in names)
    assert any(n.startswith("B: No public support") for n in names)
    table = page.locator(".cs-compare-table").text_content()
    assert "Startups alive" in table and "B − A" in table
    levers = page.locator(".cs-compare-levers").text_content()
    assert "Project subsidies" in levers and "per extra innovation" in levers


def test_lesson_runs(open_page):
    page = open_page()
    page.locator(".cs-tab-classroom").click()
    lesson = page.locator(".cs-lesson-proximity")
    assert "Proximity builds trust" in lesson.text_content()
    lesson.locator(".cs-run-lesson").click()
    page.wait_for_selector(".cs-lesson-running")
    # the scenario picker is empty, and says whose settings these are
    assert "lesson “Proximity builds trust”" in page.locator(".cs-scenario-description").text_content()
    page.wait_for_selector(f"{plot(page, 'network')} .gtitle")  # the lesson shows its view
    wait_month(page, 120)  # plays to the lesson's length, then stops there
    page.wait_for_selector(".cs-play")
    assert month(page) == 120
    open_group(page, "territory")
    assert page.locator(".cs-param-distance_decay_km input").input_value() == "2.0"
    page.locator(".cs-tab-classroom").click()
    page.locator(".cs-lesson-proximity .cs-compare-lesson").click()  # the preset against its contrast, 3 seeds
    page.wait_for_selector(".cs-compare-done", timeout=120_000)
    page.wait_for_selector(f"{plot(page, 'compare')} .gtitle")
    names = {t["name"] for t in traces(page, "compare") if t["name"]}
    assert {"A: Proximity builds trust", "B: Face-to-face range 30 km"} <= names


def test_french(open_page):
    page = open_page()
    page.locator(".cs-lang button", has_text="Français").click()
    page.wait_for_selector(".cs-tab-map:text('Territoire')")
    page.wait_for_function("() => document.querySelector('.cs-view-map .gtitle').textContent"
                           ".startsWith('Territoire au mois')")
    for text in ("Indicateurs pour les décideurs", "Réinitialiser", "Cluster de référence", "Politique publique",
                 "Innovations par an", "Coût public par innovation", "Mois 0 (année 0,0)"):
        expect(page.locator("body")).to_contain_text(text)
    page.locator(".cs-tab-classroom").click()
    page.locator(".cs-lesson-proximity", has_text="La proximité crée la confiance").wait_for()


def test_two_tabs_keep_separate_models(open_page):
    first, second = open_page(), open_page()
    for _ in range(3):
        first.locator(".cs-step").click()
    wait_month(first, 3)
    second.wait_for_timeout(500)
    assert month(second) == 0 and "0" in title(second, "map")
    second.locator(".cs-step").click()
    wait_month(second, 1)
    assert month(first) == 3 and month(second) == 1


def test_exports(open_page, tmp_path):
    page = open_page()
    page.locator(".cs-step").click()
    wait_month(page, 1)
    with page.expect_download() as download:
        page.locator("button:has-text('Time series (CSV)')").click()
    csv = (tmp_path / "series.csv")
    download.value.save_as(csv)
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("month,") and "innovations" in lines[0] and len(lines) == 3
    page.locator(plot(page, "map")).hover()
    with page.expect_download() as download:  # plotly's own button, drawn in the browser: no server, no internet
        page.locator(".cs-view-map .modebar-btn[data-title^='Download plot as a']").click()
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert png.name == "clustersim-territory.png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as download:
        page.locator(".cs-view-map button:has-text('Chart (HTML)')").click()
    assert b"Territory at month 1" in open(download.value.path(), "rb").read()


def _cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_closed_tab_stops_its_model(open_page, dashboard, tmp_path):
    """While a tab plays, the server works; once the tab is gone, even without a word, the server idles."""
    pid = dashboard["proc"].pid
    page = open_page()
    page.locator(".cs-play").click()
    wait_month(page, 2)
    start = _cpu_seconds(pid)
    time.sleep(2)
    busy = _cpu_seconds(pid) - start
    page.screenshot(path=tmp_path / "playing.png")
    with page.expect_event("close"):
        page.close()  # no unload handlers, so no close message: the server sees the connection drop
    time.sleep(3)
    start = _cpu_seconds(pid)
    time.sleep(2)
    idle = _cpu_seconds(pid) - start
    assert busy > 0.3 and idle < 0.15, (busy, idle)
