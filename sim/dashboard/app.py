"""The dashboard page: settings in the sidebar; run controls, indicators and the views in the main area.

Run it with `clustersim dashboard` (or `solara run sim.dashboard.app`). Each browser tab gets
its own `Session`, hence its own model; closing the tab stops whatever it was running.
"""

from __future__ import annotations

import solara
import solara.lab

from sim.dashboard.compare import CompareView
from sim.dashboard.controls import RunControls, SettingsPanel
from sim.dashboard.i18n import t
from sim.dashboard.lessons import Classroom
from sim.dashboard.state import Session
from sim.dashboard.views import ChartsView, Exports, Indicators, MapView, NetworkView

TABS = {"map": "mdi-map-marker-radius", "charts": "mdi-chart-line", "network": "mdi-graph-outline",
        "compare": "mdi-scale-balance", "classroom": "mdi-school"}


@solara.component
def Page():
    session = solara.use_memo(Session, [])
    solara.use_effect(lambda: session.close, [])  # runs when the tab (its kernel) closes
    lang = session.lang.value
    solara.Title("clustersim")
    with solara.AppBar():
        solara.AppBarTitle(t("app_title", lang))
        with solara.ToggleButtonsSingle(value=session.lang, classes=["cs-lang"], style={"margin-left": "auto"}):
            solara.Button("English", value="en", text=True)
            solara.Button("Français", value="fr", text=True)
    with solara.Sidebar():
        SettingsPanel(session, lang)
    RunControls(session, lang)
    Indicators(session, lang)
    Exports(session, lang)
    with solara.lab.Tabs(value=session.tab):  # headers only: the selected view alone is rendered below
        for key, icon in TABS.items():
            solara.lab.Tab(t(f"tab_{key}", lang), icon_name=icon, classes=[f"cs-tab-{key}"])
    view = list(TABS)[session.tab.value]
    with solara.Column(classes=[f"cs-view-{view}"], style={"padding-top": "8px"}):
        if view == "map":
            MapView(session, lang)
        elif view == "charts":
            ChartsView(session, lang)
        elif view == "network":
            NetworkView(session, lang)
        elif view == "compare":
            CompareView(session, lang)
        else:
            Classroom(session, tuple(TABS), lang)
