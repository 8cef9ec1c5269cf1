"""Codes of the build itself (``kitaforms build``): what only shows when output already exists."""

from kitaforms.errors._types import ErrorCode, Severity

E = Severity.ERROR

CODES = [
    ErrorCode(
        "BUILD_001", E, "Published version changed",
        "A version that already stands in `exports/` is a release: a form server may have imported it, "
        "and its schema's `$id` names exactly that content. The build refuses to change what the version "
        "contains (schema, form data, XDatenfelder, fee rules, examples) and says which version the change "
        "needs, by the rules of `kitaforms diff`: a breaking change a new major version, a compatible one "
        "a new minor version, a change of texts only a new patch version. Presentation may be rebuilt "
        "within a version: the assistant (`assistant/`) and the Kommune's look, contacts and statements.",
        wrong="# exports/…/anmeldung/1.0.0/ exists; a required field was removed\nversion: 1.0.0\n",
        fixed="version: 2.0.0\n",
    ),
]
