"""Checks of a Kommune's ``vertrag.yaml`` that the schema cannot express, each a small function.

Every problem is a located diagnostic with a stable code (``VERTRAG_*``) and a hint: placeholders the
contract cannot fill (pointing at the character), braces without their pair, Träger the facility
catalogue does not know, sections sharing an id, texts without German.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from kitaforms.contract.fill import parts
from kitaforms.contract.model import PLACEHOLDERS, ContractFile, Section
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import KommuneSources
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.model.kommune import FacilityCatalogue


def check_contract(sources: KommuneSources) -> Iterator[Diagnostic]:
    """Every problem of the Kommune's ``vertrag.yaml`` (none when it has none)."""
    if sources.contract is None:
        return
    contract, document = sources.contract.model, sources.contract.document
    if sources.criteria is None:
        yield Diagnostic.make("VERTRAG_009", f"the Kommune `{sources.id}` has a contract but no allocation criteria",
                              document.locate(("sample_data",), key=True),
                              f"add forms/{sources.id}/vergabe.yaml, or remove vertrag.yaml")
    yield from _texts(contract, document)
    yield from _sections(contract.sections, document, ("sections",))
    for index, own in enumerate(contract.traeger):
        if own.sections is not None:
            yield from _sections(own.sections, document, ("traeger", index, "sections"))
    yield from _traeger(contract, document, sources.facilities.model if sources.facilities else None)


def _all_texts(contract: ContractFile) -> Iterator[tuple[dict[str, str], DataPath]]:
    yield from _texts_of(contract.title, contract.intro, contract.signature_note, contract.sections, ())
    for index, own in enumerate(contract.traeger):
        yield from _texts_of(own.title, own.intro, own.signature_note, own.sections or [], ("traeger", index))


def _texts_of(title: dict[str, str] | None, intro: dict[str, str] | None, note: dict[str, str] | None,
              sections: list[Section], at: DataPath) -> Iterator[tuple[dict[str, str], DataPath]]:
    for key, text in (("title", title), ("intro", intro), ("signature_note", note)):
        if text is not None:
            yield text, (*at, key)
    for index, section in enumerate(sections):
        yield section.title, (*at, "sections", index, "title")
        yield section.text, (*at, "sections", index, "text")


def _texts(contract: ContractFile, document: Document) -> Iterator[Diagnostic]:
    for text, path in _all_texts(contract):
        if "de" not in text:
            yield Diagnostic.make("VERTRAG_008", "this text has no German wording", document.locate(path),
                                  "add `de:` (the contract is made in German)")
        for lang, wording in sorted(text.items()):
            yield from _placeholders(document, (*path, lang) if _is_mapping(document, path) else path, wording)


def _is_mapping(document: Document, path: DataPath) -> bool:
    """Whether the text was written as ``{de: …, en: …}`` (else a plain string: German)."""
    return (*path, "de") in document.values or (*path, "en") in document.values


def _placeholders(document: Document, path: DataPath, text: str) -> Iterator[Diagnostic]:
    for part in parts(text):
        if part.broken:
            yield Diagnostic.make("VERTRAG_005", f"the brace `{part.text}` has no pair",
                                  document.locate_in_scalar(path, part.offset), "close the placeholder, or write "
                                  f"`{part.text * 2}` for a brace itself")
        elif part.name is not None and part.name not in PLACEHOLDERS:
            yield Diagnostic.make("VERTRAG_004", f"the contract has no placeholder `{{{part.name}}}`",
                                  document.locate_in_scalar(path, part.offset, part.length), _suggest(part.name))


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{{{close[0]}}}`?"
    return "placeholders: " + ", ".join(f"`{{{known}}}`" for known in PLACEHOLDERS)


def _sections(sections: list[Section], document: Document, at: DataPath) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, section in enumerate(sections):
        if section.id in seen:
            yield Diagnostic.make("VERTRAG_007", f"the section id `{section.id}` is used twice",
                                  document.locate((*at, index, "id")), "give each section its own id")
        seen.add(section.id)


def _traeger(contract: ContractFile, document: Document, catalogue: FacilityCatalogue | None) -> Iterator[Diagnostic]:
    known = sorted({f.traeger for f in catalogue.facilities}) if catalogue else None
    seen: set[str] = set()
    for index, own in enumerate(contract.traeger):
        for position, name in enumerate(own.traeger):
            path = ("traeger", index, "traeger", position)
            if name in seen:
                yield Diagnostic.make("VERTRAG_006", f"the Träger `{name}` has two contracts", document.locate(path),
                                      "merge the two entries")
            elif known is not None and name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                hint = f"did you mean `{close[0]}`?" if close else "Träger of the catalogue: " + ", ".join(known[:8])
                yield Diagnostic.make("VERTRAG_006", f"no facility of the catalogue has the Träger `{name}`",
                                      document.locate(path), hint)
            seen.add(name)
