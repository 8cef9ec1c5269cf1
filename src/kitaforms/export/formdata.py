"""``form.json``: the resolved form as data, so a server can rebuild it without the YAML sources.

``form_data(resolved)`` holds the resolved :class:`~kitaforms.model.form.Form`, the
:class:`~kitaforms.model.kommune.Kommune` (without ``zustaendigkeit``, the towns it serves: that is
the portal's business, see :mod:`kitaforms.export.area`) and its facility catalogue, dumped from the pydantic
models (numbers as JSON numbers; read with ``parse_float=Decimal``). ``resolved_from_data``
validates it back through the same models into a :class:`~kitaforms.resolve.ResolvedForm` whose
source map is empty: errors found later cannot point into YAML any more, and need not, since the
form server only checks submissions (:func:`kitaforms.runtime.check_submission`) and renders.
"""

from __future__ import annotations

from typing import Any

from kitaforms.allocate.model import OFFER_FORM
from kitaforms.export._json import plain
from kitaforms.model.form import Form
from kitaforms.model.kommune import FacilityCatalogue, Kommune
from kitaforms.resolve import MergedSource, ResolvedForm

FORMAT = "kitaforms-form/1"


def form_data(resolved: ResolvedForm) -> dict[str, Any]:
    return plain({
        "format": FORMAT,
        "form": resolved.form.model_dump(mode="python"),
        "kommune": _kommune(resolved.kommune) if resolved.kommune else None,
        "facilities": _facilities(resolved.facilities) if resolved.facilities and uses_catalogue(resolved) else None,
    })


def uses_catalogue(resolved: ResolvedForm) -> bool:
    """Whether the form needs the facility catalogue: a wish list of facilities, or the offer of a place (whose
    facility the server shows). The income and fee-waiver forms do not carry it (a big city's catalogue is
    hundreds of kilobytes)."""
    return resolved.form.id == OFFER_FORM or any(e.catalogue for e in resolved.elements_of("ranked_choice"))


def _facilities(catalogue: FacilityCatalogue) -> dict[str, Any]:
    """The catalogue as data; a facility's ``district`` only when set, so catalogues without districts keep their bytes."""
    data = catalogue.model_dump(mode="python")
    for facility in data["facilities"]:
        if facility.get("district") is None:
            facility.pop("district", None)
    return data


def _kommune(kommune: Kommune) -> dict[str, Any]:
    """The Kommune as data; ``aufbewahrung_tage`` and ``bescheid`` only when set, so bundles built before the keys
    existed keep their bytes."""
    data = kommune.model_dump(mode="python")
    for key in ("aufbewahrung_tage", "bescheid"):  # only when set: older bundles keep their bytes
        if data.get(key) is None:
            data.pop(key, None)
    data.pop("zustaendigkeit", None)  # the portal's finder reads it from the Kommune's own file, not from a form
    return data


def resolved_from_data(data: dict[str, Any]) -> ResolvedForm:
    """Raises ``ValueError`` (pydantic's ValidationError is one) when ``data`` is not a form.json."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    form = Form.model_validate(data["form"])
    kommune = Kommune.model_validate(data["kommune"]) if data.get("kommune") else None
    facilities = FacilityCatalogue.model_validate(data["facilities"]) if data.get("facilities") else None
    return ResolvedForm(form, source=MergedSource(), kommune=kommune, facilities=facilities)
