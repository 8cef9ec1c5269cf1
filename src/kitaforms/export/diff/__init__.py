"""What changed between two versions of a bundle, by meaning, and whether the version says so.

Every change is classified — **breaking** (a submission accepted before may be refused, or a
stored value now means something else), **compatible** (everything accepted before still is and
means the same; something new is accepted) or **text only** (wording and presentation) — and says
why. The class decides the version bump (semantic versioning): breaking → MAJOR (``0.x``: MINOR),
compatible → at least MINOR, text only → at least PATCH, nothing → the same version may stay.
The rule table is in ``docs/form-server.md`` (``kitaforms diff``).

    report = diff_bundle_files(old_files, new_files)   # {"schema.json": b"…", "form.json": …}
    report.required_bump                               # "major" | "minor" | "patch" | None
    next_version("1.0.0", "minor")                     # "1.1.0"
"""

from kitaforms.export.diff._bundle import diff_bundle_files, diff_bundles
from kitaforms.export.diff._codes import numbers
from kitaforms.export.diff._report import (
    BREAKING,
    CLASSES,
    COMPATIBLE,
    TEXT,
    Bump,
    Change,
    Report,
    next_version,
    semver,
)

__all__ = [
    "BREAKING",
    "CLASSES",
    "COMPATIBLE",
    "TEXT",
    "Bump",
    "Change",
    "Report",
    "diff_bundle_files",
    "diff_bundles",
    "next_version",
    "numbers",
    "semver",
]
