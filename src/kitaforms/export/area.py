"""``<ags>-<kommune>/zustaendigkeit.json``: the towns and postcodes a Kommune serves, for the portal's finder.

The Zuständigkeitsfinder (``GET /`` of the form server, :mod:`kitaforms.serve.finder`) reads this file
of every Kommune it serves. It is the Kommune's own data, not a form's: it lies beside the Kommune's
start page, outside every form version, so correcting a postcode needs no new version of any form.
"""

from __future__ import annotations

from typing import Any

from kitaforms.export._json import plain
from kitaforms.model.kommune import Kommune

NAME = "zustaendigkeit.json"
FORMAT = "kitaforms-zustaendigkeit/1"


def area_document(kommune: Kommune) -> dict[str, Any] | None:
    """The file's content, None when the Kommune declares no ``zustaendigkeit``."""
    area = kommune.zustaendigkeit
    if area is None:
        return None
    return plain({
        "format": FORMAT,
        "kommune": {"id": kommune.id, "name": kommune.name, "ags": kommune.ags, "jugendamt": kommune.jugendamt.name},
        **area.model_dump(mode="python"),
    })
