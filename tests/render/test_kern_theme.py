"""The KERN UX layer of the theme (issue 16): ``static/css/kern.css`` is what ``tools/build-css.mjs`` makes of
``scss/`` and KERN's own SCSS sources, it records what it took (version, licence), it is a selection (no KERN
component CSS, fonts or icons shipped), and KERN's palette keeps the contrast the theme promises."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kitaforms.contrast import contrast_ratio
from kitaforms.render import _css, theme_css
from kitaforms.render._theme import theme_dir

ROOT = Path(__file__).resolve().parents[2]
KERN_CSS = (theme_dir() / "static" / "css" / "kern.css").read_text(encoding="utf-8")
PALETTE = dict(re.findall(r"--kf-([\w-]+):\s*(#[0-9a-f]{6})", KERN_CSS))
KERN_PACKAGE = ROOT / "node_modules" / "@kern-ux" / "native" / "package.json"
WHITE = "#ffffff"


@pytest.mark.skipif(not shutil.which("node") or not KERN_PACKAGE.is_file() or not (ROOT / "node_modules" / "sass").is_dir(),
                    reason="node and the node dev dependencies (make node-deps) are needed")
def test_kern_css_is_what_its_sources_give() -> None:
    """Edit scss/, not kern.css; `make css` rewrites it."""
    done = subprocess.run(["node", "tools/build-css.mjs", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_kern_version_and_licence_are_recorded_and_pinned() -> None:
    header = re.match(r"/\*! KERN UX (\d+\.\d+\.\d+) - kern-ux\.de - (\S+) - ", KERN_CSS)
    assert header, KERN_CSS[:200]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["@kern-ux/native"]
    assert header[1] == pinned and header[2] == "EUPL-1.2"
    assert f"@kern-ux/native {pinned} (licence EUPL-1.2)" in KERN_CSS
    served = _css().decode("utf-8")
    assert served.startswith(f"/*! KERN UX {pinned} - kern-ux.de - EUPL-1.2 - "), "the shipped style sheet keeps the licence line"


def test_only_a_selection_of_kern_is_shipped() -> None:
    served = _css().decode("utf-8")
    assert ".kern-" not in served, "KERN's own component classes are not shipped: the theme styles its kf- markup"
    assert "@font-face" not in served and "Fira" not in served and "url(" not in served, "no web fonts, no icons"
    assert "var(--kern-color" not in served and "oklch(" not in served, "KERN's colour tokens are resolved to #rrggbb"
    assert len(served.encode("utf-8")) < 40_000, "KERN's whole CSS is 340 KB"


def test_the_system_font_stack_replaces_kerns_fonts() -> None:
    assert re.search(r"--kern-typography-font-family-default:\s*system-ui,", KERN_CSS)


def test_kern_palette_text_contrast() -> None:
    """Text colours on every background the theme puts text on: at least 4.5:1 (WCAG 1.4.3)."""
    backgrounds = [WHITE, PALETTE["surface"], PALETTE["panel"], PALETTE["error-bg"], PALETTE["info-bg"], PALETTE["success-bg"],
                   PALETTE["warning-bg"]]
    for background in backgrounds:
        assert contrast_ratio(PALETTE["text"], background) >= 4.5, background
    for background in (WHITE, PALETTE["surface"], PALETTE["panel"]):
        assert contrast_ratio(PALETTE["secondary-text"], background) >= 4.5, background
    for background in (WHITE, PALETTE["error-bg"], PALETTE["surface"]):
        assert contrast_ratio(PALETTE["error"], background) >= 4.5, f"error messages and summary links on {background}"


def test_kern_palette_marks_contrast() -> None:
    """Focus outline, field lines and alert outlines: at least 3:1 against white (WCAG 1.4.11)."""
    for name in ("focus", "input-border", "border", "error", "info", "success", "warning"):
        assert contrast_ratio(PALETTE[name], WHITE) >= 3, name
    assert contrast_ratio(PALETTE["input-border"], PALETTE["surface"]) >= 3, "a field's line on its surface"


def test_kommune_colours_still_come_last_and_links_on_tints_use_the_text_colour() -> None:
    """theme.css (checked by FORM_022 against white and the main colour) overrides the KERN defaults; on KERN's
    tinted alert backgrounds, where the Kommune's colour was never checked, links take the text colour."""
    assert theme_css(None).startswith(b":root{--kf-primary:")
    assert "var(--kf-primary," in KERN_CSS and "var(--kf-accent," in KERN_CSS
    for alert in ("kf-error-summary", "kf-info", "kf-warning", "kf-panel"):
        assert re.search(rf"\.{alert} a:not\(:focus\)\s*{{\s*color: var\(--kf-text\)", KERN_CSS), alert


@pytest.mark.skipif(not KERN_PACKAGE.is_file(), reason="the node dev dependencies (make node-deps) are needed")
def test_palette_colours_are_kerns_own_converted_as_python_converts_them() -> None:
    """tools/build-css.mjs turns KERN's OKLCH colours into #rrggbb; kitaforms.contrast does the same sum in Python
    (two implementations of one transform): every colour of the palette is one of KERN's, converted alike."""
    from kitaforms.contrast import _hex, _in_gamut

    source = (KERN_PACKAGE.parent / "src" / "scss" / "core" / "tokens" / "primitives" / "_colors.scss").read_text(encoding="utf-8")
    kern = {_hex(_in_gamut(float(lightness) / 100, float(chroma), math.radians(float(hue))))
            for lightness, chroma, hue in re.findall(r"oklch\(([\d.]+)%\s+([\d.]+)\s+([\d.]+)\)", source)}
    assert len(kern) > 100
    assert PALETTE and all(colour in kern for colour in PALETTE.values()), {n: c for n, c in PALETTE.items() if c not in kern}
