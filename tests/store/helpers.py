"""Small builders for the store tests."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kitaforms.store import Submission, Upload, new_reference, now


def submission(data: Any = None, *, raw: str | None = None, kommune: str = "teststadt") -> Submission:
    text = raw if raw is not None else json.dumps(data if data is not None else {"n": 1})
    return Submission(new_reference(), kommune, "antrag", "1.0.0", now(), "de", text)


def upload(content: bytes, attachment_id: str = "", field: str = "nachweis", name: str = "nachweis.pdf") -> Upload:
    return Upload(hashlib.sha256(content).hexdigest(), name, "application/pdf", len(content), content,
                  attachment_id, field)
