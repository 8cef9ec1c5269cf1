"""The XML writer of the XDatenfelder files gives exactly what ElementTree's indent and tostring give."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.export._xml import xml_text
from kitaforms.export.xdf3 import NAMESPACE, _base_contents, _Writer

from .conftest import ROOT

OTHER = "urn:example:other"


def elementtree_text(root: ET.Element) -> str:
    """The oracle: Python's own ElementTree, on a copy (indent changes the tree)."""
    ET.register_namespace("xdf", NAMESPACE)
    ET.register_namespace("aaa", OTHER)
    tree = copy.deepcopy(root)
    ET.indent(tree, space="  ")
    return ET.tostring(tree, encoding="unicode")


@pytest.fixture(scope="module")
def project() -> CompileResult:
    return compile_project(ROOT)


def test_every_form_of_the_project_is_written_as_elementtree_writes_it(project: CompileResult,
                                                                       compiled: dict[str, CompileResult]) -> None:
    timestamp = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    forms = [*project.forms.values(), *(f for result in compiled.values() for f in result.forms.values())]
    assert len(forms) > 20
    for resolved in forms:
        writer = _Writer(resolved, timestamp, _base_contents(resolved, timestamp))
        for root in (writer.message(), writer.steckbrief_message()):
            assert xml_text(root, {NAMESPACE: "xdf"}) == elementtree_text(root), resolved.key


def tricky_tree() -> ET.Element:
    root = ET.Element(f"{{{NAMESPACE}}}wurzel", {"plain": 'a "quoted" <&> value', f"{{{OTHER}}}qualified": "x\ny\tz\r"})
    mixed = ET.SubElement(root, f"{{{NAMESPACE}}}gemischt")
    mixed.text = "Text vor & nach <Kind>"
    ET.SubElement(mixed, "code").text = "1"
    inner = ET.SubElement(mixed, f"{{{OTHER}}}leer")
    inner.tail = " Schluss > hier "
    spaced = ET.SubElement(root, "weiss")
    spaced.text = "   "
    holder = ET.SubElement(root, "huelle")
    holder.text = "\n\n      "
    deep = ET.SubElement(ET.SubElement(holder, "ebene"), "tief")
    deep.text = ""
    deep.tail = "   "
    ET.SubElement(root, "letztes").tail = "Ende"
    root.tail = "\n"
    return root


def test_text_attributes_tails_and_namespaces_are_written_as_elementtree_writes_them() -> None:
    root = tricky_tree()
    written = xml_text(root, {NAMESPACE: "xdf", OTHER: "aaa"})
    assert written == elementtree_text(root)
    assert written.startswith(f'<xdf:wurzel xmlns:aaa="{OTHER}" xmlns:xdf="{NAMESPACE}" plain="a &quot;quoted')
    assert ET.tostring(root) == ET.tostring(tricky_tree()), "the tree itself is not changed"


def test_a_namespace_without_a_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="urn:example:other"):
        xml_text(tricky_tree(), {NAMESPACE: "xdf"})
