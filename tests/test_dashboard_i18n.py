"""Every text the dashboard shows exists in English and French, and every key the code uses exists.

The English descriptions of parameters, outputs and scenarios live in the schema and the scenario
files, and change there; `dashboard_french_sources.json` records the English each French text was
written from, so that a changed English text fails a test until its French is updated. After
updating the French in `sim/dashboard/i18n.py`: `python tests/test_dashboard_i18n.py` records the
current English.
"""

import json
import re
import string
import sys
from pathlib import Path

import pytest

from sim.dashboard import i18n, kpi, lessons
from sim.model.outputs import KINDS, OUTPUTS
from sim.model.schema import GROUPS, PARAMS
from sim.runs.scenarios import load, scenario_names

DASHBOARD = Path(i18n.__file__).parent
SOURCES = Path(__file__).with_name("dashboard_french_sources.json")


def english_sources() -> dict[str, str]:
    """The English texts that the French ones translate, keyed "param:NAME", "output:NAME", "scenario:NAME"."""
    texts = {f"param:{n}": p.description for n, p in PARAMS.items()}
    texts |= {f"output:{n}": f"{o.label} | {o.description}" for n, o in OUTPUTS.items()}
    scenarios = {name: load(name) for name in scenario_names()}
    return texts | {f"scenario:{n}": f"{s.title} | {s.description}" for n, s in scenarios.items()}


def _filled(text) -> bool:
    return isinstance(text, str) and text.strip() != ""


def _fields(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ui_string_in_both_languages_with_the_same_fields():
    for key, texts in i18n.UI.items():
        assert set(texts) == set(i18n.LANGS), key
        assert all(_filled(texts[lang]) for lang in i18n.LANGS), key
        assert _fields(texts["en"]) == _fields(texts["fr"]), key


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in DASHBOARD.glob("*.py"):
        used |= set(re.findall(r'\bt\(\s*f?"([a-z_{}]+)"', path.read_text(encoding="utf-8")))
    templated = {u for u in used if "{" in u}
    assert used - templated <= set(i18n.UI), sorted(used - templated - set(i18n.UI))
    built = ["compare_a", "compare_b", *(f"tab_{view}" for view in ("map", "charts", "network", "compare", "classroom"))]
    assert set(built) <= set(i18n.UI)  # the keys the code builds with f-strings


def test_every_parameter_has_a_label_and_description_in_both_languages():
    assert set(i18n.PARAM_LABELS) == set(PARAMS) == set(i18n.PARAM_FR)
    for name in PARAMS:
        for lang in i18n.LANGS:
            assert _filled(i18n.param_label(name, lang)) and _filled(i18n.param_help(name, lang)), (name, lang)


def test_every_output_kind_group_and_unit_in_both_languages():
    assert set(i18n.OUTPUT_FR) == set(OUTPUTS)
    for name in OUTPUTS:
        for lang in i18n.LANGS:
            assert _filled(i18n.output_label(name, lang)) and _filled(i18n.output_help(name, lang)), (name, lang)
    assert set(i18n.KINDS_FR) == set(KINDS)
    assert set(i18n.GROUPS) == set(GROUPS) and all(set(g) == set(i18n.LANGS) for g in i18n.GROUPS.values())
    units = {p.unit for p in PARAMS.values()} | {o.unit for o in OUTPUTS.values()}
    assert units <= set(i18n.UNITS_FR), sorted(units - set(i18n.UNITS_FR))


def test_every_scenario_in_both_languages():
    assert set(i18n.SCENARIO_FR) == set(scenario_names())
    for name in scenario_names():
        scenario = load(name)
        for lang in i18n.LANGS:
            assert _filled(i18n.scenario_title(scenario, lang)) and _filled(i18n.scenario_description(scenario, lang))


def test_every_lesson_and_indicator_in_both_languages():
    assert len(lessons.LESSONS) >= 5
    assert set(i18n.LESSON_TEXT) == set(lessons.BY_ID)
    fields = {"title", "question", "watch", "mechanism", "contrast"}
    for lesson_id, texts in i18n.LESSON_TEXT.items():
        for lang in i18n.LANGS:
            assert set(texts[lang]) == fields and all(map(_filled, texts[lang].values())), (lesson_id, lang)
    assert set(i18n.KPI_TEXT) == set(kpi.KPIS)
    for key, texts in i18n.KPI_TEXT.items():
        for lang in i18n.LANGS:
            assert len(texts[lang]) == 3 and all(map(_filled, texts[lang])), (key, lang)


def test_french_translates_the_current_english():
    recorded = json.loads(SOURCES.read_text(encoding="utf-8"))
    changed = {k: (recorded.get(k), v) for k, v in english_sources().items() if recorded.get(k) != v}
    assert not changed, (f"English changed since its French was written (key: (then, now)): {changed}; update the "
                         "French in sim/dashboard/i18n.py, then run `python tests/test_dashboard_i18n.py`")


@pytest.mark.parametrize("lesson", lessons.LESSONS, ids=lambda lesson: lesson.id)
def test_lessons_are_valid_settings(lesson):
    """Presets and contrasts pass the schema and differ, so 'compare with the contrast' compares something."""
    assert lesson.params() != lesson.params(contrast=True)
    assert lesson.tab in ("map", "charts", "network")


if __name__ == "__main__":
    text = json.dumps(english_sources(), indent=1, ensure_ascii=False, sort_keys=True)
    SOURCES.write_text(text + "\n", encoding="utf-8")
    print(f"{SOURCES}: {len(english_sources())} English texts recorded", file=sys.stderr)
