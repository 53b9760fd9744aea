"""Classroom mode: short lessons a teacher runs in one click, each a preset and a contrast.

A lesson's texts (title, question, what to watch, mechanism, contrast) are in
`i18n.LESSON_TEXT`; here are its settings. The effects the texts describe were checked over
several seeds at 120 months before being written down, rechecked over three seeds at 120 and
240 months with Model v2 (knowledge and networks) and over five seeds at 120 months (four at 240
for the pipelines note) with Model v2 (firms that decide; the platforms lesson again once ideas
needed equipment), again over five seeds (`python experiments/lesson_effects.py`) once workers
moved between firms as often as in the EU, and after the joint calibration of a project's cost (the
platforms lesson over ten seeds, `--seeds 10`, its gain being smaller); the diversity and pipelines
lessons say where the model does not show the simple story.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import solara

from sim.dashboard.i18n import LESSON_TEXT, t
from sim.dashboard.state import scenario
from sim.dashboard.views import html, lead
from sim.model.schema import resolve


@dataclass(frozen=True)
class Lesson:
    id: str
    preset: dict  # overrides of the defaults
    contrast: dict  # the same question's other case, for the comparison
    tab: str  # the view that shows the effect best
    months: int = 120
    months_per_frame: int = 3

    def params(self, contrast: bool = False) -> dict:
        return resolve(self.contrast if contrast else self.preset, f"lesson {self.id}")


LESSONS = [
    Lesson("proximity", {"distance_decay_km": 2.0}, {"distance_decay_km": 30.0}, tab="network"),
    Lesson("tacit", {"tacit_trust_threshold": 0.7}, {"tacit_trust_threshold": 0.1}, tab="charts"),
    Lesson("diversity", scenario("diverse").overrides, scenario("monoculture").overrides, tab="charts"),
    Lesson("platforms", {"equipment_share": 0.8, "equipment_cost": 300.0, "platform_capacity": 30,
                         "platform_investment": 5000.0},
           {"equipment_share": 0.8, "equipment_cost": 300.0, "platform_capacity": 0, "platform_investment": 0.0},
           tab="charts"),
    Lesson("pipelines", {"digital_openness": 0.9}, {"digital_openness": 0.2}, tab="network"),
    Lesson("support", scenario("strong_support").overrides, scenario("no_support").overrides, tab="map"),
]
BY_ID = {lesson.id: lesson for lesson in LESSONS}


def text(lesson_id: str, lang: str) -> dict:
    return LESSON_TEXT[lesson_id][lang]


def source_params(source: str) -> dict:
    """Parameters of a comparison side named "lesson:<id>" or "lesson:<id>:contrast"."""
    _, lesson_id, *contrast = source.split(":")
    return BY_ID[lesson_id].params(contrast=bool(contrast))


def source_label(source: str, lang: str) -> str:
    _, lesson_id, *contrast = source.split(":")
    words = text(lesson_id, lang)
    return words["contrast"] if contrast else words["title"]


@solara.component
def Classroom(session, tabs: tuple, lang: str):
    """One card a lesson: the question first, buttons to run or compare, then what to watch and why."""
    solara.Text(t("lessons_intro", lang), style={"color": "#444"})
    for lesson in LESSONS:
        words = text(lesson.id, lang)

        def run(lesson=lesson):
            session.load_settings(lesson.params(), lesson=lesson.id)
            session.steps_per_frame.value = lesson.months_per_frame
            if session.reset():
                session.tab.value = tabs.index(lesson.tab)
                session.play(until=lesson.months)

        def compare(lesson=lesson):
            c = session.comparison
            c.a.value, c.b.value = f"lesson:{lesson.id}", f"lesson:{lesson.id}:contrast"
            c.months.value = lesson.months
            c.start({"a": (c.a.value, lesson.params()), "b": (c.b.value, lesson.params(contrast=True))},
                    session.seed.value)
            session.tab.value = tabs.index("compare")

        with solara.Card(words["title"], classes=["cs-lesson", f"cs-lesson-{lesson.id}"], margin=0,
                         style={"margin-bottom": "12px"}):
            html("p", lead(t("question", lang), words["question"], lang), style={"font-size": "15px"})
            with solara.Row():
                solara.Button(t("run_lesson", lang), on_click=run, color="primary", icon_name="mdi-play",
                              classes=["cs-run-lesson"])
                solara.Button(t("compare_lesson", lang), on_click=compare, outlined=True,
                              icon_name="mdi-scale-balance", classes=["cs-compare-lesson"])
            html("p", f"{lead(t('watch', lang), words['watch'], lang)}<br>"
                      f"{lead(t('contrast', lang), words['contrast'], lang)}",
                 style={"font-size": "14px", "margin-top": "8px"})
            with solara.Details(t("mechanism", lang)):
                html("p", escape(words["mechanism"]), style={"font-size": "14px"})
