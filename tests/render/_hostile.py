"""A copy of the demo project with a hostile string in every text an editor (or Kommune) writes.

Each string is unique (``… #17``) so that pages stay usable and fields can be found by name.
The check stage reports the HTML in Markdown texts (FORM_017), but the forms still resolve: the
renderer must make all of it harmless text on its own.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from _html import OUR_SCRIPTS
from ruamel.yaml import YAML

DEMO = Path(__file__).parent / "fixtures" / "demo"
PLAIN = (
    "<script>window.__kf.pwned=1</script>",
    '"><img src=x onerror="window.__kf.pwned=2">',
    "<svg onload=window.__kf.pwned=3>",
    "javascript:window.__kf.pwned=4",
    "' onmouseover='window.__kf.pwned=5' x='",
    "</textarea></script><iframe src=javascript:window.__kf.pwned=6></iframe>",
    "{{ 7*7 }} ${7*7} {% raw %} <!-- -->",
    '<a href="javascript:window.__kf.pwned=7">Link</a>',
)
MARKDOWN = (
    "[klick](javascript:window.__kf.pwned=8) <script>window.__kf.pwned=9</script>",
    "<img src=x onerror=window.__kf.pwned=10> **fett** [ok](https://example.org)",
    '[x](JaVaScRiPt:window.__kf.pwned=11 "t") <a href="javascript:window.__kf.pwned=12">y</a>',
)
TEXT_KEYS = {"label", "hint", "title", "message", "unit", "item_label", "add_label"}
MARKDOWN_KEYS = {"help", "intro", "body", "description"}
KOMMUNE_KEYS = {"name", "traeger", "street", "city", "logo_text"}


class Hostile:
    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.plain = itertools.cycle(PLAIN)
        self.markdown = itertools.cycle(MARKDOWN)

    def text(self, markdown: bool) -> str:
        return f"{next(self.markdown if markdown else self.plain)} #{next(self.counter)}"

    def replace(self, node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            if key in TEXT_KEYS | MARKDOWN_KEYS and all(isinstance(v, str) for v in node.values()):
                return {lang: self.text(key in MARKDOWN_KEYS) for lang in node}
            return {k: self.replace(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self.replace(item, key) for item in node]
        if isinstance(node, str) and (key in TEXT_KEYS | MARKDOWN_KEYS | KOMMUNE_KEYS or key == "leichte_sprache"):
            return self.text(key in MARKDOWN_KEYS)
        return node


def hostile_project(target: Path) -> Path:
    """Write the hostile copy of the demo project below ``target`` and return its root."""
    hostile = Hostile()
    yaml = YAML(typ="safe", pure=True)
    for source in sorted(DEMO.rglob("*.yaml")):
        data = yaml.load(source.read_text(encoding="utf-8"))
        if source.name == "kommune.yaml":
            data["leichte_sprache"] = {"de": hostile.text(False)}
        out = target / source.relative_to(DEMO)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(hostile.replace(data), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return target


# the page's own scripts: those it names (OUR_SCRIPTS) and the rest of the runtime it loads later
_OWN_SCRIPTS = json.dumps([*OUR_SCRIPTS, "assets/kitaforms-more.js"])
DOM_SCAN = """() => {
  const own = """ + _OWN_SCRIPTS + """;
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of Array.from(e.attributes)) {
      if (/^on/i.test(a.name)) bad.push(e.localName + '[' + a.name + ']');
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^\\s*javascript:/i.test(a.value)) bad.push(e.localName + ' ' + a.name + '=' + a.value);
    }
    if (['img', 'svg', 'iframe', 'object', 'embed', 'style', 'base'].includes(e.localName)) bad.push('<' + e.localName + '>');
    if (e.localName === 'script' && !(e.type === 'application/json' || own.some((s) => (e.getAttribute('src') || '').endsWith(s)))) bad.push('<script>');
  }
  return {bad: bad, pwned: window.__kf && window.__kf.pwned, csp: window.__kf ? window.__kf.csp : []};
}"""
