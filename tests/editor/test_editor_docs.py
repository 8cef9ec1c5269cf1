"""The reference documentation is complete and up to date (`kitaforms docs --check`, run in CI)."""

from __future__ import annotations

from pathlib import Path

from editor_support import REPO, run

from kitaforms.editor.docs import incomplete_codes, languages, reference_pages, undocumented_keys
from kitaforms.editor.modeldoc import all_keys, models_of
from kitaforms.errors import CATALOGUE

REFERENCE = REPO / "docs" / "reference"


def test_committed_reference_is_up_to_date() -> None:
    pages = reference_pages(REPO)  # examples from the shipped forms and Satzungen
    stale = [name for name, text in pages.items() if not (REFERENCE / name).is_file()
             or (REFERENCE / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"stale pages in docs/reference (run `kitaforms docs`): {stale}"


def test_every_key_has_a_description() -> None:
    missing = undocumented_keys()
    assert missing == [], f"{len(missing)} keys without `description=` in their model: {', '.join(missing)}"


def test_every_error_code_has_title_explanation_and_examples() -> None:
    assert incomplete_codes() == []


def test_every_key_and_code_appears_in_the_reference() -> None:
    """Each key is a row in the section of the model that declares it (shared keys: the base's section)."""
    pages = reference_pages(REPO)
    missing = []
    for name, language in languages().items():
        for model in models_of([f.model for f in language.files]):
            for key in all_keys(model):
                section = pages[name].split(f'<a id="{key.owner.__name__.lower()}"></a>', 1)[-1].split("<a id=", 1)[0]
                if f"| `{key.name}` |" not in section:
                    missing.append(f"{key.owner.__name__}.{key.name}")
    missing += [code for code in CATALOGUE if f"### {code} — " not in pages["errors.md"]]
    assert sorted(set(missing)) == []


def test_generation_is_deterministic() -> None:
    assert reference_pages(REPO) == reference_pages(REPO)


def test_check_fails_on_a_stale_page_and_passes_after_writing(tmp_path: Path) -> None:
    out = tmp_path / "reference"
    assert run(["docs", "--check", "--out", str(out)], tmp_path).exit_code == 1
    run(["docs", "--out", str(out)], tmp_path)
    for name, text in reference_pages().items():
        assert (out / name).read_text(encoding="utf-8") == text
    (out / "forms.md").write_text("old\n", encoding="utf-8")
    result = run(["docs", "--check", "--out", str(out)], tmp_path)
    assert result.exit_code == 1 and "stale:" in result.output
