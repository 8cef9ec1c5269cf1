"""``kitaforms init``: the files of a new Kommune, ready to validate, build and preview.

:func:`plan_kommune` returns the files to create (path relative to the project → text) and writes
nothing; the CLI checks that none of the folders exists yet and writes them. New files come from the
templates in ``kitaforms/templates/init`` (commented examples an editor can uncomment); with
``--from`` the other Kommune's overlays and its Satzung files in force are copied instead, ids that
contain its name renamed and every local item marked as a to-do (:mod:`kitaforms.editor.copying`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from string import Template

from kitaforms.editor.copying import CopyError, Origin, copy_overlay, copy_satzung, in_force
from kitaforms.editor.kinds import file_kind, modeline
from kitaforms.load.project import (
    BASE_FOLDER,
    CAPACITY_FILE,
    CONTRACT_FILE,
    CRITERIA_FILE,
    FACILITY_FILE,
    KOMMUNE_FILE,
    Project,
    load_project,
)
from kitaforms.model.common import IDENTIFIER_PATTERN
from kitaforms.model.form import Form, GroupElement, RepeatElement
from kitaforms.model.walk import walk

AGS_PATTERN = r"^\d{8}$"
SATZUNG_DRAFT = "entwurf.yaml"
_TEMPLATES = files("kitaforms") / "templates" / "init"


class ScaffoldError(ValueError):
    """The Kommune cannot be created as asked; the message says why and what to do."""


@dataclass
class Scaffold:
    kommune: str
    files: dict[str, str] = field(default_factory=dict)  # path relative to the project → text
    copied_from: str | None = None

    @property
    def folders(self) -> list[str]:
        return [f"forms/{self.kommune}", f"satzungen/{self.kommune}"]


def check_arguments(kommune: str, ags: str, source: str | None) -> None:
    if not re.fullmatch(IDENTIFIER_PATTERN, kommune) or len(kommune) > 64:
        hint = re.sub(r"[^a-z0-9_]", "_", kommune.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                      .replace("ß", "ss")).strip("_")
        raise ScaffoldError(
            f"`{kommune}` is not a valid Kommune id: use lower-case letters a–z, digits and `_`, starting with a "
            f"letter (e.g. `{hint or 'musterstadt'}`)"
        )
    if kommune == BASE_FOLDER:
        raise ScaffoldError("`nrw` is the folder of the NRW base forms; choose the Kommune's own name")
    if not re.fullmatch(AGS_PATTERN, ags):
        raise ScaffoldError(f"`{ags}` is not an AGS: the Amtlicher Gemeindeschlüssel has 8 digits, e.g. 05315000")
    if source == kommune:
        raise ScaffoldError("--from names the Kommune being created; name another Kommune to copy from")


def plan_kommune(root: Path, kommune: str, ags: str, name: str | None = None, source: str | None = None) -> Scaffold:
    """The files of a new Kommune in the project at ``root``."""
    check_arguments(kommune, ags, source)
    project = load_project(root)
    if not project.base_forms:
        raise ScaffoldError(f"{root} has no NRW base forms under forms/{BASE_FOLDER}/ to build on")
    existing = [f for f in (f"forms/{kommune}", f"satzungen/{kommune}") if (root / f).exists()]
    if existing:
        raise ScaffoldError(f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                            "init never overwrites. Choose another id or edit the existing files")
    scaffold = Scaffold(kommune, copied_from=source)
    values = _values(kommune, ags, name or _name_from_id(kommune), project)
    scaffold.files[f"forms/{kommune}/{KOMMUNE_FILE}"] = _render(root, "kommune", f"forms/{kommune}/{KOMMUNE_FILE}", values)
    scaffold.files[f"forms/{kommune}/{FACILITY_FILE}"] = _render(
        root, "einrichtungen", f"forms/{kommune}/{FACILITY_FILE}", values
    )
    if source is None:
        _fresh(root, scaffold, project, values)
    else:
        _copied(root, scaffold, source, project, name or _name_from_id(kommune))
    if not any(place.startswith("satzungen/") for place in scaffold.files):
        _satzung_draft(root, scaffold, values)
    return scaffold


def _name_from_id(kommune: str) -> str:
    return " ".join(part.capitalize() for part in kommune.split("_"))


def _yaml_text(text: str) -> str:
    """A YAML scalar for ``text`` (plain when it is safe, else double-quoted)."""
    if re.fullmatch(r"[A-Za-zÄÖÜäöüß][\w .()'äöüÄÖÜß-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _values(kommune: str, ags: str, name: str, project: Project) -> dict[str, str]:
    domain = kommune.replace("_", "-")
    city = name.split(" ", 1)[1] if name.split(" ", 1)[0] in ("Stadt", "Kreis", "Gemeinde") and " " in name else name
    return {
        "id": kommune, "ags": ags, "name": name, "name_yaml": _yaml_text(name), "city_yaml": _yaml_text(city),
        "jugendamt_yaml": _yaml_text(f"Jugendamt {name}"), "jugendamt_email": f"jugendamt@{domain}.example",
        "datenschutz_yaml": _yaml_text(f"Datenschutzbeauftragte oder Datenschutzbeauftragter {name}"),
        "datenschutz_email": f"datenschutz@{domain}.example", "traeger_yaml": _yaml_text(f"Beispielträger {name}"),
        "forms": "[" + ", ".join(sorted(project.base_forms)) + "]",
    }


def _render(root: Path, template: str, place: str, values: dict[str, str]) -> str:
    text = (_TEMPLATES / f"{template}.yaml.tmpl").read_text(encoding="utf-8")
    kind = file_kind(Path(place)) or template
    line = modeline(kind, root / place, root)
    return Template(text).substitute(values, modeline=line)


def _fresh(root: Path, scaffold: Scaffold, project: Project, values: dict[str, str]) -> None:
    for form_id, loaded in sorted(project.base_forms.items()):
        place = f"forms/{scaffold.kommune}/{form_id}.yaml"
        scaffold.files[place] = _render(root, "overlay", place, {**values, **_overlay_values(form_id, loaded.model)})


def _satzung_draft(root: Path, scaffold: Scaffold, values: dict[str, str]) -> None:
    place = f"satzungen/{scaffold.kommune}/{SATZUNG_DRAFT}"
    scaffold.files[place] = _render(root, "satzung", place, values)


def _overlay_values(form_id: str, form: Form) -> dict[str, str]:
    """Paths of real questions of the base form, so the commented examples work when uncommented."""
    fields = [p for p in walk(form) if not isinstance(p.element, (GroupElement, RepeatElement)) and p.element.label]
    first = fields[0] if fields else None
    read = _names_in_expressions(form)
    optional = next(
        (p for p in fields if not getattr(p.element, "required", False) and not p.repeats and p.element.id not in read),
        first,
    )
    label = dict(first.element.label or {}) if first else {}
    return {
        "form": form_id, "title": form.title.get("de", form_id),
        "settings": _settings_comment(form),
        "set_path": first.name if first else "kind.vorname",
        "set_label": _yaml_text(label.get("de", "Vorname") + " (geändert)"),
        "set_label_en": _yaml_text(label.get("en", label.get("de", "First name")) + " (changed)"),
        "insert_path": first.name if first else "kind.vorname",
        "remove_path": optional.name if optional else "kind.vorname",
    }


def _names_in_expressions(form: Form) -> set[str]:
    """Every word written in a condition, validation or computation of the form (fields not to remove)."""
    texts = [step.visible_if or "" for step in form.steps]
    for placed in walk(form):
        element = placed.element
        texts += [getattr(element, key, None) or "" for key in _EXPRESSION_KEYS]
        texts += list(getattr(element, "filter_hours", None) or [])
        texts += [validation.rule for validation in getattr(element, "validations", [])]
    return {word for text in texts for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)}


_EXPRESSION_KEYS = ("visible_if", "required_if", "expression", "filter_care_type", "filter_birth_date", "filter_start")


def _settings_comment(form: Form) -> str:
    if not form.settings:
        return ""
    lines = ["", "# Einstellungen, die eine Kommune ändern darf (hier die Werte des NRW-Formulars):", "# settings:"]
    lines += [f"#   {key}: {_setting(value)}" for key, value in form.settings.items()]
    return "\n".join(lines) + "\n"


def _setting(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _yaml_text(value) if isinstance(value, str) else str(value)


# --- copying from another Kommune ------------------------------------------------------------------


def _copied(root: Path, scaffold: Scaffold, source: str, project: Project, name: str) -> None:
    """The other Kommune's overlays and its Satzung files in force, every local item marked as a to-do."""
    forms_dir, satzung_dir = root / "forms" / source, root / "satzungen" / source
    if not forms_dir.is_dir():
        known = sorted(p.name for p in (root / "forms").iterdir() if p.is_dir() and p.name != BASE_FOLDER)
        raise ScaffoldError(f"there is no Kommune `{source}` to copy from (forms/{source}/ does not exist); "
                            f"Kommunen: {', '.join(known) or 'none'}")
    origin = _origin(project, source)
    own = (KOMMUNE_FILE, FACILITY_FILE, CRITERIA_FILE, CAPACITY_FILE, CONTRACT_FILE)  # they name the old facilities
    overlays = [p for p in sorted(forms_dir.glob("*.yaml")) if p.name not in own]
    satzungen = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                 for p in (sorted(satzung_dir.glob("*.yaml")) if satzung_dir.is_dir() else [])}
    try:
        for path in overlays:
            origin_place = path.relative_to(root).as_posix()
            text = copy_overlay(path.read_text(encoding="utf-8"), origin, scaffold.kommune, origin_place)
            _add_copy(root, scaffold, origin_place, text)
        for origin_place in in_force(satzungen):
            _add_copy(root, scaffold, origin_place, copy_satzung(satzungen[origin_place], origin, name, origin_place))
    except CopyError as exc:
        raise ScaffoldError(str(exc)) from None


def _origin(project: Project, source: str) -> Origin:
    sources = project.kommunen.get(source)
    kommune = sources.kommune.model if sources and sources.kommune else None
    address = kommune.jugendamt.address if kommune else None
    return Origin.of(source, kommune.name if kommune else None, address.city if address else None)


def _add_copy(root: Path, scaffold: Scaffold, origin_place: str, text: str) -> None:
    parts = Path(origin_place).parts
    place = Path(parts[0], scaffold.kommune, *parts[2:]).as_posix()
    kind = file_kind(Path(place))
    line = modeline(kind, root / place, root) if kind else None
    scaffold.files[place] = text if line is None or text.startswith(line) else f"{line}\n{text}"
