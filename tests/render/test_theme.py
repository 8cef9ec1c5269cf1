"""The theme's static parts: catalogs complete, CSS ready for right-to-left and strict CSP, minifier safe."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kitaforms.render import _client, _js
from kitaforms.render._extract import extract_messages
from kitaforms.render._minify import minify_css, minify_js, prebuilt_js
from kitaforms.render._text import direction
from kitaforms.render._theme import theme_dir

THEME = theme_dir()
# assets/kitaforms.css: the KERN UX layer (generated from scss/, see test_kern_theme.py), then the page layer
CSS = "".join((THEME / "static" / "css" / name).read_text(encoding="utf-8") for name in ("kern.css", "kitaforms.css"))
JS = {path.name: path.read_text(encoding="utf-8") for path in sorted((THEME / "static" / "js").glob("*.js"))}
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_message_is_translated(lang: str) -> None:
    catalog = read_po((THEME / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb"), locale=lang)
    wanted = {m.id for m in extract_messages() if m.id}
    have = {m.id: m.string for m in catalog if m.id}
    assert wanted <= set(have), f"missing in {lang}: {sorted(wanted - set(have))}"
    assert not [i for i in wanted if not have[i]], "untranslated"
    for message_id in wanted:
        assert set(re.findall(r"%\(\w+\)s", message_id)) == set(re.findall(r"%\(\w+\)s", have[message_id])), message_id


def test_template_catalog_is_up_to_date() -> None:
    pot = read_po((THEME / "locales" / "messages.pot").open("rb"))
    assert {m.id for m in pot if m.id} == {m.id for m in extract_messages() if m.id}, "run python -m kitaforms.render._extract"


def test_runtime_strings_are_english_on_english_pages() -> None:
    german, english = _client.ui_strings("de"), _client.ui_strings("en")
    assert german["next"] == "Weiter" and english["next"] == "Continue"
    assert english["step"] == "Step {num} of {total}" and english["found"] == ["{num} facility found", "{num} facilities found"]
    assert all(english[key] != german[key] for key in ("next", "back", "review", "problem", "change"))


def test_right_to_left_ready() -> None:
    assert direction("ar") == "rtl" and direction("de") == "ltr"
    physical = re.findall(r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)", CSS)
    assert not physical, "use logical properties (margin-inline-start, inset-inline-end …)"


def test_css_has_focus_motion_and_print_rules() -> None:
    assert "prefers-reduced-motion: reduce" in CSS and "@media print" in CSS and "forced-colors" in CSS
    assert ":focus" in CSS and "outline: none;" not in CSS.replace(".kf-main:focus { outline: none; }", "")
    assert "min-height: 2.75rem" in CSS, "44 px targets"
    assert "url(" not in CSS and "@import" not in CSS and "@font-face" not in CSS, "nothing from elsewhere"


def test_theme_palette_contrast() -> None:
    from kitaforms.contrast import contrast_ratio

    colours = dict(re.findall(r"--kf-([\w-]+):\s*(#[0-9a-f]{6})", CSS))
    for name in ("text", "secondary-text", "error"):
        assert contrast_ratio(colours[name], "#ffffff") >= 4.5, name
        assert contrast_ratio(colours[name], colours["panel"]) >= 4.5 or name == "error", name
    assert contrast_ratio("#ffffff", colours["success"]) >= 4.5


def test_css_minifier_keeps_every_rule() -> None:
    small = minify_css(CSS)
    assert small.count("{") == CSS.count("{") and small.count("}") == CSS.count("}")
    assert len(small) < len(CSS)


@pytest.mark.skipif(not shutil.which("node"), reason="node is needed to run JavaScript")
@pytest.mark.parametrize("name", sorted(JS))
def test_minified_javascript_parses(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(minify_js(JS[name]), encoding="utf-8")
    run = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


@pytest.mark.skipif(not shutil.which("node"), reason="node is needed to run JavaScript")
def test_minified_expression_runtime_gives_the_same_results(tmp_path: Path) -> None:
    vectors = json.loads((ROOT / "tests" / "expr" / "vectors.json").read_text(encoding="utf-8"))
    from kitaforms import expr

    cases = []
    for case in vectors["cases"]:
        try:
            cases.append({"ast": expr.to_json(expr.parse(case["expr"])), "data": case["data"], "today": case["today"]})
        except Exception:  # noqa: BLE001 - vectors of syntax errors have no AST
            continue
    assert len(cases) > 20
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp_path / "plain.js").write_text(JS["expr.js"], encoding="utf-8")
    (tmp_path / "small.js").write_text(minify_js(JS["expr.js"]), encoding="utf-8")
    (tmp_path / "shipped.js").write_bytes(_js("js/expr.js"))
    script = """const cases = require('./cases.json');
const run = (m) => cases.map((c) => { try { return JSON.stringify(require(m).evaluate(c.ast, {data: c.data, today: c.today})); } catch (e) { return 'error'; } });
process.stdout.write(JSON.stringify([run('./plain.js'), run('./small.js'), run('./shipped.js')]));"""
    (tmp_path / "run.js").write_text(script, encoding="utf-8")
    out = subprocess.run(["node", "run.js"], cwd=tmp_path, capture_output=True, text=True, check=True)
    plain, small, shipped = json.loads(out.stdout)
    assert plain == small
    assert plain == shipped


def test_minifier_keeps_strings_regexes_and_line_breaks() -> None:
    source = "const a = 'x  // y', b = /[/]\\/+/g; // note\nlet c = a\n(b)\nreturn\nc\n/* block */ d = `t ${ 'u' } /* no */`"
    small = minify_js(source)
    assert "'x  // y'" in small and "/[/]\\/+/g" in small and "`t ${ 'u' } /* no */`" in small
    assert "a\n(b)" in small and "return\nc" in small, "line breaks that may end a statement stay"
    assert "note" not in small and "block" not in small


@pytest.mark.parametrize("name", sorted(JS))
def test_the_shipped_runtime_is_the_terser_build_of_the_current_source(name: str) -> None:
    """static/js/min/<name> was made from exactly this source (else the bundle falls back to the larger
    conservative minification): after editing static/js, run ``make assets``."""
    shipped = _js(f"js/{name}")
    assert prebuilt_js(f"js/{name}", JS[name].encode("utf-8")) == shipped, "stale static/js/min: run make assets"


def test_the_shipped_runtime_has_its_local_names_mangled() -> None:
    shipped = sum(len(_js(f"js/{name}")) for name in JS)
    assert shipped < 0.85 * sum(len(minify_js(source).encode("utf-8")) for source in JS.values()), "names are mangled"


def test_a_minified_file_made_from_another_source_is_not_used() -> None:
    edited = JS["expr.js"].replace("'use strict';", "'use strict'; // edited", 1).encode("utf-8")
    assert prebuilt_js("js/expr.js", edited) is None


@pytest.mark.skipif(not (ROOT / "node_modules" / "terser").is_dir() and not os.environ.get("CI"),
                    reason="terser is installed by make test (npm)")
def test_the_minified_files_are_what_the_pinned_terser_makes() -> None:
    run = subprocess.run(["node", "tools/minify-js.mjs", "--check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
